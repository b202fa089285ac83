// Counts in messages read as toLocaleString('en') writes them (the function groups digits itself: ICU's
// number formatting costs about 10 ms on first use, in the middle of the first index).
import * as assert from 'node:assert/strict';
import { count } from '../../shared/words';

describe('counts in words', () => {
  for (const n of [0, 1, 2, 12, 999, 1000, 1500, 18545, 100000, 1234567, -1, -1500, 1e15, 2.5, Number.MAX_SAFE_INTEGER + 2]) {
    it(`${n}`, () => {
      assert.equal(count(n, 'module'), `${n.toLocaleString('en')} ${n === 1 ? 'module' : 'modules'}`);
    });
  }
  it('an irregular plural', () => {
    assert.equal(count(2, 'entry', 'entries'), '2 entries');
  });
});
