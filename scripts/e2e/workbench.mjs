// The workbench `npm start` opens, in one place: the user-driven tests start it through `npm start` itself
// (scripts/start.mjs), so what they click is what a user meets. code-server with the packaged .vsix
// installed, the demo Magento project, and a profile of its own, kept in the demo's home.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { writeDemoCore } from './demoCore.mjs';

/**
 * Where the demo lives: outside any clone (inside one, VS Code's git says "A git repository was found in the
 * parent folders" and offers to open the product's own repository). `MIK_DEMO_HOME` moves it (the tests do).
 */
export function demoHome() {
  if (process.env.MIK_DEMO_HOME) return path.resolve(process.env.MIK_DEMO_HOME);
  const state = process.env.XDG_STATE_HOME || path.join(homedir(), '.local', 'state');
  return path.join(state, 'magento-integration-kit');
}

/**
 * The demo profile's settings. No startup editor: code-server's own "Setup VS Code Web" walkthrough would
 * take the tab our walkthrough opens in on the first run.
 */
export const DEMO_USER_SETTINGS = { 'workbench.startupEditor': 'none' };

/** Installs the .vsix afresh, then starts code-server on 127.0.0.1:port; resolves once it answers. */
export async function startWorkbench({ root, codeServer, vsix, port, fresh }) {
  const home = demoHome();
  const workspace = path.join(home, 'demo-magento-project');
  const profile = path.join(home, 'code-server');
  if (fresh) rmSync(home, { recursive: true, force: true });
  rmSync(path.join(profile, 'extensions'), { recursive: true, force: true });
  mkdirSync(path.join(profile, 'user-data', 'User'), { recursive: true });
  const settings = path.join(profile, 'user-data', 'User', 'settings.json');
  if (!existsSync(settings)) writeFileSync(settings, `${JSON.stringify(DEMO_USER_SETTINGS, null, 2)}\n`);
  const reused = existsSync(workspace);
  if (!reused) {
    cpSync(path.join(root, 'test', 'fixtures', 'magento-project'), workspace, { recursive: true });
    // A realistic core: every Open Source 2.4.6 module's ACL and routes, as files (Adobe's guide works in it).
    writeDemoCore(root, workspace);
  }
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(profile, 'xdg-config'),
    XDG_DATA_HOME: path.join(profile, 'xdg-data'),
    XDG_CACHE_HOME: path.join(profile, 'xdg-cache'),
  };
  const args = ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', path.join(profile, 'user-data'), '--extensions-dir', path.join(profile, 'extensions')];
  const installed = spawnSync(process.execPath, [codeServer, ...args, '--install-extension', vsix], { env, encoding: 'utf8' });
  if (installed.status !== 0) throw new Error(`installing ${vsix} failed:\n${installed.stdout}${installed.stderr}`);
  const server = spawn(process.execPath, [codeServer, '--bind-addr', `127.0.0.1:${port}`, ...args, workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      // starting
    }
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    server,
    workspace,
    reused,
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    log: () => log,
    stop() {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
