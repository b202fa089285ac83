import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/language/languageService';
import { aclXml, doc, service, workspaceIndex } from './helpers';

const INTEGRATION = '/p/app/code/Acme/Sync/etc/integration.xml';
const API = '/p/app/code/Acme/Sync/etc/integration/api.xml';
const ACL = '/p/app/code/Acme/Sync/etc/acl.xml';

function integration(resources: string[]): string {
  return `<?xml version="1.0"?>
<config>
    <integration name="AcmeSync">
        <email>a@b.example</email>
        <resources>
${resources.map((r) => `            <resource name="${r}"/>`).join('\n')}
        </resources>
    </integration>
</config>
`;
}

function api(resources: string[]): string {
  return integration(resources).replace(/<config>/, '<integrations>').replace('</config>', '</integrations>').replace(/ *<email>.*\n/, '');
}

function validate(path: string, text: string): Diagnostic[] {
  return service().doValidation(doc(path, text));
}

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

describe('diagnostics', () => {
  it('reports nothing for a correct integration.xml and a correct legacy api.xml', () => {
    assert.deepEqual(validate(INTEGRATION, integration(['Magento_Catalog::products', 'Acme_Sync::sync_orders'])), []);
    assert.deepEqual(validate(API, api(['Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products'])), []);
  });

  it('integration/invalid-email names whitespace as the cause when the address inside is valid', () => {
    const text = (email: string) => `<config><integration name="Acme"><email>${email}</email><resources><resource name="Magento_Catalog::products"/></resources></integration></config>`;
    const [padded] = validate(INTEGRATION, text('\n\t\tdev@acme.example\n\t')).filter((d) => d.code === 'integration/invalid-email');
    assert.match(padded.message as string, /^"\\n\\t\\tdev@acme.example\\n\\t": the whitespace around "dev@acme.example" makes it an invalid email.*write <email>dev@acme.example<\/email>/);
    const [bad] = validate(INTEGRATION, text('dev.acme.example')).filter((d) => d.code === 'integration/invalid-email');
    assert.match(bad.message as string, /^"dev.acme.example" is not an email address Magento accepts/);
    assert.deepEqual(validate(INTEGRATION, text('  dev@acme.example ')).filter((d) => d.code === 'integration/invalid-email'), [], 'spaces alone match the pattern');
  });

  it('xml/schema-location: a root naming another file\'s schema, or none that exists, with the fix', () => {
    const CONFIG = '/p/app/code/Acme/Sync/etc/integration/config.xml';
    const MODULE = '/p/app/code/Acme/Sync/etc/module.xml';
    const root = (element: string, location: string, body: string) => `<?xml version="1.0"?>\n<${element} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="${location}">${body}</${element}>\n`;
    const config = (location: string) => root('integrations', location, '<integration name="AcmeSync"><email>a@b.example</email></integration>');
    const cases: Array<[string, string, string, RegExp | undefined]> = [
      ['config.xml naming integration.xsd', CONFIG, config('urn:magento:module:Magento_Integration:etc/integration/integration.xsd'), /is the schema of etc\/integration\.xml; etc\/integration\/config\.xml is urn:magento:module:Magento_Integration:etc\/integration\/config\.xsd/],
      ['config.xml naming a schema that does not exist', CONFIG, config('urn:magento:module:Magento_Integration:etc/integration.xsd'), /is a schema Magento does not have/],
      ['config.xml naming its own', CONFIG, config('urn:magento:module:Magento_Integration:etc/integration/config.xsd'), undefined],
      ['api.xml naming config.xsd', API, root('integrations', 'urn:magento:module:Magento_Integration:etc/integration/config.xsd', '<integration name="AcmeSync"><resources><resource name="Magento_Catalog::catalog"/></resources></integration>'), /is the schema of etc\/integration\/config\.xml/],
      ['module.xml with Magento 2.0\'s relative path', MODULE, root('config', '../../../../../lib/internal/Magento/Framework/Module/etc/module.xsd', '<module name="Acme_Sync"/>'), undefined],
      ['module.xml with a relative path to acl.xsd', MODULE, root('config', '../../../../../lib/internal/Magento/Framework/Acl/etc/acl.xsd', '<module name="Acme_Sync"/>'), /is the schema of etc\/acl\.xml/],
    ];
    for (const [name, path, text, message] of cases) {
      const found = validate(path, text).filter((d) => d.code === 'xml/schema-location');
      if (!message) {
        assert.deepEqual(found, [], name);
        continue;
      }
      assert.equal(found.length, 1, name);
      assert.equal(found[0].severity, 2, name);
      assert.match(found[0].message as string, message, name);
      const [fix] = service().getCodeActions(doc(path, text), found);
      const fixed = TextDocument.applyEdits(TextDocument.create('file:///x', 'xml', 1, text), fix.edit!.changes![Object.keys(fix.edit!.changes!)[0]]);
      assert.deepEqual(validate(path, fixed).filter((d) => d.code === 'xml/schema-location'), [], `${name}: fixed`);
    }
  });

  it('xml/malformed: reports the place and keeps checking the rest', () => {
    const text = integration(['Nope_Nope::x']).replace('<email>', '<email attr=>');
    const diagnostics = validate(INTEGRATION, text);
    const malformed = diagnostics.find((d) => d.code === 'xml/malformed')!;
    assert.equal(malformed.range.start.line, 3);
    assert.ok(codes(diagnostics).includes('acl/unknown-resource'));
  });

  it('acl/invalid-id in references and declarations', () => {
    assert.deepEqual(codes(validate(INTEGRATION, integration(['catalog']))), ['acl/invalid-id']);
    assert.deepEqual(codes(validate(ACL, aclXml('<resource id="Magento_Backend::admin"><resource id="acme_sync::x" title="Lower"/></resource>'))), ['acl/invalid-id']);
  });

  it('acl/unknown-resource with "did you mean" and a quick fix', () => {
    const document = doc(INTEGRATION, integration(['Magento_Catalog::prodcts']));
    const ls = service();
    const [diagnostic] = ls.doValidation(document);
    assert.equal(diagnostic.code, 'acl/unknown-resource');
    assert.match(diagnostic.message as string, /Did you mean "Magento_Catalog::products"\?/);
    const [action] = ls.getCodeActions(document, [diagnostic]);
    assert.equal(action.title, 'Change to "Magento_Catalog::products"');
    assert.deepEqual(codes(validate(INTEGRATION, integration(['Magento_Catalog::products']))), []);
  });

  it('holds back unknown-resource while the workspace is still being indexed', () => {
    const ls = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => false });
    assert.deepEqual(ls.doValidation(doc(INTEGRATION, integration(['Magento_Catalog::prodcts']))), []);
  });

  it('ignores webapi.xml anonymous and self, and checks each id of a list', () => {
    const webapi = (ref: string) => `<routes><route><resources><resource ref="${ref}"/></resources></route></routes>`;
    assert.deepEqual(validate('/p/a/etc/webapi.xml', webapi('anonymous')), []);
    assert.deepEqual(validate('/p/a/etc/webapi.xml', webapi('self')), []);
    assert.deepEqual(codes(validate('/p/a/etc/webapi.xml', webapi('Acme_Sync::sync, Acme_Sync::nope'))), ['acl/unknown-resource']);
  });

  it('acl/missing-parent on a legacy api.xml, fixed by inserting every missing ancestor in tree order', () => {
    const document = doc(API, api(['Magento_Catalog::products']));
    const ls = service();
    const diagnostics = ls.doValidation(document);
    assert.deepEqual(codes(diagnostics), ['acl/missing-parent']);
    assert.match(diagnostics[0].message as string, /"Magento_Catalog::catalog", "Magento_Catalog::catalog_inventory"/);
    const [fix] = ls.getCodeActions(document, diagnostics);
    const fixed = TextDocument.applyEdits(document, fix.edit!.changes![document.uri] as TextEdit[]);
    assert.equal(fixed, api(['Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products']));
    assert.deepEqual(ls.doValidation(doc(API, fixed)), []);
  });

  it('does not require parents in etc/integration.xml, where Magento adds them', () => {
    assert.deepEqual(validate(INTEGRATION, integration(['Magento_Catalog::products'])), []);
  });

  it('acl/duplicate-resource within one integration, and within one acl.xml', () => {
    assert.deepEqual(codes(validate(INTEGRATION, integration(['Acme_Sync::sync', 'Acme_Sync::sync']))), ['acl/duplicate-resource']);
    const twoIntegrations = integration(['Acme_Sync::sync']).replace('</config>', '<integration name="Other"><email>o@b.example</email><resources><resource name="Acme_Sync::sync"/></resources></integration></config>');
    assert.deepEqual(validate(INTEGRATION, twoIntegrations), []);
    const acl = aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::a" title="Aaa"/><resource id="Acme_Sync::a" title="Aaa"/></resource>');
    assert.deepEqual(codes(validate(ACL, acl)), ['acl/duplicate-resource']);
  });

  it('acl/missing-title: no title after merging, or a title of the wrong length', () => {
    assert.deepEqual(codes(validate(ACL, aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::untitled"/></resource>'))), ['acl/missing-title']);
    const short = validate(ACL, aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::x" title="ab"/></resource>'));
    assert.deepEqual(codes(short), ['acl/missing-title']);
    assert.match(short[0].message as string, /2 characters long/);
    assert.deepEqual(codes(validate(ACL, aclXml(`<resource id="Magento_Backend::admin"><resource id="Acme_Sync::x" title="${'x'.repeat(51)}"/></resource>`))), ['acl/missing-title']);
    // Nesting under a parent without repeating its title is the normal way; the parent has one elsewhere.
    assert.deepEqual(validate(ACL, aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::x" title="Fine"/></resource>')), []);
  });

  it('never throws on garbage in any file kind', () => {
    for (const path of [INTEGRATION, API, ACL, '/p/a/etc/webapi.xml', '/p/a/etc/adminhtml/system.xml', '/p/a/Foo.php']) {
      for (const text of ['', '<', '\u0000\u0001\u0002', '<config><acl><resources><resource id="', '<?php const ADMIN_RESOURCE = \'']) {
        const ls = service();
        const document = doc(path, text);
        ls.doValidation(document);
        ls.doComplete(document, document.positionAt(text.length));
        ls.doHover(document, document.positionAt(text.length));
        ls.findDocumentSymbols(document);
      }
    }
  });

  describe('integration files beyond the XSD', () => {
    const withUrls = (endpoint?: string, identity?: string) => integration(['Acme_Sync::sync']).replace('<email>a@b.example</email>',
      `<email>a@b.example</email>${endpoint ? `<endpoint_url>${endpoint}</endpoint_url>` : ''}${identity ? `<identity_link_url>${identity}</identity_link_url>` : ''}`);

    it('integration/insecure-url: http to a remote host, but not to localhost', () => {
      const remote = validate(INTEGRATION, withUrls('http://erp.example.com/cb', 'https://erp.example.com/login'));
      assert.deepEqual(codes(remote), ['integration/insecure-url']);
      assert.equal(remote[0].severity, 2);
      assert.deepEqual(validate(INTEGRATION, withUrls('http://localhost:8080/cb', 'http://127.0.0.1/login')), []);
    });

    it('integration/exchange-needs-both-urls: only one of the two URLs', () => {
      const one = validate(INTEGRATION, withUrls('https://erp.example.com/cb'));
      assert.deepEqual(codes(one), ['integration/exchange-needs-both-urls']);
      assert.equal(one[0].severity, 3);
      assert.deepEqual(validate(INTEGRATION, withUrls()), []);
      assert.deepEqual(validate(INTEGRATION, withUrls('https://erp.example.com/cb', 'https://erp.example.com/login')), []);
    });

    it('integration/invalid-url: a valid URI that is not http(s) is a warning, an invalid one an error', () => {
      const ftp = validate(INTEGRATION, withUrls('ftp://erp.example.com/cb', 'https://erp.example.com/login'));
      assert.deepEqual(ftp.map((d) => [d.code, d.severity]), [['integration/invalid-url', 2]]);
      const broken = validate(INTEGRATION, withUrls('ht tp://x', 'https://erp.example.com/login'));
      assert.deepEqual(broken.map((d) => [d.code, d.severity]), [['integration/invalid-url', 1]]);
    });
  });

  it('integration/duplicate-name: a name configured twice in the file, or elsewhere with a clashing field or in the other format', () => {
    const withOther = (kind: 'integration' | 'integration-config', fields: Record<string, string>) => createLanguageService({
      index: workspaceIndex(),
      isIndexComplete: () => true,
      integrationsNamed: (name) => (name === 'AcmeSync' ? [{ uri: `file:///p/app/code/Other/Module/etc/${kind === 'integration' ? 'integration.xml' : 'integration/config.xml'}`, kind, name, fields: new Map(Object.entries(fields)), resources: [] }] : []),
    });
    const [duplicate] = withOther('integration', { email: 'other@b.example' }).doValidation(doc(INTEGRATION, integration(['Acme_Sync::sync'])));
    assert.equal(duplicate.code, 'integration/duplicate-name');
    assert.match(duplicate.message as string, /again in app\/code\/Other\/Module\/etc\/integration.xml, which sets <email> differently/);
    // Magento merges the files: another file that only adds a field is the integration split in two.
    assert.deepEqual(codes(withOther('integration', { endpoint_url: 'https://erp.example.com/cb' }).doValidation(doc(INTEGRATION, integration(['Acme_Sync::sync'])))), []);
    const [otherFormat] = withOther('integration-config', {}).doValidation(doc(INTEGRATION, integration(['Acme_Sync::sync'])));
    assert.match(otherFormat.message as string, /in the other format/);
    const twice = integration(['Acme_Sync::sync']).replace('</config>', '<integration name="AcmeSync"><email>o@b.example</email></integration></config>');
    assert.deepEqual(codes(validate(INTEGRATION, twice)), ['integration/duplicate-name']);
    assert.deepEqual(codes(validate(INTEGRATION, integration(['Acme_Sync::sync']))), []);
  });
});

describe('quick fixes never create a new problem', () => {
  const apply = (document: TextDocument, action: { edit?: { changes?: Record<string, TextEdit[]> } }) =>
    TextDocument.applyEdits(document, action.edit!.changes![document.uri]);

  it('a misspelling of an id the integration already grants is removed, not changed into a duplicate', () => {
    const document = doc(INTEGRATION, integration(['Magento_Catalog::products', 'Magento_Catalog::prodcts']));
    const ls = service();
    const [diagnostic] = ls.doValidation(document);
    assert.match(diagnostic.message as string, /looks like a misspelling of "Magento_Catalog::products", which this integration already grants/);
    const actions = ls.getCodeActions(document, [diagnostic]);
    assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Remove it (Magento_Catalog::products is already granted)', true]]);
    const fixed = apply(document, actions[0]);
    assert.equal(fixed, integration(['Magento_Catalog::products']));
    assert.deepEqual(ls.doValidation(doc(INTEGRATION, fixed)), []);
  });

  it('in a legacy api.xml, "Change to" brings the parents the new id needs', () => {
    const document = doc(API, api(['Acme_Sync::sync_ordrs']));
    const ls = service();
    const [diagnostic] = ls.doValidation(document);
    const [action] = ls.getCodeActions(document, [diagnostic]);
    assert.equal(action.title, 'Change to "Acme_Sync::sync_orders" (with its parent Acme_Sync::sync)');
    const fixed = apply(document, action);
    assert.equal(fixed, api(['Acme_Sync::sync', 'Acme_Sync::sync_orders']));
    assert.deepEqual(ls.doValidation(doc(API, fixed)), []);
  });

  it('a duplicate gets "Remove the duplicate"', () => {
    const document = doc(INTEGRATION, integration(['Acme_Sync::sync', 'Magento_Catalog::products', 'Acme_Sync::sync']));
    const ls = service();
    const [diagnostic] = ls.doValidation(document);
    const [action] = ls.getCodeActions(document, [diagnostic]);
    assert.equal(action.title, 'Remove the duplicate');
    assert.equal(apply(document, action), integration(['Acme_Sync::sync', 'Magento_Catalog::products']));
  });

  it('"Fix all" fixes every fixable problem of the file at once, each missing parent inserted once', () => {
    const text = api(['Magento_Catalog::products', 'Magento_Catalog::categories', 'Magento_Catalog::products', 'Acme_Sync::sync_ordrs']);
    const document = doc(API, text);
    const ls = service();
    const diagnostics = ls.doValidation(document);
    assert.deepEqual(codes(diagnostics).sort(), ['acl/duplicate-resource', 'acl/missing-parent', 'acl/missing-parent', 'acl/missing-parent', 'acl/unknown-resource']);
    const fixAll = ls.getCodeActions(document, [diagnostics[0]]).find((a) => a.title.startsWith('Fix all'))!;
    assert.match(fixAll.title, /^Fix all auto-fixable problems in this file \(\d+\)$/);
    const fixed = apply(document, fixAll);
    assert.equal(fixed, api(['Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products', 'Magento_Catalog::categories', 'Acme_Sync::sync', 'Acme_Sync::sync_orders']));
    assert.deepEqual(codes(ls.doValidation(doc(API, fixed))), []);
    // The same as a source action, for editor.codeActionsOnSave.
    const onSave = ls.getCodeActions(document, [], ['source.fixAll']);
    assert.deepEqual(onSave.map((a) => a.kind), ['source.fixAll.magento']);
    assert.equal(apply(document, onSave[0]), fixed);
  });
});
