// The server's timing in one place: work that waits for a pause (a keystroke's diagnostics, a refresh
// request, closed files an edit affects) is keyed, so a newer request replaces an older one. The clock is
// injectable, so the scheduling is unit-tested without waiting or a transport.

export interface Clock {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realClock: Clock = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Runs each key's latest work once its delay has passed with no newer work for that key. */
export class Debouncer {
  private readonly pending = new Map<string, unknown>();

  constructor(private readonly clock: Clock = realClock) {}

  schedule(key: string, ms: number, run: () => void): void {
    this.cancel(key);
    this.pending.set(key, this.clock.set(() => {
      this.pending.delete(key);
      run();
    }, ms));
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.clock.clear(handle);
    this.pending.delete(key);
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }
}

/** Collects items and hands them over together once `ms` pass without a new one. */
export class Batch<T> {
  private readonly items = new Set<T>();
  private readonly debouncer: Debouncer;

  constructor(private readonly ms: number, private readonly flush: (items: T[]) => void, clock: Clock = realClock) {
    this.debouncer = new Debouncer(clock);
  }

  add(item: T): void {
    this.items.add(item);
    this.debouncer.schedule('flush', this.ms, () => {
      const items = [...this.items];
      this.items.clear();
      this.flush(items);
    });
  }
}
