// Bundles the client, the language server and the CLI. `--production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

const production = process.argv.includes('--production');
// For the .vsix (vsce runs vscode:prepublish): no MCP bundle, which only the npm package's CLI runs.
const forVsix = process.argv.includes('--vsix');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The language server and the CLI in one bundle (they share every module), loaded by dist/server.js and dist/cli.js.
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/main.js', define: { 'process.env.MIK_BUNDLE': '"1"' } },
  // The MCP server, for the npm package only (not for the .vsix); the CLI loads it on `mcp`.
  ...(forVsix ? [] : [{ ...common, entryPoints: ['server/src/mcp/main.ts'], outfile: 'dist/mcp.js' }]),
  // The tester panel's page: runs in the webview, with @vscode-elements/elements bundled in.
  { ...common, entryPoints: ['client/webview/tester.ts'], outfile: 'dist/webview/tester.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (forVsix) rmSync('dist/mcp.js', { force: true });

// The two commands of the npm package (bin), each a few lines that load the bundle: Node 22.1+ then keeps
// V8's compiled code of the bundle between starts (about 40 ms of each start; Node checks the cache against
// the bundle, its own version and V8's flags). MIK_COMPILE_CACHE names the folder (the extension gives its
// own storage; Node's default is in the temporary folder), `off` turns it off. The extension forks
// dist/server.js, whose shebang Node skips.
mkdirSync('dist', { recursive: true });
const loader = (lines) => ['#!/usr/bin/env node', ...lines, ''].join('\n');
const compileCache = [
  "const { enableCompileCache } = require('node:module');",
  "if (enableCompileCache && process.env.MIK_COMPILE_CACHE !== 'off') enableCompileCache(process.env.MIK_COMPILE_CACHE || undefined);",
];
writeFileSync('dist/server.js', loader([
  '// magento-integration-kit-language-server: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it).',
  ...compileCache,
  "module.exports = require('./main.js');",
  'if (require.main === module) module.exports.serveLanguageServer();',
]));
writeFileSync('dist/cli.js', loader([
  "// magento-integration-kit: the command line, in the language server's bundle (dist/main.js, through dist/server.js).",
  "require('./server.js').cliMain();",
]));
chmodSync('dist/server.js', 0o755);
chmodSync('dist/cli.js', 0o755);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
