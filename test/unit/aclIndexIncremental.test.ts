// The incremental ACL index agrees with a full merge after every edit: random sequences of files set,
// changed, removed and overlaid (ids shared between files, titles given by several, sortOrder,
// disabled, the bundled catalog on and off, load-order changes and rebuilds), each snapshot compared with the reference merge.
import * as assert from 'node:assert/strict';
import { AclDeclaration, readAclFile } from '../../server/src/magento/aclFile';
import { AclIndex, AclResource, AclSnapshot } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { referenceMerge } from './aclMergeReference';
import { aclXml } from './helpers';

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const IDS = ['Magento_Backend::admin', 'Magento_Catalog::catalog', 'Magento_Catalog::products', 'Magento_Sales::sales', 'Acme_A::one', 'Acme_A::two', 'Acme_B::three', 'Acme_B::four', 'Acme_C::five', 'Magento_Config::config'];

/** An acl.xml with a random nesting of some ids, some titled, some with sortOrder or disabled. */
function randomAcl(next: () => number): string {
  const render = (depth: number): string => {
    const count = depth === 0 ? 1 : Math.floor(next() * 3);
    let out = '';
    for (let i = 0; i < count; i++) {
      const id = depth === 0 && next() < 0.8 ? 'Magento_Backend::admin' : IDS[Math.floor(next() * IDS.length)];
      const title = next() < 0.5 ? ` title="T${Math.floor(next() * 5)}"` : '';
      const sort = next() < 0.3 ? ` sortOrder="${Math.floor(next() * 4) * 10}"` : '';
      const disabled = next() < 0.1 ? ` disabled="${next() < 0.7 ? 'true' : 'false'}"` : '';
      const inner = depth < 3 ? render(depth + 1) : '';
      out += inner ? `<resource id="${id}"${title}${sort}${disabled}>${inner}</resource>` : `<resource id="${id}"${title}${sort}${disabled}/>`;
    }
    return out;
  };
  return aclXml(render(0));
}

/** What readers see (absent and undefined fields alike). */
function shape(snapshot: AclSnapshot): unknown {
  return JSON.parse(JSON.stringify({ usesCatalog: snapshot.usesCatalog, ordered: snapshot.ordered.map((r) => ({ ...r, locations: r.locations.map((l) => `${l.uri}@${l.range.start.line}:${l.range.start.character}:${l.hasTitle}`) })) }));
}

/** Every id looked up one by one (absent ones too), with its breadcrumb: what `get` answers. */
function lookups(snapshot: AclSnapshot): unknown {
  const publicFields = (r: AclResource | undefined) => r && { ...r, locations: r.locations.map((l) => ({ uri: l.uri, range: l.range, hasTitle: l.hasTitle })) };
  return JSON.parse(JSON.stringify([...IDS, 'Magento_Backend::all', 'Magento_Sales::sales_order'].map((id) => [id, publicFields(snapshot.get(id)) ?? null, snapshot.breadcrumb(id), snapshot.size])));
}

describe('the incremental ACL index', () => {
  for (const withCatalog of [true, false]) {
    it(`agrees with a full merge after every edit (${withCatalog ? 'with' : 'without'} the bundled catalog)`, () => {
      const catalog = withCatalog ? bundledCoreCatalog() : [];
      for (let seed = 1; seed <= 25; seed++) {
        const next = random(seed);
        const index = new AclIndex(catalog);
        const disk = new Map<string, AclDeclaration[]>();
        const overlays = new Map<string, AclDeclaration[]>();
        const uris = Array.from({ length: 6 }, (_, i) => `file:///p/app/code/M${i}/etc/acl.xml`);
        let ranks = new Map(uris.map((uri, i) => [uri, i]));
        index.setLoadOrder((uri) => ranks.get(uri) ?? 0);
        const kept: Array<[AclSnapshot, unknown]> = [];
        for (let step = 0; step < 40; step++) {
          const uri = uris[Math.floor(next() * uris.length)];
          const roll = next();
          if (roll < 0.4) {
            const text = randomAcl(next);
            index.setFileText(uri, text);
            disk.set(uri, readAclFile(text).all);
          } else if (roll < 0.55) {
            index.removeFile(uri);
            disk.delete(uri);
          } else if (roll < 0.8) {
            const text = randomAcl(next);
            index.setOverlay(uri, text);
            overlays.set(uri, readAclFile(text).all);
          } else if (roll < 0.95) {
            index.removeOverlay(uri);
            overlays.delete(uri);
          } else if (roll < 0.975) {
            ranks = new Map(uris.map((u) => [u, Math.floor(next() * 3)]));
            index.setLoadOrder((u) => ranks.get(u) ?? 0);
          } else {
            // A rebuild: the same arrays for most files, a new one for this file, another file gone.
            const gone = uris[Math.floor(next() * uris.length)];
            disk.delete(gone);
            disk.set(uri, readAclFile(randomAcl(next)).all);
            index.replaceAll([...disk]);
          }
          // Not every change is followed by a read: several may pile up between two snapshots.
          if (next() < 0.3 && step < 39) continue;
          const expected = referenceMerge(disk, overlays, (u) => ranks.get(u) ?? 0, catalog);
          const snapshot = index.snapshot();
          assert.deepEqual(shape(snapshot), shape(expected), `seed ${seed}, step ${step}`);
          // Earlier snapshots still read as they did (the index changes its map in place and keeps what they saw).
          for (const [earlier, seen] of kept) assert.deepEqual(lookups(earlier), seen, `seed ${seed}, step ${step}: an earlier snapshot changed`);
          kept.push([snapshot, lookups(snapshot)]);
          if (kept.length > 4) kept.shift();
        }
      }
    });
  }

  it('keeps an earlier snapshot as it was when the index moves on', () => {
    const index = new AclIndex();
    index.setFileText('file:///a/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin" title="Magento Admin"><resource id="Acme_A::one" title="One"/></resource>'));
    const before = index.snapshot();
    const orderBefore = before.orderOf('Acme_A::one');
    index.setOverlay('file:///a/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin" title="Magento Admin"><resource id="Acme_A::zero" title="Zero"/><resource id="Acme_A::one" title="Renamed"/></resource>'));
    const after = index.snapshot();
    assert.equal(before.get('Acme_A::one')!.title, 'One');
    assert.equal(before.orderOf('Acme_A::one'), orderBefore);
    assert.deepEqual(before.ordered.map((r) => r.id), ['Magento_Backend::admin', 'Acme_A::one']);
    assert.equal(before.get('Acme_A::zero'), undefined);
    assert.equal(after.get('Acme_A::one')!.title, 'Renamed');
    assert.ok(after.orderOf('Acme_A::zero') < after.orderOf('Acme_A::one'));
  });

  it('reuses the resources an edit does not touch, so an edit costs what it changes', () => {
    const index = new AclIndex(bundledCoreCatalog());
    index.setFileText('file:///a/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_A::one" title="One"><resource id="Acme_A::deep" title="Deep"/></resource></resource>'));
    index.setFileText('file:///b/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_B::two" title="Two"/></resource>'));
    const before = index.snapshot();
    const entriesBefore = new Map(before.searchable().map((e) => [e.resource.id, e]));
    index.setOverlay('file:///b/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_B::two" title="Two, renamed"/><resource id="Acme_B::new" title="New"/></resource>'));
    const after = index.snapshot();
    assert.equal(after.get('Acme_A::one'), before.get('Acme_A::one'));
    assert.equal(after.get('Acme_A::deep'), before.get('Acme_A::deep'));
    assert.equal(after.get('Magento_Sales::sales'), before.get('Magento_Sales::sales'));
    assert.notEqual(after.get('Acme_B::two'), before.get('Acme_B::two'));
    assert.equal(before.get('Acme_B::two')!.title, 'Two');
    assert.equal(after.searchable().find((e) => e.resource.id === 'Acme_A::deep'), entriesBefore.get('Acme_A::deep'));
    assert.equal(after.searchable().find((e) => e.resource.id === 'Acme_B::two')!.title, 'two, renamed');
    // A resource that moves down the tree is a new object with its new depth; the old one keeps its own.
    index.setOverlay('file:///a/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_A::wrapper" title="Wrapper"><resource id="Acme_A::one" title="One"><resource id="Acme_A::deep" title="Deep"/></resource></resource></resource>'));
    const moved = index.snapshot();
    assert.equal(moved.get('Acme_A::deep')!.depth, before.get('Acme_A::deep')!.depth + 1);
    assert.equal(before.get('Acme_A::deep')!.depth, 2);
  });

  it('during a scan, answers with a tree merged less than the bound ago, and with everything once the scan ends', async () => {
    const index = new AclIndex();
    index.setFileText('file:///a/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_A::one" title="One"/></resource>'));
    index.whileScanning(60_000);
    const first = index.snapshot();
    index.setFileText('file:///b/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_B::two" title="Two"/></resource>'));
    assert.equal(index.snapshot(), first, 'the tree merged a moment ago stands in');
    assert.equal(index.snapshot().get('Acme_B::two'), undefined);
    index.whileScanning(undefined);
    assert.ok(index.snapshot().get('Acme_B::two'), 'merged once the scan ends');
    // A bound that has passed: the next ask merges.
    index.whileScanning(1);
    const merged = index.snapshot();
    index.setFileText('file:///c/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_C::three" title="Three"/></resource>'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.notEqual(index.snapshot(), merged);
    assert.ok(index.snapshot().get('Acme_C::three'));
  });
});
