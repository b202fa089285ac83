import * as assert from 'node:assert/strict';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { aclXml, ACME_ACL, CATALOG_ACL, CORE_ACL, workspaceIndex } from './helpers';

describe('AclIndex', () => {
  it('merges files: parent from nesting, title from the file that has one', () => {
    const snapshot = workspaceIndex().snapshot();
    const products = snapshot.get('Magento_Catalog::products')!;
    assert.equal(products.title, 'Products');
    assert.equal(products.parentId, 'Magento_Catalog::catalog_inventory');
    assert.equal(snapshot.get('Magento_Backend::admin')!.title, 'Magento Admin');
    assert.equal(snapshot.get('Magento_Backend::admin')!.locations.length, 3);
    assert.equal(snapshot.breadcrumb('Magento_Catalog::products'), 'Magento Admin > Catalog > Inventory > Products');
    assert.deepEqual(snapshot.ancestors('Acme_Sync::sync_orders').map((r) => r.id), ['Magento_Backend::admin', 'Acme_Sync::sync']);
  });

  it('orders the tree depth-first with siblings by sortOrder', () => {
    const ids = workspaceIndex().snapshot().ordered.map((r) => r.id);
    assert.deepEqual(ids, [
      'Magento_Backend::all',
      'Magento_Backend::admin',
      'Magento_Backend::dashboard',
      'Magento_Catalog::catalog',
      'Magento_Catalog::catalog_inventory',
      'Magento_Catalog::products',
      'Magento_Catalog::categories',
      'Magento_Backend::stores',
      'Magento_Backend::stores_settings',
      'Acme_Sync::sync',
      'Acme_Sync::sync_orders',
    ]);
  });

  it('does not use the bundled catalog when the workspace has the Magento core', () => {
    const snapshot = workspaceIndex().snapshot();
    assert.equal(snapshot.usesCatalog, false);
    assert.equal(snapshot.get('Magento_Sales::sales'), undefined);
  });

  it('falls back to the bundled catalog without a core, and never lets it shadow the workspace', () => {
    const index = new AclIndex(bundledCoreCatalog());
    index.setFileText('file:///m/etc/acl.xml', aclXml(`
      <resource id="Magento_Backend::admin">
        <resource id="Magento_Sales::sales" title="My Own Sales Title">
          <resource id="Acme_Feed::feed" title="Product Feed"/>
        </resource>
      </resource>`));
    const snapshot = index.snapshot();
    assert.equal(snapshot.usesCatalog, true);
    assert.ok(snapshot.size > 200);
    assert.equal(snapshot.get('Magento_Backend::admin')!.title, 'Magento Admin');
    assert.equal(snapshot.get('Magento_Sales::sales')!.title, 'My Own Sales Title');
    assert.equal(snapshot.get('Magento_Sales::sales')!.bundled, false);
    assert.equal(snapshot.get('Magento_Catalog::products')!.bundled, true);
    assert.equal(snapshot.breadcrumb('Acme_Feed::feed'), 'Magento Admin > My Own Sales Title > Product Feed');
  });

  it('lets an open document override the disk, and removes files', () => {
    const index = workspaceIndex();
    const uri = 'file:///p/app/code/Acme/Sync/etc/acl.xml';
    index.setOverlay(uri, ACME_ACL.replace('Order Export', 'Order Export Edited'));
    assert.equal(index.snapshot().get('Acme_Sync::sync_orders')!.title, 'Order Export Edited');
    index.removeOverlay(uri);
    assert.equal(index.snapshot().get('Acme_Sync::sync_orders')!.title, 'Order Export');
    const before = index.version;
    assert.equal(index.removeFile(uri), true);
    assert.ok(index.version > before);
    assert.equal(index.snapshot().get('Acme_Sync::sync_orders'), undefined);
  });

  it('takes a title from any file when the owning module gives none', () => {
    const index = new AclIndex();
    index.setFileText('file:///a/etc/acl.xml', CORE_ACL);
    index.setFileText('file:///b/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="X_Y::z"/></resource>'));
    index.setFileText('file:///c/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="X_Y::z" title="Zed"/></resource>'));
    assert.equal(index.snapshot().get('X_Y::z')!.title, 'Zed');
    assert.equal(index.snapshot().get('X_Y::z')!.locations.filter((l) => l.hasTitle).length, 1);
    void CATALOG_ACL;
  });
});
