// The lint over public modules nobody here wrote must report exactly the verdicts recorded by hand:
// nothing false, nothing missing. XSD-class verdicts are also checked with xmllint on Magento's XSDs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const CORPUS = path.resolve(__dirname, '../fixtures/real-world');
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const CATALOG = path.resolve(__dirname, '../../data/magento-xsd/catalog.xml');
// What Magento validates each file against on its own, and the codes that say that schema rejects it
// (integration.xml: the per-file schema; the merged integration.xsd, which requires <email>, and
// acl_merged.xsd, which requires titles, apply to the merge of every module's files, which the lint
// judges across the workspace instead).
const INTEGRATION_XSD = /^(xml\/malformed|integration\/(missing-name|invalid-name|invalid-email|unknown-element|duplicate-element|element-order|missing-element|resources-not-allowed))$/;
const SCHEMAS: Record<string, { schema: string; codes: RegExp }> = {
  'etc/integration.xml': { schema: 'urn:magento:module:Magento_Integration:etc/integration/integration_file.xsd', codes: INTEGRATION_XSD },
  'etc/integration/config.xml': { schema: 'urn:magento:module:Magento_Integration:etc/integration/config.xsd', codes: INTEGRATION_XSD },
  'etc/integration/api.xml': { schema: 'urn:magento:module:Magento_Integration:etc/integration/api.xsd', codes: INTEGRATION_XSD },
  'etc/module.xml': { schema: 'urn:magento:framework:Module/etc/module.xsd', codes: /^(xml\/malformed|module\/(invalid-name|unknown-element|missing-element|duplicate-entry|invalid-version))$/ },
  'etc/acl.xml': { schema: 'urn:magento:framework:Acl/etc/acl.xsd', codes: /^(xml\/malformed|acl\/(invalid-id|duplicate-resource))$/ },
};
interface Verdict { file: string; line: number; code: string }

function corpusFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((f) => f.split(path.sep).join('/')).sort();
}

function xmllint(schema: string, file: string) {
  return spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
}

describe('the lint on the real-world corpus', function () {
  this.timeout(60000);
  const expected: Verdict[] = JSON.parse(readFileSync(path.join(CORPUS, 'verdicts.json'), 'utf8')).diagnostics;
  const key = (v: Verdict) => `${v.file}:${v.line} ${v.code}`;

  it('reports every recorded verdict and nothing else', () => {
    const result = spawnSync(process.execPath, [CLI, 'lint', CORPUS, '--format', 'json'], { encoding: 'utf8', timeout: 120_000 });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const reported: Verdict[] = JSON.parse(result.stdout).diagnostics.map((d: { file: string; line: number; code: string }) => ({
      file: path.relative(CORPUS, d.file).split(path.sep).join('/'), line: d.line, code: d.code,
    }));
    assert.deepEqual(reported.map(key).sort(), expected.map(key).sort());
  });

  it('agrees with xmllint: a file has an XSD-class verdict exactly when its XSD rejects it', () => {
    const files = corpusFiles(CORPUS).filter((f) => Object.keys(SCHEMAS).some((s) => f.endsWith(s)));
    assert.ok(files.length >= 10, `only ${files.length} schema-covered files in the corpus`);
    for (const file of files) {
      const { schema, codes } = Object.entries(SCHEMAS).find(([suffix]) => file.endsWith(suffix))![1];
      const own = xmllint(schema, path.join(CORPUS, file));
      const rejected = expected.some((v) => v.file === file && codes.test(v.code));
      assert.equal(own.status !== 0, rejected, `${file}: xmllint ${own.status === 0 ? 'accepts' : `rejects (${own.stderr.trim()})`}`);
    }
  });
});
