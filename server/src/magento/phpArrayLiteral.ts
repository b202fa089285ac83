// Magento's deployment configuration (app/etc/env.php, app/etc/config.php) is a PHP file that returns one
// array literal. This reads that literal, and only that: strings, numbers, booleans, null, nested arrays in
// either syntax, comments; a constant (`\PDO::ATTR_…`) is kept as its name. One pass over the text, nesting
// bounded, so a hostile file costs no more than its length. Anything else is a syntax error with its offset.

export type PhpValue = string | number | boolean | null | PhpArray;
/** Keys in source order; implicit keys numbered as PHP numbers them. */
export type PhpArray = Map<string | number, PhpValue>;

export class PhpSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 64;
const SINGLE_QUOTED_ESCAPES: Record<string, string> = { "'": "'", '\\': '\\' };
const DOUBLE_QUOTED_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '\\': '\\', $: '$', '"': '"', '0': '\0' };

/** The array a `<?php return [...];` file returns. */
export function readPhpReturnedArray(text: string): PhpArray {
  const reader = new Reader(text);
  reader.expectOpeningTag();
  reader.expectWord('return');
  const value = reader.value(0);
  if (!(value instanceof Map)) throw new PhpSyntaxError('The file does not return an array', 0);
  reader.skipSpace();
  if (reader.peek() === ';') reader.advance();
  return value;
}

/** `array['a']['b']…`, or undefined where a key is missing or a value on the way is not an array. */
export function phpPath(array: PhpArray | undefined, ...keys: Array<string | number>): PhpValue | undefined {
  let current: PhpValue | undefined = array;
  for (const key of keys) {
    if (!(current instanceof Map)) return undefined;
    current = current.get(key);
  }
  return current;
}

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  peek(): string {
    return this.text[this.at] ?? '';
  }

  advance(count = 1): void {
    this.at += count;
  }

  private fail(what: string): never {
    throw new PhpSyntaxError(`${what} at offset ${this.at}`, this.at);
  }

  expectOpeningTag(): void {
    // A byte-order mark or blank lines before the tag are tolerated, as PHP outputs and goes on.
    const start = this.text.indexOf('<?php');
    if (start < 0 || this.text.slice(0, start).trim().replace(/^\uFEFF/, '') !== '') this.fail('No "<?php" opening tag');
    this.at = start + 5;
  }

  expectWord(word: string): void {
    this.skipSpace();
    const found = this.text.slice(this.at, this.at + word.length);
    if (found.toLowerCase() !== word || /[A-Za-z0-9_]/.test(this.text[this.at + word.length] ?? '')) this.fail(`Expected "${word}"`);
    this.at += word.length;
  }

  skipSpace(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.at++;
      else if (c === '#' || (c === '/' && this.text[this.at + 1] === '/')) {
        const end = this.text.indexOf('\n', this.at);
        this.at = end < 0 ? this.text.length : end + 1;
      } else if (c === '/' && this.text[this.at + 1] === '*') {
        const end = this.text.indexOf('*/', this.at + 2);
        if (end < 0) this.fail('Unclosed comment');
        this.at = end + 2;
      } else return;
    }
  }

  value(depth: number): PhpValue {
    if (depth > MAX_DEPTH) this.fail('Arrays nested too deep');
    this.skipSpace();
    const c = this.peek();
    if (c === '[') {
      this.advance();
      return this.entries(']', depth);
    }
    if (c === "'" || c === '"') return this.quoted(c);
    if (c === '-' || c === '+' || (c >= '0' && c <= '9') || c === '.') return this.number();
    const word = /^\\?[A-Za-z_][A-Za-z0-9_]*(?:\\[A-Za-z_][A-Za-z0-9_]*)*(?:::[A-Za-z_][A-Za-z0-9_]*)?/.exec(this.text.slice(this.at, this.at + 256));
    if (!word) this.fail('Expected a value');
    const name = word[0];
    this.advance(name.length);
    const lower = name.toLowerCase();
    if (lower === 'array') {
      this.skipSpace();
      if (this.peek() !== '(') this.fail('Expected "(" after array');
      this.advance();
      return this.entries(')', depth);
    }
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    return name;
  }

  private entries(close: string, depth: number): PhpArray {
    const result: PhpArray = new Map();
    let nextIndex = 0;
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.advance();
        return result;
      }
      if (this.peek() === '') this.fail(`Unclosed array (expected "${close}")`);
      const first = this.value(depth + 1);
      this.skipSpace();
      if (this.text.startsWith('=>', this.at)) {
        this.advance(2);
        const key = keyOf(first);
        if (key === undefined) this.fail('An array key must be a string or a number');
        result.set(key, this.value(depth + 1));
        if (typeof key === 'number' && key >= nextIndex) nextIndex = key + 1;
      } else {
        result.set(nextIndex++, first);
      }
      this.skipSpace();
      if (this.peek() === ',') this.advance();
      else if (this.peek() !== close) this.fail(`Expected "," or "${close}"`);
    }
  }

  /** A quoted string: single quotes know only \' and \\, double quotes PHP's escapes (no interpolation: env.php has none). */
  private quoted(quote: "'" | '"'): string {
    const escapes = quote === "'" ? SINGLE_QUOTED_ESCAPES : DOUBLE_QUOTED_ESCAPES;
    let out = '';
    for (this.at++; ; this.at++) {
      const c = this.peek();
      if (c === '') this.fail('Unclosed string');
      if (c === quote) {
        this.at++;
        return out;
      }
      if (c === '\\' && escapes[this.text[this.at + 1]] !== undefined) {
        out += escapes[this.text[++this.at]];
        continue;
      }
      out += c;
    }
  }

  private number(): number {
    const match = /^[+-]?(?:0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.at, this.at + 64));
    if (!match) this.fail('Expected a number');
    this.advance(match[0].length);
    return Number(match[0]);
  }
}

/** PHP casts a numeric-string key ("12") to an integer, as here. */
function keyOf(value: PhpValue): string | number | undefined {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return /^(?:0|-?[1-9]\d{0,15})$/.test(value) ? Number(value) : value;
  return undefined;
}
