import * as assert from 'node:assert/strict';
import { attribute, parseXml, textContent, walkElements } from '../../server/src/magento/xmlTree';

describe('parseXml', () => {
  it('locates attribute values and elements by offset', () => {
    const text = `<config><resource id="A_B::c" title='T é😀'/></config>`;
    const tree = parseXml(text);
    const resource = tree.root!.children[0];
    const id = attribute(resource, 'id')!;
    assert.equal(text.slice(id.valueStart, id.valueEnd), 'A_B::c');
    const title = attribute(resource, 'title')!;
    assert.equal(text.slice(title.valueStart, title.valueEnd), 'T é😀');
    assert.equal(text.slice(resource.start, resource.end), `<resource id="A_B::c" title='T é😀'/>`);
    assert.deepEqual(tree.problems, []);
  });

  it('gives the trimmed text content of a leaf element', () => {
    const text = '<section><resource>\n  Acme_Sync::sync  </resource></section>';
    const content = textContent(text, parseXml(text).root!.children[0])!;
    assert.equal(content.value, 'Acme_Sync::sync');
    assert.equal(text.slice(content.start, content.end), 'Acme_Sync::sync');
  });

  it('keeps building the tree after a well-formedness error', () => {
    const text = '<config><a x="1"></b><resource id="Later_Module::x"/></config>';
    const tree = parseXml(text);
    assert.ok(tree.problems.length > 0);
    const ids = [...walkElements(tree.root)].map((e) => attribute(e, 'id')?.value).filter(Boolean);
    assert.deepEqual(ids, ['Later_Module::x']);
  });

  it('survives binary garbage and deep nesting', () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    assert.ok(parseXml(garbage).problems.length <= 20);
    const deep = '<a>'.repeat(20000) + '</a>'.repeat(20000);
    assert.equal([...walkElements(parseXml(deep).root)].length, 20000);
  });
});
