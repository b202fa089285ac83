// The scaffolding requests over stdio, as the VS Code commands use them.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LspTestClient, startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('scaffolding requests over stdio', function () {
  this.timeout(20000);
  let workspace: string;
  let client: LspTestClient;
  const request = <R>(method: string, params?: unknown) => client.connection.sendRequest(`magentoIntegrationKit/${method}`, params) as Promise<R>;

  let dispose: () => Promise<void>;

  before(async () => {
    ({ workspace, client, dispose } = await startOnFixtureCopy(FIXTURE));
  });

  after(() => dispose?.());

  it('describes the project: targets, own modules with their layout, integrations and taken names', async () => {
    const context = await request<any>('scaffoldContext');
    assert.deepEqual(context.targets, [{ label: `${path.basename(workspace)}/app/code`, folder: path.join(workspace, 'app/code'), kind: 'app-code' }]);
    assert.deepEqual(context.modules.map((m: any) => [m.name, m.layout]), [['Acme_Legacy', 'legacy'], ['Acme_Sync', 'current']]);
    assert.ok(context.moduleNames.includes('Magento_Catalog'), 'vendor modules count as taken names');
    assert.deepEqual(context.integrations.map((i: any) => [i.name, i.kind, path.relative(workspace, URI.parse(i.uri).fsPath)]), [
      ['AcmeLegacy', 'integration-api', 'app/code/Acme/Legacy/etc/integration/api.xml'],
      ['AcmeSync', 'integration', 'app/code/Acme/Sync/etc/integration.xml'],
    ]);
    const sync = context.integrations.find((i: any) => i.name === 'AcmeSync');
    assert.equal(sync.endpointUrl, 'https://erp.acme.example/magento/callback');
    assert.equal(sync.identityLinkUrl, 'https://erp.acme.example/magento/login');
    assert.equal(context.indexComplete, true);
  });

  it('serves the ACL tree in tree order with breadcrumbs', async () => {
    const tree = await request<any[]>('aclTree');
    const products = tree.find((item) => item.id === 'Magento_Catalog::products');
    assert.equal(products.breadcrumb, 'Magento Admin > Catalog > Inventory > Products');
    assert.ok(tree.findIndex((i) => i.id === 'Magento_Catalog::catalog') < tree.indexOf(products));
  });

  it('creates a module, then refuses the same module again without touching it', async () => {
    const target = { label: 'app/code', folder: path.join(workspace, 'app/code'), kind: 'app-code' };
    const input = {
      vendor: 'Acme', module: 'Crm', layout: 'current', setup: 'data-patch',
      integration: { name: 'Acme CRM', email: 'crm@acme.example', endpointUrl: 'https://crm.example.com/cb', resources: ['Magento_Catalog::products'] },
    };
    const result = await request<any>('createModule', { input, target });
    assert.equal(result.error, undefined);
    assert.equal(result.integrationFile, path.join(workspace, 'app/code/Acme/Crm/etc/integration.xml'));
    assert.equal(result.created.length, 4);
    assert.match(result.warnings.join(), /Only one of the endpoint URL and the identity link URL/);
    const context = await request<any>('scaffoldContext');
    assert.ok(context.modules.some((m: any) => m.name === 'Acme_Crm' && m.layout === 'current'), 'the new module is known at once');
    assert.ok(context.integrationNames.includes('Acme CRM'));
    const written = readFileSync(result.integrationFile, 'utf8');
    const again = await request<any>('createModule', { input: { ...input, integration: { ...input.integration, name: 'Other' } }, target });
    assert.match(again.error, /already exists/);
    assert.equal(readFileSync(result.integrationFile, 'utf8'), written);
    const hostile = await request<any>('createModule', { input: { ...input, module: '../../etc' }, target });
    assert.match(hostile.error, /path separators/);
  });

  it('creates modules only in an absolute folder inside a workspace folder', async () => {
    const input = {
      vendor: 'Acme', module: 'Elsewhere', layout: 'current', setup: 'data-patch',
      integration: { name: 'Acme Elsewhere', email: 'crm@acme.example', resources: [] },
    };
    const outside = path.join(path.dirname(workspace), `${path.basename(workspace)}-outside`);
    for (const [folder, message] of [
      ['app/code', /must be an absolute path, not "app\/code"/],
      [outside, /is not inside a workspace folder/],
      [path.join(workspace, '..'), /is not inside a workspace folder/],
      [42, /must be an absolute path, not 42/],
    ] as Array<[unknown, RegExp]>) {
      const result = await request<any>('createModule', { input, target: { label: 'x', folder, kind: 'module-root' } });
      assert.match(String(result.error), message, String(folder));
    }
    assert.ok(!existsSync(outside));
    assert.ok(!existsSync(path.join(process.cwd(), 'app/code/Acme/Elsewhere')), 'nothing relative to the server\'s working directory');
  });

  it('adds resources to a legacy integration as a workspace edit, parents first', async () => {
    const api = path.join(workspace, 'app/code/Acme/Legacy/etc/integration/api.xml');
    const result = await request<any>('addResources', { uri: URI.file(api).toString(), kind: 'integration-api', integration: 'AcmeLegacy', resources: ['Magento_Sales::actions_view'] });
    assert.equal(result.error, undefined);
    const edit = result.edit as WorkspaceEdit;
    const change = edit.documentChanges![0] as TextDocumentEdit;
    const text = TextDocument.applyEdits(TextDocument.create(change.textDocument.uri, 'xml', 0, readFileSync(api, 'utf8')), change.edits as any);
    assert.match(text, /Magento_Sales::actions"\/>\s*<resource name="Magento_Sales::actions_view"\/>/);
    assert.equal(existsSync(api), true);
  });

  it('adds an integration to a module in its layout, refusing a taken name', async () => {
    const root = path.join(workspace, 'app/code/Acme/Sync');
    const taken = await request<any>('addIntegration', { moduleRoot: root, integration: { name: 'AcmeLegacy', email: 'a@b.example', resources: [] } });
    assert.match(taken.error, /already configured/);
    const result = await request<any>('addIntegration', { moduleRoot: root, integration: { name: 'Second', email: 'a@b.example', resources: ['Magento_Catalog::products'] } });
    assert.equal(result.error, undefined);
    assert.equal(URI.parse(result.openUri).fsPath, path.join(root, 'etc/integration.xml'));
    assert.ok(result.changedFiles >= 1);
  });
});

describe('scaffolding in a standalone module repository', function () {
  this.timeout(20000);
  it('offers the repository root, refuses to write over its files, and writes into a chosen folder', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(path.resolve(__dirname, '../fixtures/standalone-module'));
    try {
      const context = (await client.connection.sendRequest('magentoIntegrationKit/scaffoldContext')) as any;
      assert.deepEqual(context.targets, [{ label: `${path.basename(workspace)} (the repository root)`, folder: workspace, kind: 'module-root' }]);
      const input = { vendor: 'Acme', module: 'Second', layout: 'current', setup: 'data-patch', integration: { name: 'Second feed', email: 'a@b.example', resources: ['Magento_Catalog::products'] } };
      const onRoot = (await client.connection.sendRequest('magentoIntegrationKit/createModule', { input, target: context.targets[0] })) as any;
      assert.match(onRoot.error, /registration\.php already exists; nothing was written/);
      const chosen = path.join(workspace, 'modules', 'second');
      const result = (await client.connection.sendRequest('magentoIntegrationKit/createModule', { input, target: { label: chosen, folder: chosen, kind: 'module-root' } })) as any;
      assert.equal(result.integrationFile, path.join(chosen, 'etc/integration.xml'));
      assert.ok(existsSync(path.join(chosen, 'registration.php')));
    } finally {
      await dispose();
    }
  });
});
