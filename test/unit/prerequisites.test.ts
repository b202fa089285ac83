// npm start / npm test check the machine before building anything: on a machine that cannot install the
// Debian packages it lacks (here: no apt-get on the PATH), the run stops at once with the command to run.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const SCRIPT = path.resolve(__dirname, '../../scripts/prerequisites.mjs');

describe('the prerequisites check of npm start and npm test', function () {
  this.timeout(60_000);

  it('stops before any build where it cannot install, naming each missing package and why', () => {
    // A PATH with a shell and nothing else: no apt-get, no nvim, no php, no xmllint.
    const bin = mkdtempSync(path.join(tmpdir(), 'mik-prereq-'));
    try {
      symlinkSync('/bin/sh', path.join(bin, 'sh'));
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { ensurePrerequisites } from ${JSON.stringify(SCRIPT)}; ensurePrerequisites('test'); console.log('went on');`], {
        encoding: 'utf8', env: { PATH: bin }, timeout: 30_000,
      });
      assert.equal(run.status, 2, run.stderr);
      assert.doesNotMatch(run.stdout, /went on/);
      assert.match(run.stdout, /npm test needs these Debian packages:/);
      assert.match(run.stdout, /neovim: an independent LSP client in the tests/);
      assert.match(run.stdout, /php-oauth: PECL OAuth/);
      assert.match(run.stderr, /Install them first \(nothing was built\): the equivalents of .*neovim.*libxml2-utils/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('goes on where everything is there (this machine, as CI prepared it)', () => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', `import { missingPackages } from ${JSON.stringify(SCRIPT)}; console.log(JSON.stringify(missingPackages('test').map((p) => p.name)));`], { encoding: 'utf8', timeout: 30_000 });
    assert.deepEqual(JSON.parse(run.stdout), [], 'every package the tests use is installed here');
  });
});
