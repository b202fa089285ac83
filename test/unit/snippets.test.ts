// Snippets, once their placeholders take example values, must be files Magento's XSDs accept.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const snippets = JSON.parse(readFileSync(path.resolve(__dirname, '../../snippets/magento-xml.code-snippets'), 'utf8')) as Record<string, { body: string[] }>;
const expand = (body: string[]) => body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');

const SCHEMAS: Record<string, string> = {
  'Magento integration.xml': 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd',
  'Magento legacy integration config.xml': 'urn:magento:module:Magento_Integration:etc/integration/config.xsd',
  'Magento legacy integration api.xml': 'urn:magento:module:Magento_Integration:etc/integration/api.xsd',
  'Magento module.xml': 'urn:magento:framework:Module/etc/module.xsd',
};

describe('snippets', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`${name} expands to a file its XSD accepts`, () => {
      const result = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, '-'], {
        input: expand(snippets[name].body), encoding: 'utf8', env: { ...process.env, XML_CATALOG_FILES: path.resolve(__dirname, '../../data/magento-xsd/catalog.xml') },
      });
      assert.equal(result.status, 0, result.stderr);
    });
  }
});
