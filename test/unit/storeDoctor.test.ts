// The doctor's judgement on store rows, scenario by scenario (the rows as a real 2.4.6 store writes them:
// see test/real-store for the same scenarios played on one).
import * as assert from 'node:assert/strict';
import { diagnoseStore, grantsDrift, StoreSnapshot, WorkspaceIntegration } from '../../server/src/magento/storeDoctor';

const ROOT = 'Magento_Backend::admin';
const CUSTOMER = [ROOT, 'Magento_Customer::customer'];
const SALES = [ROOT, 'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view'];

function store(parts: Partial<StoreSnapshot> = {}): StoreSnapshot {
  return { integrations: [], rules: new Map(), tokens: [], config: new Map(), appliedPatches: new Set(), installedModules: new Set(), ...parts };
}
function integration(parts: Partial<WorkspaceIntegration> & { name: string }): WorkspaceIntegration {
  return { format: 'integration.xml', module: 'Acme_Sync', uri: 'file:///p/app/code/Acme/Sync/etc/integration.xml', line: 2, allowed: new Set(CUSTOMER), fullAccess: false, ...parts };
}
const row = (id: number, name: string, parts: Partial<StoreSnapshot['integrations'][number]> = {}) => ({ id, name, email: 'dev@acme.example', endpoint: 'https://erp.example/cb', identityLinkUrl: null, status: 1, setupType: 1, consumerId: id, ...parts });
const rules = (allowed: string[], denied: string[] = []) => ({ allowed, all: [...allowed, ...denied] });
const codes = (findings: Array<{ code: string; integration?: string }>, name?: string) => findings.filter((f) => !name || f.integration === name).map((f) => f.code);

describe('the store doctor\'s judgement', () => {
  describe('an integration the store does not have: why', () => {
    const cases: Array<[string, Partial<WorkspaceIntegration>, Partial<StoreSnapshot>, Map<string, boolean> | undefined, RegExp]> = [
      ['its module is not in config.php', {}, {}, new Map([['Magento_Store', true]]), /Acme_Sync is not in app\/etc\/config\.php: setup:upgrade has not run since the module was added/],
      ['its module is disabled', {}, {}, new Map([['Acme_Sync', false]]), /disabled in app\/etc\/config\.php.*module:enable Acme_Sync/],
      ['integration.xml, module enabled', {}, {}, new Map([['Acme_Sync', true]]), /creates etc\/integration\.xml's integrations on every setup:upgrade/],
      ['legacy, its data patch not applied', { format: 'legacy', setup: { dataPatches: ['Acme\\Sync\\Setup\\Patch\\Data\\Create'], installData: false } }, {}, undefined, /data patch Acme\\Sync\\Setup\\Patch\\Data\\Create has not been applied/],
      ['legacy, its data patch applied long ago', { format: 'legacy', setup: { dataPatches: ['P'], installData: false } }, { appliedPatches: new Set(['P']) }, undefined, /recorded as applied \(patch_list\), so Magento will not run it again/],
      ['legacy, InstallData of a module installed before', { format: 'legacy', setup: { dataPatches: [], installData: true } }, { installedModules: new Set(['Acme_Sync']) }, undefined, /InstallData\.php runs only when Acme_Sync is first installed.*never run now/],
      ['legacy, InstallData of a module not installed yet', { format: 'legacy', setup: { dataPatches: [], installData: true } }, {}, undefined, /not been installed yet \(not in setup_module\)/],
      ['legacy, no setup code', { format: 'legacy', setup: { dataPatches: [], installData: false } }, {}, undefined, /needs setup code that calls ConfigBasedIntegrationManager::processIntegrationConfig/],
    ];
    for (const [name, parts, snapshot, moduleStatus, message] of cases) {
      it(name, () => {
        const report = diagnoseStore(store(snapshot), [integration({ name: 'AcmeSync', ...parts })], { moduleStatus });
        const finding = report.findings.find((f) => f.code === 'store/integration-missing')!;
        assert.equal(finding.severity, 'error');
        assert.equal(finding.uri, 'file:///p/app/code/Acme/Sync/etc/integration.xml');
        assert.match(finding.message, message);
        assert.equal(report.integrations[0].status, 'missing');
      });
    }
  });

  describe('grants: the store\'s rows against the files\'', () => {
    it('none when they agree (the root included, as Magento stores it)', () => {
      const report = diagnoseStore(store({ integrations: [row(1, 'AcmeSync')], rules: new Map([[1, rules(CUSTOMER, ['Magento_Sales::sales'])]]), tokens: [{ id: 1, consumerId: 1, type: 'access', revoked: false, authorized: false }] }), [integration({ name: 'AcmeSync' })]);
      assert.deepEqual(codes(report.findings, 'AcmeSync'), []);
      assert.deepEqual(report.integrations[0], { name: 'AcmeSync', status: 'active', setupType: 'config', tokens: 'access-token', inWorkspace: true, grants: { added: [], removed: [], unknownToStore: [] } });
    });

    it('an error when the files grant what the store does not allow; the next setup:upgrade resets an integration.xml one', () => {
      const report = diagnoseStore(store({ integrations: [row(1, 'AcmeSync')], rules: new Map([[1, rules(CUSTOMER, SALES.slice(1))]]) }), [integration({ name: 'AcmeSync', allowed: new Set([...CUSTOMER, ...SALES]) })]);
      const drift = report.findings.find((f) => f.code === 'store/grants-drift')!;
      assert.equal(drift.severity, 'error');
      assert.match(drift.message, /the files grant Magento_Sales::actions, Magento_Sales::actions_view, Magento_Sales::sales, Magento_Sales::sales_operation, Magento_Sales::sales_order, which the store does not allow/);
      assert.match(drift.message, /deletes and recreates the integration \(status Reset\)/);
    });

    it('a warning when the store allows more; for the legacy pair, that setup:upgrade will not apply the change', () => {
      const report = diagnoseStore(store({ integrations: [row(1, 'AcmeLegacy')], rules: new Map([[1, rules([...CUSTOMER, 'Magento_Sales::sales'])]]) }), [integration({ name: 'AcmeLegacy', format: 'legacy' })]);
      const drift = report.findings.find((f) => f.code === 'store/grants-drift')!;
      assert.equal(drift.severity, 'warning');
      assert.match(drift.message, /the store allows Magento_Sales::sales, which the files no longer grant.*setup:upgrade does not apply this change/);
    });

    it('ids the store\'s ACL did not know are said apart, not as drift', () => {
      const drift = grantsDrift({ allowed: new Set([...CUSTOMER, 'Acme_Sync::sync_orders']), fullAccess: false }, rules(CUSTOMER, ['Magento_Sales::sales']));
      assert.deepEqual(drift, { added: [], removed: [], unknownToStore: ['Acme_Sync::sync_orders'] });
    });

    it('full access: Magento_Backend::all on both sides, or the difference', () => {
      assert.deepEqual(grantsDrift({ allowed: new Set(['Magento_Backend::all', ROOT]), fullAccess: true }, rules(['Magento_Backend::all'])), { added: [], removed: [], unknownToStore: [] });
      assert.deepEqual(grantsDrift({ allowed: new Set(CUSTOMER), fullAccess: false }, rules(['Magento_Backend::all'])), { added: ['Magento_Backend::all'], removed: [], unknownToStore: [] });
    });

    it('an integration made in the admin keeps the admin\'s grants: said once, not as drift', () => {
      const report = diagnoseStore(store({ integrations: [row(1, 'AcmeSync', { setupType: 0 })], rules: new Map([[1, rules([ROOT])]]), tokens: [{ id: 1, consumerId: 1, type: 'access', revoked: false, authorized: false }] }), [integration({ name: 'AcmeSync' })]);
      assert.deepEqual(codes(report.findings, 'AcmeSync'), ['store/integration-made-in-admin']);
    });

    it('the email or URLs changed in the file', () => {
      const report = diagnoseStore(store({ integrations: [row(1, 'AcmeSync')], rules: new Map([[1, rules(CUSTOMER)]]), tokens: [{ id: 1, consumerId: 1, type: 'access', revoked: false, authorized: false }] }), [integration({ name: 'AcmeSync', endpointUrl: 'https://erp.example/new' })]);
      const finding = report.findings.find((f) => f.code === 'store/fields-drift')!;
      assert.match(finding.message, /endpoint URL is "https:\/\/erp\.example\/cb", the file's "https:\/\/erp\.example\/new".*resets it/);
    });
  });

  describe('state and tokens', () => {
    const one = (parts: Partial<StoreSnapshot['integrations'][number]>, tokens: StoreSnapshot['tokens'] = []) =>
      diagnoseStore(store({ integrations: [row(1, 'AcmeSync', parts)], rules: new Map([[1, rules(CUSTOMER)]]), tokens }), [integration({ name: 'AcmeSync' })]);
    const access = { id: 1, consumerId: 1, type: 'access', revoked: false, authorized: false };
    const request = { id: 2, consumerId: 1, type: 'request', revoked: false, authorized: false };

    it('reset by setup:upgrade, waiting for Activate', () => {
      const report = one({ status: 2 });
      assert.equal(report.integrations[0].status, 'reset');
      assert.deepEqual(codes(report.findings, 'AcmeSync'), ['store/integration-reset']);
    });
    it('inactive: Activate posts to the endpoint, or with none shows the token in the admin', () => {
      assert.match(one({ status: 0 }).findings[0].message, /posts the consumer's credentials to its endpoint https:\/\/erp\.example\/cb/);
      assert.match(one({ status: 0, endpoint: null }).findings[0].message, /with no endpoint set, Magento issues the access token at once/);
    });
    it('active without an access token: calls refused', () => {
      assert.deepEqual(codes(one({}, [{ ...access, revoked: true }]).findings, 'AcmeSync'), ['store/active-without-token']);
    });
    it('activated, the handshake stopped: a verifier only, or a request token only (the one row Magento turns in place)', () => {
      const verifier = one({ status: 0 }, [{ ...request, type: 'verifier' }]);
      assert.equal(verifier.integrations[0].tokens, 'verifier');
      assert.match(verifier.findings.find((f) => f.code === 'store/handshake-not-finished')!.message, /holds a verifier: the app has not asked for a request token.*within 300 seconds of Activate/);
      const requested = one({ status: 0 }, [request]);
      assert.equal(requested.integrations[0].tokens, 'request-token');
      assert.deepEqual(codes(requested.findings, 'AcmeSync'), ['store/handshake-not-finished']);
    });
    it('made in the admin without an endpoint: it already holds its token', () => {
      assert.ok(codes(one({ setupType: 0, endpoint: null }, [access]).findings, 'AcmeSync').includes('store/token-already-issued'));
    });
    it('tokens of a consumer no integration owns', () => {
      const report = diagnoseStore(store({ tokens: [{ ...access, consumerId: 9 }, { ...request, consumerId: 9 }] }), []);
      assert.match(report.findings.find((f) => f.code === 'store/tokens-left-behind')!.message, /^2 OAuth tokens belong to a consumer no integration owns/);
    });
    it('an integration of the store that no file of the workspace configures', () => {
      const report = diagnoseStore(store({ integrations: [row(3, 'Elsewhere')] }), []);
      assert.deepEqual(report.integrations.map((i) => [i.name, i.inWorkspace]), [['Elsewhere', false]]);
      assert.deepEqual(codes(report.findings, 'Elsewhere'), ['store/integration-not-in-workspace']);
    });
  });

  describe('the settings that decide how apps authenticate', () => {
    it('defaults: no Bearer tokens, 300 seconds, and an HTTP base URL noted', () => {
      const report = diagnoseStore(store({ config: new Map([['web/unsecure/base_url', 'http://shop.test/']]) }), []);
      assert.deepEqual(report.store, { baseUrl: 'http://shop.test/', secureBaseUrl: undefined, bearerTokens: false, consumerExpirySeconds: 300 });
      assert.deepEqual(codes(report.findings), ['store/bearer-tokens', 'store/consumer-expiry', 'store/base-url-insecure']);
    });
    it('env.php\'s system settings win over the database\'s', () => {
      const report = diagnoseStore(store({ config: new Map([['oauth/consumer/enable_integration_as_bearer', '0'], ['oauth/consumer/expiration_period', '600'], ['web/secure/base_url', 'https://shop.test/']]) }), [], {
        systemDefaults: new Map([['oauth/consumer/enable_integration_as_bearer', '1']]),
      });
      assert.equal(report.store.bearerTokens, true);
      assert.equal(report.store.consumerExpirySeconds, 600);
      assert.ok(!codes(report.findings).includes('store/base-url-insecure'));
    });
  });
});
