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
  // The language server and the CLI in one bundle (they share every module); a command of the npm package (bin):
  // a shebang, which Node skips when the extension forks the server.
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' }, define: { 'process.env.MIK_BUNDLE': '"1"' } },
  // The MCP server, for the npm package only (not for the .vsix); the CLI loads it on `mcp`.
  ...(forVsix ? [] : [{ ...common, entryPoints: ['server/src/mcp/main.ts'], outfile: 'dist/mcp.js' }]),
  // The tester panel's page: runs in the webview, with @vscode-elements/elements bundled in.
  { ...common, entryPoints: ['client/webview/tester.ts'], outfile: 'dist/webview/tester.js', platform: 'browser', format: 'iife', target: 'es2022' },
];

if (forVsix) rmSync('dist/mcp.js', { force: true });

// The CLI's command (bin): the same bundle, started as the command line.
mkdirSync('dist', { recursive: true });
writeFileSync('dist/cli.js', "#!/usr/bin/env node\n// magento-integration-kit: the command line, in the language server's bundle (dist/server.js).\nrequire('./server.js').cliMain();\n");
chmodSync('dist/cli.js', 0o755);

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
