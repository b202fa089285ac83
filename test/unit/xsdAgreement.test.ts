// Our verdict on integration files must agree with xmllint on Magento's own XSDs (data/magento-xsd):
// every file the XSD rejects gets an error from us, and no file it accepts gets an XSD-class error.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { doc, service } from './helpers';

const CATALOG = path.resolve(__dirname, '../../data/magento-xsd/catalog.xml');
const SCHEMA = {
  'etc/integration.xml': 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd',
  'etc/integration/config.xml': 'urn:magento:module:Magento_Integration:etc/integration/config.xsd',
  'etc/integration/api.xml': 'urn:magento:module:Magento_Integration:etc/integration/api.xsd',
  'etc/module.xml': 'urn:magento:framework:Module/etc/module.xsd',
  'etc/acl.xml': 'urn:magento:framework:Acl/etc/acl.xsd',
} as const;
type FilePath = keyof typeof SCHEMA;

const XSD_CODES = new Set([
  'xml/malformed', 'acl/invalid-id', 'integration/missing-name', 'integration/invalid-name', 'integration/invalid-email',
  'integration/invalid-url', 'integration/unknown-element', 'integration/duplicate-element', 'integration/element-order',
  'integration/missing-element', 'integration/resources-not-allowed',
  'module/invalid-name', 'module/unknown-element', 'module/missing-element', 'module/duplicate-entry', 'module/invalid-version',
  'acl/missing-title', 'acl/duplicate-resource',
]);
const aclXml = (resources: string) => `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">\n<acl><resources>${resources}</resources></acl>\n</config>\n`;
/** acl.xsd's id pattern is matched by an automaton: a long run of capitals that fails late must not stall us either. */
const CAPITALS = 'A'.repeat(40);
const moduleXml = (body: string) => `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n${body}\n</config>\n`;

const current = (body: string) => `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">\n${body}\n</config>\n`;
const legacy = (body: string) => `<?xml version="1.0"?>\n<integrations>\n${body}\n</integrations>\n`;
const EMAIL = '<email>dev@acme.example</email>';
const RESOURCES = '<resources><resource name="Magento_Catalog::products"/></resources>';

/** [file, case name, contents]: at least one invalid file for every XSD rule, and valid look-alikes. */
const CORPUS: Array<[FilePath, string, string]> = [
  ['etc/integration.xml', 'valid, all elements', current(`<integration name="AcmeSync">${EMAIL}<endpoint_url>https://erp.acme.example/cb</endpoint_url><identity_link_url>https://erp.acme.example/login</identity_link_url>${RESOURCES}</integration>`)],
  ['etc/integration.xml', 'valid, any order (xs:all)', current(`<integration name="AcmeSync">${RESOURCES}<identity_link_url>https://x.example/l</identity_link_url>${EMAIL}</integration>`)],
  ['etc/integration.xml', 'valid, email only, comments and whitespace', current(`<!-- c --><integration name="Ab">\n  <!-- c -->${EMAIL}\n</integration>`)],
  ['etc/integration.xml', 'valid, two integrations', current(`<integration name="One">${EMAIL}</integration><integration name="Two">${EMAIL}${RESOURCES}</integration>`)],
  ['etc/integration.xml', 'valid, odd but accepted URI', current(`<integration name="Ab">${EMAIL}<endpoint_url>not a url</endpoint_url></integration>`)],
  ['etc/integration.xml', 'valid, URL padded with spaces', current(`<integration name="Ab">${EMAIL}<endpoint_url>  http://x.y  </endpoint_url></integration>`)],
  ['etc/integration.xml', 'valid, text inside resource', current(`<integration name="Ab">${EMAIL}<resources><resource name="A_B::c">note</resource></resources></integration>`)],
  ['etc/integration.xml', 'valid, CDATA email', current(`<integration name="Ab"><email><![CDATA[a@b.example]]></email></integration>`)],
  ['etc/integration.xml', 'no integration', current('')],
  ['etc/integration.xml', 'wrong root', '<integrations><integration name="Ab"><email>a@b.c</email></integration></integrations>'],
  ['etc/integration.xml', 'unknown root child', current(`<integration name="Ab">${EMAIL}</integration><extra/>`)],
  ['etc/integration.xml', 'missing name', current(`<integration>${EMAIL}</integration>`)],
  ['etc/integration.xml', 'name too short', current(`<integration name="A">${EMAIL}</integration>`)],
  ['etc/integration.xml', 'missing email', current(`<integration name="Ab">${RESOURCES}</integration>`)],
  ['etc/integration.xml', 'invalid email', current('<integration name="Ab"><email>not-an-email</email></integration>')],
  ['etc/integration.xml', 'email with surrounding newlines', current('<integration name="Ab"><email>\n a@b.example\n</email></integration>')],
  ['etc/integration.xml', 'empty email', current('<integration name="Ab"><email/></integration>')],
  ['etc/integration.xml', 'empty endpoint_url', current(`<integration name="Ab">${EMAIL}<endpoint_url/></integration>`)],
  ['etc/integration.xml', 'short identity_link_url', current(`<integration name="Ab">${EMAIL}<identity_link_url>abc</identity_link_url></integration>`)],
  ['etc/integration.xml', 'invalid URI', current(`<integration name="Ab">${EMAIL}<endpoint_url>ht tp://x.example</endpoint_url></integration>`)],
  ['etc/integration.xml', 'invalid URI fragment', current(`<integration name="Ab">${EMAIL}<endpoint_url>http://x/#a#b</endpoint_url></integration>`)],
  ['etc/integration.xml', 'duplicate email', current(`<integration name="Ab">${EMAIL}${EMAIL}</integration>`)],
  ['etc/integration.xml', 'duplicate resources', current(`<integration name="Ab">${EMAIL}${RESOURCES}${RESOURCES}</integration>`)],
  ['etc/integration.xml', 'unknown element', current(`<integration name="Ab">${EMAIL}<token>x</token></integration>`)],
  ['etc/integration.xml', 'empty resources', current(`<integration name="Ab">${EMAIL}<resources/></integration>`)],
  ['etc/integration.xml', 'element inside resource', current(`<integration name="Ab">${EMAIL}<resources><resource name="A_B::c"><x/></resource></resources></integration>`)],
  ['etc/integration.xml', 'resource without name', current(`<integration name="Ab">${EMAIL}<resources><resource/></resources></integration>`)],
  ['etc/integration.xml', 'resource name pattern', current(`<integration name="Ab">${EMAIL}<resources><resource name="catalog"/></resources></integration>`)],
  ['etc/integration.xml', 'empty resource name', current(`<integration name="Ab">${EMAIL}<resources><resource name=""/></resources></integration>`)],
  ['etc/integration.xml', 'unknown attribute', current(`<integration name="Ab" version="2">${EMAIL}</integration>`)],
  ['etc/integration.xml', 'text in integration', current(`<integration name="Ab">${EMAIL} stray text</integration>`)],
  ['etc/integration.xml', 'element inside email', current('<integration name="Ab"><email><b>a@b.example</b></email></integration>')],
  ['etc/integration.xml', 'malformed', current(`<integration name="Ab">${EMAIL}</integraton>`)],
  ['etc/integration/config.xml', 'valid, guide example', legacy('<integration name="TestIntegration"><email>someone@example.com</email><endpoint_url>https://example.com</endpoint_url><identity_link_url>https://example.com/identity_link_url</identity_link_url></integration>')],
  ['etc/integration/config.xml', 'valid, email only', legacy('<integration name="Ab"><email>a@b.example</email></integration>')],
  ['etc/integration/config.xml', 'order: endpoint before email', legacy('<integration name="Ab"><endpoint_url>https://x.example</endpoint_url><email>a@b.example</email></integration>')],
  ['etc/integration/config.xml', 'order: identity before endpoint', legacy('<integration name="Ab"><email>a@b.example</email><identity_link_url>https://x.example/l</identity_link_url><endpoint_url>https://x.example</endpoint_url></integration>')],
  ['etc/integration/config.xml', 'resources not allowed', legacy(`<integration name="Ab"><email>a@b.example</email>${RESOURCES}</integration>`)],
  ['etc/integration/config.xml', 'missing email', legacy('<integration name="Ab"><endpoint_url>https://x.example</endpoint_url></integration>')],
  ['etc/integration/config.xml', 'duplicate endpoint', legacy('<integration name="Ab"><email>a@b.example</email><endpoint_url>https://x.example</endpoint_url><endpoint_url>https://y.example</endpoint_url></integration>')],
  ['etc/integration/config.xml', 'wrong root', current(`<integration name="Ab">${EMAIL}</integration>`)],
  ['etc/integration/api.xml', 'valid', legacy(`<integration name="Ab">${RESOURCES}</integration>`)],
  ['etc/integration/api.xml', 'missing resources', legacy('<integration name="Ab"></integration>')],
  ['etc/integration/api.xml', 'email not allowed', legacy(`<integration name="Ab"><email>a@b.example</email>${RESOURCES}</integration>`)],
  ['etc/integration/api.xml', 'two resources elements', legacy(`<integration name="Ab">${RESOURCES}${RESOURCES}</integration>`)],
  ['etc/integration/api.xml', 'resource name pattern', legacy('<integration name="Ab"><resources><resource name="Catalog/products"/></resources></integration>')],
  ['etc/integration/api.xml', 'name too short', legacy(`<integration name="A">${RESOURCES}</integration>`)],
  ['etc/module.xml', 'valid, with sequence', moduleXml('<module name="Acme_Sync" setup_version="1.0.0">\n  <sequence>\n    <module name="Magento_Integration"/>\n    <module name="Magento_Catalog"/>\n  </sequence>\n</module>')],
  ['etc/module.xml', 'valid, name only', moduleXml('<module name="Acme_Sync"/>')],
  ['etc/module.xml', 'valid, empty sequence and comments', moduleXml('<!-- m --><module name="Acme_Sync"><sequence/></module>')],
  ['etc/module.xml', 'valid, two modules', moduleXml('<module name="Acme_Sync"/><module name="Acme_Feed"/>')],
  ['etc/module.xml', 'no module', moduleXml('')],
  ['etc/module.xml', 'wrong root', '<module name="Acme_Sync"/>'],
  ['etc/module.xml', 'unknown attribute release_version', moduleXml('<module name="Acme_Sync" release_version="1.0"/>')],
  ['etc/module.xml', 'missing name', moduleXml('<module setup_version="1.0.0"/>')],
  ['etc/module.xml', 'name with digits-only part', moduleXml('<module name="Acme_2"/>')],
  ['etc/module.xml', 'name with a third part', moduleXml('<module name="Acme_Sync_Extra"/>')],
  ['etc/module.xml', 'lowercase vendor', moduleXml('<module name="acme_Sync"/>')],
  ['etc/module.xml', 'setup_version pattern', moduleXml('<module name="Acme_Sync" setup_version="1.0.0-beta"/>')],
  ['etc/module.xml', 'duplicate module name', moduleXml('<module name="Acme_Sync"/><module name="Acme_Sync"/>')],
  ['etc/module.xml', 'duplicate sequence entry', moduleXml('<module name="Acme_Sync"><sequence><module name="Magento_Catalog"/><module name="Magento_Catalog"/></sequence></module>')],
  ['etc/module.xml', 'sequence entry pattern', moduleXml('<module name="Acme_Sync"><sequence><module name="magento_catalog"/></sequence></module>')],
  ['etc/module.xml', 'sequence entry without name', moduleXml('<module name="Acme_Sync"><sequence><module/></sequence></module>')],
  ['etc/module.xml', 'two sequences', moduleXml('<module name="Acme_Sync"><sequence/><sequence/></module>')],
  ['etc/module.xml', 'sequence outside module', moduleXml('<module name="Acme_Sync"/><sequence><module name="Magento_Integration"/></sequence>')],
  ['etc/module.xml', 'unknown element in module', moduleXml('<module name="Acme_Sync"><depends/></module>')],
  ['etc/module.xml', 'unknown element in sequence', moduleXml('<module name="Acme_Sync"><sequence><dependency name="Magento_Catalog"/></sequence></module>')],
  ['etc/module.xml', 'attribute on sequence entry', moduleXml('<module name="Acme_Sync"><sequence><module name="Magento_Catalog" version="1"/></sequence></module>')],
  ['etc/module.xml', 'text in module', moduleXml('<module name="Acme_Sync">text</module>')],
  ['etc/module.xml', 'text in sequence entry', moduleXml('<module name="Acme_Sync"><sequence><module name="Magento_Catalog">x</module></sequence></module>')],
  ['etc/acl.xml', 'valid ids and titles', aclXml('<resource id="Magento_Backend::admin" title="Admin"><resource id="Acme_Sync::sync_2" title="Acme Sync"/><resource id="AcMe42_SyncV2::X" title="Abc"/></resource>')],
  ['etc/acl.xml', 'valid, a long run of capitals', aclXml(`<resource id="${CAPITALS}b_Sync::ok" title="Long vendor"/>`)],
  ['etc/acl.xml', 'long run of capitals, then a hyphen', aclXml(`<resource id="${CAPITALS}_Sync::bad-id" title="Long vendor"/>`)],
  ['etc/acl.xml', 'one-letter vendor', aclXml('<resource id="A_Sync::x" title="Short vendor"/>')],
  ['etc/acl.xml', 'lowercase module part', aclXml('<resource id="Acme_sync::x" title="Lower module"/>')],
  ['etc/acl.xml', 'nothing after ::', aclXml('<resource id="Acme_Sync::" title="Empty name"/>')],
  ['etc/acl.xml', 'title too short', aclXml('<resource id="Acme_Sync::x" title="Ab"/>')],
  ['etc/acl.xml', 'title too long', aclXml(`<resource id="Acme_Sync::x" title="${'T'.repeat(51)}"/>`)],
  ['etc/acl.xml', 'the same id twice', aclXml('<resource id="Acme_Sync::x" title="One"/><resource id="Acme_Sync::x" title="Two"/>')],
];

describe('agreement with xmllint on Magento\'s XSDs', function () {
  this.timeout(60000);
  let folder: string;

  before(() => {
    const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(probe.error, undefined, 'xmllint is needed (Debian package libxml2-utils)');
    folder = mkdtempSync(path.join(tmpdir(), 'mik-xsd-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  CORPUS.forEach(([file, name, contents], index) => {
    it(`${file}: ${name}`, () => {
      const full = path.join(folder, `case${index}`, 'app/code/Acme/Sync', file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, contents);
      const xmllint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMA[file], full], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
      assert.ok(xmllint.status === 0 || xmllint.status === 3 || xmllint.status === 1, `xmllint failed to run: ${xmllint.stderr}`);
      const xsdAccepts = xmllint.status === 0;
      const ours = service().doValidation(doc(full, contents)).filter((d) => d.severity === DiagnosticSeverity.Error && XSD_CODES.has(String(d.code)));
      if (xsdAccepts) assert.deepEqual(ours.map((d) => `${d.code}: ${d.message}`), [], 'xmllint accepts this file');
      else assert.ok(ours.length > 0, `xmllint rejects it (${xmllint.stderr.trim()}) but we report no error`);
    });
  });

  it('has both accepted and rejected files for every file kind', () => {
    for (const file of Object.keys(SCHEMA)) {
      const names = CORPUS.filter(([f]) => f === file).map(([, n]) => n);
      assert.ok(names.some((n) => n.startsWith('valid')) && names.some((n) => !n.startsWith('valid')), file);
    }
  });
});
