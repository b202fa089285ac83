// Long synchronous work in short slices: sync file I/O is the fastest way to read thousands of small
// files in Node, and yielding every few milliseconds keeps the server answering requests meanwhile.

const SLICE_MS = 8;

/** Thrown at a slice boundary once the work's requester has given up on it (an LSP request cancelled). */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export class TimeSlicer {
  private sliceStart = performance.now();

  /**
   * `cancelled`, when given, is asked at each slice boundary: work stops there with `Cancelled`. `quiet`, when
   * given, is waited for at every slice boundary, also in the helpers the work calls (background work that
   * gives way to an editor in use through all its phases).
   */
  constructor(private readonly cancelled?: () => boolean, private readonly quiet?: () => Promise<void>) {}

  /**
   * Resolves at once while the current slice has time left; otherwise lets queued events run first, and
   * then waits for `quiet` (background work giving way to an editor in use).
   */
  async yieldIfDue(quiet = this.quiet): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    // Queued events run here, a cancellation among them.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.cancelled?.()) throw new Cancelled();
    await quiet?.();
    this.sliceStart = performance.now();
  }
}
