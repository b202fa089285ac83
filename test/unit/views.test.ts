// The data behind the editor's views, read from an in-memory workspace through the same model the server uses.
import * as assert from 'node:assert/strict';
import { memoryFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';
import { aclViewNodes, integrationSummaries } from '../../server/src/workspace/views';
import { aclXml, CORE_ACL } from './helpers';

const register = (name: string) => `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);\n`;
const moduleXml = (name: string) => `<?xml version="1.0"?>\n<config><module name="${name}"/></config>\n`;

async function workspaceOf(files: Record<string, string>): Promise<MagentoWorkspace> {
  const workspace = new MagentoWorkspace(memoryFileSystem({
    '/p/app/etc/di.xml': '<config/>',
    '/p/vendor/magento/module-backend/registration.php': register('Magento_Backend'),
    '/p/vendor/magento/module-backend/etc/module.xml': moduleXml('Magento_Backend'),
    '/p/vendor/magento/module-backend/etc/acl.xml': CORE_ACL,
    ...files,
  }));
  await workspace.index(['/p']);
  return workspace;
}

describe('the views\' data', () => {
  it('lists the merged ACL in tree order with where each id is declared, and what is switched off', async () => {
    const workspace = await workspaceOf({
      '/p/app/code/Acme/Sync/registration.php': register('Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::sync" title="Acme Sync"><resource id="Acme_Sync::old" title="Old" disabled="true"/></resource></resource>'),
    });
    const nodes = aclViewNodes(workspace);
    const sync = nodes.find((n) => n.id === 'Acme_Sync::sync')!;
    assert.equal(sync.title, 'Acme Sync');
    assert.equal(sync.parentId, 'Magento_Backend::admin');
    assert.deepEqual(sync.declarations.map((d) => [d.uri, d.range.start.line]), [['file:///p/app/code/Acme/Sync/etc/acl.xml', 4]]);
    assert.equal(nodes.find((n) => n.id === 'Acme_Sync::old')!.disabled, true);
    assert.ok(nodes.indexOf(sync) < nodes.findIndex((n) => n.id === 'Acme_Sync::old'), 'parents come before children');
  });

  it('lists every integration once per name and format, with its module, URLs, grants and files', async () => {
    const workspace = await workspaceOf({
      '/p/app/code/Acme/Sync/registration.php': register('Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/module.xml': moduleXml('Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/integration.xml': '<config><integration name="AcmeSync"><email>a@b.example</email><endpoint_url>https://a.example/cb</endpoint_url><resources><resource name="Magento_Backend::admin"/><resource name="Magento_Sales::sales"/></resources></integration></config>',
      '/p/app/code/Acme/Legacy/registration.php': register('Acme_Legacy'),
      '/p/app/code/Acme/Legacy/etc/module.xml': moduleXml('Acme_Legacy'),
      '/p/app/code/Acme/Legacy/etc/integration/config.xml': '<integrations><integration name="Legacy"><email>l@b.example</email><identity_link_url>https://l.example/login</identity_link_url></integration></integrations>',
      '/p/app/code/Acme/Legacy/etc/integration/api.xml': '<integrations><integration name="Legacy"><resources><resource name="Magento_Catalog::catalog"/></resources></integration></integrations>',
      '/p/vendor/other/module-x/registration.php': register('Other_X'),
      '/p/vendor/other/module-x/etc/module.xml': moduleXml('Other_X'),
      '/p/vendor/other/module-x/etc/integration.xml': '<config><integration name="Another"><email>x@b.example</email></integration></config>',
    });
    assert.deepEqual(integrationSummaries(workspace).map((i) => ({ ...i, files: i.files.map((f) => f.kind) })), [
      { name: 'AcmeSync', format: 'integration.xml', module: 'Acme_Sync', vendor: false, files: ['integration'], email: 'a@b.example', endpointUrl: 'https://a.example/cb', identityLinkUrl: undefined, resources: ['Magento_Backend::admin', 'Magento_Sales::sales'], routes: 64 },
      { name: 'Legacy', format: 'legacy', module: 'Acme_Legacy', vendor: false, files: ['integration-config', 'integration-api'], email: 'l@b.example', endpointUrl: undefined, identityLinkUrl: 'https://l.example/login', resources: ['Magento_Catalog::catalog'], routes: 93 },
      { name: 'Another', format: 'integration.xml', module: 'Other_X', vendor: true, files: ['integration'], email: 'x@b.example', endpointUrl: undefined, identityLinkUrl: undefined, resources: [], routes: 62 },
    ]);
  });
});
