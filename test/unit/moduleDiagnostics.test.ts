import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/language/languageService';
import { ModuleContext, readModuleFacts } from '../../server/src/magento/moduleFacts';
import { doc, workspaceIndex } from './helpers';

const ROOT = '/p/app/code/Acme/Sync';
const MODULE_XML = (name = 'Acme_Sync', sequence = true) =>
  `<?xml version="1.0"?>\n<config><module name="${name}">${sequence ? '<sequence><module name="Magento_Integration"/></sequence>' : ''}</module></config>\n`;
const REGISTRATION = (name = 'Acme_Sync') => `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);\n`;
const CONFIG = (name = 'AcmeSync') => `<integrations><integration name="${name}"><email>a@b.example</email></integration></integrations>`;
const API = (name = 'AcmeSync') => `<integrations><integration name="${name}"><resources><resource name="Acme_Sync::sync"/></resources></integration></integrations>`;
const PATCH = (name = 'AcmeSync') => `<?php\nclass Install {\n  public function apply() { $this->manager->processIntegrationConfig(['${name}']); }\n}\n`;
const COMPOSER = (overrides: Record<string, unknown> = {}) => JSON.stringify({
  name: 'acme/module-sync', type: 'magento2-module', autoload: { files: ['registration.php'], 'psr-4': { 'Acme\\Sync\\': '' } }, ...overrides,
}, null, 2);

/** Validates `file` of a module made of `files` (relative path → contents). */
function check(file: string, files: Record<string, string>, folderName: string | null = 'Acme_Sync'): Diagnostic[] {
  return checkWithService(file, files, folderName).diagnostics;
}

function checkWithService(file: string, files: Record<string, string>, folderName: string | null = 'Acme_Sync') {
  const reader = { read: (relative: string) => files[relative], exists: (relative: string) => relative in files, phpFiles: () => Object.keys(files).filter((f) => f.endsWith('.php')) };
  const context: ModuleContext = {
    root: ROOT,
    files: reader,
    relativePath: file,
    folderName: folderName ?? undefined,
    facts: () => readModuleFacts(reader),
    outsideDependencies: new Set(),
  };
  const service = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, moduleContextOf: () => context });
  const document = doc(`${ROOT}/${file}`, files[file]);
  return { service, document, diagnostics: service.doValidation(document) };
}

/** Applies the first quick fix for `code` and returns the new text. */
function fix(file: string, files: Record<string, string>, code: string): string {
  const { service, document, diagnostics } = checkWithService(file, files);
  const diagnostic = diagnostics.find((d) => d.code === code);
  assert.ok(diagnostic, `a ${code} diagnostic`);
  const [action] = service.getCodeActions(document, [diagnostic]);
  assert.ok(action?.edit, `a quick fix for ${code}`);
  return TextDocument.applyEdits(document as TextDocument, action.edit.changes![document.uri] as TextEdit[]);
}

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code)).filter((c) => c !== 'integration/legacy-format');

const GOOD = {
  'etc/module.xml': MODULE_XML(),
  'registration.php': REGISTRATION(),
  'composer.json': COMPOSER(),
  'etc/integration/config.xml': CONFIG(),
  'etc/integration/api.xml': API(),
  'Setup/Patch/Data/Install.php': PATCH(),
};

describe('cross-file module checks', () => {
  it('reports nothing for a consistent legacy module', () => {
    for (const file of Object.keys(GOOD)) assert.deepEqual(codes(check(file, GOOD)), [], file);
  });

  it('module/invalid-name and module/name-mismatch across module.xml, registration.php and the folder', () => {
    assert.deepEqual(codes(check('etc/module.xml', { ...GOOD, 'etc/module.xml': MODULE_XML('acme_sync'), 'registration.php': REGISTRATION('acme_sync') }, null)), ['module/invalid-name']);
    // One slip, one error, at the odd place: module.xml and the folder agree, registration.php differs.
    const odd = { ...GOOD, 'registration.php': REGISTRATION('Acme_Other') };
    assert.deepEqual(codes(check('etc/module.xml', odd)), []);
    const mismatch = check('registration.php', odd);
    assert.deepEqual(codes(mismatch), ['module/name-mismatch']);
    assert.match(mismatch[0].message as string, /registration.php names the module "Acme_Other", but etc\/module.xml says "Acme_Sync" and the app\/code folder says "Acme_Sync"/);
    assert.deepEqual(codes(check('composer.json', odd)), [], 'composer.json is judged by the name two places agree on');
    // The folder is the odd one: said once, on module.xml.
    assert.deepEqual(codes(check('registration.php', GOOD, 'Acme_Elsewhere')), []);
    assert.deepEqual(codes(check('etc/module.xml', GOOD, 'Acme_Elsewhere')), ['module/name-mismatch']);
    // No two agree: each file says it.
    const none = { ...GOOD, 'registration.php': REGISTRATION('Acme_Other') };
    assert.deepEqual(codes(check('registration.php', none, 'Acme_Third')), ['module/name-mismatch']);
    assert.deepEqual(codes(check('etc/module.xml', none, 'Acme_Third')), ['module/name-mismatch']);
  });

  it('module/missing-integration-sequence only when the module configures an integration', () => {
    assert.deepEqual(codes(check('etc/module.xml', { ...GOOD, 'etc/module.xml': MODULE_XML('Acme_Sync', false) })), ['module/missing-integration-sequence']);
    assert.deepEqual(codes(check('etc/module.xml', { 'etc/module.xml': MODULE_XML('Acme_Sync', false), 'registration.php': REGISTRATION() })), []);
    // Magento orders modules transitively: Magento_Webapi loads after Magento_Integration (its module.xml in 2.4.6), so loading after it is enough.
    const afterWebapi = '<?xml version="1.0"?>\n<config><module name="Acme_Sync"><sequence><module name="Magento_Webapi"/></sequence></module></config>\n';
    assert.deepEqual(codes(check('etc/module.xml', { ...GOOD, 'etc/module.xml': afterWebapi })), []);
    const afterCatalog = afterWebapi.replace('Magento_Webapi', 'Magento_Catalog');
    assert.deepEqual(codes(check('etc/module.xml', { ...GOOD, 'etc/module.xml': afterCatalog })), ['module/missing-integration-sequence']);
  });

  it('a name whose case differs in one place of three is one error, at that place, fixed there', () => {
    for (const [odd, file] of [['config.xml', 'etc/integration/config.xml'], ['api.xml', 'etc/integration/api.xml']] as const) {
      const files = { ...GOOD, [file]: odd === 'config.xml' ? CONFIG('acmeSync') : API('acmeSync') };
      const all = Object.keys(files).flatMap((f) => check(f, files).filter((d) => d.code !== 'integration/legacy-format').map((d) => `${f} ${d.code}`));
      assert.deepEqual(all, [`${file} integration/setup-name-case`], odd);
      const [diagnostic] = check(file, files).filter((d) => d.code === 'integration/setup-name-case');
      assert.match(diagnostic.message as string, new RegExp(`^${odd} names "acmeSync", but .* use "AcmeSync"`));
      assert.equal(fix(file, files, 'integration/setup-name-case'), GOOD[file]);
    }
  });

  it('a typo of the name in one place of three is one integration/name-mismatch, at that place, fixed there', () => {
    for (const [file, files] of [
      ['etc/integration/config.xml', { ...GOOD, 'etc/integration/config.xml': CONFIG('AcmeSnyc') }],
      ['etc/integration/api.xml', { ...GOOD, 'etc/integration/api.xml': API('AcmeSnyc') }],
      ['Setup/Patch/Data/Install.php', { ...GOOD, 'Setup/Patch/Data/Install.php': PATCH('AcmeSnyc') }],
    ] as const) {
      const all = Object.keys(files).flatMap((f) => check(f, files).filter((d) => d.code !== 'integration/legacy-format').map((d) => `${f} ${d.code}`));
      assert.deepEqual(all, [`${file} integration/name-mismatch`], file);
      assert.equal(fix(file, files, 'integration/name-mismatch'), (GOOD as Record<string, string>)[file], file);
    }
    // Names that differ by more than a slip are two integrations: each place says what it lacks.
    const apart = { ...GOOD, 'etc/integration/api.xml': API('OtherThing') };
    assert.ok(check('etc/integration/api.xml', apart).some((d) => d.code === 'integration/name-mismatch'));
    assert.ok(check('etc/integration/config.xml', apart).some((d) => d.code === 'integration/name-mismatch'));
  });

  it('integration/name-mismatch between config.xml and api.xml', () => {
    const files = { ...GOOD, 'etc/integration/api.xml': API('AcmeOther') };
    assert.deepEqual(codes(check('etc/integration/api.xml', files)), ['integration/name-mismatch']);
    assert.ok(codes(check('etc/integration/config.xml', files)).includes('integration/name-mismatch'));
  });

  it('integration/not-installed and integration/setup-name-case', () => {
    const { ['Setup/Patch/Data/Install.php']: _patch, ...noSetup } = GOOD;
    assert.deepEqual(codes(check('etc/integration/config.xml', noSetup)), ['integration/not-installed']);
    const wrongCase = { ...GOOD, 'Setup/Patch/Data/Install.php': PATCH('acmeSync') };
    // One slip, one error: at the setup call, the odd one out (config.xml and api.xml agree).
    assert.deepEqual(codes(check('etc/integration/config.xml', wrongCase)), []);
    assert.deepEqual(codes(check('etc/integration/api.xml', wrongCase)), []);
    const onPhp = check('Setup/Patch/Data/Install.php', wrongCase);
    assert.deepEqual(codes(onPhp), ['integration/setup-name-case']);
    assert.equal(onPhp[0].range.start.line, 2);
  });

  it('integration/legacy-format is a hint on the legacy pair', () => {
    const hints = check('etc/integration/config.xml', GOOD).filter((d) => d.code === 'integration/legacy-format');
    assert.equal(hints.length, 1);
    assert.equal(hints[0].severity, 4);
  });

  it('composer.json: invalid name, type, files and psr-4', () => {
    const invalid = check('composer.json', { ...GOOD, 'composer.json': COMPOSER({ name: 'Vendor1_Module1' }) });
    assert.deepEqual(codes(invalid), ['composer/invalid-name']);
    assert.match(invalid[0].message as string, /"acme\/module-sync"/);
    assert.deepEqual(codes(check('composer.json', { ...GOOD, 'composer.json': COMPOSER({ type: 'library' }) })), ['composer/invalid-type']);
    assert.deepEqual(codes(check('composer.json', { ...GOOD, 'composer.json': COMPOSER({ autoload: { 'psr-4': { 'Acme\\Sync\\': '' } } }) })), ['composer/autoload-mismatch']);
    assert.deepEqual(codes(check('composer.json', { ...GOOD, 'composer.json': COMPOSER({ autoload: { files: ['registration.php'], 'psr-4': { 'Acme\\Other\\': '' } } }) })), ['composer/autoload-mismatch']);
    assert.deepEqual(codes(check('composer.json', { ...GOOD, 'composer.json': '{ not json' })), ['composer/invalid-json']);
  });

  describe('quick fixes', () => {
    const moduleXsd = (text: string) => {
      const result = spawnSync('xmllint', ['--nonet', '--noout', '--schema', 'urn:magento:framework:Module/etc/module.xsd', '-'], {
        input: text, encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.resolve(__dirname, '../../data/magento-xsd/catalog.xml') },
      });
      return result.status;
    };

    for (const [name, moduleXml] of [
      ['a self-closing module', '<?xml version="1.0"?>\n<config>\n    <module name="Acme_Sync"/>\n</config>\n'],
      ['a module with setup_version', '<?xml version="1.0"?>\n<config>\n    <module name="Acme_Sync" setup_version="1.0.0">\n    </module>\n</config>\n'],
      ['an empty sequence', '<?xml version="1.0"?>\n<config>\n    <module name="Acme_Sync">\n        <sequence/>\n    </module>\n</config>\n'],
      ['a sequence with other modules', '<?xml version="1.0"?>\n<config>\n    <module name="Acme_Sync">\n        <sequence>\n            <module name="Magento_Catalog"/>\n        </sequence>\n    </module>\n</config>\n'],
    ]) {
      it(`adds the Magento_Integration sequence to ${name}, valid against module.xsd`, () => {
        const fixed = fix('etc/module.xml', { ...GOOD, 'etc/module.xml': moduleXml }, 'module/missing-integration-sequence');
        assert.deepEqual(codes(check('etc/module.xml', { ...GOOD, 'etc/module.xml': fixed })), []);
        assert.equal(moduleXsd(fixed), 0, fixed);
        assert.match(fixed, /<module name="Magento_Integration"\/>/);
      });
    }

    it('fixes the case of the name passed to processIntegrationConfig', () => {
      const files = { ...GOOD, 'Setup/Patch/Data/Install.php': PATCH('acmeSync') };
      const fixed = fix('Setup/Patch/Data/Install.php', files, 'integration/setup-name-case');
      assert.equal(fixed, PATCH('AcmeSync'));
    });

    it('fixes the composer name from the module name', () => {
      const fixed = fix('composer.json', { ...GOOD, 'composer.json': COMPOSER({ name: 'Vendor1_Module1' }) }, 'composer/invalid-name');
      assert.equal(JSON.parse(fixed).name, 'acme/module-sync');
    });
  });

  it('migrates a legacy pair to etc/integration.xml in one annotated workspace edit', () => {
    const files = {
      ...GOOD,
      'etc/integration/config.xml': '<integrations><integration name="AcmeSync"><email>a&amp;b@b.example</email><endpoint_url>https://erp.example/cb</endpoint_url><identity_link_url>https://erp.example/login</identity_link_url></integration></integrations>',
      'etc/integration/api.xml': '<integrations><integration name="AcmeSync"><resources><resource name="Magento_Catalog::catalog"/><resource name="Magento_Catalog::products"/></resources></integration></integrations>',
    };
    const { service, document, diagnostics } = checkWithService('etc/integration/config.xml', files);
    const hint = diagnostics.find((d) => d.code === 'integration/legacy-format')!;
    const [migrate] = service.getCodeActions(document, [hint]);
    assert.equal(migrate.title, 'Migrate to etc/integration.xml');
    const changes = migrate.edit!.documentChanges!;
    assert.deepEqual(changes.map((c) => ('kind' in c ? `${c.kind} ${(c as { uri: string }).uri.replace('file://' + ROOT + '/', '')}` : `edit ${c.textDocument.uri.replace('file://' + ROOT + '/', '')}`)), [
      'create etc/integration.xml', 'edit etc/integration.xml', 'delete etc/integration/config.xml', 'delete etc/integration/api.xml', 'edit Setup/Patch/Data/Install.php',
    ]);
    // Chosen, it is applied (one undoable edit), not opened as a preview with every change unchecked.
    assert.equal(migrate.kind, 'quickfix');
    assert.ok(Object.values(migrate.edit!.changeAnnotations!).every((a) => a.needsConfirmation === false));
    const written = ((changes[1] as { edits: TextEdit[] }).edits[0]).newText;
    assert.match(written, /<email>a&amp;b@b.example<\/email>/);
    assert.match(written, /<resource name="Magento_Catalog::products"\/>/);
    const xmllint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd', '-'], {
      input: written, encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.resolve(__dirname, '../../data/magento-xsd/catalog.xml') },
    });
    assert.equal(xmllint.status, 0, xmllint.stderr);
    const { ['etc/integration/config.xml']: _c, ['etc/integration/api.xml']: _a, ...rest } = files;
    // The setup call is gone (on a real store it stops a fresh setup:upgrade once config.xml is deleted), the patch still PHP.
    const patch = TextDocument.applyEdits(TextDocument.create('file:///p.php', 'php', 1, files['Setup/Patch/Data/Install.php']), (changes[4] as { edits: TextEdit[] }).edits);
    assert.doesNotMatch(patch.replace(/\/\/.*$/gm, ''), /processIntegrationConfig/);
    assert.equal(spawnSync('php', ['-l'], { input: patch, encoding: 'utf8' }).status, 0, patch);
    const migrated = { ...rest, 'etc/integration.xml': written, 'Setup/Patch/Data/Install.php': patch };
    assert.deepEqual(codes(check('etc/integration.xml', migrated)), []);
    assert.deepEqual(codes(check('Setup/Patch/Data/Install.php', migrated)), []);
  });

  it('leaves a multi-line setup call that also installs another integration, and removes one of several that install only migrated names', () => {
    const php = `<?php\nclass Install {\n    public function apply()\n    {\n        $this->manager->processIntegrationConfig([\n            'AcmeSync',\n        ]);\n        $this->manager->processIntegrationConfig(['AcmeSync', 'Other']);\n        return $this;\n    }\n}\n`;
    const files = {
      ...GOOD,
      'Setup/Patch/Data/Install.php': php,
      'etc/integration/config.xml': '<integrations><integration name="AcmeSync"><email>a@b.example</email></integration></integrations>',
    };
    const { service, document, diagnostics } = checkWithService('etc/integration/config.xml', files);
    const [migrate] = service.getCodeActions(document, [diagnostics.find((d) => d.code === 'integration/legacy-format')!]);
    const edit = migrate.edit!.documentChanges!.find((c) => 'textDocument' in c && c.textDocument.uri.endsWith('Install.php')) as { edits: TextEdit[] };
    const patched = TextDocument.applyEdits(TextDocument.create('file:///p.php', 'php', 1, php), edit.edits);
    assert.equal(patched, `<?php\nclass Install {\n    public function apply()\n    {\n        // AcmeSync is now in etc/integration.xml, which setup:upgrade installs on every run.\n        // processIntegrationConfig() read config.xml, which is gone: the call would stop setup:upgrade.\n        $this->manager->processIntegrationConfig(['AcmeSync', 'Other']);\n        return $this;\n    }\n}\n`);
  });
});
