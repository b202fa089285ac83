// Long work in slices stops at a slice boundary once its requester cancels, and only there.
import * as assert from 'node:assert/strict';
import { Cancelled, TimeSlicer } from '../../server/src/workspace/timeSlicer';

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* a slice's worth of synchronous work */ }
}

describe('TimeSlicer', () => {
  it('goes on across boundaries until cancelled, then stops at the next one', async () => {
    let cancelled = false;
    const slicer = new TimeSlicer(() => cancelled);
    busy(12);
    await slicer.yieldIfDue(); // a boundary, not cancelled: the work goes on
    cancelled = true;
    busy(12);
    await assert.rejects(slicer.yieldIfDue(), Cancelled);
  });

  it('never stops work nobody can cancel', async () => {
    const slicer = new TimeSlicer();
    busy(12);
    await slicer.yieldIfDue();
    const quiet = new TimeSlicer(() => false);
    busy(12);
    await quiet.yieldIfDue();
  });
});
