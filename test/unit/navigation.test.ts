import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupContent } from 'vscode-languageserver-types';
import { ACME_ACL, doc, service, withCursor } from './helpers';

const INTEGRATION = '/p/app/code/Acme/Sync/etc/integration.xml';

describe('hover, definition, references and symbols', () => {
  it('hovers with title, breadcrumb, module and declaring file', () => {
    const { document, position } = withCursor(INTEGRATION, `<config><integration name="X"><resources><resource name="Magento_Catalog::pro|ducts"/></resources></integration></config>`);
    const hover = service(undefined, 'Magento_Catalog').doHover(document, position)!;
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*Products\*\* `Magento_Catalog::products`/);
    assert.match(value, /Magento Admin > Catalog > Inventory > Products/);
    assert.match(value, /Module: `Magento_Catalog`/);
    assert.match(value, /\[vendor\/magento\/module-catalog\/etc\/acl\.xml\]\(file:\/\/\/p\/vendor\/magento\/module-catalog\/etc\/acl\.xml#L\d+\)/);
  });

  it('hovers on an unknown id with a clear message, and not elsewhere', () => {
    const unknown = withCursor(INTEGRATION, `<config><integration name="X"><resources><resource name="Nope_Nope::x|"/></resources></integration></config>`);
    assert.match((service().doHover(unknown.document, unknown.position)!.contents as MarkupContent).value, /No acl\.xml/);
    const outside = withCursor('/p/app/code/Acme/Sync/etc/webapi.xml', `<routes><ro|ute url="/V1/x"></route></routes>`);
    assert.equal(service().doHover(outside.document, outside.position), null);
  });

  it('names a write route\'s queued forms on hover (async, and bulk with :param as byParam), and none for a GET route', () => {
    const write = withCursor('/p/app/code/Acme/Sync/etc/webapi.xml', `<routes><route url="/V1/acme/orders/:orderId/lines/:lineId" method="PUT"><service class="A" method="b"/><resources><resource ref="Magento_Catalog::pro|ducts"/></resources></route></routes>`);
    const value = (service(undefined, 'Magento_Catalog').doHover(write.document, write.position)!.contents as MarkupContent).value;
    assert.match(value, /Also queued, under the same resources: `PUT \/async\/V1\/acme\/orders\/:orderId\/lines\/:lineId` \(one body\) and `PUT \/async\/bulk\/V1\/acme\/orders\/byOrderId\/lines\/byLineId` \(a list of bodies\)\. They run only while the `async\.operations\.all` consumer runs\./);
    const read = withCursor('/p/app/code/Acme/Sync/etc/webapi.xml', `<routes><route url="/V1/acme/orders" method="GET"><service class="A" method="b"/><resources><resource ref="Magento_Catalog::pro|ducts"/></resources></route></routes>`);
    assert.doesNotMatch((service(undefined, 'Magento_Catalog').doHover(read.document, read.position)!.contents as MarkupContent).value, /queued/);
  });

  it('explains what Magento does with an integration element', () => {
    const { document, position } = withCursor(INTEGRATION, `<config><integration name="X"><email>a@b.c</email><endpoint_u|rl>https://x.example</endpoint_url></integration></config>`);
    const value = (service().doHover(document, position)!.contents as MarkupContent).value;
    assert.match(value, /POSTs four form fields/);
    assert.match(value, /oauth_consumer_key`, `oauth_consumer_secret`, `store_base_url` and `oauth_verifier`/);
    assert.match(value, /5 s\*\*, follows \*\*no redirect/);
    const closing = withCursor(INTEGRATION, `<config><integration name="X"><email>a@b.c</email></integr|ation></config>`);
    assert.match((service().doHover(closing.document, closing.position)!.contents as MarkupContent).value, /by \*\*name\*\*/);
  });

  it('goes to the declaration with a title, not to files that only nest under it', () => {
    const { document, position } = withCursor('/p/app/code/A/B/etc/webapi.xml', `<routes><route><resources><resource ref="Magento_Backend::ad|min"/></resources></route></routes>`);
    const locations = service().findDefinition(document, position);
    assert.deepEqual(locations.map((l) => l.uri), ['file:///p/vendor/magento/module-backend/etc/acl.xml']);
    assert.equal(locations[0].range.start.line, 6);
  });

  it('finds references across integration, webapi, system, menu and PHP files', () => {
    const ls = service();
    const files = [
      doc('/p/app/code/Acme/Sync/etc/integration.xml', '<config><integration name="X"><resources><resource name="Acme_Sync::sync"/></resources></integration></config>'),
      doc('/p/app/code/Acme/Sync/etc/webapi.xml', '<routes><route><resources><resource ref="Magento_Backend::admin, Acme_Sync::sync"/></resources></route></routes>'),
      doc('/p/app/code/Acme/Sync/etc/adminhtml/system.xml', '<config><system><section id="s"><resource>Acme_Sync::sync</resource></section></system></config>'),
      doc('/p/app/code/Acme/Sync/etc/adminhtml/menu.xml', '<config><menu><add id="Acme_Sync::m" resource="Acme_Sync::sync"/></menu></config>'),
      doc('/p/app/code/Acme/Sync/Controller/Adminhtml/Index.php', "<?php\nconst ADMIN_RESOURCE = 'Acme_Sync::sync';\n$a->isAllowed('Acme_Sync::sync_orders');"),
      doc('/p/app/code/Acme/Sync/etc/acl.xml', ACME_ACL),
      doc('/p/app/code/Acme/Sync/etc/di.xml', '<config><resource name="Acme_Sync::sync"/></config>'),
    ];
    const uses = ls.findReferences('Acme_Sync::sync', files, false);
    assert.deepEqual(uses.map((l) => l.uri.replace('file:///p/app/code/Acme/Sync/', '')), [
      'etc/integration.xml', 'etc/webapi.xml', 'etc/adminhtml/system.xml', 'etc/adminhtml/menu.xml', 'Controller/Adminhtml/Index.php',
    ]);
    assert.equal(ls.findReferences('Acme_Sync::sync', files, true).length, 6);
    const { document, position } = withCursor('/p/x/etc/webapi.xml', '<routes><route><resources><resource ref="Magento_Backend::admin, Acme_|Sync::sync"/></resources></route></routes>');
    assert.equal(ls.aclIdAt(document, position), 'Acme_Sync::sync');
  });

  it('lists the resource tree of an acl.xml as symbols', () => {
    const symbols = service().findDocumentSymbols(doc('/p/app/code/Acme/Sync/etc/acl.xml', ACME_ACL));
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'Magento_Backend::admin');
    assert.equal(symbols[0].children![0].name, 'Acme_Sync::sync');
    assert.equal(symbols[0].children![0].detail, 'Acme Sync');
    assert.equal(symbols[0].children![0].children![0].name, 'Acme_Sync::sync_orders');
  });
});

describe('workspace symbols', () => {
  it('finds the workspace\'s ACL resources by id or title, at their declaration; catalog-only ones have no place to go', () => {
    const ls = service();
    const byId = ls.findWorkspaceSymbols('Acme_Sync::');
    assert.deepEqual(byId.map((s) => s.name), ['Acme_Sync::sync', 'Acme_Sync::sync_orders']);
    assert.equal(byId[0].location.uri, 'file:///p/app/code/Acme/Sync/etc/acl.xml');
    assert.match(byId[1].containerName!, /^ACL: Magento Admin > Acme Sync > Order Export$/);
    assert.deepEqual(ls.findWorkspaceSymbols('order export').map((s) => s.name), ['Acme_Sync::sync_orders']);
    assert.ok(ls.findWorkspaceSymbols('').every((s) => s.location.uri.startsWith('file:///p/')));
    assert.deepEqual(ls.findWorkspaceSymbols('Magento_Sales::'), [], 'known only from the bundled catalog here');
  });
});

describe('renaming an ACL id', () => {
  const own = (uri: string) => uri.startsWith('file:///p/app/code/');
  const acl = doc('/p/app/code/Acme/Sync/etc/acl.xml', ACME_ACL);
  const integration = doc('/p/app/code/Acme/Sync/etc/integration.xml', '<config><integration name="Acme"><resources><resource name="Acme_Sync::sync_orders"/></resources></integration></config>');
  const webapi = doc('/p/app/code/Acme/Sync/etc/webapi.xml', '<routes><route url="/V1/x" method="GET"><resources><resource ref="Magento_Catalog::products, Acme_Sync::sync_orders"/></resources></route></routes>');
  const php = doc('/p/app/code/Acme/Sync/Controller/Adminhtml/Export.php', "<?php\nclass Export { const ADMIN_RESOURCE = 'Acme_Sync::sync_orders'; }\n");

  it('renames the declaration and every use, in one edit', () => {
    const ls = service();
    const check = ls.prepareRename(integration, integration.positionAt(integration.getText().indexOf('sync_orders')), own);
    assert.deepEqual(check && 'placeholder' in check ? check.placeholder : check, 'Acme_Sync::sync_orders');
    const edit = ls.renameAclId('Acme_Sync::sync_orders', 'Acme_Sync::order_export', [acl, integration, webapi, php], own);
    assert.ok(!('refused' in edit));
    const changed = Object.fromEntries(Object.entries(edit.changes!).map(([uri, edits]) => [uri.replace('file:///p/app/code/Acme/Sync/', ''), edits.map((e) => e.newText)]));
    assert.deepEqual(changed, {
      'etc/acl.xml': ['Acme_Sync::order_export'],
      'etc/integration.xml': ['Acme_Sync::order_export'],
      'etc/webapi.xml': ['Acme_Sync::order_export'],
      'Controller/Adminhtml/Export.php': ['Acme_Sync::order_export'],
    });
  });

  it('refuses Magento\'s and vendors\' ids, an invalid or taken new name, and a use it may not edit', () => {
    const ls = service();
    const at = (document: TextDocument, marker: string) => ls.prepareRename(document, document.positionAt(document.getText().indexOf(marker) + 2), own);
    assert.match((at(webapi, 'Magento_Catalog::products') as { refused: string }).refused, /outside the workspace's own modules; it cannot be renamed here/);
    const refused = (newName: string, documents = [acl, integration]) => (ls.renameAclId('Acme_Sync::sync_orders', newName, documents, own) as { refused?: string }).refused;
    assert.match(refused('acme::x')!, /is not a valid ACL id/);
    assert.match(refused('Acme_Sync::sync')!, /already exists/);
    const vendorUse = doc('/p/vendor/other/module/etc/webapi.xml', '<routes><route><resources><resource ref="Acme_Sync::sync_orders"/></resources></route></routes>');
    assert.match(refused('Acme_Sync::order_export', [acl, vendorUse])!, /outside the workspace's own modules; it would be left with the old id/);
  });
});
