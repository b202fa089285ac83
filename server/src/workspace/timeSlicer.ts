// Long synchronous work in short slices: sync file I/O is the fastest way to read thousands of small
// files in Node, and yielding every few milliseconds keeps the server answering requests meanwhile.

const SLICE_MS = 8;

export class TimeSlicer {
  private sliceStart = performance.now();

  /**
   * Resolves at once while the current slice has time left; otherwise lets queued events run first, and
   * then waits for `quiet` (background work giving way to an editor in use).
   */
  async yieldIfDue(quiet?: () => Promise<void>): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    await quiet?.();
    this.sliceStart = performance.now();
  }
}
