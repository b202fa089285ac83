// Each input that once stalled the server, timed at sizes N and 4N: linear work grows about 4×, quadratic
// 16×. A test fails when the growth is clearly worse than linear (over 10×) and the larger run is not
// trivially fast, so a busy machine's noise cannot fail it and a quadratic path cannot pass. Times are the
// process's CPU time (test/cpuTime.ts), which other processes on the machine do not add to.
import * as assert from 'node:assert/strict';
import { cpuMs } from '../cpuTime';
import { isValidDeclaredId, isValidReferencedId } from '../../server/src/magento/aclIds';
import { MAX_DIAGNOSTICS_PER_DOCUMENT } from '../../server/src/language/diagnostics';
import { INTERACTIVE_LIMITS } from '../../server/src/language/parsedDocument';
import { MAX_SYMBOL_DEPTH } from '../../server/src/language/symbols';
import { checkResourceId } from '../../server/src/scaffold/inputs';
import { collectMentions } from '../../server/src/magento/aclMentions';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { readAclFile } from '../../server/src/magento/aclFile';
import { explainRequest } from '../../server/src/oauth/explain';
import { nativeUrl } from '../../server/src/oauth/signature';
import { doc, service, withCursor } from './helpers';

const MAX_GROWTH = 10;
/** Below this (ms) for the larger size, timing noise dominates and growth is not judged. */
const NOISE_FLOOR_MS = 15;

function bestOf(run: () => void, times = 5): number {
  let best = Infinity;
  for (let i = 0; i < times; i++) best = Math.min(best, cpuMs(run));
  return best;
}

/** Times `run(make(n))` at n and 4n (inputs built outside the timing) and asserts linear growth. */
function assertLinear(what: string, n: number, make: (size: number) => string, run: (input: string) => unknown, limit: number = INTERACTIVE_LIMITS.xml): void {
  const small = make(n);
  const large = make(4 * n);
  assert.ok(large.length <= limit, `${what}: the larger input must stay under the document limit, or it would not be analysed`);
  run(small); // warm up the JIT
  const t1 = bestOf(() => run(small));
  const t4 = bestOf(() => run(large));
  const growth = t4 / Math.max(t1, 0.05);
  assert.ok(t4 < NOISE_FLOOR_MS || growth < MAX_GROWTH, `${what}: ${t1.toFixed(1)} ms at ${n}, ${t4.toFixed(1)} ms at ${4 * n} (×${growth.toFixed(1)})`);
}

describe('work grows linearly with the input', function () {
  this.timeout(120000);
  const languageService = service();

  it('ACL ids: a long run of capitals that fails late (the acl.xsd pattern, matched without backtracking)', () => {
    const id = (n: number) => `${'A'.repeat(n)}_Sync::bad-id`;
    assertLinear('declared id', 50000, id, (text) => isValidDeclaredId(text), Infinity);
    assertLinear('referenced id', 50000, id, (text) => isValidReferencedId(text), Infinity);
    assertLinear('acl.xml with such an id', 20000, (n) => `<config><acl><resources><resource id="${id(n)}" title="Title"/></resources></acl></config>`,
      (text) => languageService.doValidation(doc('/p/app/code/Acme/Sync/etc/acl.xml', text)));
    assertLinear('the scaffolder', 20000, id, (text) => checkResourceId(text), Infinity);
  });

  it('an id-like value without "::" (a long PHP line of "Magento_")', () => {
    assertLinear('referenced id', 50000, (n) => 'Magento_'.repeat(n / 8), (text) => isValidReferencedId(text), Infinity);
    assertLinear('PHP file', 100000, (n) => `<?php\n$a = "${'Magento_'.repeat(n / 8)}"; $this->_authorization->isAllowed("${'Magento_'.repeat(n / 32)}");\n`,
      (text) => languageService.doValidation(doc('/p/app/code/Acme/Sync/Controller/Index.php', text)), INTERACTIVE_LIMITS.php);
  });

  it('acl.xml with many "<name" and no ">" (the tag scanner)', () => {
    assertLinear('diagnostics', 4000, (n) => `<config><acl><resources>${'<resource'.repeat(n)}`,
      (text) => languageService.doValidation(doc('/p/app/code/Acme/Sync/etc/acl.xml', text)));
    assertLinear('completion', 4000, (n) => `<config><acl><resources>${'<resource id'.repeat(n)}`,
      (text) => languageService.doComplete(doc('/p/app/code/Acme/Sync/etc/acl.xml', text), doc('/p/app/code/Acme/Sync/etc/acl.xml', text).positionAt(text.length)));
  });

  it('completion in a long unquoted run inside a tag', () => {
    const at = (n: number) => `<config><integration name="x"><resources><resource name=${'a'.repeat(n)}|`;
    assertLinear('completion', 20000, at, (text) => {
      const { document, position } = withCursor('/p/app/code/Acme/Sync/etc/integration.xml', text);
      return languageService.doComplete(document, position);
    });
  });

  it('many problems in one file: the first 500 are listed, the rest summed up', () => {
    const api = (n: number) => `<integrations><integration name="X"><resources>${'<resource name="Magento_Catalog::products"/>\n'.repeat(n)}</resources></integration></integrations>`;
    assertLinear('diagnostics', 1000, api, (text) => languageService.doValidation(doc('/p/app/code/Acme/Sync/etc/integration/api.xml', text)));
    const diagnostics = languageService.doValidation(doc('/p/app/code/Acme/Sync/etc/integration/api.xml', api(3000)));
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_DOCUMENT + 1);
    assert.equal(diagnostics.at(-1)!.code, 'file/more-problems');
    assert.match(diagnostics.at(-1)!.message as string, /^\d{1,3}(,\d{3})* more problems in this file are not shown\.$/);
  });

  it('a document longer than the limit is refused with one clear line, at once', () => {
    const text = `<integrations><integration name="X"><resources>${'<resource name="Magento_Catalog::products"/>'.repeat(INTERACTIVE_LIMITS.xml / 40)}</resources></integration></integrations>`;
    const document = doc('/p/app/code/Acme/Sync/etc/integration/api.xml', text);
    let diagnostics: ReturnType<typeof languageService.doValidation> = [];
    assert.ok(cpuMs(() => (diagnostics = languageService.doValidation(document))) < 50);
    assert.deepEqual(diagnostics.map((d) => d.code), ['file/too-large']);
    assert.match(diagnostics[0].message as string, /more than the 262,144 this checks as you type/);
    assert.deepEqual(languageService.doComplete(document, document.positionAt(60)).items, []);
    assert.deepEqual(languageService.findDocumentSymbols(document), []);
  });

  it('deep nesting: the outline is built without recursion and stops nesting at a fixed depth', () => {
    const nested = (n: number) => `<config><acl><resources>${'<resource id="Acme_Sync::deep" title="Deep">'.repeat(n)}${'</resource>'.repeat(n)}</resources></acl></config>`;
    for (const depth of [3000, 4500]) { // up to the document limit (each level is 55 characters)
      const symbols = languageService.findDocumentSymbols(doc('/p/app/code/Acme/Sync/etc/acl.xml', nested(depth)));
      assert.doesNotThrow(() => JSON.stringify(symbols), `depth ${depth}`);
      let level = 0;
      for (let node = symbols[0]; node?.children?.length; node = node.children[0]) level++;
      assert.equal(level, MAX_SYMBOL_DEPTH - 1);
    }
    assertLinear('outline', 1000, nested, (text) => languageService.findDocumentSymbols(doc('/p/app/code/Acme/Sync/etc/acl.xml', text)));
    assertLinear('diagnostics', 1000, nested, (text) => languageService.doValidation(doc('/p/app/code/Acme/Sync/etc/acl.xml', text)));
  });

  it('the module mentions read for integration/unused-grant: runs of the prefix, of name characters, of near-prefixes', () => {
    assertLinear('prefixes', 50000, (n) => 'Acme_Sync::'.repeat(n / 11), (text) => collectMentions(text, 'Acme_Sync', new Set()), Infinity);
    assertLinear('a long id', 100000, (n) => `Acme_Sync::${'a'.repeat(n)}`, (text) => collectMentions(text, 'Acme_Sync', new Set()), Infinity);
    assertLinear('near-prefixes', 50000, (n) => 'XAcme_Sync:'.repeat(n / 11), (text) => collectMentions(text, 'Acme_Sync', new Set()), Infinity);
  });

  it('the newest signer\'s URL reading and the explainer on it: a long host with no "@" or "/", a long path', () => {
    assertLinear('host', 50000, (n) => `https://${'a'.repeat(n)}`, (text) => nativeUrl(text), Infinity);
    assertLinear('userinfo-like', 50000, (n) => `https://${':'.repeat(n)}x`, (text) => nativeUrl(text), Infinity);
    const authorization = 'OAuth oauth_consumer_key="k", oauth_nonce="n", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1", oauth_version="1.0", oauth_signature="s"';
    // From 80,000 characters on: below, V8's handling of the strings changes by size (a step, not a slope:
    // 20,000 to 40,000 costs 1.2x, 40,000 to 80,000 4.8x, then 2x per doubling), which read as 13-18x.
    assertLinear('explainer', 80000, (n) => `https://store.example:443/${'p'.repeat(n)}?q=${'v'.repeat(n)}`,
      (url) => explainRequest({ method: 'GET', url, authorization, consumerSecret: 'c' }, 1, 'latest'), Infinity);
  });

  it('an index fed acl.xml files against merge order, each repeating the same ancestors (files are read as found, not in load order)', () => {
    // Against merge order, each file's declaration of a shared ancestor goes before all the others: that
    // must cost about what appending does (in merge order), not a walk along the list. Parsed outside the timing.
    const files = (n: number, reversed: boolean) => Array.from({ length: n }, (_, i) => [
      `file:///p/vendor/v/m${String(reversed ? n - i : i).padStart(5, '0')}/etc/acl.xml`,
      readAclFile(`<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Magento_Backend::stores"><resource id="V_M${i}::top" title="M${i}"/></resource></resource></resources></acl></config>`).all,
    ] as const);
    const build = (input: ReturnType<typeof files>) => {
      // A first snapshot (a keystroke during the scan): the rest is merged into it, file by file.
      const index = new AclIndex();
      index.setDeclarations(...input[0]);
      index.snapshot();
      for (const [uri, declarations] of input.slice(1)) index.setDeclarations(uri, declarations);
      return index.snapshot().size;
    };
    const inOrder = files(4000, false);
    const against = files(4000, true);
    build(inOrder); // warm up the JIT
    const appending = bestOf(() => build(inOrder), 3);
    const inserting = bestOf(() => build(against), 3);
    assert.ok(inserting < NOISE_FLOOR_MS || inserting < 3 * appending, `${appending.toFixed(1)} ms in merge order, ${inserting.toFixed(1)} ms against it (4,000 files)`);
  });
});
