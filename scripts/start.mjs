// `npm start`: try the extension in a real VS Code with no VS Code installed. Builds and packages the
// extension, installs it into code-server (VS Code 1.100 in the browser) on 127.0.0.1, opens a demo
// Magento workspace, and prints the URL. Ctrl+C stops everything. The demo workspace, and what you changed
// in it, is kept between runs; `npm start -- --fresh` starts again from the fixture.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './e2e/codeServer.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const state = path.join(root, '.e2e', 'start');
const workspace = path.join(state, 'demo-magento-project');

const fresh = process.argv.includes('--fresh');
// What code-server needs from the machine: installed (as root with apt-get) or asked for, before any build.
ensurePrerequisites('start');

/** Whether something already listens on the port: say so before building anything. */
function portIsFree(candidate) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT=${process.env.PORT} is not a port number; use e.g. PORT=8081 npm start.`);
  process.exit(2);
}
if (!(await portIsFree(port))) {
  console.error(`Port ${port} on 127.0.0.1 is already in use (another npm start, perhaps). Choose another: PORT=${port + 1} npm start`);
  process.exit(2);
}

const packaged = spawnSync('npm', ['run', 'package'], { cwd: root, stdio: 'inherit' });
if (packaged.status !== 0) process.exit(packaged.status ?? 1);
const codeServer = ensureCodeServer(root, 'start');

// The extension is installed anew each run; the workspace and the editor's state are kept unless --fresh.
if (fresh) rmSync(state, { recursive: true, force: true });
rmSync(path.join(state, 'extensions'), { recursive: true, force: true });
mkdirSync(state, { recursive: true });
const reused = existsSync(workspace);
if (!reused) cpSync(path.join(root, 'test', 'fixtures', 'magento-project'), workspace, { recursive: true });
const env = {
  ...process.env,
  XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
  XDG_DATA_HOME: path.join(state, 'xdg-data'),
  XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
};
const args = ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', path.join(state, 'user-data'), '--extensions-dir', path.join(state, 'extensions')];
const installed = spawnSync(process.execPath, [codeServer, ...args, '--install-extension', path.join(root, 'magento-integration-kit.vsix')], { env, stdio: 'inherit' });
if (installed.status !== 0) process.exit(1);

const server = spawn(process.execPath, [codeServer, '--bind-addr', `127.0.0.1:${port}`, ...args, workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (d) => (log += d));
server.stderr.on('data', (d) => (log += d));
const stop = () => {
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    // already gone
  }
};
process.on('SIGINT', () => {
  stop();
  console.log('\nStopped.');
  process.exit(0);
});
process.on('SIGTERM', () => {
  stop();
  process.exit(0);
});
process.on('exit', stop);
server.on('exit', (code) => {
  console.error(`code-server stopped (exit ${code}).\n${log.slice(-2000)}`);
  process.exit(1);
});

for (let attempt = 0; attempt < 600; attempt++) {
  try {
    if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
  } catch {
    // starting
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
console.log(`
Magento Integration Kit is running in VS Code at:

    http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}

The demo workspace holds the Magento core ACL files, a few modules, and an integration with
deliberate mistakes: open app/code/Acme/Sync/etc/integration.xml and app/code/Acme/Legacy/etc/integration/api.xml.
${reused ? 'It is the workspace of your last run, changes kept (npm start -- --fresh starts again from scratch).' : 'It is kept between runs (npm start -- --fresh starts again from scratch).'}
Press Ctrl+C to stop.`);
