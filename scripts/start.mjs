// `npm start`: try the extension in a real VS Code with no VS Code installed. Builds and packages the
// extension, installs it into code-server (VS Code 1.100 in the browser) on 127.0.0.1, opens a demo
// Magento workspace, and prints the URL. Ctrl+C stops everything. The demo workspace, and what you changed
// in it, is kept between runs; `npm start -- --fresh` starts again from the fixture.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer } from './e2e/codeServer.mjs';
import { startWorkbench } from './e2e/workbench.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);

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
let workbench;
try {
  workbench = await startWorkbench({ root, codeServer, vsix: path.join(root, 'magento-integration-kit.vsix'), port, fresh });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const { workspace, reused, server } = workbench;
const stop = () => workbench.stop();
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
  console.error(`code-server stopped (exit ${code}).\n${workbench.log().slice(-2000)}`);
  process.exit(1);
});
if (server.exitCode !== null) {
  console.error(`code-server stopped (exit ${server.exitCode}).\n${workbench.log().slice(-2000)}`);
  process.exit(1);
}

console.log(`
Magento Integration Kit is running in VS Code at:

    ${workbench.url}

The demo workspace (${workspace}) holds the Magento 2.4.6 core's ACL and REST routes (vendor/magento), a
few modules, and an integration with deliberate mistakes: open app/code/Acme/Sync/etc/integration.xml and app/code/Acme/Legacy/etc/integration/api.xml.
${reused ? 'It is the workspace of your last run, changes kept (npm start -- --fresh starts again from scratch).' : 'It is kept between runs (npm start -- --fresh starts again from scratch).'}
Press Ctrl+C to stop.`);
