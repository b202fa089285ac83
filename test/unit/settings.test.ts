// The user's severity per code, and each diagnostic's link to the page of its code.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DiagnosticCode } from '../../server/src/language/diagnosticCodes';
import { DIAGNOSTIC_DOCS_BASE } from '../../server/src/language/diagnosticDocs';
import { createLanguageService } from '../../server/src/language/languageService';
import { readSeveritySettings } from '../../server/src/language/severitySettings';
import { doc, workspaceIndex } from './helpers';

const API = '/p/app/code/Acme/Sync/etc/integration/api.xml';
const text = '<integrations><integration name="Xy"><resources><resource name="Magento_Catalog::products"/><resource name="Acme_Sync::nope"/></resources></integration></integrations>';

describe('settings and links of diagnostics', () => {
  it('changes a code\'s severity, or turns it off, as the setting says; odd values are ignored', () => {
    let setting: unknown = {};
    const service = createLanguageService({ index: workspaceIndex(), isIndexComplete: () => true, severitySettings: () => readSeveritySettings(setting) });
    const severities = () => service.doValidation(doc(API, text)).map((d) => [d.code, d.severity]);
    assert.deepEqual(severities(), [['acl/unknown-resource', 2], ['acl/missing-parent', 2]]);
    setting = { 'acl/missing-parent': 'off', 'acl/unknown-resource': 'Error' };
    assert.deepEqual(severities(), [['acl/unknown-resource', 1]]);
    setting = { 'acl/missing-parent': 'info', 'acl/unknown-resource': 'loud', 'not/a-code': 'off' };
    assert.deepEqual(severities(), [['acl/unknown-resource', 2], ['acl/missing-parent', 3]]);
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
});
