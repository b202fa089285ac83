// The project's lint: ESLint's and typescript-eslint's recommended rules, and the layers kept apart
// (npm run lint; part of npm test). The domain and the language service never touch VS Code, the LSP
// wiring or the disk; the extension reaches the server side only through shared/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const noFsNoVscodeNoLsp = {
  paths: [
    { name: 'vscode', message: 'The domain and the language service run outside VS Code (the server, the CLI, Neovim).' },
    { name: 'node:fs', message: 'No disk access here: files come through the workspace model (server/src/workspace).' },
    { name: 'fs', message: 'No disk access here: files come through the workspace model (server/src/workspace).' },
  ],
  patterns: [{ group: ['**/lsp', '**/lsp/*'], message: 'The LSP wiring depends on the language service, not the other way round.' }],
};

/** What sits above a layer, by folder under server/src: a layer imports only those below it. */
const above = (folders, message) => ({ group: folders.flatMap((f) => [`**/${f}`, `**/${f}/*`]), message });
const ABOVE_MAGENTO = above(['workspace', 'language', 'scaffold', 'service', 'lsp', 'cli', 'oauth', 'store', 'mcp'], 'magento/ is the pure domain: it imports nothing above it.');
const ABOVE_LANGUAGE = above(['workspace', 'scaffold', 'service', 'cli', 'oauth', 'store', 'mcp'], 'The language service is pure: pure XML edits live in magento/, the workspace model reaches it through service/.');
const ABOVE_WORKSPACE = above(['language', 'scaffold', 'service', 'lsp', 'cli', 'store', 'mcp'], 'The workspace model imports nothing above it: service/ binds it to the language service.');

export default tseslint.config(
  { ignores: ['dist/', 'out/', 'node_modules/', '.e2e/', '.bench/', '.prof/', 'test/fixtures/', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', URLSearchParams: 'readonly', performance: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', structuredClone: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly', fetch: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  { files: ['server/src/magento/**/*.ts'], rules: { 'no-restricted-imports': ['error', { ...noFsNoVscodeNoLsp, patterns: [...noFsNoVscodeNoLsp.patterns, ABOVE_MAGENTO] }] } },
  { files: ['server/src/language/**/*.ts'], rules: { 'no-restricted-imports': ['error', { ...noFsNoVscodeNoLsp, patterns: [...noFsNoVscodeNoLsp.patterns, ABOVE_LANGUAGE] }] } },
  { files: ['server/src/workspace/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [ABOVE_WORKSPACE] }] } },
  // The store doctor reads a live store (its database, its web server): it sits on the workspace model, below the CLI and the LSP wiring.
  { files: ['server/src/store/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [above(['language', 'scaffold', 'service', 'lsp', 'cli', 'mcp'], 'The store doctor is used by the CLI and the server, not the other way round.')] }] } },
  {
    // No import cycle anywhere in the product (type-only imports count: they tie the modules' designs together).
    files: ['server/src/**/*.ts', 'client/**/*.ts', 'shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['server/tsconfig.json', 'client/tsconfig.json'], noWarnOnMultipleProjects: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/server'], message: 'The extension reaches the server side only through shared/ (protocol, tester, inputs).' }] }],
    },
  },
  {
    files: ['test/**/*.ts'],
    languageOptions: { globals: { describe: 'readonly', it: 'readonly', before: 'readonly', after: 'readonly', beforeEach: 'readonly', afterEach: 'readonly' } },
    // Tests read protocol answers loosely on purpose (they assert the shape); the e2e harness loads suites with require().
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['test/e2e/*.ts', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['client/webview/**/*.ts'], languageOptions: { globals: { document: 'readonly', window: 'readonly', acquireVsCodeApi: 'readonly', HTMLElement: 'readonly', HTMLElementTagNameMap: 'readonly' } } },
);
