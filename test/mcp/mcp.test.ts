// `magento-integration-kit mcp` driven by a real MCP client (the official SDK's, over stdio, spawning the CLI
// as an agent's configuration does) on the real-world corpus: published modules nobody here wrote.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import OAuth1a from 'oauth-1.0a';
import { loadProject } from '../../server/src/cli/project';
import { apiFromVerdicts, MockStore } from '../../server/src/oauth/mockStore';
import { integrationAccess } from '../../server/src/workspace/routeIndex';
import { startMariaDb, TestDatabaseServer } from '../store/mariadb';
import { READER_PASSWORD, SECRETS, seedStore } from '../store/seededStore';

const ROOT = path.resolve(__dirname, '../..');
const CORPUS = path.join(ROOT, 'test', 'fixtures', 'real-world');

describe('the MCP server, through the SDK\'s client over stdio', function () {
  this.timeout(120000);
  let workspace: string;
  let client: Client;
  let db: TestDatabaseServer;
  let store: MockStore;

  before(async () => {
    workspace = mkdtempSync(path.join(tmpdir(), 'mik-mcp-'));
    cpSync(CORPUS, path.join(workspace, 'app', 'code', 'Corpus'), { recursive: true });
    // As Claude Code, VS Code or Cursor start it: the command and its arguments.
    client = new Client({ name: 'test-agent', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [path.join(ROOT, 'dist', 'cli.js'), 'mcp', '--root', workspace], stderr: 'inherit' }));
  });
  after(async () => {
    await client?.close();
    await store?.stop();
    await db?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }>; structuredContent?: any; isError?: boolean };
    return { ...result, text: result.content.map((c) => c.text).join('') };
  };

  it('lists its tools, each described with an input schema; the one that writes says so', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['acl_lookup', 'diagnostics', 'explain_signature', 'integration_routes', 'resources_for_calls', 'scaffold_module', 'store_check']);
    for (const tool of tools) {
      assert.ok((tool.description ?? '').length > 80, `${tool.name} is described`);
      assert.equal(tool.inputSchema.type, 'object');
    }
    const scaffold = tools.find((t) => t.name === 'scaffold_module')!;
    assert.match(scaffold.description!, /^WRITES FILES/);
    assert.equal(tools.find((t) => t.name === 'store_check')!.annotations?.readOnlyHint, true);
  });

  it('integration_routes: what a published legacy integration may call (AfterShip grants Magento_Sales::sales only)', async () => {
    const { structuredContent: routes, isError } = await call('integration_routes', { integration: 'AfterShip' });
    assert.ok(!isError);
    assert.equal(routes.format, 'legacy');
    assert.deepEqual(routes.granted.sort(), ['Magento_Backend::admin', 'Magento_Sales::sales']);
    // Magento_Sales::sales guards the carts' licence routes; orders need Magento_Sales::actions_view, not granted.
    assert.ok(routes.routes.some((r: any) => r.url === '/V1/carts/licence'));
    assert.ok(!routes.routes.some((r: any) => r.url === '/V1/orders'));
    assert.ok(routes.closed > 300);
    const unknown = await call('integration_routes', { integration: 'Nope' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /No integration named "Nope".*AfterShip/);
  });

  it('resources_for_calls: the fewest grants, parents for api.xml, and the calls nothing opens', async () => {
    const { structuredContent: needed } = await call('resources_for_calls', { calls: ['GET /V1/orders/12', 'GET /V1/customers/me', 'GET /V1/nothing/here'] });
    assert.deepEqual(needed.resources, ['Magento_Sales::actions_view']);
    assert.deepEqual(needed.impossible.map((i: any) => [i.call, i.reason]), [['GET /V1/customers/me', 'self'], ['GET /V1/nothing/here', 'unknown-route']]);
    const legacy = await call('resources_for_calls', { calls: ['GET /V1/orders/12'], legacy: true });
    assert.deepEqual(legacy.structuredContent.resources, ['Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view']);
  });

  it('diagnostics: the corpus\'s recorded verdicts for a module, and nothing outside the project', async () => {
    const { structuredContent: found } = await call('diagnostics', { path: 'app/code/Corpus/aftership-tracking' });
    const codes = found.diagnostics.map((d: any) => `${d.file}:${d.line} ${d.code}`);
    assert.ok(codes.includes('app/code/Corpus/aftership-tracking/etc/integration/api.xml:3 integration/legacy-format'), codes.join('\n'));
    assert.ok(codes.includes('app/code/Corpus/aftership-tracking/composer.json:16 composer/autoload-mismatch'), codes.join('\n'));
    const outside = await call('diagnostics', { path: '/etc' });
    assert.equal(outside.isError, true);
  });

  it('acl_lookup: by id and by words of a title', async () => {
    const byId = (await call('acl_lookup', { query: 'Magento_Sales::actions_view' })).structuredContent;
    assert.equal(byId.total, 1);
    assert.deepEqual([byId.resources[0].title, byId.resources[0].breadcrumb], ['View', 'Magento Admin > Sales > Operations > Orders > Actions > View']);
    const byWords = (await call('acl_lookup', { query: 'credit memo' })).structuredContent;
    assert.ok(byWords.resources.some((r: any) => r.id === 'Magento_Sales::sales_creditmemo'), JSON.stringify(byWords));
  });

  it('explain_signature: a correct curl command matches; one signed without its query is named; no secret comes back', async () => {
    const secrets = { consumerSecret: 'cs-mcp-0123456789abcdef0123456789', tokenSecret: 'ts-mcp-0123456789abcdef0123456789' };
    const oauth = new OAuth1a({ consumer: { key: 'ck-mcp', secret: secrets.consumerSecret }, signature_method: 'HMAC-SHA256', hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64') });
    const token = { key: 'tk-mcp', secret: secrets.tokenSecret };
    const url = 'https://shop.example/rest/V1/orders?searchCriteria[pageSize]=5';
    const curl = (signedUrl: string) => `curl -g -H 'Authorization: ${oauth.toHeader(oauth.authorize({ url: signedUrl, method: 'GET' }, token)).Authorization}' '${url}'`;
    const good = await call('explain_signature', { request: curl(url), ...secrets });
    assert.equal(good.structuredContent.matches, true, good.text);
    const bad = await call('explain_signature', { request: curl('https://shop.example/rest/V1/orders'), ...secrets });
    assert.equal(bad.structuredContent.matches, false);
    assert.ok(bad.structuredContent.mistake, bad.text);
    for (const secret of Object.values(secrets)) assert.ok(!good.text.includes(secret) && !bad.text.includes(secret), 'a secret came back');
  });

  it('scaffold_module: writes the module, then refuses to overwrite it', async () => {
    const input = { vendor: 'Agent', module: 'Sync', integration: 'AgentSync', email: 'dev@agent.example', resources: ['Magento_Sales::actions_view'] };
    const made = await call('scaffold_module', input);
    assert.ok(!made.isError, made.text);
    assert.ok(made.structuredContent.created.includes('app/code/Agent/Sync/etc/integration.xml'));
    assert.ok(existsSync(path.join(workspace, 'app/code/Agent/Sync/etc/integration.xml')));
    // The new module is seen by the next call (the model is read again).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.ok(!(await call('integration_routes', { integration: 'AgentSync' })).isError);
    const again = await call('scaffold_module', input);
    assert.equal(again.isError, true);
    assert.match(again.text, /exists/);
  });

  it('store_check: read-only, against a real MariaDB; refused with the reason when no database is named', async () => {
    const none = await call('store_check', {});
    assert.equal(none.isError, true);
    assert.match(none.text, /env\.php is missing or unreadable/);
    db = await startMariaDb();
    const project = await loadProject([path.join(ROOT, 'test', 'fixtures', 'magento-project')]);
    store = new MockStore({ endpointUrl: 'http://127.0.0.1:9/callback', identityLinkUrl: 'http://127.0.0.1:9/login', onEvent: () => {}, api: apiFromVerdicts(integrationAccess(project, 'AcmeSync')!.routes) });
    await store.start();
    await seedStore(db, store.storeBaseUrl);
    const checked = await call('store_check', { databaseUrl: `mysql://reader@127.0.0.1:${db.port}/magento`, password: READER_PASSWORD });
    assert.ok(!checked.isError, checked.text);
    assert.equal(checked.structuredContent.store.authorizationHeader, 'passes');
    // The store's integrations are not this corpus's: each said apart; the corpus's own are missing from the store.
    const byName = new Map(checked.structuredContent.integrations.map((i: any) => [i.name, i]));
    assert.equal((byName.get('AcmeSync') as any).inWorkspace, false);
    assert.equal((byName.get('AfterShip') as any).status, 'missing');
    for (const secret of SECRETS) assert.ok(!checked.text.includes(secret), `a secret came back: ${secret}`);
  });
});
