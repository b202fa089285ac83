import * as assert from 'node:assert/strict';
import { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/language/languageService';
import { service, withCursor, workspaceIndex } from './helpers';

function complete(path: string, textWithBar: string) {
  const { document, position } = withCursor(path, textWithBar);
  const list = service().doComplete(document, position);
  return { list, document, labels: list.items.map((i) => i.label) };
}

function editOf(item: CompletionItem): TextEdit {
  return item.textEdit as TextEdit;
}

const INTEGRATION = '/p/app/code/Acme/Sync/etc/integration.xml';

describe('ACL id completion', () => {
  it('leaves the breadcrumb to completionItem/resolve where the client resolves it, and resolves it', () => {
    const lazy = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, completionItemDefaults: true, completionResolvesDetails: () => true });
    const { document, position } = withCursor(INTEGRATION, '<config><integration name="X"><resources><resource name="|"/></resources></integration></config>');
    const list = lazy.doComplete(document, position);
    const products = list.items.find((i) => i.label === 'Magento_Catalog::products')!;
    assert.deepEqual([products.detail, products.documentation, products.labelDetails?.description], [undefined, undefined, 'Products']);
    assert.equal(lazy.resolveCompletionItem(products).detail, 'Magento Admin > Catalog > Inventory > Products');
    const eager = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, completionItemDefaults: true }).doComplete(document, position);
    assert.ok(JSON.stringify(list).length < 0.85 * JSON.stringify(eager).length, `a lighter list: ${JSON.stringify(list).length} vs ${JSON.stringify(eager).length} bytes`);
    assert.deepEqual(lazy.resolveCompletionItem({ label: 'Not_Known::id', kind: products.kind }), { label: 'Not_Known::id', kind: products.kind }, 'an unknown id comes back as it was');
  });

  it('offers every resource in tree order with title and breadcrumb in integration.xml', () => {
    const { list, labels } = complete(INTEGRATION, `<config><integration name="X"><resources>
      <resource name="|"/>
    </resources></integration></config>`);
    assert.deepEqual(labels.slice(0, 4), ['Magento_Backend::all', 'Magento_Backend::admin', 'Magento_Backend::dashboard', 'Magento_Catalog::catalog']);
    const products = list.items.find((i) => i.label === 'Magento_Catalog::products')!;
    assert.equal(products.labelDetails?.description, 'Products');
    assert.equal(products.detail, 'Magento Admin > Catalog > Inventory > Products');
    // As the editor shows them (by sortText): tree order, full access last.
    const shown = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.deepEqual(shown.slice(0, 3), ['Magento_Backend::admin', 'Magento_Backend::dashboard', 'Magento_Catalog::catalog']);
    assert.equal(shown.at(-1), 'Magento_Backend::all');
  });

  it('puts full access last, marked, and marks the ids the integration already grants (after the rest)', () => {
    const { list } = complete(INTEGRATION, `<config><integration name="X"><resources>
      <resource name="Magento_Catalog::products"/>
      <resource name="|"/>
    </resources></integration><integration name="Y"><resources><resource name="Magento_Backend::dashboard"/></resources></integration></config>`);
    const byLabel = new Map(list.items.map((i) => [i.label, i]));
    const all = byLabel.get('Magento_Backend::all')!;
    assert.equal(all.labelDetails?.detail, ' (full access)');
    const granted = byLabel.get('Magento_Catalog::products')!;
    assert.equal(granted.labelDetails?.detail, ' (already granted)');
    assert.equal(byLabel.get('Magento_Backend::dashboard')!.labelDetails?.detail, undefined, 'another integration\'s grant is not this one\'s');
    const order = [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    assert.deepEqual(order.slice(-2), ['Magento_Catalog::products', 'Magento_Backend::all']);
  });

  it('replaces the whole value from anywhere inside it', () => {
    const { list, document } = complete(INTEGRATION, `<config><integration name="X"><resources><resource name="Magento_Cat|alog::prod"/></resources></integration></config>`);
    const edit = editOf(list.items[0]);
    assert.equal(document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), 'Magento_Catalog::prod');
    assert.ok(list.items.every((i) => /catalog/i.test(`${i.label} ${i.labelDetails?.description}`)));
  });

  it('matches by title as well as by id', () => {
    const { labels } = complete(INTEGRATION, `<config><integration name="X"><resources><resource name="Order Ex|"/></resources></integration></config>`);
    assert.deepEqual(labels, ['Acme_Sync::sync_orders']);
  });

  it('works in a half-typed value with no closing quote', () => {
    const { list, document, labels } = complete(INTEGRATION, `<config><integration name="X"><resources>
      <resource name="Acme_|
      <resource name="Magento_Catalog::products"/>
    </resources></integration></config>`);
    assert.deepEqual(labels, ['Acme_Sync::sync', 'Acme_Sync::sync_orders']);
    const edit = editOf(list.items[0]);
    assert.equal(document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), 'Acme_');
  });

  it('completes in legacy api.xml', () => {
    assert.ok(complete('/p/app/code/A/B/etc/integration/api.xml', `<integrations><integration name="X"><resources><resource name="|"/></resources></integration></integrations>`).labels.includes('Magento_Catalog::products'));
  });

  it('completes webapi.xml refs, one item of a comma-separated list at a time', () => {
    const { list, document } = complete('/p/app/code/A/B/etc/webapi.xml', `<routes><route url="/V1/x" method="GET"><resources><resource ref="Acme_Sync::sync, Magento_Cat|"/></resources></route></routes>`);
    assert.ok(list.items.length > 0);
    const edit = editOf(list.items[0]);
    assert.equal(document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), 'Magento_Cat');
  });

  it('completes system.xml <resource> text', () => {
    const { list, document } = complete('/p/app/code/A/B/etc/adminhtml/system.xml', `<config><system><section id="s"><resource>Acme|_Sync::x</resource></section></system></config>`);
    assert.deepEqual(list.items.map((i) => i.label), ['Acme_Sync::sync', 'Acme_Sync::sync_orders']);
    const edit = editOf(list.items[0]);
    assert.equal(document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), 'Acme_Sync::x');
  });

  it('completes menu.xml resource attributes, and nothing in other attributes', () => {
    const path = '/p/app/code/A/B/etc/adminhtml/menu.xml';
    assert.ok(complete(path, `<config><menu><add id="A_B::m" title="M" resource="|"/></menu></config>`).labels.length > 5);
    assert.deepEqual(complete(path, `<config><menu><add id="A_B::m" title="|" resource=""/></menu></config>`).labels, []);
  });

  it('completes PHP ADMIN_RESOURCE constants and isAllowed() calls', () => {
    const path = '/p/app/code/A/B/Controller/Adminhtml/Index.php';
    const constant = complete(path, `<?php\nclass Index {\n    const ADMIN_RESOURCE = 'Acme_Sync::s|';\n}`);
    assert.deepEqual(constant.labels, ['Acme_Sync::sync', 'Acme_Sync::sync_orders']);
    const edit = editOf(constant.list.items[0]);
    assert.equal(constant.document.getText().slice(constant.document.offsetAt(edit.range.start), constant.document.offsetAt(edit.range.end)), 'Acme_Sync::s');
    assert.ok(complete(path, `<?php\n$this->_authorization->isAllowed("|");`).labels.includes('Magento_Backend::admin'));
    assert.deepEqual(complete(path, `<?php\n$x = 'Acme|';`).labels, []);
  });

  it("offers the module's own Vendor_Module:: prefix for new ids in acl.xml", () => {
    const { list } = complete('/p/app/code/Acme/Sync/etc/acl.xml', `<config><acl><resources><resource id="Magento_Backend::admin"><resource id="|"/></resource></resources></acl></config>`);
    assert.equal(list.items[0].label, 'Acme_Sync::');
    assert.equal(editOf(list.items[0]).newText, 'Acme_Sync::${1:resource_name}');
    assert.ok(list.items.some((i) => i.label === 'Magento_Backend::admin'));
  });

  it('shares one replace range through itemDefaults when the client supports it', () => {
    const { document, position } = withCursor(INTEGRATION, `<config><integration name="X"><resources><resource name="Acme_Sy|nc"/></resources></integration></config>`);
    const ls = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, completionItemDefaults: true });
    const list = ls.doComplete(document, position);
    const range = list.itemDefaults!.editRange as { start: { character: number }; end: { character: number } };
    assert.equal(document.getText().slice(range.start.character, range.end.character), 'Acme_Sync');
    assert.ok(list.items.length > 0 && list.items.every((i) => i.textEdit === undefined));
  });

  it('caps a long list and marks it incomplete, so the client asks again as the user types', () => {
    const many: Record<string, string> = {};
    many['/p/a/etc/acl.xml'] = `<config><acl><resources>${Array.from({ length: 150 }, (_, i) => `<resource id="Big_Module::r${i}" title="Resource ${i}"/>`).join('')}</resources></acl></config>`;
    const { document, position } = withCursor(INTEGRATION, `<config><integration name="X"><resources><resource name="Big|"/></resources></integration></config>`);
    const list = service(workspaceIndex(many)).doComplete(document, position);
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 100);
  });

  it('offers nothing outside ACL places', () => {
    assert.deepEqual(complete(INTEGRATION, `<config><integration name="|"></integration></config>`).labels, []);
    assert.deepEqual(complete('/p/app/code/A/B/etc/di.xml', `<config><resource name="|"/></config>`).labels, []);
  });
});
