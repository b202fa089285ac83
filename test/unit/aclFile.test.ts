import * as assert from 'node:assert/strict';
import { readAclFile } from '../../server/src/magento/aclFile';
import { aclXml } from './helpers';

describe('readAclFile', () => {
  it('reads ids, titles, sort orders, parents and positions', () => {
    const text = aclXml(`            <resource id="Magento_Backend::admin">
                <resource id="Acme_Sync::sync" title="Sync &amp; Export" sortOrder="7">
                    <resource id='Acme_Sync::child' title="Child"/>
                </resource>
            </resource>`);
    const file = readAclFile(text);
    assert.deepEqual(file.all.map((d) => [d.id, d.title, d.parentId, d.sortOrder]), [
      ['Magento_Backend::admin', undefined, undefined, undefined],
      ['Acme_Sync::sync', 'Sync & Export', 'Magento_Backend::admin', 7],
      ['Acme_Sync::child', 'Child', 'Acme_Sync::sync', undefined],
    ]);
    const sync = file.all[1];
    const line = text.split('\n')[sync.idRange.start.line];
    assert.equal(line.slice(sync.idRange.start.character, sync.idRange.end.character), 'Acme_Sync::sync');
    assert.equal(sync.range.end.line - sync.range.start.line, 2);
    assert.equal(file.roots.length, 1);
    assert.equal(file.roots[0].children[0].children[0].id, 'Acme_Sync::child');
  });

  it('ignores commented-out resources, CDATA and resources outside config/acl/resources', () => {
    const text = `<config><!-- <resource id="Commented_Out::x" title="No"/> --><acl><resources>
      <![CDATA[ <resource id="In_Cdata::x"/> ]]>
      <resource id="Kept_Module::x" title="Yes" note="a > b"/>
    </resources></acl><resource id="Outside_Acl::x" title="No"/></config>`;
    assert.deepEqual(readAclFile(text).all.map((d) => d.id), ['Kept_Module::x']);
  });

  it('tolerates stray end tags and truncation', () => {
    const text = `<config><acl><resources><resource id="A_B::a" title="Aaa"></oops><resource id="A_B::b" title="Bbb"/></resource><resource id="A_B::c"`;
    assert.deepEqual(readAclFile(text).all.map((d) => [d.id, d.parentId]), [['A_B::a', undefined], ['A_B::b', 'A_B::a']]);
  });
});
