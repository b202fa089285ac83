// `magento-integration-kit doctor` as a user runs it, against a real MariaDB (Debian's, started by the test)
// holding Magento 2.4.6's integration tables as a store's rows, and the simulated store over HTTP. The doctor's
// user may only SELECT; the server's general log shows it wrote nothing; no key, token or secret is printed.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadProject } from '../../server/src/cli/project';
import { apiFromVerdicts, MockStore } from '../../server/src/oauth/mockStore';
import { integrationAccess } from '../../server/src/workspace/routeIndex';
import { startMariaDb, TestDatabaseServer } from './mariadb';
import { READER_PASSWORD, SECRETS, seedStore, tableChecksums } from './seededStore';
import { frontServer, FrontServer } from './webServers';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'magento-project');

function doctor(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'doctor', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function module(root: string, vendorModule: string, integrationName: string): void {
  const [vendor, name] = vendorModule.split('_');
  const dir = path.join(root, 'app', 'code', vendor, name);
  mkdirSync(path.join(dir, 'etc'), { recursive: true });
  writeFileSync(path.join(dir, 'registration.php'), `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${vendorModule}', __DIR__);\n`);
  writeFileSync(path.join(dir, 'etc', 'module.xml'), `<?xml version="1.0"?>\n<config><module name="${vendorModule}"/></config>\n`);
  writeFileSync(path.join(dir, 'etc', 'integration.xml'), `<?xml version="1.0"?>\n<config>\n    <integration name="${integrationName}">\n        <email>dev@acme.example</email>\n        <resources>\n            <resource name="Magento_Customer::customer"/>\n        </resources>\n    </integration>\n</config>\n`);
}

describe('magento-integration-kit doctor, against a real MariaDB', function () {
  this.timeout(180000);
  let db: TestDatabaseServer;
  let workspace: string;
  let store: MockStore;
  let checksums: string[] = [];
  const fronts: FrontServer[] = [];

  before(async () => {
    db = await startMariaDb();
    // The simulated store answers REST as Magento does; the store's base URL in core_config_data points at it.
    const project = await loadProject([FIXTURE]);
    store = new MockStore({ endpointUrl: 'http://127.0.0.1:9/callback', identityLinkUrl: 'http://127.0.0.1:9/login', onEvent: () => {}, api: apiFromVerdicts(integrationAccess(project, 'AcmeSync')!.routes) });
    await store.start();
    await seedStore(db, store.storeBaseUrl);
    checksums = [await tableChecksums(db, 'magento'), await tableChecksums(db, 'prefixed', 'mg_')];

    // The Magento root: the fixture's modules, one disabled and one never installed, and the deployment files.
    workspace = mkdtempSync(path.join(tmpdir(), 'mik-doctor-'));
    cpSync(FIXTURE, workspace, { recursive: true });
    module(workspace, 'Acme_Off', 'AcmeOff');
    module(workspace, 'Acme_Fresh', 'AcmeFresh');
    writeFileSync(path.join(workspace, 'app', 'etc', 'env.php'), `<?php\nreturn [\n    'db' => [\n        'connection' => [\n            'default' => [\n                'host' => '127.0.0.1:${db.port}',\n                'dbname' => 'magento',\n                'username' => 'reader',\n                'password' => '${READER_PASSWORD}',\n                'model' => 'mysql4',\n                'active' => '1'\n            ]\n        ],\n        'table_prefix' => ''\n    ],\n    'MAGE_MODE' => 'default'\n];\n`);
    writeFileSync(path.join(workspace, 'app', 'etc', 'config.php'), `<?php\nreturn [\n    'modules' => [\n        'Magento_Backend' => 1,\n        'Acme_Sync' => 1,\n        'Acme_Legacy' => 1,\n        'Acme_Off' => 0\n    ]\n];\n`);
  });

  after(async () => {
    for (const front of fronts) await front.close();
    await store?.stop();
    await db?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const noSecret = (text: string) => {
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `printed a secret: ${secret}`);
  };

  it('reads the database env.php names and says, per integration, what the store holds and what breaks the app', async () => {
    const { code, stdout, stderr } = await doctor(['--root', workspace, '--format', 'json']);
    noSecret(stdout + stderr);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    const byName = Object.fromEntries(report.integrations.map((i: any) => [i.name, i]));
    assert.deepEqual(Object.keys(byName).sort(), ['AcmeFresh', 'AcmeLegacy', 'AcmeOff', 'AcmeSync', 'Elsewhere']);
    assert.deepEqual([byName.AcmeSync.status, byName.AcmeSync.tokens], ['active', 'access-token']);
    assert.deepEqual(byName.AcmeSync.grants, { added: [], removed: ['Acme_Sync::sync', 'Acme_Sync::sync_orders'], unknownToStore: [] });
    assert.deepEqual([byName.AcmeLegacy.status, byName.AcmeLegacy.grants.removed, byName.AcmeLegacy.grants.added], ['reset', [], []]);
    assert.deepEqual([byName.AcmeOff.status, byName.AcmeFresh.status, byName.Elsewhere.inWorkspace], ['missing', 'missing', false]);
    const finding = (code_: string, integration?: string) => report.findings.find((f: any) => f.code === code_ && f.integration === integration);
    assert.equal(finding('store/grants-drift', 'AcmeSync').severity, 'error');
    assert.match(finding('store/grants-drift', 'AcmeSync').uri, /Acme\/Sync\/etc\/integration\.xml$/);
    assert.match(finding('store/integration-missing', 'AcmeOff').message, /disabled in app\/etc\/config\.php/);
    assert.match(finding('store/integration-missing', 'AcmeFresh').message, /Acme_Fresh is not in app\/etc\/config\.php/);
    assert.ok(finding('store/integration-reset', 'AcmeLegacy'));
    assert.equal(byName.Elsewhere.tokens, 'request-token');
    assert.match(finding('store/tokens-left-behind', undefined).message, /^1 OAuth token belongs? to a consumer no integration owns/);
    assert.ok(finding('store/integration-not-in-workspace', 'Elsewhere'));
    assert.deepEqual(report.store, { database: `magento on 127.0.0.1:${db.port}`, baseUrl: store.storeBaseUrl, bearerTokens: false, consumerExpirySeconds: 600, authorizationHeader: 'passes' });
  });

  it('only reads: its statements in the server\'s general log are SELECTs in a read-only transaction', async () => {
    const log = readFileSync(db.generalLog, 'utf8');
    // Threads the reader connected on, then every statement of those threads.
    const threads = new Set([...log.matchAll(/^\S*(?:\s+\S+)?\s+(\d+) Connect\s+reader@/gm)].map((m) => m[1]));
    assert.ok(threads.size > 0, 'the doctor connected as the reader');
    const statements = [...log.matchAll(/^\S*(?:\s+\S+)?\s+(\d+) Query\s+(.*)$/gm)].filter((m) => threads.has(m[1])).map((m) => m[2].trim());
    assert.ok(statements.some((s) => /^START TRANSACTION READ ONLY/i.test(s)), statements.join('\n'));
    for (const statement of statements) assert.match(statement, /^(SELECT|SET SESSION TRANSACTION READ ONLY|START TRANSACTION READ ONLY|ROLLBACK|SET NAMES|SET (?:@@|autocommit|time_zone|session|max_statement_time=))/i, `a statement that is not a read: ${statement}`);
  });

  it('prints a readable report, and takes the store URL and a --db URL (socket, table prefix) instead', async () => {
    const text = await doctor(['--root', workspace]);
    noSecret(text.stdout + text.stderr);
    assert.match(text.stdout, /^Store: http:\/\/127\.0\.0\.1:\d+\/ · database magento on 127\.0\.0\.1:\d+\n {2}Authorization header: reaches Magento · Bearer tokens: not accepted · consumer expiry: 600 s/);
    assert.match(text.stdout, /\n {2}AcmeSync: active · an access token · from configuration files\n/);
    assert.match(text.stdout, /\nerror {3}store\/grants-drift \[AcmeSync\]: /);
    assert.match(text.stdout, /\n3 errors, 1 warning\.\n$/);
    const prefixed = await doctor(['--root', workspace, '--db', `mysql://reader:${READER_PASSWORD}@localhost/prefixed?socket=${encodeURIComponent(db.socket)}&prefix=mg_`, '--format', 'json']);
    noSecret(prefixed.stdout + prefixed.stderr);
    const report = JSON.parse(prefixed.stdout);
    assert.match(report.store.database, /^prefixed \(socket /);
    assert.deepEqual(report.integrations.map((i: any) => i.status), ['missing', 'missing', 'missing', 'missing'], 'an empty store: every integration missing');
  });

  it('names a web server that drops the Authorization header, with the fixes', async () => {
    const front = await frontServer(store.storeBaseUrl, 'drop-authorization');
    fronts.push(front);
    const { code, stdout } = await doctor(['--root', workspace, '--store-url', front.url, '--format', 'json']);
    assert.equal(code, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.store.authorizationHeader, 'stripped');
    const finding = report.findings.find((f: any) => f.code === 'store/authorization-header-stripped');
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /SetEnvIf Authorization.*CGIPassAuth On.*fastcgi_param HTTP_AUTHORIZATION/);
  });

  it('exits 2 with a clear message when the database or the store cannot be reached or read', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--db', `mysql://reader:wrong-password@127.0.0.1:${db.port}/magento`], /refused the credentials for database "magento" as "reader" on 127\.0\.0\.1:\d+/],
      [['--db', 'mysql://reader:x@127.0.0.1:9/magento', '--timeout', '5'], /Cannot reach the database "magento" as "reader" on 127\.0\.0\.1:9/],
      [['--db', `mysql://reader:${READER_PASSWORD}@127.0.0.1:${db.port}/empty`], /not a Magento 2 database/],
      [['--db', `mysql://reader:${READER_PASSWORD}@127.0.0.1:${db.port}/magento`, '--store-url', 'http://127.0.0.1:9/', '--timeout', '5'], /Cannot reach the store at http:\/\/127\.0\.0\.1:9\/rest\/V1\/store\/storeConfigs/],
      [['--root', path.join(workspace, 'nowhere')], /env\.php is missing or unreadable: give the database with --db/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await doctor(['--root', workspace, ...args]);
      noSecret(stdout + stderr);
      assert.ok(!stderr.includes('wrong-password'), 'no password echoed');
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message);
    }
  });

  it('leaves every table byte for byte as it was (CHECKSUM TABLE before and after all the runs above)', async () => {
    assert.deepEqual([await tableChecksums(db, 'magento'), await tableChecksums(db, 'prefixed', 'mg_')], checksums);
    assert.match(checksums[0], /integration=\d+/);
  });
});
