// Adversarial shapes through every feature, with a time budget per request: nothing throws, nothing stalls.
// Sizes fit CI; `npm run fuzz` runs the same shapes at larger sizes and prints the timings.
import * as assert from 'node:assert/strict';
import { cpuMs } from '../cpuTime';
import { readAclFile } from '../../server/src/magento/aclFile';
import { ODD_URIS, SHAPES } from '../adversarial/shapes';
import { probe } from '../adversarial/probe';
import { service } from './helpers';

/** The target is 100 ms per request; the budget allows a busy two-core machine three times that. */
const BUDGET_MS = 300;
const SIZE = 100_000;

describe('adversarial documents', function () {
  this.timeout(120000);
  const languageService = service();

  for (const shape of SHAPES) {
    it(`${shape.name}: every request answers within ${BUDGET_MS} ms`, () => {
      const { path, text } = shape.make(SIZE);
      probe(languageService, `file://${path}`, text); // warm-up
      const slow = probe(languageService, `file://${path}`, text).filter((t) => t.ms > BUDGET_MS);
      assert.deepEqual(slow.map((t) => `${t.request}: ${t.ms.toFixed(0)} ms`), []);
    });
  }

  it('the index reads each shape as an acl.xml on disk in linear time', () => {
    for (const shape of SHAPES) {
      const small = shape.make(SIZE).text;
      const large = shape.make(4 * SIZE).text;
      readAclFile(small);
      const time = (text: string) => cpuMs(() => readAclFile(text));
      // The best of five runs of each: a busy machine's pauses (GC, another process) are not growth.
      const best = (text: string) => Math.min(...Array.from({ length: 5 }, () => time(text)));
      const t1 = best(small);
      const t4 = best(large);
      assert.ok(t4 < 40 || t4 / Math.max(t1, 0.05) < 10, `${shape.name}: ${t1.toFixed(1)} ms, then ${t4.toFixed(1)} ms at 4×`);
    }
  });

  it('odd URIs: every feature answers', () => {
    for (const uri of ODD_URIS) {
      const timings = probe(languageService, uri, '<config><acl><resources><resource id="Bad" title="T"/></resources></acl></config>');
      assert.ok(timings.length > 0, uri);
    }
  });
});
