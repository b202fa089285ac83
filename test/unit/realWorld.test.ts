// The lint over public modules nobody here wrote must report exactly the verdicts recorded by hand:
// nothing false, nothing missing. XSD-class verdicts are also checked with xmllint on Magento's XSDs.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const CORPUS = path.resolve(__dirname, '../fixtures/real-world');
const CLI = path.resolve(__dirname, '../../dist/cli.js');
const CATALOG = path.resolve(__dirname, '../../data/magento-xsd/catalog.xml');
const SCHEMAS: Record<string, string> = {
  'etc/integration.xml': 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd',
  'etc/integration/config.xml': 'urn:magento:module:Magento_Integration:etc/integration/config.xsd',
  'etc/integration/api.xml': 'urn:magento:module:Magento_Integration:etc/integration/api.xsd',
  'etc/module.xml': 'urn:magento:framework:Module/etc/module.xsd',
};
const XSD_ERRORS = /^(xml\/malformed|integration\/(missing-name|invalid-name|invalid-email|unknown-element|duplicate-element|element-order|missing-element|resources-not-allowed)|module\/(invalid-name|unknown-element|missing-element|duplicate-entry|invalid-version))$/;

interface Verdict { file: string; line: number; code: string }

describe('the lint on the real-world corpus', function () {
  this.timeout(60000);
  const expected: Verdict[] = JSON.parse(readFileSync(path.join(CORPUS, 'verdicts.json'), 'utf8')).diagnostics;
  const key = (v: Verdict) => `${v.file}:${v.line} ${v.code}`;

  it('reports every recorded verdict and nothing else', () => {
    const result = spawnSync(process.execPath, [CLI, 'lint', CORPUS, '--format', 'json'], { encoding: 'utf8' });
    assert.ok(result.status === 0 || result.status === 1, result.stderr);
    const reported: Verdict[] = JSON.parse(result.stdout).diagnostics.map((d: { file: string; line: number; code: string }) => ({
      file: path.relative(CORPUS, d.file).split(path.sep).join('/'), line: d.line, code: d.code,
    }));
    assert.deepEqual(reported.map(key).sort(), expected.map(key).sort());
  });

  it('agrees with xmllint: a file has an XSD-class verdict exactly when the XSD rejects it', () => {
    const files = [...new Set(expected.map((v) => v.file))].filter((f) => Object.keys(SCHEMAS).some((s) => f.endsWith(s)));
    for (const file of files) {
      const schema = Object.entries(SCHEMAS).find(([suffix]) => file.endsWith(suffix))![1];
      const xmllint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, path.join(CORPUS, file)], { encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
      const rejected = expected.some((v) => v.file === file && XSD_ERRORS.test(v.code));
      assert.equal(xmllint.status !== 0, rejected, `${file}: xmllint ${xmllint.status === 0 ? 'accepts' : `rejects (${xmllint.stderr.trim()})`}`);
    }
  });
});
