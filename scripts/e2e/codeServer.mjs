// Installs code-server 4.100.3 (VS Code 1.100.3, whose extension host runs in Node) into .e2e/, using
// only the npm registry and Debian packages: @vscode/ripgrep's download from GitHub is served from a
// cache holding Debian's rg. See docs/testing-in-vscode.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, copyFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { ensurePrerequisites } from '../prerequisites.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function codeServerPaths(projectRoot) {
  const home = path.join(projectRoot, '.e2e', `code-server-${CODE_SERVER_VERSION}`);
  return { home, bin: path.join(home, 'node_modules', 'code-server', 'out', 'node', 'entry.js') };
}

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(1);
}

/**
 * What code-server needs from the machine for `purpose` ('start': its build tools and ripgrep; 'test': also
 * Chromium and the tests' checkers), from the one list in scripts/prerequisites.mjs.
 */
export function checkPrerequisites(purpose) {
  if (process.versions.node.split('.')[0] !== '20') fail(`code-server ${CODE_SERVER_VERSION} needs Node.js 20; this is ${process.versions.node}.`);
  ensurePrerequisites(purpose);
}

export function ensureCodeServer(projectRoot, purpose) {
  checkPrerequisites(purpose);
  const { home, bin } = codeServerPaths(projectRoot);
  if (existsSync(bin)) return bin;
  console.log(`e2e: installing code-server ${CODE_SERVER_VERSION} into ${path.relative(projectRoot, home)} (a minute or two, once)…`);
  const tmp = path.join(home, 'tmp');
  rmSync(home, { recursive: true, force: true });
  const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const staging = path.join(tmp, 'rg-staging');
  mkdirSync(cache, { recursive: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync('/usr/bin/rg', path.join(staging, 'rg'));
  execFileSync('tar', ['-czf', path.join(cache, RIPGREP_ASSET), '-C', staging, 'rg']);
  writeFileSync(path.join(home, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }));
  const result = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--dangerously-allow-all-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: home,
    stdio: 'inherit',
    env: {
      ...process.env,
      TMPDIR: tmp,
      // code-server's postinstall refuses to run as root without it (it reads the variable itself), though
      // npm 7+ no longer knows the setting: warnings are silenced, so users do not see "Unknown env config".
      npm_config_unsafe_perm: 'true',
      npm_config_loglevel: 'error',
      npm_config_yes: 'true',
      XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
      XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
      XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    },
  });
  if (result.status !== 0 || !existsSync(bin)) {
    rmSync(path.join(home, 'node_modules'), { recursive: true, force: true });
    fail(`installing code-server failed (exit ${result.status}). It builds native modules: see its output above.`);
  }
  return bin;
}
