// The server's scheduling, on a manual clock: a keyed wait restarts with each newer request, keys are
// independent, a cancelled wait never runs, and a batch hands over everything added during the pause once.
import * as assert from 'node:assert/strict';
import { Batch, Clock, Debouncer } from '../../server/src/lsp/debounce';

/** A clock the test moves by hand. */
class ManualClock implements Clock {
  private now = 0;
  private timers: Array<{ at: number; run: () => void; handle: number }> = [];
  private next = 0;

  set(run: () => void, ms: number): unknown {
    const handle = ++this.next;
    this.timers.push({ at: this.now + ms, run, handle });
    return handle;
  }

  clear(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.handle !== handle);
  }

  advance(ms: number): void {
    this.now += ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.clear(due.handle);
      due.run();
    }
  }
}

describe('the server\'s scheduling (lsp/debounce.ts)', () => {
  it('runs a key\'s latest work once its delay passes with no newer request; other keys are independent', () => {
    const clock = new ManualClock();
    const timers = new Debouncer(clock);
    const ran: string[] = [];
    timers.schedule('validate a', 50, () => ran.push('a1'));
    clock.advance(30);
    timers.schedule('validate a', 50, () => ran.push('a2')); // a keystroke: the wait starts again
    timers.schedule('validate b', 50, () => ran.push('b'));
    clock.advance(30);
    assert.deepEqual(ran, []);
    clock.advance(20);
    assert.deepEqual(ran, ['a2', 'b']);
    assert.equal(timers.isPending('validate a'), false);
  });

  it('never runs a cancelled wait (a closed document)', () => {
    const clock = new ManualClock();
    const timers = new Debouncer(clock);
    let ran = false;
    timers.schedule('validate a', 0, () => (ran = true));
    timers.cancel('validate a');
    timers.cancel('validate never scheduled');
    clock.advance(1000);
    assert.equal(ran, false);
  });

  it('hands a batch over once, with every item added during the pause, each once', () => {
    const clock = new ManualClock();
    const flushed: string[][] = [];
    const batch = new Batch<string>(500, (items) => flushed.push(items), clock);
    batch.add('/p/a.xml');
    clock.advance(400);
    batch.add('/p/b.xml');
    batch.add('/p/a.xml');
    clock.advance(400);
    assert.deepEqual(flushed, []);
    clock.advance(100);
    assert.deepEqual(flushed, [['/p/a.xml', '/p/b.xml']]);
    batch.add('/p/c.xml');
    clock.advance(500);
    assert.deepEqual(flushed, [['/p/a.xml', '/p/b.xml'], ['/p/c.xml']]);
  });
});
