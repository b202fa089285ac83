// Every handler runs through `guard`: a failure is logged and answered with a fallback,
// so one bad document or request never takes the server down.
export type Logger = (message: string) => void;

export function guard<P extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: P) => R | Promise<R>): (...args: P) => Promise<R> {
  return async (...args: P) => {
    try {
      return await handler(...args);
    } catch (error) {
      log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
