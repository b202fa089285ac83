// The server as an editor drives it: over stdio, against a fixture Magento tree.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CompletionList,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  Hover,
  Location,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { LspTestClient, startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const STANDALONE = path.resolve(__dirname, '../fixtures/standalone-module');

describe('language server over stdio', function () {
  this.timeout(20000);
  let workspace: string;
  let client: LspTestClient;
  const file = (relative: string) => path.join(workspace, relative);
  const integrationXml = () => file('app/code/Acme/Sync/etc/integration.xml');

  let dispose: () => Promise<void>;

  before(async () => {
    ({ workspace, client, dispose } = await startOnFixtureCopy(FIXTURE));
  });

  after(() => dispose?.());

  async function complete(uri: string, line: number, character: number): Promise<CompletionList> {
    return (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionList;
  }

  it('initializes with the capabilities an editor needs, and registers an acl.xml watcher', () => {
    const capabilities = client.initializeResult!.capabilities;
    assert.ok(capabilities.completionProvider);
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.ok(capabilities.codeActionProvider);
    assert.deepEqual(client.registrations.map((r) => (r as { method: string }).method), ['workspace/didChangeWatchedFiles']);
    const ready = client.indexStates.find((s) => s.state === 'ready')!;
    // 17 of the fixture's own acl.xml files, and the bundled catalog's ids of the core modules it does not hold.
    assert.equal(ready.resources, 212);
  });

  it('completes ACL ids with titles in integration.xml and webapi.xml', async () => {
    const uri = await client.open(integrationXml());
    const list = await complete(uri, 7, 28);
    const products = list.items.find((i) => i.label === 'Magento_Catalog::products')!;
    assert.equal(products.labelDetails?.description, 'Products');
    assert.equal(products.detail, 'Magento Admin > Catalog > Inventory > Products');
    const webapi = await client.open(file('app/code/Acme/Sync/etc/webapi.xml'));
    const refs = await complete(webapi, 5, 32);
    assert.ok(refs.items.some((i) => i.label === 'Acme_Sync::sync_orders' && i.labelDetails?.description === 'Order Export'));
  });

  it('hovers, goes to definition and finds references', async () => {
    const uri = await client.open(integrationXml());
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 8, character: 40 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /\*\*View\*\* `Magento_Sales::actions_view`/);
    assert.match((hover.contents as MarkupContent).value, /Module: `Magento_Sales`/);
    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 8, character: 40 } })) as Location[];
    assert.deepEqual(definition.map((l) => URI.parse(l.uri).fsPath), [file('vendor/magento/module-sales/etc/acl.xml')]);
    assert.equal(definition[0].range.start.line, 9);
    const references = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri }, position: { line: 9, character: 40 }, context: { includeDeclaration: false },
    })) as Location[];
    assert.deepEqual(references.map((l) => path.relative(workspace, URI.parse(l.uri).fsPath)).sort(), [
      'app/code/Acme/Sync/Controller/Adminhtml/Index/Index.php',
      'app/code/Acme/Sync/etc/integration.xml',
      'app/code/Acme/Sync/etc/webapi.xml',
    ]);
  });

  it('publishes diagnostics: an unknown id in integration.xml, a missing parent in the legacy api.xml', async () => {
    const uri = await client.open(integrationXml());
    const published = await client.diagnosticsFor(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['acl/unknown-resource']);
    assert.match(published.diagnostics[0].message as string, /looks like a misspelling of "Magento_Catalog::products", which this integration already grants/);
    const api = await client.open(file('app/code/Acme/Legacy/etc/integration/api.xml'));
    const legacy = await client.diagnosticsFor(api);
    assert.deepEqual(legacy.diagnostics.map((d) => d.code), ['integration/legacy-format', 'acl/missing-parent']);
  });

  it('offers the quick fix that inserts the missing parents, after which the warning is gone', async () => {
    const apiFile = file('app/code/Acme/Legacy/etc/integration/api.xml');
    const uri = await client.open(apiFile);
    const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'acl/missing-parent'));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: diagnostics[1].range, context: { diagnostics: [diagnostics[1]] },
    })) as CodeAction[];
    assert.equal(actions[0].title, 'Add missing parent resource: Magento_Catalog::catalog_inventory');
    const before = TextDocument.create(uri, 'xml', 1, readFileSync(apiFile, 'utf8'));
    const after = TextDocument.applyEdits(before, actions[0].edit!.changes![uri] as TextEdit[]);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: after }] });
    await client.diagnosticsFor(uri, (p) => p.version === 2 && p.diagnostics.every((d) => d.code === 'integration/legacy-format'));
  });

  it('picks up a new acl.xml on disk without a reload, and offers its resources', async () => {
    const uri = await client.open(integrationXml());
    const newAcl = file('app/code/Acme/Fresh/etc/acl.xml');
    mkdirSync(path.dirname(newAcl), { recursive: true });
    // A module is a folder registration.php registers: Magento loads no acl.xml of any other folder.
    writeFileSync(file('app/code/Acme/Fresh/registration.php'), `<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_Fresh', __DIR__);`);
    writeFileSync(newAcl, `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Fresh::fresh" title="Fresh Resource"/></resource></resources></acl></config>`);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(newAcl).toString(), type: FileChangeType.Created }] });
    let offered = false;
    for (let attempt = 0; attempt < 100 && !offered; attempt++) {
      offered = (await complete(uri, 7, 28)).items.some((i) => i.label === 'Acme_Fresh::fresh' && i.labelDetails?.description === 'Fresh Resource');
    }
    assert.ok(offered, 'the new resource is offered');
  });

  it('uses unsaved edits of an open acl.xml', async () => {
    const aclFile = file('app/code/Acme/Sync/etc/acl.xml');
    const aclUri = await client.open(aclFile);
    const edited = readFileSync(aclFile, 'utf8').replace('<resource id="Acme_Sync::sync_orders" title="Order Export"/>',
      '<resource id="Acme_Sync::sync_orders" title="Order Export"/><resource id="Acme_Sync::unsaved" title="Unsaved Resource"/>');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: aclUri, version: 2 }, contentChanges: [{ text: edited }] });
    const integration = readFileSync(integrationXml(), 'utf8').replace('<resource name="Magento_Catalog::products"/>', '<resource name="Acme_Sync::u"/>');
    const uri = await client.open(integrationXml(), integration);
    const list = await complete(uri, 7, 40);
    assert.ok(list.items.some((i) => i.label === 'Acme_Sync::unsaved'));
  });

  it('updates cross-file diagnostics when another file of the module changes, open or on disk', async () => {
    const config = await client.open(file('app/code/Acme/Legacy/etc/integration/config.xml'));
    await client.diagnosticsFor(config, (p) => p.diagnostics.every((d) => d.code === 'integration/legacy-format'));
    const patchFile = file('app/code/Acme/Legacy/Setup/Patch/Data/InstallAcmeLegacyIntegration.php');
    const original = readFileSync(patchFile, 'utf8');
    const broken = original.replace("['AcmeLegacy']", "['acmeLegacy']");
    // On disk, reported by the editor's file watcher: the setup class loses its call.
    writeFileSync(patchFile, original.replace("processIntegrationConfig(['AcmeLegacy'])", 'processIntegrationConfig([])'));
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(patchFile).toString(), type: FileChangeType.Changed }] });
    await client.diagnosticsFor(config, (p) => p.diagnostics.some((d) => d.code === 'integration/not-installed'));
    writeFileSync(patchFile, original);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(patchFile).toString(), type: FileChangeType.Changed }] });
    await client.diagnosticsFor(config, (p) => p.diagnostics.every((d) => d.code === 'integration/legacy-format'));
    // An unsaved edit to the setup class installs another name: config.xml's integration is no longer installed.
    const patch = await client.open(patchFile);
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: patch, version: 2 }, contentChanges: [{ text: original.replace("['AcmeLegacy']", "['SomethingElse']") }] });
    await client.diagnosticsFor(config, (p) => p.diagnostics.some((d) => d.code === 'integration/not-installed'));
    // Another breaks the name's case: one slip, reported at the setup call (config.xml and api.xml agree), not in config.xml.
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: patch, version: 3 }, contentChanges: [{ text: broken }] });
    await client.diagnosticsFor(patch, (p) => p.diagnostics.some((d) => d.code === 'integration/setup-name-case'));
    await client.diagnosticsFor(config, (p) => p.diagnostics.every((d) => d.code === 'integration/legacy-format'));
    // A module.xml on disk loses its sequence: the open config.xml's module is re-checked.
    const moduleXml = file('app/code/Acme/Legacy/etc/module.xml');
    const moduleUri = await client.open(moduleXml);
    await client.diagnosticsFor(moduleUri, (p) => p.diagnostics.length === 0);
    writeFileSync(moduleXml, readFileSync(moduleXml, 'utf8').replace(/<sequence>[\s\S]*<\/sequence>/, ''));
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: moduleUri, version: 2 }, contentChanges: [{ text: readFileSync(moduleXml, 'utf8') }],
    });
    await client.diagnosticsFor(moduleUri, (p) => p.diagnostics.some((d) => d.code === 'module/missing-integration-sequence'));
  });

  it('follows the severity setting as it changes: a code turned off, another made an error, each linked to its page', async () => {
    const uri = await client.open(integrationXml());
    const before = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    assert.match(before.diagnostics[0].codeDescription!.href, /docs\/diagnostics\/acl\/unknown-resource\.md$/);
    const configure = (severity: Record<string, string>) => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { magentoIntegrationKit: { diagnostics: { severity } } } });
    await configure({ 'acl/unknown-resource': 'error' });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0].severity === 1);
    await configure({ 'acl/unknown-resource': 'off' });
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
    await configure({});
    await client.diagnosticsFor(uri, (p) => p.diagnostics.length === 1 && p.diagnostics[0].severity === 2);
  });

  it('finds ACL ids across the workspace as symbols', async () => {
    assert.equal(client.initializeResult!.capabilities.workspaceSymbolProvider, true);
    const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'Acme_Sync::sync' })) as Array<{ name: string; location: { uri: string } }>;
    assert.ok(symbols.some((s) => s.name === 'Acme_Sync::sync_orders' && s.location.uri.endsWith('/app/code/Acme/Sync/etc/acl.xml')), JSON.stringify(symbols));
  });

  it('renames an id the workspace declares, everywhere; refuses one of Magento\'s', async () => {
    const uri = await client.open(integrationXml());
    const text = readFileSync(integrationXml(), 'utf8');
    const at = (marker: string) => {
      const offset = text.indexOf(marker) + 2;
      const before = text.slice(0, offset);
      return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    };
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: at('Acme_Sync::sync_orders') })) as { placeholder: string };
    assert.equal(prepared.placeholder, 'Acme_Sync::sync_orders');
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: at('Acme_Sync::sync_orders'), newName: 'Acme_Sync::order_export' })) as { changes: Record<string, Array<{ newText: string }>> };
    const files = Object.keys(edit.changes).map((u) => path.relative(workspace, URI.parse(u).fsPath)).sort();
    assert.ok(files.includes('app/code/Acme/Sync/etc/acl.xml') && files.includes('app/code/Acme/Sync/etc/integration.xml'), files.join(', '));
    assert.ok(Object.values(edit.changes).flat().every((e) => e.newText === 'Acme_Sync::order_export'));
    await assert.rejects(client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: at('Magento_Catalog::products') }), /cannot be renamed/);
  });

  it('reports malformed XML and keeps answering', async () => {
    const broken = file('app/code/Acme/Sync/etc/adminhtml/menu.xml');
    const uri = await client.open(broken, '<config><menu><add id="Acme_Sync::m" resource="Acme_Sync::sync"></menu>\u0000</config');
    const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
    assert.ok(diagnostics.some((d) => d.code === 'xml/malformed'));
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///not/open.xml' }, position: { line: 0, character: 0 } });
    assert.equal(hover, null);
    const list = await complete(await client.open(integrationXml()), 7, 36);
    assert.ok(list.items.length > 0);
  });
});

describe('indexing progress', function () {
  this.timeout(30000);
  it('ends every progress it begins, rebuilds overlapping included (no spinner left in the status bar)', async () => {
    const { client, dispose, workspace } = await startOnFixtureCopy(FIXTURE);
    try {
      // Enough modules that a rebuild takes a while, so the next one starts while it runs.
      for (let i = 0; i < 600; i++) {
        const etc = path.join(workspace, 'app/code/Many', `M${i}`, 'etc');
        mkdirSync(etc, { recursive: true });
        writeFileSync(path.join(etc, 'module.xml'), `<config><module name="Many_M${i}"/></config>`);
        writeFileSync(path.join(etc, 'acl.xml'), `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Many_M${i}::x" title="Module ${i}"/></resource></resources></acl></config>`);
        writeFileSync(path.join(etc, '..', 'registration.php'), `<?php\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Many_M${i}', __DIR__);`);
      }
      // Three rebuilds at once, as a settings change during the startup index asks for one more.
      await Promise.all([1, 2, 3].map(() => client.connection.sendRequest('magentoIntegrationKit/rebuildIndex')));
      const begun = [...client.progress].filter(([, kinds]) => kinds[0] === 'begin');
      assert.ok(begun.length >= 3, `progress begun: ${begun.length}`);
      // The last $/progress of a rebuild is sent before its answer; allow the pipe a moment.
      const deadline = Date.now() + 10000;
      while (begun.some(([, kinds]) => kinds[kinds.length - 1] !== 'end') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(begun.filter(([, kinds]) => kinds[kinds.length - 1] !== 'end').map(([token]) => token), [], 'progress never ended');
    } finally {
      await dispose();
    }
  });
});

describe('problems for the whole workspace', function () {
  this.timeout(30000);

  it('lists the problems of the project\'s own modules without opening them, follows the disk, and can be limited to open files', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const legacyApi = URI.file(path.join(workspace, 'app/code/Acme/Legacy/etc/integration/api.xml')).toString();
      // Hints (the legacy pair's) aside, as the Problems panel shows them.
      const problems = (p: { diagnostics: Array<{ severity?: number }> }) => p.diagnostics.filter((d) => d.severity !== 4);
      const published = await client.diagnosticsFor(legacyApi, (p) => problems(p).length > 0);
      assert.deepEqual(problems(published).map((d) => (d as { code?: unknown }).code), ['acl/missing-parent']);
      // Modules under vendor/ are indexed, not listed.
      assert.equal(client.publishedUris().filter((uri) => uri.includes('/vendor/')).length, 0);
      // Fixed on disk: the problem goes away without the file being opened.
      const file = URI.parse(legacyApi).fsPath;
      writeFileSync(file, readFileSync(file, 'utf8').replace('<resource name="Magento_Catalog::products"/>',
        '<resource name="Magento_Catalog::catalog_inventory"/><resource name="Magento_Catalog::products"/>'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: legacyApi, type: FileChangeType.Changed }] });
      await client.diagnosticsFor(legacyApi, (p) => problems(p).length === 0);
      // Opened with a problem typed, then closed unsaved: back to the disk's verdict.
      const integration = URI.file(path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml')).toString();
      await client.diagnosticsFor(integration, (p) => p.diagnostics.length === 1);
      await client.open(URI.parse(integration).fsPath, readFileSync(URI.parse(integration).fsPath, 'utf8').replace('Acme_Sync::sync_orders', 'Acme_Sync::nope'));
      await client.diagnosticsFor(integration, (p) => p.diagnostics.length === 2);
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: integration } });
      await client.diagnosticsFor(integration, (p) => p.diagnostics.length === 1);
      // Limited to open files: the workspace's problems are withdrawn.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { magentoIntegrationKit: { diagnostics: { workspace: false } } } });
      await client.diagnosticsFor(integration, (p) => p.diagnostics.length === 0);
    } finally {
      await dispose();
    }
  });
});

describe('language server in a standalone module repository', function () {
  this.timeout(20000);
  it('falls back to the bundled core catalog', async () => {
    const client = await LspTestClient.start(STANDALONE);
    try {
      await client.waitForIndex();
      const integration = path.join(STANDALONE, 'etc/integration.xml');
      const text = '<config><integration name="Feed"><resources><resource name=""/></resources></integration></config>';
      const uri = await client.open(integration, text);
      const character = text.indexOf('name=""') + 'name="'.length;
      const list = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character } })) as CompletionList;
      assert.ok(list.items.some((i) => i.label === 'Magento_Catalog::products'));
      assert.ok(list.items.some((i) => i.label === 'Acme_Standalone::feed' && i.detail === 'Magento Admin > Product Feed'));
    } finally {
      await client.stop();
    }
  });
});
