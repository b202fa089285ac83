// The simulated store with an integration's grants (mock-store --integration): after the handshake it
// answers every REST route of the project as Magento would, and says which resources the app lacks.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import OAuth1a from 'oauth-1.0a';
import * as path from 'node:path';
import { loadProject } from '../../server/src/cli/project';
import { createInterface } from 'node:readline';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { effectiveGrants, routeVerdict } from '../../server/src/magento/webapiRoutes';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { TesterEvent } from '../../server/src/oauth/events';
import { send } from '../../server/src/oauth/http';
import { MockStore } from '../../server/src/oauth/mockStore';
import { bundledRoutes, integrationAccess } from '../../server/src/workspace/routeIndex';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const CLI = path.resolve(__dirname, '../../dist/cli.js');

async function storeFor(integration: string, apiPath: string) {
  const workspace = await loadProject([FIXTURE]);
  const access = integrationAccess(workspace, integration)!;
  const snapshot = workspace.acl.snapshot();
  const app = new CallbackReceiver({ onEvent: () => {}, apiPath });
  await app.start();
  const events: TesterEvent[] = [];
  const store = new MockStore({
    endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl, onEvent: (e) => events.push(e),
    api: { routes: workspace.routes(), verdict: (route) => routeVerdict(route, access.grants, snapshot) },
  });
  const base = await store.start();
  return { app, store, base, events, close: async () => { await store.stop(); await app.stop(); } };
}


/** A simulated store granting `ids` over the bundled core routes, activated, and a signer for calls as its integration. */
async function signingStore(ids: string[]) {
  const workspace = await loadProject([FIXTURE]);
  const snapshot = workspace.acl.snapshot();
  const grants = effectiveGrants(ids, 'integration.xml', snapshot);
  const app = new CallbackReceiver({ onEvent: () => {} });
  await app.start();
  const events: TesterEvent[] = [];
  const store = new MockStore({ endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl, onEvent: (e) => events.push(e), api: { routes: bundledRoutes(), verdict: (route) => routeVerdict(route, grants, snapshot) } });
  const base = await store.start();
  await store.activate();
  await store.done(false);
  const credentials = store.accessCredentials!;
  const signer = new OAuth1a({ consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret }, signature_method: 'HMAC-SHA256', hash_function: (b, k) => createHmac('sha256', k).update(b).digest('base64') });
  const call = (method: string, target: string, body?: string) => {
    const url = `${base}${target}`;
    const header = signer.toHeader(signer.authorize({ method, url }, { key: credentials.token, secret: credentials.tokenSecret }));
    return send({ method, url, headers: { ...header, 'Content-Type': 'application/json' }, body });
  };
  return { events, call, close: async () => { await store.stop(); await app.stop(); } };
}

describe('the simulated store with an integration\'s grants', function () {
  this.timeout(60000);

  it('lets an integration call the routes its grants open, with the OAuth checks first', async () => {
    const { app, store, base, close } = await storeFor('AcmeSync', 'rest/V1/acme/orders');
    try {
      await store.activate();
      assert.ok(await app.done(), 'the app got its access token and its call through');
      assert.deepEqual(store.restCalls, [{ call: 'GET /rest/V1/acme/orders', route: 'GET /V1/acme/orders', allowed: true }]);
      // Unsigned: 401 with the route's resources, as Magento answers a caller it cannot authenticate.
      const unsigned = await send({ method: 'GET', url: `${base}rest/V1/acme/orders` });
      assert.deepEqual([unsigned.status, JSON.parse(unsigned.body)], [401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Acme_Sync::sync_orders' } }]);
      const anonymous = await send({ method: 'GET', url: `${base}rest/V1/acme/ping` });
      assert.equal(anonymous.status, 200, 'an anonymous route needs no token');
      const unknown = await send({ method: 'GET', url: `${base}rest/V1/nowhere` });
      assert.deepEqual([unknown.status, JSON.parse(unknown.body)], [404, { message: 'Request does not match any route.' }]);
    } finally {
      await close();
    }
  });

  it('refuses a route the grants do not open with Magento\'s 401 body, and names the missing resource', async () => {
    const { app, store, events, close } = await storeFor('AcmeLegacy', 'rest/V1/acme/orders');
    try {
      await store.activate();
      const deadline = Date.now() + 30000;
      while (store.restCalls.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(store.restCalls, [{ call: 'GET /rest/V1/acme/orders', route: 'GET /V1/acme/orders', allowed: false, missing: ['Acme_Sync::sync_orders'] }]);
      const refusal = events.find((e) => e.event === 'rejected' && e.step === 'api-call')!;
      assert.equal(refusal.response?.body, '{"message":"The consumer isn\'t authorized to access %resources.","parameters":{"resources":"Acme_Sync::sync_orders"}}');
      assert.match(refusal.hint as string, /needs Acme_Sync::sync_orders, which the integration does not grant/);
      assert.equal(app.failures, 1);
    } finally {
      await close();
    }
  });

  it('runs a Bearer call as a guest where the store does not take integration tokens: an anonymous route answers, a guarded one is refused', async () => {
    const { store, base, events, close } = await storeFor('AcmeSync', 'rest/V1/acme/orders');
    try {
      await store.activate();
      await store.done(true);
      const headers = { Authorization: `Bearer ${store.accessCredentials!.token}` };
      const guarded = await send({ method: 'GET', url: `${base}rest/V1/acme/orders`, headers });
      assert.equal(guarded.status, 401);
      assert.deepEqual(JSON.parse(guarded.body), { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Acme_Sync::sync_orders' } });
      assert.match(events.at(-1)!.hint ?? '', /standalone Bearer tokens/);
      assert.deepEqual(store.restCalls.at(-1), { call: 'GET /rest/V1/acme/orders', route: 'GET /V1/acme/orders', allowed: false }, 'no grant would open it: nothing to add');
      assert.equal((await send({ method: 'GET', url: `${base}rest/V1/acme/ping`, headers })).status, 200);
    } finally {
      await close();
    }
  });

  it('mock-store --integration prints the calls refused and the resources to add', async () => {
    const app = new CallbackReceiver({ onEvent: () => {}, apiPath: 'rest/V1/acme/orders' });
    await app.start();
    try {
      const mock = spawn(process.execPath, [CLI, 'mock-store', '--endpoint-url', app.endpointUrl, '--identity-link-url', app.identityLinkUrl, '--integration', 'AcmeLegacy', '--root', FIXTURE, '--idle', '1', '--timeout', '30', '--json']);
      let out = '';
      mock.stdout.on('data', (chunk) => (out += chunk));
      const code = await new Promise<number | null>((resolve) => mock.on('exit', resolve));
      const events = out.trim().split('\n').map((line) => JSON.parse(line));
      assert.equal(code, 1, out);
      assert.deepEqual(events.find((e) => e.event === 'summary'), { event: 'summary', calls: 1, refused: 1, resourcesToAdd: ['Acme_Sync::sync_orders'], hint: 'Grant Acme_Sync::sync_orders to AcmeLegacy.' });
      assert.deepEqual(events.at(-1), { event: 'result', ok: false, reason: '1 of 1 call refused' });
    } finally {
      await app.stop();
    }
  });

  it('an oauthlib-signed app makes allowed and refused calls, and gets Magento\'s statuses and bodies', async () => {
    const snapshot = new AclIndex(bundledCoreCatalog()).snapshot();
    const grants = effectiveGrants(['Magento_Sales::actions_view'], 'integration.xml', snapshot);
    const calls = ['GET rest/V1/orders?searchCriteria%5BpageSize%5D=1', 'GET rest/default/V1/products', 'GET rest/V1/customers/me', 'POST rest/V1/nowhere'];
    const app = spawn('/usr/bin/python3', [path.join(__dirname, 'oauthlib_app.py'), ...calls]);
    const out = createInterface({ input: app.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await out.next()).value as string);
    try {
      const { port } = await next();
      const store = new MockStore({
        endpointUrl: `http://127.0.0.1:${port}/callback`, identityLinkUrl: `http://127.0.0.1:${port}/login`, onEvent: () => {},
        api: { routes: bundledRoutes(), verdict: (route) => routeVerdict(route, grants, snapshot) },
      });
      await store.start();
      try {
        await store.activate();
        const steps = [await next(), await next()];
        assert.deepEqual(steps.map((s) => s.status), [200, 200], 'request and access tokens');
        const answers = [await next(), await next(), await next(), await next()];
        assert.deepEqual(answers.map((a) => [a.call, a.status]), calls.map((c, i) => [c, [200, 401, 401, 404][i]]));
        assert.deepEqual(JSON.parse(answers[0].body), { simulated: true, route: 'GET /V1/orders', service: 'Magento\\Sales\\Api\\OrderRepositoryInterface::getList' });
        assert.deepEqual(JSON.parse(answers[1].body), { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Catalog::products' } });
        assert.deepEqual(JSON.parse(answers[2].body), { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'self' } });
        assert.deepEqual(store.restCalls.map((c) => c.allowed), [true, false, false, false]);
      } finally {
        await store.stop();
      }
    } finally {
      app.kill();
    }
  });

  // Each row is what the real Adobe Commerce 2.4.6-p1 store answered an integration granted
  // Magento_Catalog::products (and its parents) but not Magento_Customer::group (docs/webapi-access.md);
  // the real-store suite plays the same calls against both stores.
  const PRODUCT = { product: { sku: 'mik-async', name: 'A', attribute_set_id: 4, price: 1, type_id: 'simple' } };
  const QUEUED_CASES: Array<[string, string, unknown, number, unknown?]> = [
    ['POST', 'rest/async/V1/products', PRODUCT, 202],
    ['POST', 'rest/all/async/V1/products', PRODUCT, 202],
    ['PUT', 'rest/async/bulk/V1/products/bySku', [PRODUCT], 202],
    ['PUT', 'rest/async/bulk/V1/products', [PRODUCT], 202],
    ['POST', 'rest/asyncProducts', PRODUCT, 202],
    ['POST', 'rest/async/bulk/V1/products', PRODUCT, 400, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'product' } }],
    ['POST', 'rest/async/V1/customerGroups', { group: { code: 'x', tax_class_id: 3 } }, 401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Customer::group' } }],
    ['PUT', 'rest/async/bulk/V1/customerGroups/byId', [{ id: 1, group: { code: 'x', tax_class_id: 3 } }], 401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Customer::group' } }],
    ['PUT', 'rest/async/bulk/V1/customerGroups/1', [{ group: { code: 'x', tax_class_id: 3 } }], 404, { message: 'Request does not match any route.' }],
    ['PUT', 'rest/async/V1/customers/me', { customer: {} }, 401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'self' } }],
    ['POST', 'rest/async/V1/customers', { customer: { email: 'a@example.com', firstname: 'a', lastname: 'b' } }, 202],
    ['GET', 'rest/async/V1/products/mik-async', undefined, 400, { message: 'Specified request cannot be processed.' }],
    ['GET', 'rest/async/bulk/V1/products', undefined, 400, { message: 'Specified request cannot be processed.' }],
    ['POST', 'rest/async/V1/no/such', {}, 404, { message: 'Request does not match any route.' }],
    ['GET', 'rest/nosuchstore/V1/products/x', undefined, 400, { message: 'Specified request cannot be processed.' }],
    ['POST', 'rest/nosuchstore/async/V1/products', PRODUCT, 400, { message: 'Specified request cannot be processed.' }],
    ['GET', 'rest/admin/V1/products/x', undefined, 400, { message: 'Specified request cannot be processed.' }],
    ['GET', 'rest/DEFAULT/V1/products/x', undefined, 400, { message: 'Specified request cannot be processed.' }],
    ['GET', 'rest/all/V1/products/x', undefined, 200],
    ['GET', 'rest/default/V1/products/x', undefined, 200],
  ];

  it('answers async, bulk and store-coded calls as the real store did: queued 202s under the route\'s own resources, 400 for a GET under /async/ or an unknown store code', async () => {
    const { events, call, close } = await signingStore(['Magento_Catalog::products']);
    try {
      const answers: Array<[string, number, unknown?]> = [];
      for (const [method, target, body] of QUEUED_CASES) {
        const answer = await call(method, target, body === undefined ? undefined : JSON.stringify(body));
        answers.push([`${method} ${target}`, answer.status, answer.status === 200 || answer.status === 202 ? undefined : JSON.parse(answer.body)]);
        if (answer.status === 202) {
          const queued = JSON.parse(answer.body) as { bulk_uuid: string; request_items: Array<{ id: number; status: string; data_hash: string }>; errors: boolean };
          assert.match(queued.bulk_uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
          assert.deepEqual(queued.request_items.map((i) => [i.id, i.status, i.data_hash.length]), [[0, 'accepted', 64]]);
          assert.equal(queued.errors, false);
          assert.match(events.at(-1)!.hint ?? '', /async\.operations\.all consumer/);
        }
      }
      assert.deepEqual(answers, QUEUED_CASES.map(([method, target, , status, body]) => [`${method} ${target}`, status, body]));
      const unknownStore = events.find((e) => e.event === 'rejected' && e.status === 400 && /nosuchstore/.test(e.request?.url ?? ''));
      assert.match(unknownStore?.hint ?? '', /No store view has the code in this URL \(the store knows "default" and "all"/);
    } finally {
      await close();
    }
  });

  it('says what an update through a store view does to catalog data, and nothing for /rest/all/', async () => {
    const { events, call, close } = await signingStore(['Magento_Catalog::categories']);
    try {
      const hints: string[] = [];
      for (const target of ['rest/V1/categories/3', 'rest/default/V1/categories/3', 'rest/all/V1/categories/3']) {
        const answer = await call('PUT', target, '{"category":{"name":"x"}}');
        assert.equal(answer.status, 200);
        hints.push(events.at(-1)!.hint ?? '');
      }
      assert.match(hints[0], /updates the default store view \(\/rest\/ without a store code\): the values it sets are saved as that store view's/);
      assert.match(hints[1], /updates store view "default" \(\/rest\/default\/\)/);
      assert.doesNotMatch(hints[2], /store view/);
    } finally {
      await close();
    }
  });
});
