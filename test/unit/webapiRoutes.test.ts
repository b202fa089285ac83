// Which REST routes an integration can call, as Magento decides it, on the bundled 2.4.6 routes and ACL
// (a workspace without a core of its own) and on a workspace's own webapi.xml.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { matchRoute, readRestPath } from '../../server/src/magento/restCall';
import { queuedForms } from '../../shared/queuedRoutes';
import { effectiveGrants, grantsForCalls, mergeRoutes, readWebapiRoutes, refusalBody, routeForCall, routeVerdict, WebapiRoute } from '../../server/src/magento/webapiRoutes';
import { bundledRoutes, workspaceRoutes } from '../../server/src/workspace/routeIndex';
import { memoryFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';

const snapshot = new AclIndex(bundledCoreCatalog()).snapshot();
const routes = bundledRoutes();
const route = (method: string, url: string) => routes.find((r) => r.method === method && r.url === url)!;
const canCall = (listed: string[], format: 'integration.xml' | 'legacy', r: WebapiRoute) => routeVerdict(r, effectiveGrants(listed, format, snapshot), snapshot);

describe('REST routes joined to the ACL', () => {
  it('holds the 420 bundled routes, and every resource they name is in the bundled ACL but one Magento never declares', () => {
    assert.equal(routes.length, 420);
    const unknown = routes.flatMap((r) => r.resources).filter((id) => id !== 'self' && id !== 'anonymous' && !snapshot.get(id));
    assert.deepEqual([...new Set(unknown)], ['Magento_AdobeStockImage::actions_view']);
  });

  it('integration.xml grants bring their parents; the legacy api.xml grants only what it lists', () => {
    const orders = route('GET', '/V1/orders');
    assert.deepEqual(orders.resources, ['Magento_Sales::actions_view']);
    assert.deepEqual(canCall(['Magento_Sales::actions_view'], 'integration.xml', orders), { allowed: true });
    assert.deepEqual(canCall(['Magento_Sales::actions_view'], 'legacy', orders), { allowed: true }, 'the child is allowed by its own row');
    const products = route('GET', '/V1/products');
    assert.deepEqual(canCall(['Magento_Sales::actions_view'], 'integration.xml', products), { allowed: false, reason: 'not-granted', missing: ['Magento_Catalog::products'] });
    // A parent the legacy grant does not list is denied: routes guarded by it fail.
    const parentGuarded = routes.find((r) => r.resources.includes('Magento_Sales::sales'));
    if (parentGuarded) {
      assert.equal(canCall(['Magento_Sales::actions_view'], 'legacy', parentGuarded).allowed, false);
      assert.equal(canCall(['Magento_Sales::actions_view'], 'integration.xml', parentGuarded).allowed, true);
    }
    assert.deepEqual(canCall(['Magento_Catalog::prodcts'], 'integration.xml', products).allowed, false, 'an unknown id is dropped');
  });

  it('anonymous needs nothing, self is never an integration\'s, all resources open everything else, an undeclared id only to all', () => {
    assert.deepEqual(canCall([], 'integration.xml', route('GET', '/V1/directory/countries')), { allowed: true });
    assert.deepEqual(canCall(['Magento_Backend::all'], 'integration.xml', route('GET', '/V1/customers/me')), { allowed: false, reason: 'self', missing: ['self'] });
    const stock = route('GET', '/V1/adobestock/asset/search');
    assert.equal(canCall(['Magento_Backend::all'], 'integration.xml', stock).allowed, true);
    assert.equal(canCall(['Magento_Catalog::products'], 'integration.xml', stock).allowed, false);
    const everything = effectiveGrants(['Magento_Backend::all'], 'integration.xml', snapshot);
    assert.equal(routes.filter((r) => routeVerdict(r, everything, snapshot).allowed).length, routes.filter((r) => !r.resources.includes('self')).length);
    assert.equal(refusalBody(route('GET', '/V1/products')), '{"message":"The consumer isn\'t authorized to access %resources.","parameters":{"resources":"Magento_Catalog::products"}}');
  });

  it('finds the route of a call, store code and parameters included, and the fewest grants for an app\'s calls', () => {
    assert.equal(routeForCall('GET /rest/default/V1/orders/12', routes)?.url, '/V1/orders/:id');
    assert.equal(routeForCall('GET /rest/V1/orders?searchCriteria[pageSize]=1', routes)?.url, '/V1/orders');
    assert.equal(routeForCall('DELETE /V1/nothing/here', routes), undefined);
    const needed = grantsForCalls(['GET /V1/orders', 'GET /V1/products/abc', 'GET /V1/customers/me', 'GET /V1/nope'], routes, snapshot, 'legacy');
    // In Magento's tree order (Sales comes before Catalog there), parents first for api.xml.
    assert.deepEqual(needed.resources, ['Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view', 'Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products']);
    assert.deepEqual(needed.impossible.map((i) => [i.call, i.reason]), [['GET /V1/customers/me', 'self'], ['GET /V1/nope', 'unknown-route']]);
    assert.deepEqual(grantsForCalls(['GET /V1/orders'], routes, snapshot, 'integration.xml').resources, ['Magento_Sales::actions_view']);
  });

  // How Magento reads a call's path (Webapi PathProcessor, WebapiAsync's processors and aliases), row by row
  // as the real 2.4.6 store answered (test/oauth/routes.test.ts plays the same calls over HTTP).
  const STORES = new Set(['default']);
  const READS: Array<[string, string, ReturnType<typeof readRestPath>]> = [
    ['GET', '/rest/V1/products', { call: { method: 'GET', store: undefined, mode: 'sync', path: '/V1/products' } }],
    ['GET', '/rest/default/V1/products?x=1', { call: { method: 'GET', store: 'default', mode: 'sync', path: '/V1/products' } }],
    ['PUT', '/rest/all/V1/products/a', { call: { method: 'PUT', store: 'all', mode: 'sync', path: '/V1/products/a' } }],
    ['POST', '/rest/async/V1/products', { call: { method: 'POST', store: undefined, mode: 'async', path: '/V1/products' } }],
    ['POST', '/rest/all/async/V1/products', { call: { method: 'POST', store: 'all', mode: 'async', path: '/V1/products' } }],
    ['PUT', '/rest/async/bulk/V1/products/bySku', { call: { method: 'PUT', store: undefined, mode: 'bulk', path: '/V1/products/bySku' } }],
    ['PUT', '/rest/async/bulk/V1/products', { call: { method: 'PUT', store: undefined, mode: 'bulk', path: '/V1/products/bySku' } }],
    ['POST', '/rest/asyncProducts', { call: { method: 'POST', store: undefined, mode: 'async', path: '/V1/products' } }],
    ['GET', '/rest/async/V1/products/a', { unprocessable: 'get-not-queued', store: undefined }],
    ['GET', '/rest/nosuch/V1/products', { unprocessable: 'unknown-store', store: undefined }],
    ['GET', '/rest/admin/V1/products', { unprocessable: 'unknown-store', store: undefined }],
    ['GET', '/rest/DEFAULT/V1/products', { unprocessable: 'unknown-store', store: undefined }],
    ['POST', '/rest/nosuch/async/V1/products', { unprocessable: 'unknown-store', store: undefined }],
    ['GET', '/rest/nothing', { unprocessable: 'no-processor', store: undefined }],
  ];
  for (const [method, path, expected] of READS) {
    it(`reads ${method} ${path} as Magento does`, () => assert.deepEqual(readRestPath(method, path, STORES), expected));
  }

  it('matches a bulk call only with byParam segments, never a GET route; async calls need the route\'s own grants', () => {
    const bulk = (path: string) => matchRoute({ method: 'PUT', mode: 'bulk', path }, routes);
    assert.equal(bulk('/V1/customerGroups/byId')?.url, '/V1/customerGroups/:id');
    assert.equal(bulk('/V1/customerGroups/1'), undefined);
    assert.equal(matchRoute({ method: 'GET', mode: 'bulk', path: '/V1/products' }, routes), undefined);
    // Without the store's list, any lower-case first segment is taken for a store code.
    assert.deepEqual(readRestPath('GET', '/rest/fr_store/V1/products'), { call: { method: 'GET', store: 'fr_store', mode: 'sync', path: '/V1/products' } });
    const needed = grantsForCalls(['POST /async/V1/products', 'PUT /rest/all/async/bulk/V1/customerGroups/byId', 'GET /async/V1/orders'], routes, snapshot, 'integration.xml');
    assert.deepEqual(needed.resources, ['Magento_Catalog::products', 'Magento_Customer::group']);
    assert.deepEqual(needed.routes.map((r) => [r.route.url, r.mode]), [['/V1/products', 'async'], ['/V1/customerGroups/:id', 'bulk']]);
    assert.deepEqual(needed.impossible.map((i) => [i.call, i.reason]), [['GET /async/V1/orders', 'unprocessable']]);
    assert.deepEqual(queuedForms({ method: 'DELETE', url: '/V1/products/:sku/media/:entryId' }), { async: '/async/V1/products/:sku/media/:entryId', bulk: '/async/bulk/V1/products/bySku/media/byEntryId' });
    assert.equal(queuedForms({ method: 'GET', url: '/V1/products' }), undefined);
  });

  it('reads webapi.xml and merges routes as Magento does: the module loaded last wins a URL and method', async () => {
    const text = '<routes><route url="/V1/acme/orders" method="get"><service class="Acme\\Api\\X" method="list"/><resources><resource ref="Acme_Sync::sync"/><resource ref="Magento_Sales::sales"/></resources></route></routes>';
    assert.deepEqual(readWebapiRoutes(text, 'Acme_Sync'), [{ method: 'GET', url: '/V1/acme/orders', service: 'Acme\\Api\\X::list', resources: ['Acme_Sync::sync', 'Magento_Sales::sales'], module: 'Acme_Sync' }]);
    const later = { method: 'GET', url: '/V1/products', resources: ['Acme_Sync::sync'], module: 'Acme_Sync' };
    assert.deepEqual(mergeRoutes([...routes, later]).filter((r) => r.url === '/V1/products' && r.method === 'GET'), [later]);
    // A module repository without Magento's core: the bundled routes, then the module's own.
    const register = "<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_Sync', __DIR__);";
    const workspace = new MagentoWorkspace(memoryFileSystem({ '/m/registration.php': register, '/m/etc/module.xml': '<config><module name="Acme_Sync"/></config>', '/m/etc/webapi.xml': text }));
    await workspace.index(['/m']);
    const all = workspaceRoutes(workspace);
    // 420 bundled routes, two of them the same URL and method (Magento_TwoFactorAuth replaces
    // Magento_Integration's POST /V1/integration/admin/token), and the module's own.
    assert.equal(all.length, 420);
    assert.equal(all.find((r) => r.url === '/V1/integration/admin/token')?.module, 'Magento_TwoFactorAuth');
    assert.equal(all.at(-1)!.url, '/V1/acme/orders');
  });

  it('agrees, on every bundled route, with an independent reading of Magento\'s rules (test/routes/verdicts.py)', () => {
    const grantSets: Array<{ format: 'integration.xml' | 'legacy'; listed: string[] }> = [
      { format: 'integration.xml', listed: ['Magento_Sales::actions_view', 'Magento_Catalog::products'] },
      { format: 'legacy', listed: ['Magento_Sales::actions_view', 'Magento_Catalog::products', 'Magento_Customer::manage'] },
      { format: 'legacy', listed: ['Magento_Sales::sales', 'Magento_Cms::page', 'Magento_Config::advanced'] },
      { format: 'integration.xml', listed: ['Magento_Backend::all'] },
      { format: 'integration.xml', listed: ['Magento_Backend::all', 'Magento_Catalog::catalog'] },
      { format: 'integration.xml', listed: [] },
      { format: 'integration.xml', listed: snapshot.ordered.filter((_, i) => i % 3 === 0).map((r) => r.id) },
    ];
    const python = spawnSync('/usr/bin/python3', [path.join(__dirname, '../routes/verdicts.py')], { input: JSON.stringify(grantSets), encoding: 'utf8', timeout: 60_000 });
    assert.equal(python.status, 0, python.stderr);
    const theirs = JSON.parse(python.stdout) as boolean[][];
    grantSets.forEach((grant, g) => {
      const grants = effectiveGrants(grant.listed, grant.format, snapshot);
      const ours = routes.map((r) => routeVerdict(r, grants, snapshot).allowed);
      const differ = routes.filter((_, i) => ours[i] !== theirs[g][i]).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(differ, [], `grant set ${g}`);
      assert.ok(ours.some(Boolean) || grant.listed.length === 0, `grant set ${g} opens something`);
    });
  });
});
