// Option parsing shared by the subcommands: Node's own parseArgs, with its errors turned into usage errors (exit 2).
import { parseArgs, ParseArgsConfig } from 'node:util';

/** Bad usage: exit 2 with a one-line message. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseOptions<T extends Options>(command: string, args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    // parseArgs calls "--port -1" ambiguous (the value looks like an option): say what it means.
    const ambiguous = /^Option '(--[\w-]+)[^']*' argument is ambiguous/.exec(message);
    if (ambiguous) {
      const at = args.indexOf(ambiguous[1]);
      throw new UsageError(`${command}: ${ambiguous[1]} was given ${JSON.stringify(args[at + 1] ?? '')}, which is not a value it takes (write ${ambiguous[1]}=VALUE if you meant it)`);
    }
    throw new UsageError(`${command}: ${message}`);
  }
}

export function required(command: string, values: Record<string, unknown>, names: readonly string[]): void {
  for (const name of names) {
    if (values[name] === undefined) throw new UsageError(`${command}: --${name} is required`);
  }
}

export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${command}: --${option} takes ${allowed.join(' or ')}, not "${value}"`);
  return value as T;
}
