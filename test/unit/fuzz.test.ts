// Thousands of mutated and truncated documents through every feature: no exception, bounded time.
import * as assert from 'node:assert/strict';
import { cpuMs } from '../cpuTime';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ACME_ACL, CATALOG_ACL, service } from './helpers';

const SEEDS: Array<[string, string]> = [
  ['/p/app/code/Acme/Sync/etc/acl.xml', ACME_ACL],
  ['/p/app/code/Acme/Sync/etc/acl.xml', CATALOG_ACL],
  ['/p/app/code/Acme/Sync/etc/integration.xml', `<?xml version="1.0"?>
<config><integration name="AcmeSync"><email>a@b.example</email><resources>
  <resource name="Magento_Catalog::products"/><resource name="Acme_Sync::sync"/><resource name="Nope_X::y"/>
</resources></integration></config>`],
  ['/p/app/code/Acme/Sync/etc/integration/api.xml', `<integrations><integration name="AcmeSync"><resources>
  <resource name="Magento_Catalog::products"/><resource name="Magento_Catalog::catalog"/>
</resources></integration></integrations>`],
  ['/p/app/code/Acme/Sync/etc/webapi.xml', `<routes><route url="/V1/x" method="GET"><service class="A" method="b"/>
  <resources><resource ref="Acme_Sync::sync, Magento_Catalog::products"/><resource ref="anonymous"/></resources></route></routes>`],
  ['/p/app/code/Acme/Sync/etc/adminhtml/system.xml', `<config><system><section id="s"><resource>Acme_Sync::sync</resource></section></system></config>`],
  ['/p/app/code/Acme/Sync/Controller/Adminhtml/Index.php', `<?php\nclass A {\n const ADMIN_RESOURCE = 'Acme_Sync::sync';\n function x() { return $this->isAllowed("Magento_Catalog::products"); }\n}`],
];

const NOISE = ['<', '>', '"', "'", '/', '=', '&', ';', '!', '?', '-', '[', ']', ':', '\n', ' ', '<!--', ']]>', '<![CDATA[', '&amp;', '&#x0;', '\u0000', '😀', 'é'];

/** Deterministic, so a failure can be reproduced from its iteration number. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, next: () => number): string {
  const at = () => Math.floor(next() * (text.length + 1));
  switch (Math.floor(next() * 5)) {
    case 0:
      return text.slice(0, at());
    case 1: {
      const a = at();
      return text.slice(0, a) + text.slice(a + Math.floor(next() * 20));
    }
    case 2: {
      const a = at();
      return text.slice(0, a) + NOISE[Math.floor(next() * NOISE.length)] + text.slice(a);
    }
    case 3: {
      const a = at();
      const b = Math.min(text.length, a + Math.floor(next() * 60));
      return text.slice(0, b) + text.slice(a, b) + text.slice(b);
    }
    default: {
      const a = at();
      return text.slice(a) + text.slice(0, a);
    }
  }
}

describe('fuzzing the language service', () => {
  it('handles 3,000 mutated and truncated documents without an exception, each quickly', function () {
    this.timeout(60000);
    const ls = service();
    const next = random(20261128);
    let slowest = 0;
    for (let iteration = 0; iteration < 3000; iteration++) {
      const [path, seed] = SEEDS[iteration % SEEDS.length];
      let text = seed;
      const rounds = 1 + Math.floor(next() * 4);
      for (let r = 0; r < rounds; r++) text = mutate(text, next);
      const document = TextDocument.create(`file://${path}`, 'xml', iteration, text);
      const position = document.positionAt(Math.floor(next() * (text.length + 1)));
      const spent = cpuMs(() => {
        try {
          ls.doValidation(document);
          ls.doComplete(document, position);
          ls.doHover(document, position);
          ls.findDefinition(document, position);
          ls.findDocumentSymbols(document);
          ls.getCodeActions(document, ls.doValidation(document));
        } catch (error) {
          assert.fail(`iteration ${iteration} (${path}) threw ${String(error)} on:\n${text}`);
        }
      });
      slowest = Math.max(slowest, spent);
    }
    assert.ok(slowest < 250, `slowest document took ${slowest.toFixed(1)} ms`);
  });

  it('handles a 4 MB file in bounded time', function () {
    this.timeout(20000);
    const body = Array.from({ length: 40000 }, (_, i) => `<resource id="Acme_Big::r${i}" title="Resource ${i}"/>`).join('\n');
    const document = TextDocument.create('file:///p/app/code/Acme/Big/etc/acl.xml', 'xml', 1, `<config><acl><resources><resource id="Magento_Backend::admin">${body}</resource></resources></acl></config>`);
    assert.ok(cpuMs(() => service().doValidation(document)) < 5000);
  });
});
