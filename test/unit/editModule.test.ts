// Adding an integration or resources to existing files: minimal edits in the file's own style, and the
// result still passes Magento's XSDs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { FileChange, planAddIntegration, planAddResources } from '../../server/src/scaffold/editModule';

const acl = new AclIndex(bundledCoreCatalog()).snapshot();
const CATALOG = path.resolve(__dirname, '../../data/magento-xsd/catalog.xml');

function apply(text: string, change: FileChange): string {
  if (change.create !== undefined) return change.create;
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'xml', 0, text), change.edits!);
}

function assertValid(text: string, schema: string): void {
  const result = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, '-'], { input: text, encoding: 'utf8', timeout: 60_000, env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
  assert.equal(result.status, 0, result.stderr);
}

const TAB_INTEGRATION = `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">
\t<integration name="First">
\t\t<email>a@b.example</email>
\t</integration>
</config>
`;
const MODULE_XML = `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">
  <module name="Acme_Erp"/>
</config>
`;

describe('adding to an existing module', () => {
  it('appends an integration to integration.xml in the file\'s own indentation, and adds the sequence', () => {
    const files: Record<string, string> = { 'etc/integration.xml': TAB_INTEGRATION, 'etc/module.xml': MODULE_XML };
    const { changes, openFile } = planAddIntegration({ name: 'Acme_Erp', read: (p) => files[p] },
      { name: 'Second', email: 'c@d.example', resources: ['Magento_Catalog::products'] }, acl);
    assert.equal(openFile, 'etc/integration.xml');
    const integration = apply(TAB_INTEGRATION, changes.find((c) => c.path === 'etc/integration.xml')!);
    assert.ok(integration.startsWith(TAB_INTEGRATION.slice(0, TAB_INTEGRATION.indexOf('</config>'))), 'the existing text is kept as it was');
    assert.match(integration, /\n\t<integration name="Second">\n\t\t<email>c@d\.example<\/email>\n\t\t<resources>\n\t\t\t<resource name="Magento_Catalog::catalog"\/>/);
    assertValid(integration, 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd');
    const moduleXml = apply(MODULE_XML, changes.find((c) => c.path === 'etc/module.xml')!);
    assert.match(moduleXml, / {2}<module name="Acme_Erp">\n {4}<sequence>\n {6}<module name="Magento_Integration"\/>\n {4}<\/sequence>\n {2}<\/module>/);
    assertValid(moduleXml, 'urn:magento:framework:Module/etc/module.xsd');
  });

  it('follows the legacy layout: config.xml, api.xml with parents, and a new data patch', () => {
    const config = `<?xml version="1.0"?>\n<integrations>\n    <integration name="Old">\n        <email>a@b.example</email>\n    </integration>\n</integrations>\n`;
    const files: Record<string, string> = { 'etc/integration/config.xml': config };
    const { changes, openFile } = planAddIntegration({ name: 'Acme_Erp', read: (p) => files[p] },
      { name: 'New one', email: 'c@d.example', resources: ['Magento_Sales::actions_view'] }, acl);
    assert.equal(openFile, 'etc/integration/config.xml');
    assert.deepEqual(changes.map((c) => c.path), ['etc/integration/config.xml', 'etc/integration/api.xml', 'Setup/Patch/Data/CreateNewOneIntegration.php']);
    assertValid(apply(config, changes[0]), 'urn:magento:module:Magento_Integration:etc/integration/config.xsd');
    assert.match(changes[1].create!, /Magento_Sales::sales"\/>\n.*Magento_Sales::sales_operation/);
    assertValid(changes[1].create!, 'urn:magento:module:Magento_Integration:etc/integration/api.xsd');
    assert.match(changes[2].create!, /processIntegrationConfig\(\['New one'\]\)/);
  });

  it('refuses a module whose file is not well-formed, and an own resource nobody declares', () => {
    assert.throws(() => planAddIntegration({ name: 'Acme_Erp', read: (p) => (p === 'etc/integration.xml' ? '<config><integration' : undefined) },
      { name: 'X1', email: 'a@b.example', resources: [] }, acl), /not well-formed/);
    assert.throws(() => planAddIntegration({ name: 'Acme_Erp', read: () => undefined },
      { name: 'X1', email: 'a@b.example', resources: ['Acme_Erp::new'] }, acl), /Declare Acme_Erp::new in the module's etc\/acl.xml first/);
  });

  it('adds resources with their parents to a legacy api.xml, skipping what is listed', () => {
    const api = `<integrations>\n  <integration name="Old">\n    <resources>\n      <resource name="Magento_Sales::sales"/>\n    </resources>\n  </integration>\n</integrations>\n`;
    const edits = planAddResources(api, 'integration-api', 'Old', ['Magento_Sales::actions_view'], acl);
    const result = TextDocument.applyEdits(TextDocument.create('file:///x', 'xml', 0, api), edits);
    assert.equal(result, api.replace('      <resource name="Magento_Sales::sales"/>\n',
      '      <resource name="Magento_Sales::sales"/>\n      <resource name="Magento_Sales::sales_operation"/>\n      <resource name="Magento_Sales::sales_order"/>\n      <resource name="Magento_Sales::actions"/>\n      <resource name="Magento_Sales::actions_view"/>\n'));
    assert.deepEqual(planAddResources(result, 'integration-api', 'Old', ['Magento_Sales::actions_view'], acl), []);
  });

  it('adds only the chosen ids to integration.xml, creating <resources> when absent', () => {
    const edits = planAddResources(TAB_INTEGRATION, 'integration', 'First', ['Magento_Catalog::products'], acl);
    const result = TextDocument.applyEdits(TextDocument.create('file:///x', 'xml', 0, TAB_INTEGRATION), edits);
    assert.match(result, /\t\t<email>a@b\.example<\/email>\n\t\t<resources>\n\t\t\t<resource name="Magento_Catalog::products"\/>\n\t\t<\/resources>\n\t<\/integration>/);
    assertValid(result, 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd');
    assert.throws(() => planAddResources(TAB_INTEGRATION, 'integration', 'First', ['Magento_Catalog::nope'], acl), /Unknown ACL resource/);
  });
});
