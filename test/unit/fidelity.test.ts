// One test per class of false alarm or miss found on real Magento trees, each on an in-memory
// workspace through the same model and service the editor and the CLI use.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { memoryFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';
import { workspaceLanguageService } from '../../server/src/service/workspaceService';
import { moduleLoadOrder } from '../../server/src/magento/components';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { aclXml, CATALOG_ACL, CORE_ACL, withCursor } from './helpers';

const register = (type: string, name: string) => `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::${type}, '${name}', __DIR__);\n`;
const moduleXml = (name: string, body = '') => `<?xml version="1.0"?>\n<config><module name="${name}">${body}</module></config>\n`;
const CORE = {
  '/p/app/etc/di.xml': '<config/>',
  '/p/vendor/magento/module-backend/registration.php': register('MODULE', 'Magento_Backend'),
  '/p/vendor/magento/module-backend/etc/module.xml': moduleXml('Magento_Backend'),
  '/p/vendor/magento/module-backend/etc/acl.xml': CORE_ACL,
  '/p/vendor/magento/module-catalog/registration.php': register('MODULE', 'Magento_Catalog'),
  '/p/vendor/magento/module-catalog/etc/module.xml': moduleXml('Magento_Catalog'),
  '/p/vendor/magento/module-catalog/etc/acl.xml': CATALOG_ACL,
};

async function project(files: Record<string, string>) {
  const fs = memoryFileSystem({ ...CORE, ...files });
  const workspace = new MagentoWorkspace(fs);
  await workspace.index(['/p']);
  const service = workspaceLanguageService(workspace);
  const lint = (file: string) => service.doValidation(TextDocument.create(`file://${file}`, 'xml', 1, fs.files.get(file)!)).map((d) => d.code);
  return { workspace, service, lint };
}

describe('real-project fidelity', () => {
  it('1. isAllowed() is an admin ACL id only on an admin authorization; B2B company checks use company_acl.xml', async () => {
    const controller = `<?php
namespace Acme\\Sync\\Controller\\Account;
use Magento\\Company\\Api\\AuthorizationInterface;
use Magento\\Framework\\AuthorizationInterface as AdminAuthorization;
class Index {
    public function __construct(private AuthorizationInterface $authorization, private AdminAuthorization $admin, private \\Some\\Policy $policy) {}
    public function execute() {
        $this->authorization->isAllowed('Magento_Company::users_view');
        $this->authorization->isAllowed('Magento_Company::nope');
        $this->admin->isAllowed('Magento_Catalog::productz');
        $this->policy->isAllowed('not an acl id at all');
        $this->_authorization->isAllowed('Magento_Catalog::products');
    }
}`;
    const { lint, service } = await project({
      '/p/vendor/magento/module-company/registration.php': register('MODULE', 'Magento_Company'),
      '/p/vendor/magento/module-company/etc/company_acl.xml': aclXml('<resource id="Magento_Company::index" title="All"><resource id="Magento_Company::users_view" title="View users"/></resource>'),
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/Controller/Account/Index.php': controller,
    });
    assert.deepEqual(lint('/p/app/code/Acme/Sync/Controller/Account/Index.php'), ['acl/unknown-resource', 'acl/unknown-resource']);
    const messages = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Sync/Controller/Account/Index.php', 'php', 1, controller)).map((d) => d.message as string);
    assert.match(messages[0], /Unknown company ACL resource "Magento_Company::nope": no company_acl.xml/);
    assert.match(messages[1], /Unknown ACL resource "Magento_Catalog::productz".*Did you mean "Magento_Catalog::products"/);
    const { document, position } = withCursor('/p/app/code/Acme/Sync/Controller/Account/Index.php', controller.replace("isAllowed('Magento_Company::users_view')", "isAllowed('|')"));
    assert.deepEqual(service.doComplete(document, position).items.map((i) => i.label), ['Magento_Company::index', 'Magento_Company::users_view']);
  });

  it('2. libraries, themes and language packs are not modules and get no module or composer diagnostics', async () => {
    const { lint, workspace } = await project({
      '/p/vendor/magento/framework/registration.php': register('LIBRARY', 'magento/framework'),
      '/p/vendor/magento/framework/composer.json': JSON.stringify({ name: 'magento/framework', type: 'magento2-library', autoload: { 'psr-4': { 'Magento\\Framework\\': '' } } }),
      '/p/vendor/magento/theme-frontend-luma/registration.php': register('THEME', 'frontend/Magento/luma'),
      '/p/vendor/magento/theme-frontend-luma/composer.json': JSON.stringify({ name: 'magento/theme-frontend-luma', type: 'magento2-theme' }),
      '/p/vendor/magento/language-de_de/registration.php': register('LANGUAGE', 'magento_de_de'),
      '/p/vendor/magento/language-de_de/composer.json': JSON.stringify({ name: 'magento/language-de_de', type: 'magento2-language' }),
    });
    for (const root of ['framework', 'theme-frontend-luma', 'language-de_de']) {
      assert.deepEqual(lint(`/p/vendor/magento/${root}/composer.json`), [], root);
      assert.deepEqual(lint(`/p/vendor/magento/${root}/registration.php`), [], root);
    }
    assert.deepEqual(workspace.modules.map((m) => m.name).sort(), ['Magento_Backend', 'Magento_Catalog']);
  });

  const legacyModule = (setup: Record<string, string>, extra: Record<string, string> = {}) => ({
    '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
    '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
    '/p/app/code/Acme/Sync/etc/integration/config.xml': '<integrations><integration name="AcmeSync"><email>a@acme.example</email></integration></integrations>',
    '/p/app/code/Acme/Sync/etc/integration/api.xml': '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Backend::stores"/></resources></integration></integrations>',
    ...Object.fromEntries(Object.entries(setup).map(([file, text]) => [`/p/app/code/Acme/Sync/${file}`, text])),
    ...extra,
  });
  const CONFIG = '/p/app/code/Acme/Sync/etc/integration/config.xml';

  it('3. not-installed follows class constants, other classes of the module and helpers; an unresolvable name says nothing', async () => {
    const constant = await project(legacyModule({
      'Setup/Patch/Data/Install.php': `<?php\nnamespace Acme\\Sync\\Setup\\Patch\\Data;\nuse Acme\\Sync\\Model\\Constants;\nclass Install { public function apply() { $this->manager->processIntegrationConfig([Constants::INTEGRATION_NAME]); } }`,
      'Model/Constants.php': `<?php\nnamespace Acme\\Sync\\Model;\nclass Constants { const INTEGRATION_NAME = 'AcmeSync'; }`,
    }));
    assert.deepEqual(constant.lint(CONFIG), ['integration/legacy-format']);
    const selfConstant = await project(legacyModule({ 'Helper/Installer.php': `<?php\nclass Installer { const NAME = 'AcmeSync'; // processIntegrationConfig(['Other'])\n function run() { $this->m->processIntegrationConfig([self::NAME]); } }` }));
    assert.deepEqual(selfConstant.lint(CONFIG), ['integration/legacy-format']);
    const variable = await project(legacyModule({ 'Setup/InstallData.php': `<?php\nclass InstallData { function install() { $this->m->processIntegrationConfig($this->names()); } }` }));
    assert.deepEqual(variable.lint(CONFIG), ['integration/legacy-format']);
    const commentedOut = await project(legacyModule({ 'Setup/InstallData.php': `<?php\nclass InstallData { function install() { /* $this->m->processIntegrationConfig(['AcmeSync']); */ } }` }));
    assert.deepEqual(commentedOut.lint(CONFIG), ['integration/legacy-format', 'integration/not-installed']);
  });

  it('4. api.xml alone installed by processConfigBasedIntegrations() is no mismatch; config.xml with no resources anywhere is', async () => {
    const apiOnly = await project({
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/integration/api.xml': '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Backend::stores"/></resources></integration></integrations>',
      '/p/app/code/Acme/Sync/Setup/Recurring.php': `<?php\nclass Recurring { function install() { $this->manager->processConfigBasedIntegrations(['AcmeSync' => ['email' => 'a@acme.example']]); } }`,
    });
    assert.deepEqual(apiOnly.lint('/p/app/code/Acme/Sync/etc/integration/api.xml'), ['integration/legacy-format']);
    const files = legacyModule({ 'Setup/InstallData.php': `<?php\nclass I { function install() { $this->m->processIntegrationConfig(['AcmeSync']); } }` });
    delete (files as Record<string, string>)['/p/app/code/Acme/Sync/etc/integration/api.xml'];
    const configOnly = await project(files);
    assert.deepEqual(configOnly.lint(CONFIG), ['integration/legacy-format', 'integration/name-mismatch']);
    // Split across modules, as Magento merges them: another module's api.xml grants the resources.
    const split = await project({ ...files, '/p/app/code/Acme/Grants/registration.php': register('MODULE', 'Acme_Grants'),
      '/p/app/code/Acme/Grants/etc/integration/api.xml': '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Backend::stores"/></resources></integration></integrations>' });
    assert.deepEqual(split.lint(CONFIG), ['integration/legacy-format']);
  });

  it('5. module.xml: only /config/module/sequence counts, and module.xsd is checked', async () => {
    const { lint } = await project({
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': '<config><module name="Acme_Sync" release_version="1.0"/><sequence><module name="Magento_Integration"/></sequence></config>',
      '/p/app/code/Acme/Sync/etc/integration.xml': '<config><integration name="AcmeSync"><email>a@acme.example</email></integration></config>',
    });
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/module.xml').sort(), ['module/missing-integration-sequence', 'module/unknown-element', 'module/unknown-element']);
  });

  it('6. a disabled resource and its subtree are not offered, are flagged where granted, and modules off in config.php contribute nothing', async () => {
    const { lint, service, workspace } = await project({
      '/p/app/etc/config.php': "<?php\nreturn ['modules' => ['Magento_Backend' => 1, 'Magento_Catalog' => 1, 'Acme_Off' => 0]];",
      '/p/app/code/Acme/Off/registration.php': register('MODULE', 'Acme_Off'),
      '/p/app/code/Acme/Off/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Off::off" title="Switched off"/></resource>'),
      '/p/app/code/Acme/Cfg/registration.php': register('MODULE', 'Acme_Cfg'),
      '/p/app/code/Acme/Cfg/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Magento_Catalog::catalog" disabled="true"/></resource>'),
      '/p/app/code/Acme/Cfg/etc/integration.xml': '<config><integration name="Cfg"><email>a@acme.example</email><resources><resource name="Magento_Catalog::products"/><resource name="Acme_Off::off"/></resources></integration></config>',
    });
    assert.equal(workspace.acl.snapshot().get('Acme_Off::off'), undefined);
    assert.deepEqual(lint('/p/app/code/Acme/Cfg/etc/integration.xml'), ['acl/disabled-resource', 'acl/unknown-resource']);
    const { document, position } = withCursor('/p/app/code/Acme/Cfg/etc/integration.xml', '<config><integration name="Cfg"><resources><resource name="Magento_Catalog|"/></resources></integration></config>');
    // Nothing under the disabled Magento_Catalog::catalog; the core modules this project lacks (CatalogRule…) come from the bundled catalog.
    const offered = service.doComplete(document, position).items.map((i) => i.label as string);
    assert.deepEqual(offered.filter((id) => id.startsWith('Magento_Catalog::')), []);
    assert.ok(offered.includes('Magento_CatalogRule::promo'), offered.join());
    const hover = service.doHover(doc('/p/app/code/Acme/Cfg/etc/integration.xml'), { line: 0, character: 93 });
    assert.match(JSON.stringify(hover), /Disabled.*Magento_Catalog::catalog/);
  });

  it('8. acl.xml files merge in module load order: the module loaded last wins a title', async () => {
    assert.deepEqual(moduleLoadOrder([{ name: 'Acme_B', sequence: ['Zed_A'] }, { name: 'Zed_A', sequence: [] }, { name: 'Magento_X', sequence: [] }]), ['Magento_X', 'Zed_A', 'Acme_B']);
    const { workspace } = await project({
      '/p/app/code/Acme/Early/registration.php': register('MODULE', 'Acme_Early'),
      '/p/app/code/Acme/Early/etc/module.xml': moduleXml('Acme_Early', '<sequence><module name="Zed_Late"/></sequence>'),
      '/p/app/code/Acme/Early/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Magento_Catalog::products" title="Loaded last"/></resource>'),
      '/p/app/code/Zed/Late/registration.php': register('MODULE', 'Zed_Late'),
      '/p/app/code/Zed/Late/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Magento_Catalog::products" title="Loaded before"/></resource>'),
    });
    assert.equal(workspace.acl.snapshot().get('Magento_Catalog::products')?.title, 'Loaded last');
  });

  it('9. a legacy integration split across modules is checked merged: an <email> in another config.xml is not missing', async () => {
    const files = legacyModule({ 'Setup/InstallData.php': `<?php\nclass I { function install() { $this->m->processIntegrationConfig(['AcmeSync']); } }` }, {
      '/p/app/code/Acme/Urls/registration.php': register('MODULE', 'Acme_Urls'),
      '/p/app/code/Acme/Urls/etc/integration/config.xml': '<integrations><integration name="AcmeSync"><endpoint_url>https://erp.example.com/cb</endpoint_url></integration></integrations>',
    });
    const { lint } = await project(files);
    assert.deepEqual(lint('/p/app/code/Acme/Urls/etc/integration/config.xml'), ['integration/exchange-needs-both-urls', 'integration/legacy-format']);
    assert.deepEqual(lint(CONFIG), ['integration/legacy-format']);
  });

  it('10. what a third-party dependency outside the workspace declares is not judged; Magento\'s own modules always are', async () => {
    const addOn = {
      '/p/app/code/Acme/Prices/registration.php': register('MODULE', 'Acme_Prices'),
      '/p/app/code/Acme/Prices/etc/module.xml': moduleXml('Acme_Prices', '<sequence><module name="Acme_Base"/><module name="Magento_Store"/><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Prices/etc/acl.xml': aclXml('<resource id="Acme_Base::api"><resource id="Acme_Prices::prices" title="Prices"/></resource>'),
      '/p/app/code/Acme/Prices/etc/webapi.xml': '<routes><route url="/V1/p" method="GET"><service class="X" method="y"/><resources><resource ref="Acme_Base::prices"/><resource ref="Magento_Store::store"/></resources></route></routes>',
      '/p/app/code/Acme/Prices/etc/integration.xml': '<config><integration name="Acme"><resources><resource name="Acme_Prices::prices"/></resources></integration></config>',
    };
    // Acme_Base (a sequence entry the workspace does not hold) may give Acme_Base::api its title, declare
    // Acme_Base::prices and set the integration's <email>: nothing is said about them.
    let { lint } = await project(addOn);
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/acl.xml'), []);
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/webapi.xml'), ['acl/unknown-resource']);
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/integration.xml'), []);
    // With Acme_Base in the workspace, what it lacks is reported.
    ({ lint } = await project({ ...addOn, '/p/app/code/Acme/Base/registration.php': register('MODULE', 'Acme_Base'), '/p/app/code/Acme/Base/etc/module.xml': moduleXml('Acme_Base') }));
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/acl.xml'), ['acl/missing-title']);
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/webapi.xml'), ['acl/unknown-resource', 'acl/unknown-resource']);
    // And with every dependency held, the grant that no route names (the route asks for Acme_Base::prices) is said to open nothing.
    assert.deepEqual(lint('/p/app/code/Acme/Prices/etc/integration.xml'), ['integration/missing-element', 'integration/unused-grant']);
  });

  it('11. composer.json: a file Composer cannot parse, and an autoload file the package lacks, are errors', async () => {
    const module = {
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync'),
    };
    const valid = '{"name": "acme/module-sync", "type": "magento2-module", "autoload": {"files": ["registration.php", "functions.php"], "psr-4": {"Acme\\\\Sync\\\\": ""}}}';
    let { lint, service } = await project({ ...module, '/p/app/code/Acme/Sync/composer.json': valid });
    assert.deepEqual(lint('/p/app/code/Acme/Sync/composer.json'), ['composer/autoload-mismatch']);
    ({ lint, service } = await project({ ...module, '/p/app/code/Acme/Sync/functions.php': '<?php', '/p/app/code/Acme/Sync/composer.json': valid }));
    assert.deepEqual(lint('/p/app/code/Acme/Sync/composer.json'), []);
    const broken = '{"name": "acme/module-sync",\n "autoload": {"files": ["registration.php"],}\n}';
    ({ lint, service } = await project({ ...module, '/p/app/code/Acme/Sync/composer.json': broken }));
    const [diagnostic] = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Sync/composer.json', 'json', 1, broken));
    assert.equal(diagnostic.code, 'composer/invalid-json');
    assert.deepEqual(diagnostic.range.start, { line: 1, character: 44 }, 'at the brace after the trailing comma, where JSON.parse stopped');
  });

  it('12. api.xml named by a setup call but configured by no config.xml fails setup:upgrade', async () => {
    const { lint, service } = await project({
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration/api.xml': '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Catalog::catalog"/></resources></integration></integrations>',
      '/p/app/code/Acme/Sync/Setup/Patch/Data/Install.php': `<?php\nclass Install { function apply() { $this->manager->processIntegrationConfig(['AcmeSync']); } }`,
    });
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration/api.xml'), ['integration/legacy-format', 'integration/name-mismatch']);
    const api = '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Catalog::catalog"/></resources></integration></integrations>';
    const mismatch = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Sync/etc/integration/api.xml', 'xml', 1, api)).find((d) => d.code === 'integration/name-mismatch')!;
    assert.equal(mismatch.severity, 1);
    assert.match(mismatch.message as string, /setup:upgrade fails/);
  });

  it('13. an id of a module the workspace does not hold is information, not a warning; a wrong id of a module it holds warns', async () => {
    const integration = '<config><integration name="Acme"><email>a@acme.example</email><resources>' +
      '<resource name="Magento_GiftCardAccount::customer_giftcardaccount"/><resource name="Aheadworks_Giftcard::giftcard_codes"/>' +
      '<resource name="Magento_Catalog::productz"/><resource name="Magento_Catalgo::products"/></resources></integration></config>';
    const { service } = await project({
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration.xml': integration,
    });
    const found = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Sync/etc/integration.xml', 'xml', 1, integration))
      .map((d) => [d.severity, d.message as string]);
    assert.deepEqual(found.map(([severity]) => severity), [3, 3, 2, 2], JSON.stringify(found));
    assert.match(found[0][1] as string, /^"Magento_GiftCardAccount::customer_giftcardaccount" belongs to Magento_GiftCardAccount, an Adobe Commerce module this workspace does not hold/);
    assert.match(found[1][1] as string, /^"Aheadworks_Giftcard::giftcard_codes" belongs to Aheadworks_Giftcard/);
  });

  it('14. a module that creates its integration itself from the legacy config is not "not installed"', async () => {
    const helper = `<?php
namespace Acme\\Sync\\Helper;
use Magento\\Integration\\Api\\IntegrationServiceInterface;
use Magento\\Integration\\Model\\Config as IntegrationConfig;
class Integrations {
    const NAME = 'acmeIntegration';
    public function __construct(private IntegrationConfig $config, private IntegrationServiceInterface $service) {}
    public function create() {
        $configs = $this->config->getIntegrations();
        if (isset($configs[self::NAME])) { return $this->service->create(['name' => self::NAME, 'email' => $configs[self::NAME]['email']]); }
    }
}`;
    const files = {
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration/config.xml': '<integrations><integration name="acmeIntegration"><email>a@acme.example</email></integration></integrations>',
      '/p/app/code/Acme/Sync/etc/integration/api.xml': '<integrations><integration name="acmeIntegration"><resources><resource name="Magento_Catalog::catalog"/></resources></integration></integrations>',
    };
    let { lint } = await project(files);
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration/config.xml'), ['integration/legacy-format', 'integration/not-installed']);
    ({ lint } = await project({ ...files, '/p/app/code/Acme/Sync/Helper/Integrations.php': helper }));
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration/config.xml'), ['integration/legacy-format']);
  });

  it('a data patch that creates the integration through Magento\'s integration service or factory installs it: no integration/not-installed', async () => {
    const files = {
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration/config.xml': '<integrations><integration name="acmeIntegration"><email>a@acme.example</email></integration></integrations>',
      '/p/app/code/Acme/Sync/etc/integration/api.xml': '<integrations><integration name="acmeIntegration"><resources><resource name="Magento_Catalog::catalog"/></resources></integration></integrations>',
    };
    const service = `<?php\nnamespace Acme\\Sync\\Setup\\Patch\\Data;\nuse Magento\\Integration\\Api\\IntegrationServiceInterface;\nclass CreateIntegration implements \\Magento\\Framework\\Setup\\Patch\\DataPatchInterface {\n  public function __construct(private IntegrationServiceInterface $integrations) {}\n  public function apply() { $this->integrations->create(['name' => 'acmeIntegration', 'email' => 'a@acme.example', 'resource' => ['Magento_Catalog::catalog']]); return $this; }\n  public static function getDependencies() { return []; }\n  public function getAliases() { return []; }\n}\n`;
    const factory = service.replace('use Magento\\Integration\\Api\\IntegrationServiceInterface;', 'use Magento\\Integration\\Model\\IntegrationFactory;').replace('IntegrationServiceInterface $integrations', 'IntegrationFactory $integrations').replace("$this->integrations->create([", "$this->integrations->create()->setData([").replace(']]); return', ']])->save(); return');
    for (const patch of [service, factory]) {
      const { lint } = await project({ ...files, '/p/app/code/Acme/Sync/Setup/Patch/Data/CreateIntegration.php': patch });
      assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration/config.xml'), ['integration/legacy-format']);
    }
    const { lint } = await project(files);
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration/config.xml'), ['integration/legacy-format', 'integration/not-installed']);
  });

  it('warns when an integration asks for every resource, a vendor\'s or the project\'s own', async () => {
    const integration = '<config><integration name="Vendor Connector"><email>a@b.example</email><resources><resource name="Magento_Backend::all"/></resources></integration></config>';
    const { lint } = await project({
      '/p/vendor/acme/module-connector/registration.php': register('MODULE', 'Acme_Connector'),
      '/p/vendor/acme/module-connector/etc/module.xml': moduleXml('Acme_Connector', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/vendor/acme/module-connector/etc/integration.xml': integration,
      '/p/app/code/Acme/Own/registration.php': register('MODULE', 'Acme_Own'),
      '/p/app/code/Acme/Own/etc/module.xml': moduleXml('Acme_Own', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Own/etc/integration.xml': integration.replace('Vendor Connector', 'Own'),
    });
    assert.ok(lint('/p/vendor/acme/module-connector/etc/integration.xml').includes('integration/full-access'));
    assert.ok(lint('/p/app/code/Acme/Own/etc/integration.xml').includes('integration/full-access'));
  });

  it('a partial core: the bundled 2.4.6 catalog and routes stand in for every core module the workspace lacks, never for one it holds', async () => {
    const { lint, workspace, service } = await project({
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration.xml': '<config><integration name="Sync"><email>a@acme.example</email><resources><resource name="Magento_Customer::manage"/><resource name="Magento_Sales::create"/><resource name="Magento_Customr::manage"/></resources></integration></config>',
    });
    // Real ids of core modules the project lacks are known; a real misspelling is a warning with the fix.
    const problems = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Sync/etc/integration.xml', 'xml', 1, workspace.readText('/p/app/code/Acme/Sync/etc/integration.xml')!));
    assert.deepEqual(problems.map((d) => [d.code, d.severity]), [['acl/unknown-resource', 2]]);
    assert.match(problems[0].message as string, /Did you mean "Magento_Customer::manage"|already grants/);
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/integration.xml'), ['acl/unknown-resource']);
    // Magento_Catalog is held: its ids are the workspace's alone, none added from the catalog.
    const catalogOnly = bundledCoreCatalog().filter((entry) => entry.module === 'Magento_Catalog' && !CATALOG_ACL.includes(`"${entry.id}"`));
    assert.ok(catalogOnly.length > 0);
    for (const entry of catalogOnly) assert.equal(workspace.acl.snapshot().get(entry.id), undefined, entry.id);
    assert.equal(workspace.acl.snapshot().get('Magento_Catalog::categories')?.bundled, false);
    assert.ok(workspace.acl.snapshot().get('Magento_Sales::sales')?.bundled);
    // The app's default call is a core route the project lacks: the bundled one answers.
    const urls = workspace.routes().map((r) => `${r.method} ${r.url}`);
    assert.ok(urls.includes('GET /V1/store/storeViews'));
    assert.ok(!workspace.routes().some((r) => r.module === 'Magento_Catalog'), 'a held module brings its own webapi.xml or none');
  });

  it('the bundled catalog names the module that owns an id (Magento_Sales::sales is Magento_Sales\'s, though Magento_Paypal declares it too)', async () => {
    const workspace = new MagentoWorkspace(memoryFileSystem({ '/m/registration.php': register('MODULE', 'Acme_Alone'), '/m/etc/module.xml': moduleXml('Acme_Alone') }));
    await workspace.index(['/m']);
    const snapshot = workspace.acl.snapshot();
    assert.deepEqual(['Magento_Sales::sales', 'Magento_Backend::admin', 'Magento_Reports::salesroot', 'Magento_User::acl'].map((id) => snapshot.get(id)?.catalogModule), ['Magento_Sales', 'Magento_Backend', 'Magento_Reports', 'Magento_User']);
  });

  it('an unknown id of a Magento module: a warning where the module is an Open Source one (Magento_Quote::quote) or the workspace holds the whole core; information, saying which, for an Adobe Commerce module or one no 2.4.6 edition has', async () => {
    const alone = new MagentoWorkspace(memoryFileSystem({
      '/m/registration.php': register('MODULE', 'Acme_Alone'),
      '/m/etc/module.xml': moduleXml('Acme_Alone', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/m/etc/integration.xml': '<config><integration name="Alone"><email>a@acme.example</email><resources><resource name="Magento_Quote::quote"/><resource name="Magento_Log::online"/><resource name="Magento_Reward::reward"/></resources></integration></config>',
    }));
    await alone.index(['/m']);
    const problems = workspaceLanguageService(alone).doValidation(TextDocument.create('file:///m/etc/integration.xml', 'xml', 1, alone.readText('/m/etc/integration.xml')!));
    assert.deepEqual(problems.map((d) => [d.code, d.severity]), [['acl/unknown-resource', 2], ['acl/unknown-resource', 3], ['acl/unknown-resource', 3]]);
    assert.match(problems[0].message as string, /Unknown ACL resource "Magento_Quote::quote": neither this workspace nor Magento Open Source 2\.4\.6 declares it/);
    assert.match(problems[1].message as string, /neither Magento Open Source nor Adobe Commerce 2\.4\.6 has a module Magento_Log/);
    assert.match(problems[2].message as string, /Magento_Reward, an Adobe Commerce module this workspace does not hold/);
  });

  it('module/missing-integration-sequence follows a workspace module\'s own sequence too', async () => {
    const { lint } = await project({
      '/p/app/code/Acme/Base/registration.php': register('MODULE', 'Acme_Base'),
      '/p/app/code/Acme/Base/etc/module.xml': moduleXml('Acme_Base', '<sequence><module name="Magento_Integration"/></sequence>'),
      '/p/app/code/Acme/Sync/registration.php': register('MODULE', 'Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync', '<sequence><module name="Acme_Base"/></sequence>'),
      '/p/app/code/Acme/Sync/etc/integration.xml': '<config><integration name="Sync"><email>a@acme.example</email><resources><resource name="Magento_Catalog::products"/></resources></integration></config>',
      '/p/app/code/Acme/Loose/registration.php': register('MODULE', 'Acme_Loose'),
      '/p/app/code/Acme/Loose/etc/module.xml': moduleXml('Acme_Loose', '<sequence><module name="Acme_Sync"/><module name="Acme_Base"/></sequence>'),
      '/p/app/code/Acme/Loose/etc/integration.xml': '<config><integration name="Loose"><email>a@acme.example</email><resources><resource name="Magento_Catalog::products"/></resources></integration></config>',
      '/p/app/code/Acme/Cycle/registration.php': register('MODULE', 'Acme_Cycle'),
      '/p/app/code/Acme/Cycle/etc/module.xml': moduleXml('Acme_Cycle', '<sequence><module name="Acme_Cycle"/></sequence>'),
      '/p/app/code/Acme/Cycle/etc/integration.xml': '<config><integration name="Cycle"><email>a@acme.example</email><resources><resource name="Magento_Catalog::products"/></resources></integration></config>',
    });
    assert.deepEqual(lint('/p/app/code/Acme/Sync/etc/module.xml'), []);
    assert.deepEqual(lint('/p/app/code/Acme/Loose/etc/module.xml'), []);
    // A module that only loads after itself never reaches Magento_Integration (and is a cycle), and the walk ends.
    assert.deepEqual(lint('/p/app/code/Acme/Cycle/etc/module.xml'), ['module/sequence-cycle', 'module/missing-integration-sequence']);
  });

  it('module/sequence-cycle: a sequence that comes back to the module is an error naming the cycle, as Magento\'s loader refuses it', async () => {
    const { lint, service, workspace } = await project({
      '/p/app/code/Acme/Alpha/registration.php': register('MODULE', 'Acme_Alpha'),
      '/p/app/code/Acme/Alpha/etc/module.xml': moduleXml('Acme_Alpha', '<sequence><module name="Acme_Beta"/></sequence>'),
      '/p/app/code/Acme/Beta/registration.php': register('MODULE', 'Acme_Beta'),
      '/p/app/code/Acme/Beta/etc/module.xml': moduleXml('Acme_Beta', '<sequence><module name="Acme_Gamma"/></sequence>'),
      '/p/app/code/Acme/Gamma/registration.php': register('MODULE', 'Acme_Gamma'),
      '/p/app/code/Acme/Gamma/etc/module.xml': moduleXml('Acme_Gamma', '<sequence><module name="Acme_Alpha"/></sequence>'),
      '/p/app/code/Acme/Self/registration.php': register('MODULE', 'Acme_Self'),
      '/p/app/code/Acme/Self/etc/module.xml': moduleXml('Acme_Self', '<sequence><module name="Acme_Self"/></sequence>'),
      '/p/app/code/Acme/Fine/registration.php': register('MODULE', 'Acme_Fine'),
      '/p/app/code/Acme/Fine/etc/module.xml': moduleXml('Acme_Fine', '<sequence><module name="Acme_Alpha"/><module name="Magento_Catalog"/></sequence>'),
    });
    assert.deepEqual(lint('/p/app/code/Acme/Alpha/etc/module.xml'), ['module/sequence-cycle']);
    assert.deepEqual(lint('/p/app/code/Acme/Self/etc/module.xml'), ['module/sequence-cycle']);
    assert.deepEqual(lint('/p/app/code/Acme/Fine/etc/module.xml'), [], 'loading after a module in a cycle is not itself a cycle');
    const [cycle] = service.doValidation(TextDocument.create('file:///p/app/code/Acme/Alpha/etc/module.xml', 'xml', 1, workspace.readText('/p/app/code/Acme/Alpha/etc/module.xml')!));
    assert.match(cycle.message as string, /Acme_Alpha → Acme_Beta → Acme_Gamma → Acme_Alpha\. Magento's module loader refuses it \("Circular sequence reference from 'Acme_Gamma' to 'Acme_Alpha'"\)/);
  });
});

function doc(file: string): TextDocument {
  return TextDocument.create(`file://${file}`, 'xml', 1, '<config><integration name="Cfg"><email>a@acme.example</email><resources><resource name="Magento_Catalog::products"/><resource name="Acme_Off::off"/></resources></integration></config>');
}
