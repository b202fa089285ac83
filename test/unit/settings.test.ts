// The user's severity per code, and each diagnostic's link to the page of its code.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticCode } from '../../server/src/language/diagnosticCodes';
import { DIAGNOSTIC_DOCS_BASE } from '../../server/src/language/diagnosticDocs';
import { createLanguageService } from '../../server/src/language/languageService';
import { readSeveritySettings } from '../../server/src/language/severitySettings';
import { Exclusions } from '../../server/src/workspace/exclusions';
import { memoryFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';
import { aclXml, doc, workspaceIndex } from './helpers';

const API = '/p/app/code/Acme/Sync/etc/integration/api.xml';
const text = '<integrations><integration name="Xy"><resources><resource name="Magento_Catalog::products"/><resource name="Acme_Sync::nope"/></resources></integration></integrations>';

describe('settings and links of diagnostics', () => {
  it('changes a code\'s severity, or turns it off, as the setting says; odd values are ignored', () => {
    let setting: unknown = {};
    const service = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, severitySettings: () => readSeveritySettings(setting) });
    const severities = () => service.doValidation(doc(API, text)).map((d) => [d.code, d.severity]);
    assert.deepEqual(severities(), [['acl/unknown-resource', 2], ['acl/missing-parent', 3]]);
    setting = { 'acl/missing-parent': 'off', 'acl/unknown-resource': 'Error' };
    assert.deepEqual(severities(), [['acl/unknown-resource', 1]]);
    setting = { 'acl/missing-parent': 'Warning', 'acl/unknown-resource': 'loud', 'not/a-code': 'off' };
    assert.deepEqual(severities(), [['acl/unknown-resource', 2], ['acl/missing-parent', 2]]);
    setting = { 'acl/unknown-resource': 'info' };
    assert.deepEqual(severities(), [['acl/unknown-resource', 3], ['acl/missing-parent', 3]]);
    for (const odd of [null, 'off', ['acl/missing-parent'], 42]) assert.equal(readSeveritySettings(odd).size, 0);
  });

  it('links every diagnostic to the page of its code, and every code has one', () => {
    const service = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true });
    const [diagnostic] = service.doValidation(doc(API, text));
    assert.equal(diagnostic.codeDescription?.href, `${DIAGNOSTIC_DOCS_BASE}/acl/unknown-resource.md`);
    const docs = path.resolve(__dirname, '../../docs/diagnostics');
    const index = readFileSync(path.join(docs, 'README.md'), 'utf8');
    for (const code of Object.values(DiagnosticCode)) {
      const page = path.join(docs, `${code}.md`);
      assert.ok(existsSync(page), `docs/diagnostics/${code}.md`);
      assert.match(readFileSync(page, 'utf8'), /## What Magento does\n\n.+\n\n## Example\n\n```\n[\s\S]+\n```\n\n## Fix\n\n.+/);
      assert.ok(index.includes(`(${code}.md)`), `the index lists ${code}`);
    }
  });

  it('keeps excluded folders out of the model: our list and files.exclude, folder names and globs', async () => {
    assert.deepEqual(Exclusions.patternsOf(['app/code/Sandbox', 7], { '**/.git': true, '**/off': false }), ['app/code/Sandbox', '**/.git']);
    const exclusions = new Exclusions(['app/code/Sandbox', 'vendor/acme/legacy-*'], ['/p']);
    assert.deepEqual(['/p/app/code/Sandbox/Try/etc/acl.xml', '/p/vendor/acme/legacy-erp', '/p/app/code/Acme/Sync', '/elsewhere/app/code/Sandbox'].map((f) => exclusions.excludes(f)), [true, true, false, false]);
    const register = (name: string) => `<?php\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);`;
    const workspace = new MagentoWorkspace(memoryFileSystem({
      '/p/app/etc/di.xml': '<config/>',
      '/p/app/code/Acme/Sync/registration.php': register('Acme_Sync'),
      '/p/app/code/Acme/Sync/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::sync" title="Sync"/></resource>'),
      '/p/app/code/Sandbox/Try/registration.php': register('Sandbox_Try'),
      '/p/app/code/Sandbox/Try/etc/acl.xml': aclXml('<resource id="Magento_Backend::admin"><resource id="Sandbox_Try::try" title="Try"/></resource>'),
    }));
    workspace.setExclusions(exclusions);
    await workspace.index(['/p']);
    assert.deepEqual(workspace.ownModules.map((m) => m.name), ['Acme_Sync']);
    assert.ok(workspace.acl.snapshot().get('Acme_Sync::sync'));
    assert.equal(workspace.acl.snapshot().get('Sandbox_Try::try'), undefined);
    assert.equal(workspace.componentOf('/p/app/code/Sandbox/Try/etc/acl.xml'), undefined);
    assert.equal(workspace.applyDiskChanges([{ file: '/p/app/code/Sandbox/Try/etc/acl.xml', type: 'changed' }]), false);
  });
});
