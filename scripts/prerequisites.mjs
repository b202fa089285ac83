// What `npm start` and `npm test` need from the machine besides Node.js, checked before anything is built.
// Where the machine can install it (root, apt-get: containers and CI), the missing Debian packages are
// installed, saying which and why; elsewhere the run stops at once with the one command to run. The tests
// run Debian's own /usr/bin/python3 (a pyenv or venv python3 first on the PATH lacks Debian's modules).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const runs = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** Each Debian package, why it is needed, and how to tell it is there. */
const PACKAGES = [
  // code-server (the VS Code that npm start and the e2e tests run) builds native modules when installed.
  { name: 'build-essential', why: 'to build code-server\'s native modules', present: () => has('g++') && has('make'), for: ['start', 'test'] },
  { name: 'python3', why: 'node-gyp, building code-server', present: () => has('python3'), for: ['start', 'test'] },
  { name: 'pkg-config', why: 'building code-server', present: () => has('pkg-config'), for: ['start', 'test'] },
  { name: 'libkrb5-dev', why: 'code-server\'s kerberos module', present: () => has('krb5-config'), for: ['start', 'test'] },
  { name: 'ripgrep', why: 'code-server\'s search (its own download is not reachable here)', present: () => existsSync('/usr/bin/rg'), for: ['start', 'test'] },
  { name: 'chromium', why: 'the browser that drives the end-to-end tests', present: () => existsSync('/usr/bin/chromium'), for: ['test'] },
  { name: 'neovim', why: 'an independent LSP client in the tests', present: () => has('nvim'), for: ['test'] },
  { name: 'libxml2-utils', why: 'xmllint checks verdicts against Magento\'s XSDs', present: () => has('xmllint'), for: ['test'] },
  { name: 'python3-oauthlib', why: 'an independent OAuth 1.0a signer', present: () => runs('/usr/bin/python3', ['-c', 'import oauthlib']), for: ['test'] },
  { name: 'python3-requests-oauthlib', why: 'a real OAuth client the simulated store must accept', present: () => runs('/usr/bin/python3', ['-c', 'import requests_oauthlib']), for: ['test'] },
  { name: 'php-cli', why: 'php -l on scaffolded modules', present: () => has('php'), for: ['test'] },
  { name: 'php-oauth', why: 'PECL OAuth, the PHP client of Magento\'s docs', present: () => runs('php', ['-r', 'exit(extension_loaded("oauth") ? 0 : 1);']), for: ['test'] },
  { name: 'composer', why: 'composer validate on scaffolded modules', present: () => has('composer'), for: ['test'] },
  { name: 'unzip', why: 'reads the packaged .vsix', present: () => has('unzip'), for: ['test'] },
  { name: 'curl', why: 'the curl reader is tested against the real curl', present: () => has('curl'), for: ['test'] },
  { name: 'mariadb-server', why: 'a real MariaDB for the store doctor\'s tests (started and stopped by them)', present: () => existsSync('/usr/sbin/mariadbd') && has('mariadb-install-db'), for: ['test'] },
];

/** The packages `purpose` needs that this machine lacks. */
export function missingPackages(purpose) {
  return PACKAGES.filter((p) => p.for.includes(purpose) && !p.present());
}

/** Installs what is missing where it can (root with apt-get), else exits with the command to run. */
export function ensurePrerequisites(purpose) {
  const missing = missingPackages(purpose);
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name).join(' ');
  const command = `apt-get install -y ${names}`;
  const canInstall = process.getuid?.() === 0 && has('apt-get');
  console.log(`npm ${purpose} needs these Debian packages:\n${missing.map((p) => `  ${p.name}: ${p.why}`).join('\n')}`);
  if (!canInstall) {
    console.error(`\nInstall them first (nothing was built): ${has('apt-get') ? `sudo ${command}` : `the equivalents of ${names}`}`);
    process.exit(2);
  }
  console.log(`Installing them with ${command} …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const updated = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const installed = updated.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map((p) => p.name)], { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;
  const still = missingPackages(purpose);
  if (!installed || still.length > 0) {
    console.error(`Installing failed${still.length > 0 ? `; still missing: ${still.map((p) => p.name).join(' ')}` : ''}. Run: ${command}`);
    process.exit(2);
  }
}
