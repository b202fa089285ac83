// Just enough of PHP to read what a developer reads at a glance: comments set aside, `use` imports,
// class constants, property defaults and the declared types of properties and parameters. Every
// scan here is a single pass or a regex without nested quantifiers, so it runs in linear time.

export interface PhpString {
  value: string;
  /** Offsets of the literal's inside (between the quotes). */
  start: number;
  end: number;
  quote: "'" | '"';
}

/** The text with every comment replaced by spaces (offsets unchanged), so commented-out code is not read. */
export function maskComments(text: string): string {
  const out = text.split('');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === "'" || c === '"') {
      for (i++; i < n && text[i] !== c; i++) if (text[i] === '\\') i++;
      i++;
    } else if ((c === '/' && text[i + 1] === '/') || (c === '#' && text[i + 1] !== '[')) {
      for (; i < n && text[i] !== '\n' && !(text[i] === '?' && text[i + 1] === '>'); i++) out[i] = ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') out[i] = ' ';
    } else {
      i++;
    }
  }
  return out.join('');
}

/** The value of a string literal's inside: `\\` and the quote are escapes in both kinds; "…" has more. */
export function unquotePhp(raw: string, quote: "'" | '"'): string {
  if (quote === "'") return raw.replace(/\\([\\'])/g, '$1');
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '\\': '\\', '"': '"', $: '$' };
  return raw.replace(/\\([ntrvfe\\"$])/g, (_, c: string) => escapes[c]);
}

/** A value written back inside an existing literal with the given quote. */
export function quotePhp(value: string, quote: "'" | '"'): string {
  return quote === "'" ? value.replace(/[\\']/g, '\\$&') : value.replace(/[\\"$]/g, '\\$&');
}

const STRING_AT = /\s*(?:'((?:[^'\\]|\\[\s\S])*)'|"((?:[^"\\$]|\\[\s\S])*)")/y;

/** A string literal starting at `offset` (after optional whitespace); double-quoted ones only without `$`. */
export function stringAt(text: string, offset: number): PhpString | undefined {
  STRING_AT.lastIndex = offset;
  const match = STRING_AT.exec(text);
  if (!match) return undefined;
  const quote = match[1] !== undefined ? "'" : '"';
  const raw = match[1] ?? match[2];
  const start = match.index + match[0].length - 1 - raw.length;
  return { value: unquotePhp(raw, quote), start, end: start + raw.length, quote };
}

const PROPERTY_AFTER_DOCBLOCK = /\s*(?:(?:private|protected|public|var|static|readonly)\s+){1,3}(?:[?\w\\|]+\s+)?\$(\w+)/y;

export interface PhpFileFacts {
  namespace: string;
  /** Alias → fully qualified class name, from `use` imports. */
  uses: Map<string, string>;
  constants: Map<string, PhpString>;
  /** Property name → its default string value. */
  propertyDefaults: Map<string, PhpString>;
  /** Property name (without `$`) → the class names its declared type or `@var` names. */
  propertyTypes: Map<string, string[]>;
  /** Parameter or variable name → the class names a signature or `@var` gives it. */
  variableTypes: Map<string, string[]>;
}

/** Reads a PHP file's declarations once: code with comments set aside, docblocks for their `@var` tags. */
export function readPhpFile(source: string): PhpFileFacts {
  const code = maskComments(source);
  const namespace = /\bnamespace\s+([\w\\]+)\s*[;{]/.exec(code)?.[1] ?? '';
  const uses = new Map<string, string>();
  for (const match of code.matchAll(/^[ \t]*use[ \t]+([\w\\]+)(?:\s+as\s+(\w+))?[ \t]*;/gm)) {
    const fqcn = match[1].replace(/^\\/, '');
    uses.set(match[2] ?? fqcn.slice(fqcn.lastIndexOf('\\') + 1), fqcn);
  }
  const constants = new Map<string, PhpString>();
  for (const match of code.matchAll(/\bconst\s+(\w+)\s*=/g)) {
    const value = stringAt(code, match.index! + match[0].length);
    if (value && !constants.has(match[1])) constants.set(match[1], value);
  }
  const propertyDefaults = new Map<string, PhpString>();
  const propertyTypes = new Map<string, string[]>();
  const variableTypes = new Map<string, string[]>();
  const addType = (map: Map<string, string[]>, name: string, types: string) => {
    const list = types.split('|').map((t) => t.replace(/^\?/, '').trim()).filter((t) => /^[\w\\]+$/.test(t) && !/^(null|array|string|int|bool|mixed|self)$/i.test(t));
    if (list.length > 0) map.set(name, [...(map.get(name) ?? []), ...list]);
  };
  // Declared properties: `private ?Type $name = 'default';`, and promoted constructor parameters.
  for (const match of code.matchAll(/\b(?:private|protected|public|var)\s+(?:static\s+|readonly\s+)*([?\w\\|]+\s+)?\$(\w+)/g)) {
    if (match[1]) addType(propertyTypes, match[2], match[1]);
    const after = code.slice(match.index! + match[0].length, match.index! + match[0].length + 4);
    if (/^\s*=/.test(after)) {
      const value = stringAt(code, match.index! + match[0].length + after.indexOf('=') + 1);
      if (value) propertyDefaults.set(match[2], value);
    }
  }
  // Parameters anywhere (`Type $name`), and `$this->name = $param;` assignments that pass their type on.
  for (const match of code.matchAll(/(?<![\w\\])([\w\\]+)[ \t\r\n]+\$(\w+)\s*[,)=]/g)) {
    if (!/^(?:private|protected|public|readonly|var|static|as|return|new|echo|case|instanceof|else)$/i.test(match[1])) addType(variableTypes, match[2], match[1]);
  }
  for (const match of code.matchAll(/\$this->(\w+)\s*=\s*\$(\w+)\s*;/g)) {
    const types = variableTypes.get(match[2]);
    if (types && !propertyTypes.has(match[1])) propertyTypes.set(match[1], types);
  }
  // `@var Type` in docblocks (read from the source, where the comments still are): for the property
  // declared right after the docblock, or for the variable the tag names.
  for (let open = source.indexOf('/**'); open >= 0; open = source.indexOf('/**', open + 3)) {
    const close = source.indexOf('*/', open + 3);
    if (close < 0) break;
    const tag = /@var\s+([?\w\\|]+)(?:\s+\$(\w+))?/.exec(source.slice(open, close));
    if (tag?.[2]) addType(variableTypes, tag[2], tag[1]);
    else if (tag) {
      PROPERTY_AFTER_DOCBLOCK.lastIndex = close + 2;
      const property = PROPERTY_AFTER_DOCBLOCK.exec(source);
      if (property) addType(propertyTypes, property[1], tag[1]);
    }
    open = close;
  }
  return { namespace, uses, constants, propertyDefaults, propertyTypes, variableTypes };
}

/** A class name as written, made fully qualified with the file's imports and namespace. */
export function resolveClassName(name: string, facts: Pick<PhpFileFacts, 'namespace' | 'uses'>): string {
  if (name.startsWith('\\')) return name.slice(1);
  const [first, ...rest] = name.split('\\');
  const imported = facts.uses.get(first);
  if (imported) return [imported, ...rest].join('\\');
  return facts.namespace ? `${facts.namespace}\\${name}` : name;
}
