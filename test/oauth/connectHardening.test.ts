// `connect` under hostile conditions: a --save target that cannot be written, a write that fails after the
// tokens were issued, a session open to any store, and a flood of forged activations.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { CredentialsFile } from '../../server/src/cli/credentialsFile';
import { send } from '../../server/src/oauth/http';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** User + system CPU of another process so far, from /proc (clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function connectSync(args: string[]) {
  return spawnSync(process.execPath, [CLI, 'connect', ...args], { encoding: 'utf8', timeout: 20000 });
}

describe('connect, hardened', function () {
  this.timeout(120000);
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'mik-connect-hard-'))));
  afterEach(() => {
    chmodSync(folder, 0o700);
    rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a --save target that cannot be created before it listens, saying why (the tokens would be lost after activation)', () => {
    const store = ['--store-url', 'http://store.example/'];
    const missing = connectSync(['--port', '0', '--timeout', '5', '--save', path.join(folder, 'no-such-folder', 'c.json'), ...store]);
    assert.equal(missing.status, 2, missing.stdout + missing.stderr);
    assert.match(missing.stderr, /--save .*c\.json: the folder .*no-such-folder does not exist/);
    assert.doesNotMatch(missing.stdout, /listening|Listening/, 'nothing listened');

    const existing = path.join(folder, 'taken.json');
    writeFileSync(existing, 'mine');
    const taken = connectSync(['--port', '0', '--timeout', '5', '--save', existing, ...store]);
    assert.equal(taken.status, 2);
    assert.match(taken.stderr, /already exists; --save never overwrites a file/);
    assert.equal(readFileSync(existing, 'utf8'), 'mine', 'the user\'s file is untouched');

    if (process.getuid?.() !== 0) {
      const locked = path.join(folder, 'locked');
      spawnSync('mkdir', ['-m', '500', locked]);
      const unwritable = connectSync(['--port', '0', '--timeout', '5', '--save', path.join(locked, 'c.json'), ...store]);
      assert.equal(unwritable.status, 2);
      assert.match(unwritable.stderr, /cannot be written \(EACCES\)/);
    }
  });

  it('creates the --save file at the start and removes it when no activation came', () => {
    const target = path.join(folder, 'c.json');
    const result = connectSync(['--port', '0', '--timeout', '1', '--save', target, '--store-url', 'http://store.example/', '--json']);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(existsSync(target), false, 'the empty file made at the start is gone');
  });

  it('keeps the credentials in a private file and says where when the write fails after the tokens were issued', () => {
    const target = path.join(folder, 'c.json');
    const fallback = path.join(folder, 'kept');
    const file = new CredentialsFile(target, fallback);
    assert.equal(statSync(target).mode & 0o777, 0o600);
    closeSync(file.descriptor!); // the write now fails (EBADF), as a full disk or a vanished mount would
    const credentials = { storeBaseUrl: 'http://store.example/', consumerKey: 'k'.repeat(32), consumerSecret: 's'.repeat(32), accessToken: 't'.repeat(32), accessTokenSecret: 'u'.repeat(32) };
    const saved = file.save(credentials);
    assert.ok(saved.fallback, 'the result says the write failed');
    assert.equal(path.dirname(saved.file), fallback);
    assert.match(saved.fallback!, new RegExp(`kept in ${saved.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.deepEqual(JSON.parse(readFileSync(saved.file, 'utf8')), credentials, 'nothing lost');
    assert.equal(statSync(saved.file).mode & 0o777, 0o600);
    assert.equal(statSync(fallback).mode & 0o777, 0o700);
    assert.ok(!saved.fallback!.includes('s'.repeat(32)), 'no secret in the message');
  });

  it('makes the safe path the easy one: --save needs --store-url (or --any-store), and a session open to any store says so', () => {
    const save = connectSync(['--port', '0', '--save', path.join(folder, 'c.json')]);
    assert.equal(save.status, 2);
    assert.match(save.stderr, /--save keeps the credentials .* --store-url URL/);
    assert.equal(readdirSync(folder).length, 0, 'no file made');
    const both = connectSync(['--port', '0', '--store-url', 'http://store.example/', '--any-store']);
    assert.equal(both.status, 2);

    const open = connectSync(['--port', '0', '--timeout', '1', '--json']);
    const events = open.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const warning = events.find((e) => e.event === 'warning');
    assert.ok(warning, open.stdout);
    assert.match(warning.hint, /any store is taken, a forged one included.*--store-url/);
    const text = connectSync(['--port', '0', '--timeout', '1']);
    assert.match(text.stdout, /^Warning: No --store-url/m);
    const scoped = connectSync(['--port', '0', '--timeout', '1', '--json', '--store-url', 'http://store.example/']);
    assert.ok(!scoped.stdout.includes('"warning"'), 'no warning once the store is named');
    const any = connectSync(['--port', '0', '--timeout', '1', '--json', '--any-store', '--save', path.join(folder, 'any.json')]);
    assert.equal(any.status, 1, any.stderr);
    assert.ok(any.stdout.includes('"warning"'));
  });

  it('answers a flood of forged activations at a flat cost: the last quarter costs about what the first did (was 3.4-5.7x)', async () => {
    // Forged activations naming a store nobody serves: each is answered, its exchange fails, the session goes on.
    // The CPU measured is the connect process's own (/proc), as a user runs it.
    const connect = spawn(process.execPath, [CLI, 'connect', '--port', '0', '--json', '--any-store', '--timeout', '600'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let endpoint = '';
    let rejected = 0;
    createInterface({ input: connect.stdout! }).on('line', (line) => {
      output += `${line}\n`;
      const event = JSON.parse(line);
      if (event.event === 'listening') endpoint = event.endpointUrl;
      if (event.event === 'rejected') rejected++;
    });
    try {
      for (let i = 0; i < 400 && !endpoint; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(endpoint, 'listening');
      const forge = async (i: number) => {
        const form = new URLSearchParams({
          oauth_consumer_key: `key${i}`.padEnd(32, 'k'), oauth_consumer_secret: `secret${i}`.padEnd(32, 's'),
          store_base_url: 'http://127.0.0.1:1/', oauth_verifier: `verifier${i}`.padEnd(32, 'v'),
        });
        const answer = await send({ method: 'POST', url: endpoint, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() });
        assert.equal(answer.status, 200);
      };
      const QUARTER = 300;
      const quarterCpu: number[] = [];
      let sent = 0;
      for (let quarter = 0; quarter < 4; quarter++) {
        const started = processCpuMs(connect.pid!);
        for (let i = 0; i < QUARTER; i++) {
          await forge(sent++);
          // Each exchange fails at once (nothing listens there): wait for its report, so quarters do not overlap.
          for (let wait = 0; rejected < sent && wait < 1000; wait++) await new Promise((r) => setTimeout(r, 2));
        }
        quarterCpu.push(processCpuMs(connect.pid!) - started);
      }
      assert.equal(rejected, sent, 'every forged activation was reported as failed');
      const ratio = quarterCpu[3] / Math.max(quarterCpu[0], 10);
      assert.ok(ratio < 2, `last quarter ${quarterCpu[3].toFixed(0)} ms of CPU vs first ${quarterCpu[0].toFixed(0)} ms (${ratio.toFixed(2)}x)`);
      for (const secret of ['secret5'.padEnd(32, 's'), 'verifier1199'.padEnd(32, 'v')]) assert.ok(!output.includes(secret), 'forged secrets redacted');
    } finally {
      connect.kill();
    }
  });
});
