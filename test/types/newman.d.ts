// newman (Postman's collection runner, Apache-2.0) ships no types: the part of its Node API the tests use.
declare module 'newman' {
  interface Execution {
    item: { name: string };
    request: { method: string; url: { toString(): string } };
    response?: { code: number; text(): string };
    requestError?: Error;
  }
  interface Summary {
    run: { executions: Execution[]; failures: unknown[] };
  }
  export function run(options: { collection: object; envVar?: Array<{ key: string; value: string }>; reporters?: string[]; timeoutRequest?: number }, callback: (error: Error | null, summary: Summary) => void): void;
}
