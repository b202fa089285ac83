// Every handler runs through `guard`: a failure is logged and answered with a fallback,
// so one bad document or request never takes the server down.
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { Cancelled } from '../workspace/timeSlicer';

export type Logger = (message: string) => void;

/** With MIK_TRACE_SLOW_MS set, handlers slower than that many milliseconds are reported on stderr (for npm run bench). */
const SLOW_MS = Number(process.env.MIK_TRACE_SLOW_MS ?? Infinity);

export function guard<P extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    const started = performance.now();
    try {
      return await handler(...args);
    } catch (error) {
      // The client gave up on the request and the work stopped at a slice boundary: say so, as LSP asks.
      if (error instanceof Cancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.') as R;
      log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    } finally {
      const elapsed = performance.now() - started;
      if (elapsed > SLOW_MS) process.stderr.write(`slow ${name}: ${elapsed.toFixed(1)} ms\n`);
    }
  };
}
