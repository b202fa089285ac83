// integration/unused-grant: a granted leaf resource of the project's own module that no REST route names
// and no file of its module mentions. Checked with the CLI's lint on a copy of the fixture project, so
// the workspace model (routes, module files, caches) is the real one.
import * as assert from 'node:assert/strict';
import { cpuMs } from '../cpuTime';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { lint } from '../../server/src/cli/lint';
import { collectMentions } from '../../server/src/magento/aclMentions';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

const ACL = `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
    <acl>
        <resources>
            <resource id="Magento_Backend::admin">
                <resource id="Acme_Sync::sync" title="Acme Sync" sortOrder="100">
                    <resource id="Acme_Sync::sync_orders" title="Order Export"/>
                    <resource id="Acme_Sync::reports" title="Sync Reports"/>
                </resource>
            </resource>
        </resources>
    </acl>
</config>
`;

const INTEGRATION = `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">
    <integration name="AcmeSync">
        <email>dev@acme.example</email>
        <resources>
            <resource name="Acme_Sync::sync_orders"/>
            <resource name="Acme_Sync::reports"/>
            <resource name="Acme_Sync::sync"/>
            <resource name="Magento_Sales::actions_view"/>
        </resources>
    </integration>
</config>
`;

describe('integration/unused-grant', function () {
  this.timeout(60_000);
  let project: string;

  beforeEach(() => {
    project = mkdtempSync(path.join(tmpdir(), 'mik-unused-'));
    cpSync(FIXTURE, project, { recursive: true });
    writeFileSync(path.join(project, 'app/code/Acme/Sync/etc/acl.xml'), ACL);
    writeFileSync(path.join(project, 'app/code/Acme/Sync/etc/integration.xml'), INTEGRATION);
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  const unused = async () => (await lint([path.join(project, 'app/code/Acme/Sync')])).filter((d) => d.code === 'integration/unused-grant');

  it('reports a granted leaf of the own module that no route names and no file of the module uses, and only that', async () => {
    const found = await unused();
    // sync_orders opens GET /V1/acme/orders; sync has children; Magento_Sales::actions_view is the core's.
    assert.deepEqual(found.map((d) => [d.severity, d.line]), [['information', 7]]);
    assert.match(found[0].message, /"Acme_Sync::reports" opens no REST route of the workspace, and no file of Acme_Sync uses it/);
  });

  for (const [where, file, text] of [
    ['a controller\'s ADMIN_RESOURCE', 'Controller/Adminhtml/Reports/Index.php', "<?php\nnamespace Acme\\Sync\\Controller\\Adminhtml\\Reports;\nclass Index extends \\Magento\\Backend\\App\\Action\n{\n    const ADMIN_RESOURCE = 'Acme_Sync::reports';\n}\n"],
    ['a UI component\'s aclResource', 'view/adminhtml/ui_component/acme_reports_listing.xml', '<listing><dataSource name="x"><aclResource>Acme_Sync::reports</aclResource></dataSource></listing>\n'],
    ['a route of webapi.xml', 'etc/webapi.xml', '<routes><route url="/V1/acme/reports" method="GET"><service class="Acme\\Sync\\Api\\ReportsInterface" method="get"/><resources><resource ref="Acme_Sync::reports"/></resources></route></routes>\n'],
  ] as const) {
    it(`says nothing once ${where} uses it`, async () => {
      const target = path.join(project, 'app/code/Acme/Sync', file);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      assert.deepEqual(await unused(), []);
    });
  }

  it('reads mentions in linear time and only of that module', () => {
    const into = new Set<string>();
    collectMentions("ADMIN_RESOURCE = 'Acme_Sync::a'; XAcme_Sync::b Acme_Sync:: Acme_Sync::c_d", 'Acme_Sync', into);
    assert.deepEqual([...into], ['Acme_Sync::a', 'Acme_Sync::c_d']);
    const hostile = 'Acme_Sync::'.repeat(200_000) + 'a'.repeat(200_000);
    assert.ok(cpuMs(() => collectMentions(hostile, 'Acme_Sync', new Set())) < 2_000, 'a megabyte of prefixes is read at once');
  });
});
