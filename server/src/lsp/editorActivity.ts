// When the user is typing: requests and edits mark activity, and background work (the workspace check)
// waits for a quiet moment between its slices, so the answers to keystrokes never queue behind it.

/** How long without a request or an edit counts as quiet. */
const QUIET_MS = 150;
/** Background work never waits longer than this in one go: a client that polls all the time still gets its problems. */
const MAX_WAIT_MS = 2000;

export class EditorActivity {
  private last = -Infinity;

  mark(): void {
    this.last = performance.now();
  }

  /** Resolves once nothing has happened for a moment (at once when idle). */
  async whenQuiet(): Promise<void> {
    const started = performance.now();
    while (performance.now() - this.last < QUIET_MS && performance.now() - started < MAX_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS - (performance.now() - this.last)));
    }
  }
}
