// lint --format sarif: the CLI's output validates against the SARIF 2.1.0 JSON schema (OASIS's final
// schema as Microsoft's SARIF SDK ships it, read by ajv), with every rule linked to its docs page and
// locations relative to the folder the lint ran in.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { DiagnosticCode } from '../../server/src/language/diagnosticCodes';
import { DIAGNOSTIC_SUMMARIES, diagnosticDocUrl } from '../../server/src/language/diagnosticDocs';
import { formatSarif } from '../../server/src/cli/sarif';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function validator() {
  const schema = JSON.parse(readFileSync(SCHEMA, 'utf8'));
  // The schema is JSON Schema draft-04 (ajv's draft-04 build); its "format": "uri" etc. are not checked.
  // Its `language` pattern has a stray `]`, valid only as a non-Unicode regular expression (as JSON Schema tools of its day read it).
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(schema);
}

describe('lint --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with rules, levels and locations relative to the folder it ran in', () => {
    const result = spawnSync(process.execPath, [CLI, 'lint', 'app/code', '--format', 'sarif'], { encoding: 'utf8', cwd: FIXTURE, timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const log = JSON.parse(result.stdout);
    const validate = validator();
    // (validated as a copy: the validator is a type guard, and `log` stays as parsed.)
    assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 2));
    const [run] = log.runs;
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'magento-integration-kit');
    const rules: Array<{ id: string; helpUri: string; shortDescription: { text: string } }> = run.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id), Object.values(DiagnosticCode));
    assert.ok(rules.every((r) => r.helpUri === diagnosticDocUrl(r.id) && r.shortDescription.text.length > 10));
    const typo = run.results.find((r: { message: { text: string } }) => r.message.text.includes('Magento_Catalog::prodcts'));
    assert.equal(typo.ruleId, 'acl/unknown-resource');
    assert.equal(rules[typo.ruleIndex].id, 'acl/unknown-resource');
    assert.equal(typo.level, 'warning');
    assert.deepEqual(typo.locations[0].physicalLocation.artifactLocation, { uri: 'app/code/Acme/Sync/etc/integration.xml', uriBaseId: 'SRCROOT' });
    assert.deepEqual(typo.locations[0].physicalLocation.region, { startLine: 11, startColumn: 29 });
    assert.equal(run.originalUriBaseIds.SRCROOT.uri, `file://${FIXTURE}/`);
  });

  it('gives a file in a folder named ..foo a relative URI (it is inside the root), one outside an absolute one', () => {
    const diagnostic = (file: string) => ({ file, line: 1, column: 1, severity: 'error' as const, code: 'xml/malformed', message: 'm' });
    const tool = { name: 'magento-integration-kit', version: '0', informationUri: 'https://example.com' };
    const log = JSON.parse(formatSarif([diagnostic('/p/..foo/etc/acl.xml'), diagnostic('/elsewhere/acl.xml'), diagnostic('/p/../q/acl.xml')], tool, '/p'));
    assert.deepEqual(log.runs[0].results.map((r: { locations: Array<{ physicalLocation: { artifactLocation: object } }> }) => r.locations[0].physicalLocation.artifactLocation), [
      { uri: '..foo/etc/acl.xml', uriBaseId: 'SRCROOT' }, { uri: 'file:///elsewhere/acl.xml' }, { uri: 'file:///q/acl.xml' },
    ]);
  });

  it('a result the schema refuses is caught (the validator is not a formality)', () => {
    const validate = validator();
    const broken = { version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'a/b', level: 'severe', message: { text: 'm' } }] }] };
    assert.equal(validate(broken), false);
  });

  it('every diagnostic code has a summary, the first paragraph of its docs page', () => {
    for (const code of Object.values(DiagnosticCode)) {
      const page = readFileSync(path.resolve(__dirname, `../../docs/diagnostics/${code}.md`), 'utf8');
      const firstParagraph = page.split('\n\n')[1].replace(/\n/g, ' ').trim();
      assert.equal(DIAGNOSTIC_SUMMARIES[code], firstParagraph, code);
    }
  });
});
