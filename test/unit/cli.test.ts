import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

/** Runs dist/cli.js (npm run test:unit builds it first); bounded, so that a hang fails instead of stalling the run. */
function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
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

  describe('lint', () => {
    it('reports JSON diagnostics with 1-based positions, and exits 0 when there are only warnings', () => {
      const result = cli('lint', path.join(FIXTURE, 'app/code'), '--format', 'json');
      assert.equal(result.status, 0, result.stderr);
      const { diagnostics } = JSON.parse(result.stdout);
      assert.deepEqual(diagnostics.map((d: { file: string; code: string }) => [path.relative(FIXTURE, d.file), d.code]), [
        ['app/code/Acme/Legacy/etc/integration/api.xml', 'integration/legacy-format'],
        ['app/code/Acme/Legacy/etc/integration/api.xml', 'acl/missing-parent'],
        ['app/code/Acme/Legacy/etc/integration/config.xml', 'integration/legacy-format'],
        ['app/code/Acme/Sync/etc/integration.xml', 'acl/unknown-resource'],
      ]);
      const missing = diagnostics[1];
      assert.deepEqual([missing.line, missing.column, missing.severity], [6, 29, 'information']);
      assert.match(missing.message, /catalog_inventory/);
    });

    it('checks a module against its whole Magento project, and reads like a compiler in text format', () => {
      const result = cli('lint', path.join(FIXTURE, 'app/code/Acme/Sync'));
      assert.equal(result.status, 0);
      assert.equal(result.stdout, `${path.join(FIXTURE, 'app/code/Acme/Sync/etc/integration.xml')}:11:29 warning acl/unknown-resource ` +
        'Unknown ACL resource "Magento_Catalog::prodcts": no acl.xml declares it. It looks like a misspelling of "Magento_Catalog::products", which this integration already grants. Magento silently drops unknown ids from an integration.\n');
    });

    it('exits 1 when an error is found', () => {
      const project = mkdtempSync(path.join(tmpdir(), 'mik-lint-'));
      try {
        cpSync(FIXTURE, project, { recursive: true });
        writeFileSync(path.join(project, 'app/code/Acme/Sync/etc/acl.xml'), '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="acme::bad" title="Bad"/></resource></resources></acl></config>');
        const result = cli('lint', project, '--format=json');
        assert.equal(result.status, 1);
        assert.ok(JSON.parse(result.stdout).diagnostics.some((d: { code: string; severity: string }) => d.code === 'acl/invalid-id' && d.severity === 'error'));
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    });

    it('flags an integration name configured in two modules that set a field differently', () => {
      const project = mkdtempSync(path.join(tmpdir(), 'mik-lint-'));
      try {
        cpSync(FIXTURE, project, { recursive: true });
        cpSync(path.join(project, 'app/code/Acme/Sync'), path.join(project, 'app/code/Acme/Copy'), { recursive: true });
        const copied = path.join(project, 'app/code/Acme/Copy/etc/integration.xml');
        writeFileSync(copied, readFileSync(copied, 'utf8').replace(/<email>[^<]*<\/email>/, '<email>copy@acme.example</email>'));
        const result = cli('lint', path.join(project, 'app/code/Acme/Copy'), '--format', 'json');
        const duplicates = JSON.parse(result.stdout).diagnostics.filter((d: { code: string }) => d.code === 'integration/duplicate-name');
        assert.equal(duplicates.length, 1);
        assert.match(duplicates[0].message, /again in app\/code\/Acme\/Sync\/etc\/integration.xml/);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    });

    it('checks what the user names wherever it lives (a module under dev/tests), and exits 2 on a path with nothing to check', () => {
      const project = mkdtempSync(path.join(tmpdir(), 'mik-lint-'));
      try {
        cpSync(FIXTURE, project, { recursive: true });
        const nested = path.join(project, 'dev/tests/integration/_files/Acme/Fixture');
        cpSync(path.join(project, 'app/code/Acme/Sync'), nested, { recursive: true });
        writeFileSync(path.join(nested, 'etc/module.xml'), '<config><module name="Acme_Fixture" release_version="1"/></config>');
        const inside = cli('lint', path.join(nested, 'etc'), '--format', 'json');
        const codes = JSON.parse(inside.stdout).diagnostics.map((d: { code: string }) => d.code);
        assert.ok(codes.includes('module/unknown-element'), inside.stdout);
        assert.ok(codes.includes('module/name-mismatch'), inside.stdout);
        const empty = path.join(project, 'dev/empty');
        mkdirSync(empty, { recursive: true });
        const nothing = cli('lint', empty);
        assert.equal(nothing.status, 2);
        assert.match(nothing.stderr, /holds no Magento component to check/);
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    });

    it('exits 2 with one line on a bad format or an unreadable path', () => {
      for (const args of [['lint', '--format', 'xml'], ['lint', '/no/such/folder'], ['lint', '--frob']]) {
        const result = cli(...args);
        assert.equal(result.status, 2, args.join(' '));
        assert.equal(result.stderr.trim().split('\n').length, 1);
        assert.equal(result.stdout, '');
      }
    });
  });

  describe('lint in CI', () => {
    it('prints GitHub Actions annotations, and --max-warnings turns warnings into a failure', () => {
      const github = spawnSync(process.execPath, [CLI, 'lint', 'app/code/Acme/Sync', '--format', 'github'], { encoding: 'utf8', cwd: FIXTURE, timeout: 60_000 });
      assert.match(github.stdout, /^::warning file=app\/code\/Acme\/Sync\/etc\/integration\.xml,line=\d+,col=\d+,title=acl\/unknown-resource::Unknown ACL resource "Magento_Catalog::prodcts"/m);
      assert.ok(github.stdout.trim().split('\n').every((line) => /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[a-z]+\/[a-z-]+::\S/.test(line)), github.stdout);
      const strict = cli('lint', path.join(FIXTURE, 'app/code/Acme/Sync'), '--max-warnings', '0');
      assert.equal(strict.status, 1);
      assert.match(strict.stderr, /warnings, more than --max-warnings 0/);
      assert.equal(cli('lint', path.join(FIXTURE, 'app/code/Acme/Sync'), '--max-warnings', '99').status, 0);
      assert.equal(cli('lint', FIXTURE, '--max-warnings', 'many').status, 2);
    });

    it('contributes a problem matcher that reads the text format', () => {
      const text = cli('lint', path.join(FIXTURE, 'app/code/Acme/Sync'));
      const [matcher] = packageJson.contributes.problemMatchers;
      const pattern = new RegExp(matcher.pattern.regexp);
      const lines = text.stdout.trim().split('\n');
      assert.ok(lines.length > 0);
      for (const line of lines) {
        const match = pattern.exec(line);
        assert.ok(match, line);
        assert.ok(path.isAbsolute(match[matcher.pattern.file]) && /^[a-z]+\/[a-z-]+$/.test(match[matcher.pattern.code]), line);
      }
    });
  });

  it('stops quietly when its reader closes the pipe early (| head), as Unix tools do', () => {
    // More than a pipe's buffer (64 KB) of verdicts, so the writer is still writing when head has gone.
    const calls = Array.from({ length: 3000 }, (_, i) => `--call "GET /V1/acme/orders?page=${i}"`).join(' ');
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" routes "${FIXTURE}" --integration AcmeSync ${calls} | head -1; echo "exit \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(piped.stdout.trim(), 'AcmeSync (integration.xml) can call 92 of 296 REST routes.');
    assert.doesNotMatch(piped.stderr, /EPIPE|Unhandled/);
    assert.match(piped.stderr, /exit 0/);
  });

  describe('routes', () => {
    it('lists the REST routes an integration can call, and judges the calls an app makes', () => {
      const listed = cli('routes', FIXTURE, '--integration', 'AcmeSync', '--call', 'GET /rest/V1/acme/orders', '--call', 'GET /V1/acme/ping');
      assert.equal(listed.status, 0, listed.stderr);
      // The project holds a partial core (Backend, Sales, Catalog without their webapi.xml): the bundled 2.4.6 routes stand in
      // for every core module it lacks (Magento_Quote's guest carts), never for one it holds.
      assert.match(listed.stdout, /AcmeSync \(integration\.xml\) can call 92 of 296 REST routes/);
      assert.match(listed.stdout, /^Magento_Quote$/m);
      assert.doesNotMatch(listed.stdout, /^Magento_(?:Sales|Catalog)$/m);
      assert.match(listed.stdout, /✓ GET \/rest\/V1\/acme\/orders → GET \/V1\/acme\/orders/);
      const legacy = cli('routes', FIXTURE, '--integration', 'AcmeLegacy', '--call', 'GET /V1/acme/orders', '--format', 'json');
      assert.equal(legacy.status, 1);
      const report = JSON.parse(legacy.stdout);
      assert.equal(report.format, 'legacy');
      assert.deepEqual(report.calls.map((c: { allowed: boolean; missing?: string[] }) => [c.allowed, c.missing]), [[false, ['Acme_Sync::sync_orders']]]);
    });

    it('gives the fewest grants for an app\'s calls on a module repository (the bundled 2.4.6 routes), and says what none can open', () => {
      const needed = cli('routes', path.resolve(__dirname, '../fixtures/standalone-module'), '--call', 'GET /rest/default/V1/orders/7', '--call', 'GET /V1/customers/me', '--legacy', '--format', 'json');
      assert.equal(needed.status, 1, 'a self route cannot be opened');
      const report = JSON.parse(needed.stdout);
      assert.deepEqual(report.resources, ['Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view']);
      assert.deepEqual(report.impossible.map((i: { reason: string }) => i.reason), ['self']);
      for (const args of [['routes', FIXTURE], ['routes', FIXTURE, '--call', 'orders'], ['routes', FIXTURE, '--integration', 'Nope']]) {
        const refused = cli(...args);
        assert.equal(refused.status, 2, args.join(' '));
        assert.match(refused.stderr, /routes: /);
      }
    });
  });

  describe('sign', () => {
    const photos = ['sign', '--method', 'GET', '--url', 'http://photos.example.net/photos?file=vacation.jpg&size=original', '--consumer-key', 'dpf43f3p2l4k3l03',
      '--consumer-secret', 'kd94hf93k423kf44', '--token', 'nnch734d00sl2jdk', '--token-secret', 'pfkkdhi9sl3r4s00', '--nonce', 'kllo9940pd9333jh', '--timestamp', '1191242096'];

    it('prints every step of the signature, as text or JSON', () => {
      const text = cli(...photos, '--signature-method', 'HMAC-SHA1');
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /^Normalized URL: +http:\/\/photos.example.net\/photos$/m);
      assert.match(text.stdout, /^Signature: +tR3\+Ty81lMeYAr\/Fid0kMTYa\/WM=$/m);
      const json = JSON.parse(cli(...photos, '--json').stdout);
      assert.deepEqual(Object.keys(json), ['normalizedUrl', 'parameterString', 'baseString', 'signature', 'authorizationHeader']);
      assert.match(json.baseString, /^GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key/);
      assert.match(json.authorizationHeader, /oauth_signature_method="HMAC-SHA256"/);
      assert.notEqual(json.signature, 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=');
    });

    it('signs --param values as a form body, and oauth_* ones in the header', () => {
      const json = JSON.parse(cli(...photos, '--param', 'a=b c', '--param', 'oauth_verifier=v123', '--json').stdout);
      assert.match(json.parameterString, /a=b%20c/);
      assert.match(json.parameterString, /oauth_verifier=v123/);
      assert.match(json.authorizationHeader, /oauth_verifier="v123"/);
    });

    it('exits 2 on bad usage', () => {
      for (const args of [['sign', '--url', 'http://x'], [...photos, '--signature-method', 'PLAINTEXT'], [...photos, '--param', 'novalue'], ['sign', '--method', 'GET', '--url', 'not a url', '--consumer-key', 'k', '--consumer-secret', 's']]) {
        const result = cli(...args);
        assert.equal(result.status, 2, args.join(' '));
        assert.equal(result.stderr.trim().split('\n').length, 1);
      }
    });
  });
});
