// The real-store suite (npm run test:real-store): the product held against a real Magento store. Not part
// of `npm test`, which runs where no store is. It takes the store from the environment (README, "The
// real-store suite") and, for each case, prints what the real store and the product said, and every
// difference.
//
// scaffold (three layouts) → setup:upgrade → what Magento stored (integration, oauth_consumer,
// authorization_rule) against `routes` → the admin's Activate → `connect` → signed REST calls, allowed,
// refused and malformed, made by one oauthlib-signed app against the real store and against `mock-store`.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as mariadb from 'mariadb';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { nodeFileSystem } from '../../server/src/workspace/fileSystem';
import { findComponents } from '../../server/src/workspace/componentScanner';
import { readPhpReturnedArray } from '../../server/src/magento/phpArrayLiteral';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';
import { workspaceLanguageService } from '../../server/src/service/workspaceService';
import { writeEncodingModules } from '../encodingModules';
import { frontServer } from '../store/webServers';
import { createHmac } from 'node:crypto';
import * as http from 'node:http';
import OAuth1a from 'oauth-1.0a';

const ROOT = process.env.MAGENTO_ROOT ?? '';
const BASE_URL = (process.env.MAGENTO_BASE_URL ?? 'http://127.0.0.1:8246/').replace(/\/?$/, '/');
const PHP = process.env.PHP ?? 'php';
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const APP = path.join(__dirname, 'probe_app.py');
const ACTIVATE = path.join(__dirname, 'activate.php');
/** A suffix that keeps this run's modules and integrations apart from earlier runs' (a store keeps what it installed). */
const RUN = `R${Date.now().toString(36)}`;

/** Every difference found, printed at the end: the suite fails on any. */
const differences: string[] = [];
let compared = 0;
function compare(what: string, real: unknown, product: unknown): void {
  compared++;
  const same = JSON.stringify(real) === JSON.stringify(product);
  console.log(`    ${same ? 'same' : 'DIFFERENT'}  ${what}${same ? '' : `\n      real store: ${JSON.stringify(real)}\n      product:    ${JSON.stringify(product)}`}`);
  if (!same) differences.push(what);
}

function database(): Promise<mariadb.Connection> {
  return mariadb.createConnection({
    socketPath: process.env.MAGENTO_DB_SOCKET, host: process.env.MAGENTO_DB_HOST ?? '127.0.0.1', port: Number(process.env.MAGENTO_DB_PORT ?? 3306),
    user: process.env.MAGENTO_DB_USER ?? 'magento', password: process.env.MAGENTO_DB_PASSWORD ?? 'magento', database: process.env.MAGENTO_DB_NAME ?? 'magento',
  });
}

function run(command: string, args: string[], options: { cwd?: string; timeout?: number } = {}) {
  return spawnSync(command, args, { encoding: 'utf8', timeout: options.timeout ?? 600_000, cwd: options.cwd, maxBuffer: 64 * 1024 * 1024 });
}

function cli(...args: string[]) {
  return run(process.execPath, [CLI, ...args]);
}

function magento(...args: string[]) {
  return run(PHP, ['-d', 'memory_limit=4G', 'bin/magento', ...args], { cwd: ROOT });
}

interface Module {
  vendor: string;
  module: string;
  integration: string;
  layout: 'current' | 'legacy';
  setup?: 'data-patch' | 'install-data';
  resources: string[];
  port: number;
}

const MODULES: Module[] = [
  { vendor: 'Mik', module: `Current${RUN}`, integration: `MikCurrent${RUN}`, layout: 'current', resources: ['Magento_Sales::actions_view', 'Magento_Catalog::products', 'Magento_Backend::store'], port: 9611 },
  { vendor: 'Mik', module: `Patch${RUN}`, integration: `MikPatch${RUN}`, layout: 'legacy', setup: 'data-patch', resources: ['Magento_Catalog::products'], port: 9612 },
  { vendor: 'Mik', module: `Install${RUN}`, integration: `MikInstall${RUN}`, layout: 'legacy', setup: 'install-data', resources: ['Magento_Customer::manage'], port: 9613 },
];

const callback = (port: number) => `http://127.0.0.1:${port}/callback`;

/** The oauthlib-signed app: started on `port`, it prints one JSON line per step until "done". */
class ProbeApp {
  readonly lines: Array<Record<string, unknown>> = [];
  private readonly child: ChildProcess;
  private buffered = '';

  constructor(port: number, casesFile: string) {
    this.child = spawn(PYTHON, [APP, String(port), casesFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString('utf8');
      let at: number;
      while ((at = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, at);
        this.buffered = this.buffered.slice(at + 1);
        if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
      }
    });
  }

  async until(step: string, seconds = 60): Promise<void> {
    for (let waited = 0; !this.lines.some((line) => line.step === step); waited += 0.1) {
      if (waited > seconds) throw new Error(`the app did not reach "${step}" in ${seconds} s: ${JSON.stringify(this.lines)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  stop(): void {
    this.child.stdin!.end();
    this.child.kill();
  }
}

/** The REST calls each app makes: allowed, refused and malformed (the variants are probe_app.py's). */
const CASES = [
  { name: 'allowed: GET /V1/products', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1' },
  { name: 'allowed: GET /V1/store/storeViews', method: 'GET', path: 'rest/V1/store/storeViews' },
  { name: 'refused: GET /V1/customers/search (not granted)', method: 'GET', path: 'rest/V1/customers/search?searchCriteria%5BpageSize%5D=1' },
  { name: 'refused: GET /V1/customers/me (self)', method: 'GET', path: 'rest/V1/customers/me' },
  { name: 'anonymous: GET /V1/directory/countries/US', method: 'GET', path: 'rest/V1/directory/countries/US' },
  { name: 'anonymous, badly signed', method: 'GET', path: 'rest/V1/directory/countries/US', variant: 'wrong-token-secret' },
  { name: 'malformed: HMAC-SHA1', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'sha1' },
  { name: 'malformed: RFC-signed ?q=a+b', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1&q=a+b' },
  { name: 'malformed: a repeated query name', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1&a=1&a=2' },
  { name: 'malformed: a wrong token secret', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'wrong-token-secret' },
  { name: 'malformed: a timestamp an hour ahead', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'timestamp-ahead' },
  { name: 'a call whose nonce the next two reuse', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1' },
  { name: 'malformed: a 33-character nonce sharing the first 32', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'nonce-33' },
  { name: 'malformed: a replayed nonce', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'replay' },
  { name: 'malformed: no oauth_token', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'no-token' },
  { name: 'unsigned', method: 'GET', path: 'rest/V1/products?searchCriteria%5BpageSize%5D=1', variant: 'unsigned' },
  { name: 'no such route', method: 'GET', path: 'rest/V1/no/such/route' },
  // Queued calls and store codes (docs/webapi-access.md): the consumer is not running, so nothing is written.
  ...queuedCases(),
];

function queuedCases() {
  const product = (sku: string) => ({ product: { sku: `mik-${RUN.toLowerCase()}-${sku}`, name: 'Queued, never run', attribute_set_id: 4, price: 1, type_id: 'simple' } });
  const group = { group: { code: 'mik', tax_class_id: 3 } };
  return [
    { name: 'async: POST /async/V1/products', method: 'POST', path: 'rest/async/V1/products', body: product('a') },
    { name: 'async through all: POST /all/async/V1/products', method: 'POST', path: 'rest/all/async/V1/products', body: product('b') },
    { name: 'bulk: PUT /async/bulk/V1/products/bySku', method: 'PUT', path: 'rest/async/bulk/V1/products/bySku', body: [product('c')] },
    { name: 'bulk alias: PUT /async/bulk/V1/products', method: 'PUT', path: 'rest/async/bulk/V1/products', body: [product('d')] },
    { name: 'async alias: POST /asyncProducts', method: 'POST', path: 'rest/asyncProducts', body: product('e') },
    { name: 'bulk with one body, not a list', method: 'POST', path: 'rest/async/bulk/V1/products', body: product('f') },
    { name: 'async refused: POST /async/V1/customerGroups', method: 'POST', path: 'rest/async/V1/customerGroups', body: group },
    { name: 'bulk refused: PUT /async/bulk/V1/customerGroups/byId', method: 'PUT', path: 'rest/async/bulk/V1/customerGroups/byId', body: [{ id: 1, ...group }] },
    { name: 'bulk with a value for :id', method: 'PUT', path: 'rest/async/bulk/V1/customerGroups/1', body: [group] },
    { name: 'async self: PUT /async/V1/customers/me', method: 'PUT', path: 'rest/async/V1/customers/me', body: { customer: {} } },
    { name: 'async GET', method: 'GET', path: 'rest/async/V1/products/x' },
    { name: 'async: no such route', method: 'POST', path: 'rest/async/V1/no/such', body: {} },
    { name: 'store code: all', method: 'GET', path: 'rest/all/V1/products?searchCriteria%5BpageSize%5D=1' },
    { name: 'store code: default', method: 'GET', path: 'rest/default/V1/products?searchCriteria%5BpageSize%5D=1' },
    { name: 'store code: admin', method: 'GET', path: 'rest/admin/V1/products?searchCriteria%5BpageSize%5D=1' },
    { name: 'store code: unknown', method: 'GET', path: 'rest/nosuchstore/V1/products?searchCriteria%5BpageSize%5D=1' },
    { name: 'store code: upper case', method: 'GET', path: 'rest/DEFAULT/V1/products?searchCriteria%5BpageSize%5D=1' },
    { name: 'store code: unknown, async', method: 'POST', path: 'rest/nosuchstore/async/V1/products', body: product('g') },
  ].map((c) => ({ ...c, ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }) }));
}

/**
 * What a case's answer comes to, for the comparison: status and body, except an allowed call's body (the
 * simulated store answers a placeholder on purpose: it runs no service) and the consumer's id in a nonce
 * error (each store numbers its own consumers).
 */
function outcome(line: Record<string, unknown>): unknown {
  const status = line.status as number;
  let body: unknown = line.body;
  try {
    body = JSON.parse(line.body as string);
  } catch { /* not JSON: compared as text */ }
  // A queued call's bulk_uuid and hashes are each store's own.
  if (status === 200 || status === 202) return { status };
  if (body && typeof body === 'object' && /consumer with ID/.test(JSON.stringify(body))) (body as { parameters: unknown }).parameters = ['<consumer id>'];
  return { status, body };
}

/** Applies a code action's edit to the disk: created files, text edits, deleted files, in order. */
function applyWorkspaceEdit(edit: WorkspaceEdit): void {
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      const file = URI.parse(change.kind === 'rename' ? change.newUri : change.uri).fsPath;
      if (change.kind === 'create') writeFileSync(file, '');
      else if (change.kind === 'delete') rmSync(file, { force: true });
      continue;
    }
    const file = URI.parse(change.textDocument.uri).fsPath;
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'text', 1, before), change.edits as TextEdit[]));
  }
}

const describeIfStore = ROOT ? describe : describe.skip;

describeIfStore(`a real Magento store (${ROOT || 'MAGENTO_ROOT not set'})`, function () {
  this.timeout(900_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'mik-real-store-'));
  let db: mariadb.Connection;

  before(async () => {
    db = await database();
    assert.ok(existsSync(CLI), 'npm run build first');
    for (const m of MODULES) {
      const args = ['scaffold', '--root', scratch, '--vendor', m.vendor, '--module', m.module, '--integration', m.integration, '--email', 'dev@mik.example',
        '--endpoint-url', callback(m.port), '--identity-link-url', `http://127.0.0.1:${m.port}/login`, '--layout', m.layout,
        ...(m.setup ? ['--setup', m.setup] : []), ...m.resources.flatMap((r) => ['--resource', r])];
      const made = cli(...args);
      assert.equal(made.status, 0, made.stderr);
      cpSync(path.join(scratch, 'app/code', m.vendor, m.module), path.join(ROOT, 'app/code', m.vendor, m.module), { recursive: true });
    }
    const upgrade = magento('setup:upgrade');
    assert.equal(upgrade.status, 0, `setup:upgrade: ${upgrade.stdout.slice(-2000)}${upgrade.stderr}`);
  });

  after(async () => {
    await db?.end();
    for (const m of MODULES) rmSync(path.join(ROOT, 'app/code', m.vendor, m.module), { recursive: true, force: true });
    magento('setup:upgrade');
    rmSync(scratch, { recursive: true, force: true });
    console.log(`\n  Real store vs product: ${compared} compared, ${differences.length} different${differences.length ? `:\n    ${differences.join('\n    ')}` : ''}`);
  });

  it('setup:upgrade creates each scaffolded integration and stores the grants `routes` computes', async () => {
    for (const m of MODULES) {
      const [row] = await db.query('select i.integration_id, i.email, i.endpoint, i.setup_type, i.status, c.entity_id as consumer from integration i left join oauth_consumer c on c.entity_id = i.consumer_id where i.name = ?', [m.integration]);
      assert.ok(row, `${m.integration} was not created`);
      compare(`${m.module} (${m.layout}${m.setup ? `, ${m.setup}` : ''}): integration row`, { email: row.email, endpoint: row.endpoint, setupType: row.setup_type, status: row.status, consumer: !!row.consumer },
        { email: 'dev@mik.example', endpoint: callback(m.port), setupType: 1, status: 0, consumer: true });
      const rules = await db.query(`select r.resource_id from integration i join authorization_role ro on ro.user_id = i.integration_id and ro.user_type = 1
        join authorization_rule r on r.role_id = ro.role_id and r.permission = 'allow' where i.name = ? order by r.resource_id`, [m.integration]);
      const stored = rules.map((r: { resource_id: string }) => r.resource_id).sort();
      const routes = cli('routes', ROOT, '--integration', m.integration, '--format', 'json');
      const granted = [...(JSON.parse(routes.stdout) as { granted: string[] }).granted].sort();
      compare(`${m.module}: the allow rows Magento stored, against routes --integration`, stored, granted);
    }
  });

  it('the admin\'s Activate: connect completes the handshake and a signed call', async () => {
    const m = MODULES[0];
    const connect = spawn(process.execPath, [CLI, 'connect', '--port', String(m.port), '--store-url', BASE_URL, '--timeout', '90', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    connect.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const activated = run(PHP, [ACTIVATE, ROOT, m.integration]);
    assert.equal(activated.status, 0, activated.stdout + activated.stderr);
    const code = await new Promise<number | null>((resolve) => connect.on('exit', resolve));
    const events = output.trim().split('\n').map((line) => JSON.parse(line) as { event: string; ok?: boolean; step?: string });
    compare('connect against the real store: every step and the result', events.filter((e) => e.step).map((e) => `${e.step} ${e.ok}`).concat(`exit ${code}`),
      ['activation true', 'request-token true', 'access-token true', 'api-call true', 'exit 0']);
  });

  it('one oauthlib-signed app gets the same answers from the real store and from mock-store', async () => {
    const m = MODULES[0];
    const casesFile = path.join(scratch, 'cases.json');
    writeFileSync(casesFile, JSON.stringify(CASES));
    // Against the real store: Reauthorize (connect above holds the first token), as the admin does.
    const real = new ProbeApp(m.port, casesFile);
    await real.until('listening');
    const activated = run(PHP, [ACTIVATE, ROOT, m.integration, 'reauthorize']);
    assert.equal(activated.status, 0, activated.stdout + activated.stderr);
    await real.until('done', 120);
    real.stop();
    // Against the simulated store, with the same integration's grants read from the same Magento root.
    const simulated = new ProbeApp(m.port + 100, casesFile);
    await simulated.until('listening');
    const store = run(process.execPath, [CLI, 'mock-store', '--endpoint-url', callback(m.port + 100), '--identity-link-url', `http://127.0.0.1:${m.port + 100}/login`,
      '--integration', m.integration, '--root', ROOT, '--idle', '5', '--timeout', '120', '--json']);
    await simulated.until('done', 30);
    simulated.stop();
    assert.ok(store.status !== null, store.stderr);
    const activation = (app: ProbeApp) => { const a = app.lines.find((l) => l.step === 'activation')!; return { path: a.path, fields: a.fields, userAgent: a.user_agent, contentType: a.content_type }; };
    compare('the activation POST: path, fields, User-Agent, Content-Type', activation(real), activation(simulated));
    for (const step of ['request-token', 'access-token']) {
      compare(step, real.lines.find((l) => l.step === step)?.status, simulated.lines.find((l) => l.step === step)?.status);
    }
    const byName = (app: ProbeApp) => new Map(app.lines.filter((l) => l.step === 'case').map((l) => [l.name as string, l]));
    const [realCases, simulatedCases] = [byName(real), byName(simulated)];
    for (const c of CASES) {
      const [r, s] = [realCases.get(c.name), simulatedCases.get(c.name)];
      assert.ok(r && s, `${c.name}: an answer from both stores`);
      compare(`REST ${c.name}`, outcome(r), outcome(s));
    }
    // The real store's store views, in its order, against the simulated store's list.
    const views = (line: Record<string, unknown> | undefined) => (JSON.parse(line!.body as string) as Array<{ code: string }>).map((v) => v.code);
    compare('GET /V1/store/storeViews: the views, in order', views(realCases.get('allowed: GET /V1/store/storeViews')), views(simulatedCases.get('allowed: GET /V1/store/storeViews')));
  });

  it('the exported Postman collection, run by newman with the integration\'s credentials: the real store takes every signed call', async () => {
    const m = MODULES[0];
    const saved = path.join(scratch, 'credentials.json');
    const connect = spawn(process.execPath, [CLI, 'connect', '--port', String(m.port), '--store-url', BASE_URL, '--timeout', '90', '--save', saved, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const activated = run(PHP, [ACTIVATE, ROOT, m.integration, 'reauthorize']);
    assert.equal(activated.status, 0, activated.stdout + activated.stderr);
    assert.equal(await new Promise<number | null>((resolve) => connect.on('exit', resolve)), 0);
    const credentials = JSON.parse(readFileSync(saved, 'utf8')) as { consumerKey: string; consumerSecret: string; accessToken: string; accessTokenSecret: string };
    const out = path.join(scratch, 'collection.json');
    const exported = cli('collection', '--root', ROOT, '--integration', m.integration, '--out', out);
    assert.equal(exported.status, 0, exported.stderr);
    // Its reads that need no value (a write would change the store): lists, the store's views and settings.
    const collection = JSON.parse(readFileSync(out, 'utf8')) as { item: Array<{ item: Array<{ name: string; request: { method: string; url: { variable?: unknown[] } } }> }> };
    for (const folder of collection.item) folder.item = folder.item.filter((i) => i.request.method === 'GET' && !i.request.url.variable);
    collection.item = collection.item.filter((folder) => folder.item.length > 0);
    const newman = await import('newman');
    const summary = await new Promise<import('newman').Summary>((resolve, reject) => newman.run({
      collection, reporters: [], timeoutRequest: 60_000,
      envVar: Object.entries({ store_url: BASE_URL.replace(/\/$/, ''), consumer_key: credentials.consumerKey, consumer_secret: credentials.consumerSecret, access_token: credentials.accessToken, access_token_secret: credentials.accessTokenSecret }).map(([key, value]) => ({ key, value })),
    }, (error, result) => (error ? reject(error) : resolve(result))));
    const statuses = summary.run.executions.map((e) => [e.item.name, e.response?.code ?? 0] as const);
    console.log(`      (${statuses.length} GET routes run by newman; statuses: ${JSON.stringify(Object.entries(statuses.reduce<Record<string, number>>((all, [, code]) => ({ ...all, [code]: (all[code] ?? 0) + 1 }), {})))})`);
    assert.ok(statuses.length >= 10, `${statuses.length} requests`);
    compare('the exported collection run by newman: calls refused (401) or not answered', statuses.filter(([, code]) => code === 401 || code === 0).map(([name]) => name), []);
  });

  it('doctor: the store as it is, then a grant changed in each format, predicted against what setup:upgrade does', async () => {
    type Report = { store: { authorizationHeader: string }; integrations: Array<{ name: string; status: string; tokens: string; grants?: { added: string[]; removed: string[] } }>; findings: Array<{ code: string; integration?: string; severity: string }> };
    const doctor = (...args: string[]): Report => {
      const result = cli('doctor', '--root', ROOT, '--format', 'json', ...args);
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      for (const secret of ['consumer_secret', 'oauth_token_secret']) assert.ok(!result.stdout.includes(secret));
      return JSON.parse(result.stdout) as Report;
    };
    const ours = (report: Report) => report.integrations.filter((i) => MODULES.some((m) => m.integration === i.name));
    const state = (report: Report) => ours(report).map((i) => `${i.name}: ${i.status}, ${i.tokens}, +${i.grants?.added.length ?? '?'} -${i.grants?.removed.length ?? '?'}`);
    const rows = async () => (await db.query(`select name, status from integration where name in (?) order by name`, [MODULES.map((m) => m.integration)])) as Array<{ name: string; status: number }>;
    const allowRows = async (name: string) => ((await db.query(`select r.resource_id from integration i join authorization_role ro on ro.user_id = i.integration_id and ro.user_type = 1
      join authorization_rule r on r.role_id = ro.role_id and r.permission = 'allow' where i.name = ? order by r.resource_id`, [name])) as Array<{ resource_id: string }>).map((r) => r.resource_id);
    const statusWord = (status: number) => ['inactive', 'active', 'reset'][status];

    // As it is: the first integration activated twice above (an access token), the others never; grants as the files say.
    const before = doctor();
    compare('doctor: each integration\'s state, tokens and grants drift, against the tables', state(before),
      (await rows()).map((r) => `${r.name}: ${statusWord(r.status)}, ${r.name === MODULES[0].integration ? 'access-token' : 'none'}, +0 -0`).sort());
    compare('doctor: the Authorization header reaches Magento (php -S passes it)', before.store.authorizationHeader, 'passes');

    // A web server that drops the header, in front of the real store.
    // (Run without blocking: the web server is in this process.)
    const front = await frontServer(BASE_URL, 'drop-authorization');
    try {
      const behindFront = await new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'doctor', '--root', ROOT, '--format', 'json', '--store-url', front.url], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
        child.on('exit', () => resolve(out));
      });
      compare('doctor: a web server dropping the Authorization header is named', (JSON.parse(behindFront) as Report).store.authorizationHeader, 'stripped');
    } finally {
      await front.close();
    }

    // A resource added to each format's file: the doctor's prediction, then what setup:upgrade really does.
    const current = path.join(ROOT, 'app/code', MODULES[0].vendor, MODULES[0].module, 'etc', 'integration.xml');
    const legacy = path.join(ROOT, 'app/code', MODULES[1].vendor, MODULES[1].module, 'etc', 'integration', 'api.xml');
    const originals = [readFileSync(current, 'utf8'), readFileSync(legacy, 'utf8')];
    const legacyGrantsBefore = await allowRows(MODULES[1].integration);
    try {
      writeFileSync(current, originals[0].replace('<resources>', '<resources>\n            <resource name="Magento_Customer::customer"/>'));
      writeFileSync(legacy, originals[1].replace('<resources>', '<resources>\n            <resource name="Magento_Customer::customer"/>'));
      const predicted = doctor('--no-probe');
      const drift = (name: string) => predicted.findings.find((f) => f.code === 'store/grants-drift' && f.integration === name);
      compare('doctor: a resource added to integration.xml is drift (an error: the store does not allow it yet)', drift(MODULES[0].integration)?.severity, 'error');
      compare('doctor: a resource added to api.xml is drift', drift(MODULES[1].integration)?.severity, 'error');
      const upgrade = magento('setup:upgrade');
      assert.equal(upgrade.status, 0, upgrade.stdout.slice(-2000));
      const after = Object.fromEntries((await rows()).map((r) => [r.name, statusWord(r.status)]));
      compare('setup:upgrade after an integration.xml grant change: the integration is reset, as the doctor said', after[MODULES[0].integration], 'reset');
      compare('setup:upgrade after an api.xml grant change: the stored grants stay, as the doctor said (the data patch ran once)', await allowRows(MODULES[1].integration), legacyGrantsBefore);
      const next = doctor('--no-probe');
      compare('doctor after setup:upgrade: integration.xml reset with no drift, api.xml still drifting', [
        state(next).find((line) => line.startsWith(`${MODULES[0].integration}:`)),
        next.findings.some((f) => f.code === 'store/grants-drift' && f.integration === MODULES[1].integration),
      ], [`${MODULES[0].integration}: reset, none, +0 -0`, true]);
    } finally {
      writeFileSync(current, originals[0]);
      writeFileSync(legacy, originals[1]);
    }

    // A module copied into app/code that the store never installed (no setup:upgrade).
    const fresh = { vendor: 'Mik', module: `Fresh${RUN}`, integration: `MikFresh${RUN}` };
    const made = cli('scaffold', '--root', scratch, '--vendor', fresh.vendor, '--module', fresh.module, '--integration', fresh.integration, '--email', 'dev@mik.example', '--resource', 'Magento_Catalog::products');
    assert.equal(made.status, 0, made.stderr);
    const freshRoot = path.join(ROOT, 'app/code', fresh.vendor, fresh.module);
    cpSync(path.join(scratch, 'app/code', fresh.vendor, fresh.module), freshRoot, { recursive: true });
    try {
      const missing = doctor('--no-probe').findings.find((f) => f.code === 'store/integration-missing' && f.integration === fresh.integration) as { message?: string } | undefined;
      compare('doctor: a module in app/code the store never installed: missing, not in config.php', /not in app\/etc\/config\.php: setup:upgrade has not run/.test(missing?.message ?? ''), true);
    } finally {
      rmSync(freshRoot, { recursive: true, force: true });
    }

    // Bearer tokens on, then off again, as config:set writes them.
    const bearer = (value: string) => assert.equal(magento('config:set', 'oauth/consumer/enable_integration_as_bearer', value).status, 0);
    bearer('1');
    try {
      compare('doctor: Bearer tokens allowed after config:set … 1', (doctor('--no-probe').store as { bearerTokens?: boolean }).bearerTokens, true);
    } finally {
      bearer('0');
    }
    compare('doctor: Bearer tokens refused after config:set … 0', (doctor('--no-probe').store as { bearerTokens?: boolean }).bearerTokens, false);

    // A handshake begun and left: the third integration activated, its app asks for a request token and stops
    // there (oauth-1.0a signs; the activation POST taken by a bare HTTP server of this test).
    const third = MODULES[2];
    let receiver: http.Server | undefined;
    try {
      const posted = new Promise<URLSearchParams>((resolve) => {
        receiver = http.createServer((request, response) => {
          let body = '';
          request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          request.on('end', () => {
            response.end('ok');
            if (request.url?.startsWith('/callback')) resolve(new URLSearchParams(body));
          });
        }).listen(third.port, '127.0.0.1');
      });
      const activation = spawn(PHP, [ACTIVATE, ROOT, third.integration], { stdio: 'ignore' });
      const fields = await posted;
      await new Promise((resolve) => activation.on('exit', resolve));
      const activated = doctor('--no-probe');
      compare('doctor: activated, the app has not asked for a request token: a verifier only, the handshake not finished', [
        state(activated).find((line) => line.startsWith(`${third.integration}:`)),
        activated.findings.find((f) => f.integration === third.integration)?.code,
      ], [`${third.integration}: inactive, verifier, +0 -0`, 'store/handshake-not-finished']);
      const oauth = new OAuth1a({ consumer: { key: fields.get('oauth_consumer_key')!, secret: fields.get('oauth_consumer_secret')! }, signature_method: 'HMAC-SHA256', hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64') });
      const url = new URL('oauth/token/request', BASE_URL).toString();
      const answer = await fetch(url, { method: 'POST', headers: { Authorization: oauth.toHeader(oauth.authorize({ url, method: 'POST' })).Authorization } });
      assert.equal(answer.status, 200, await answer.text());
      compare('doctor: an integration whose app took a request token and stopped: inactive, a request token only',
        state(doctor('--no-probe')).find((line) => line.startsWith(`${third.integration}:`)), `${third.integration}: inactive, request-token, +0 -0`);
    } finally {
      receiver?.close();
    }

    // Nothing written: the tables' checksums before and after a run with the probe.
    const checksum = async () => ((await db.query(`CHECKSUM TABLE integration, oauth_consumer, oauth_token, oauth_nonce, authorization_role, authorization_rule, core_config_data, patch_list, setup_module EXTENDED`)) as Array<{ Table: string; Checksum: unknown }>).map((r) => `${r.Table}=${String(r.Checksum)}`);
    const sums = await checksum();
    doctor();
    compare('doctor: the integration tables byte for byte unchanged by a run (CHECKSUM TABLE)', await checksum(), sums);
  });

  it('lint --base: what it says of a change since the last commit is what setup:upgrade then does to the integration', async () => {
    const m = { vendor: 'Mik', module: `Base${RUN}`, integration: `MikBase${RUN}` };
    const made = cli('scaffold', '--root', scratch, '--vendor', m.vendor, '--module', m.module, '--integration', m.integration, '--email', 'dev@mik.example',
      '--endpoint-url', 'http://127.0.0.1:9699/callback', '--resource', 'Magento_Catalog::products');
    assert.equal(made.status, 0, made.stderr);
    const moduleRoot = path.join(ROOT, 'app/code', m.vendor, m.module);
    cpSync(path.join(scratch, 'app/code', m.vendor, m.module), moduleRoot, { recursive: true });
    const file = path.join(moduleRoot, 'etc', 'integration.xml');
    const git = (...args: string[]) => assert.equal(run('git', ['-C', moduleRoot, '-c', 'user.name=Dev', '-c', 'user.email=dev@mik.example', ...args]).status, 0);
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'released');
    const status = async () => ((await db.query('select status from integration where name = ?', [m.integration])) as Array<{ status: number }>)[0]?.status;
    const said = () => {
      const linted = cli('lint', moduleRoot, '--base', 'HEAD', '--format', 'json');
      return (JSON.parse(linted.stdout) as { diagnostics: Array<{ code: string }> }).diagnostics.map((d) => d.code).filter((code) => code === 'integration/reset-on-upgrade');
    };
    try {
      assert.equal(magento('setup:upgrade').status, 0);
      compare('lint --base: the module installed, nothing changed: nothing said; status', [said(), await status()], [[], 0]);
      // A parent integration.xml's converter adds anyway: the stored grants are the same.
      writeFileSync(file, readFileSync(file, 'utf8').replace('<resource name="Magento_Catalog::products"/>', '<resource name="Magento_Catalog::catalog"/>\n            <resource name="Magento_Catalog::products"/>'));
      const quiet = said();
      assert.equal(magento('setup:upgrade').status, 0);
      compare('lint --base: an implied parent listed: nothing said, and setup:upgrade does not reset it', [quiet, await status()], [[], 0]);
      git('commit', '-q', '-am', 'parent listed');
      writeFileSync(file, readFileSync(file, 'utf8').replace('http://127.0.0.1:9699/callback', 'http://127.0.0.1:9698/callback'));
      const warned = said();
      assert.equal(magento('setup:upgrade').status, 0);
      compare('lint --base: the endpoint URL changed: reset-on-upgrade said, and setup:upgrade resets it (status 2)', [warned, await status()], [['integration/reset-on-upgrade'], 2]);
    } finally {
      rmSync(moduleRoot, { recursive: true, force: true });
    }
  });

  it('"Migrate to etc/integration.xml" leaves a module that a fresh setup:upgrade installs, and no problem behind', async () => {
    // A legacy module with a data patch, migrated by the language service's own code action, then installed fresh.
    const m = { vendor: 'Mik', module: `Migrated${RUN}`, integration: `MikMigrated${RUN}` };
    const root = path.join(scratch, 'migrate');
    mkdirSync(root, { recursive: true });
    const made = cli('scaffold', '--root', root, '--vendor', m.vendor, '--module', m.module, '--integration', m.integration, '--email', 'dev@mik.example',
      '--resource', 'Magento_Catalog::products', '--layout', 'legacy', '--setup', 'data-patch');
    assert.equal(made.status, 0, made.stderr);
    const moduleRoot = path.join(root, 'app/code', m.vendor, m.module);
    const workspace = new MagentoWorkspace(nodeFileSystem);
    await workspace.index([root]);
    const service = workspaceLanguageService(workspace);
    const configPath = path.join(moduleRoot, 'etc/integration/config.xml');
    const config = TextDocument.create(URI.file(configPath).toString(), 'xml', 1, readFileSync(configPath, 'utf8'));
    const hint = service.doValidation(config).find((d) => d.code === 'integration/legacy-format');
    const migrate = service.getCodeActions(config, [hint!]).find((a) => a.title === 'Migrate to etc/integration.xml');
    applyWorkspaceEdit(migrate!.edit!);
    const lint = cli('lint', moduleRoot, '--format', 'json');
    compare('the migrated module: lint problems (hints aside)', (JSON.parse(lint.stdout) as { diagnostics: Array<{ severity: string; code: string }> }).diagnostics.filter((d) => d.severity !== 'hint').map((d) => d.code), []);
    cpSync(moduleRoot, path.join(ROOT, 'app/code', m.vendor, m.module), { recursive: true });
    MODULES.push({ ...m, layout: 'current', resources: [], port: 0 }); // removed with the others at the end
    const upgrade = magento('setup:upgrade');
    const [row] = await db.query('select count(*) as n from integration where name = ?', [m.integration]);
    compare('the migrated module on a fresh setup:upgrade: exit code, integration created', { exit: upgrade.status, created: Number(row.n) === 1 }, { exit: 0, created: true });
  });

  it('broken integration.xml variants: what setup:upgrade does in default and developer mode is what the lint says', async () => {
    // Each variant alone in the store: default mode first (the store's own), then developer mode, which validates against the XSD.
    const variants: Array<{ name: string; code: string; email: string; extra?: string; closeTag?: string }> = [
      { name: 'an email with a newline inside <email>', code: 'integration/invalid-email', email: 'dev@mik.example\n        ' },
      { name: 'an element the XSD does not know', code: 'integration/unknown-element', email: 'dev@mik.example', extra: '<note>not in the schema</note>' },
      { name: 'malformed XML', code: 'xml/malformed', email: 'dev@mik.example', closeTag: '</emial>' },
    ];
    try {
      for (const [index, variant] of variants.entries()) {
        const m = { vendor: 'Mik', module: `Broken${index}${RUN}`, integration: `MikBroken${index}${RUN}` };
        const root = path.join(scratch, `broken${index}`);
        mkdirSync(root, { recursive: true });
        assert.equal(cli('scaffold', '--root', root, '--vendor', m.vendor, '--module', m.module, '--integration', m.integration, '--email', 'dev@mik.example', '--resource', 'Magento_Catalog::products').status, 0);
        const moduleRoot = path.join(root, 'app/code', m.vendor, m.module);
        const file = path.join(moduleRoot, 'etc/integration.xml');
        writeFileSync(file, readFileSync(file, 'utf8').replace('<email>dev@mik.example</email>', `<email>${variant.email}${variant.closeTag ?? '</email>'}${variant.extra ?? ''}`));
        const lint = JSON.parse(cli('lint', moduleRoot, '--format', 'json').stdout) as { diagnostics: Array<{ code: string; severity: string }> };
        compare(`${variant.name}: the lint's error`, variant.code, lint.diagnostics.find((d) => d.severity === 'error')?.code);
        const target = path.join(ROOT, 'app/code', m.vendor, m.module);
        cpSync(moduleRoot, target, { recursive: true });
        const created = async () => Number((await db.query('select count(*) as n from integration where name = ?', [m.integration]))[0].n) === 1;
        const defaultRun = magento('setup:upgrade');
        const inDefault = { exit: defaultRun.status, created: await created() };
        magento('deploy:mode:set', 'developer');
        const developerRun = magento('setup:upgrade');
        magento('deploy:mode:set', 'default');
        rmSync(target, { recursive: true, force: true });
        // What the lint's code promises: the XSD rejects the file in developer mode; in default mode a schema
        // error is stored as written, and a malformed file is never read (its first run may still exit 0).
        const malformed = variant.code === 'xml/malformed';
        compare(`${variant.name}: default mode, integration created`, inDefault.created, !malformed);
        if (!malformed) compare(`${variant.name}: default mode, exit code`, inDefault.exit, 0);
        compare(`${variant.name}: developer mode fails`, developerRun.status !== 0, true);
        console.log(`      (default mode exited ${inDefault.exit}; developer mode: ${`${developerRun.stdout}\n${developerRun.stderr}`.split('\n').find((l) => /The XML in file|is invalid/.test(l))?.trim().slice(0, 160) ?? developerRun.status})`);
      }
    } finally {
      magento('deploy:mode:set', 'default');
    }
  });

  it('file encodings: a UTF-16 acl.xml is read and its id granted; an invalid UTF-8 byte fails setup:upgrade where the lint says', async () => {
    const scratchCode = path.join(scratch, 'encodings/app/code');
    const { wide, bad } = writeEncodingModules(scratchCode, RUN);
    const lint = JSON.parse(cli('lint', path.dirname(path.dirname(scratchCode)), '--format', 'json').stdout) as { diagnostics: Array<{ file: string; line: number; code: string; severity: string; message: string }> };
    const errorsIn = (dir: string) => lint.diagnostics.filter((d) => d.file.startsWith(dir) && d.severity === 'error');
    const targets = [wide, bad].map((m) => path.join(ROOT, 'app/code', ...m.name.split('_')));
    try {
      // The UTF-16 module alone: setup:upgrade installs it and grants its id (Magento drops unknown ids).
      cpSync(wide.dir, targets[0], { recursive: true });
      const wideRun = magento('setup:upgrade');
      const rows = await db.query(`select r.resource_id from integration i join authorization_role ro on ro.user_id = i.integration_id and ro.user_type = 1
        join authorization_rule r on r.role_id = ro.role_id and r.permission = 'allow' where i.name = ?`, [`${wide.name}Int`]);
      const granted = rows.map((r: { resource_id: string }) => r.resource_id) as string[];
      compare('UTF-16 acl.xml with a BOM: exit code, its id granted', { exit: wideRun.status, granted: granted.includes(`${wide.name}::read`) },
        { exit: errorsIn(wide.dir).length > 0 ? 1 : 0, granted: !lint.diagnostics.some((d) => d.file.startsWith(wide.dir) && d.code === 'acl/unknown-resource') });
      // Then the invalid byte: Magento's message names the bytes and the line.
      cpSync(bad.dir, targets[1], { recursive: true });
      const badRun = magento('setup:upgrade');
      const said = /Input is not proper UTF-8, indicate encoding !\s*Bytes: ([0-9A-Fx ]+)\s*Line: (\d+)/.exec(`${badRun.stdout}\n${badRun.stderr}`);
      const reported = errorsIn(bad.dir).find((d) => d.code === 'xml/malformed');
      compare('invalid UTF-8 in acl.xml: exit code, the bytes and line named', { exit: badRun.status, bytes: said?.[1].trim(), line: Number(said?.[2]) },
        { exit: reported ? 1 : 0, bytes: /Bytes: ([0-9A-Fx ]+)\./.exec(reported?.message ?? '')?.[1], line: reported?.line });
    } finally {
      for (const target of targets) rmSync(target, { recursive: true, force: true });
      magento('setup:upgrade');
    }
  });

  it('finds the components Magento registers (its glob list and Composer\'s installed.json): the modules of app/etc/config.php, no more', async () => {
    const found = await findComponents(nodeFileSystem, ROOT);
    const names = found.map((c) => /ComponentRegistrar::MODULE,\s*'([^']+)'/.exec(nodeFileSystem.readFile(path.join(c.root, 'registration.php')) ?? '')?.[1]).filter((n): n is string => !!n);
    const config = readPhpReturnedArray(readFileSync(path.join(ROOT, 'app/etc/config.php'), 'utf8'));
    const modules = [...(config.get('modules') as Map<string, unknown>).keys()].map(String);
    compare('the modules found, against those setup:upgrade wrote to config.php', [...modules].sort(), [...new Set(names)].sort());
  });

  it('reports no difference', () => {
    assert.deepEqual(differences, []);
  });
});
