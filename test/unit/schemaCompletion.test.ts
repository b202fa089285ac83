import * as assert from 'node:assert/strict';
import { TextEdit } from 'vscode-languageserver-types';
import { service, withCursor } from './helpers';

function labels(path: string, textWithBar: string): string[] {
  const { document, position } = withCursor(path, textWithBar);
  return service().doComplete(document, position).items.map((i) => i.label);
}

const CURRENT = '/p/app/code/Acme/Sync/etc/integration.xml';
const CONFIG = '/p/app/code/Acme/Sync/etc/integration/config.xml';

describe('schema-driven completion in integration files', () => {
  it('offers only the children still missing, in any order for integration.xml', () => {
    assert.deepEqual(labels(CURRENT, '<config><integration name="A">\n  <endpoint_url>https://x</endpoint_url>\n  <|\n</integration></config>').sort(), ['email', 'identity_link_url', 'resources']);
    assert.deepEqual(labels(CURRENT, '<config><integration name="A"><email>a@b.c</email>|</integration></config>').sort(), ['endpoint_url', 'identity_link_url', 'resources']);
  });

  it('respects the legacy config.xml order and never offers resources there', () => {
    assert.deepEqual(labels(CONFIG, '<integrations><integration name="A"><email>a@b.c</email><identity_link_url>https://x</identity_link_url>\n<|\n</integration></integrations>'), []);
    assert.deepEqual(labels(CONFIG, '<integrations><integration name="A"><email>a@b.c</email>\n<|\n</integration></integrations>'), ['endpoint_url', 'identity_link_url']);
  });

  it('offers <integration> in the root, <resource> in <resources>, and the name attribute', () => {
    assert.deepEqual(labels(CURRENT, '<config>\n  <|\n</config>'), ['integration']);
    assert.deepEqual(labels(CURRENT, '<config><integration name="A"><resources><resource name="A_B::c"/><|</resources></integration></config>'), ['resource']);
    assert.deepEqual(labels(CURRENT, '<config><integration |></integration></config>'), ['name']);
    assert.deepEqual(labels(CURRENT, '<config><integration name="A" |></integration></config>'), []);
  });

  it('replaces the typed "<" with a snippet of the element', () => {
    const { document, position } = withCursor(CURRENT, '<config><integration name="A"><em|</integration></config>');
    const email = service().doComplete(document, position).items.find((i) => i.label === 'email')!;
    const edit = email.textEdit as TextEdit;
    assert.equal(edit.newText, '<email>$0</email>');
    assert.equal(document.getText().slice(document.offsetAt(edit.range.start), document.offsetAt(edit.range.end)), '<em');
    assert.match(String((email.documentation as { value: string }).value), /required|Required/);
  });

  it("completes each file kind's schema URN", () => {
    const urn = (path: string) => labels(path, '<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="|">');
    assert.deepEqual(urn(CURRENT), ['urn:magento:module:Magento_Integration:etc/integration/integration.xsd']);
    assert.deepEqual(urn('/p/a/etc/acl.xml'), ['urn:magento:framework:Acl/etc/acl.xsd']);
    assert.deepEqual(urn('/p/a/etc/module.xml'), ['urn:magento:framework:Module/etc/module.xsd']);
    assert.deepEqual(urn(CONFIG), ['urn:magento:module:Magento_Integration:etc/integration/config.xsd']);
  });
});
