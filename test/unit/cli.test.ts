import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import packageJson from '../../package.json';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

describe('magento-integration-kit CLI (dist/cli.js)', () => {
  it('prints help and exits 0', () => {
    const result = cli('--help');
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Usage: magento-integration-kit/);
  });

  it('prints the package version', () => {
    const result = cli('--version');
    assert.equal(result.status, 0);
    assert.equal(result.stdout.trim(), packageJson.version);
  });

  it('exits 2 with a one-line message on bad usage', () => {
    const result = cli('--frobnicate');
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1);
    assert.match(result.stderr, /unknown command or option "--frobnicate"/);
  });
});
