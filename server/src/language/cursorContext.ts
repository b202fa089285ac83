// Where the cursor is in a possibly half-typed file: inside an attribute value or an element's
// text (XML), or inside a PHP string literal. Only the current tag or line is scanned, so this
// stays cheap and works where the document is not well formed.

export interface ValueContext {
  /** The element whose attribute or text holds the cursor (XML), or the construct (PHP). */
  element: string;
  /** The attribute name, when the cursor is in an attribute value. */
  attribute?: string;
  /** Offsets of the whole value around the cursor, which a completion replaces. */
  start: number;
  end: number;
  /** What is typed between `start` and the cursor. */
  prefix: string;
  /** PHP `isAllowed()`: the object it is called on (`$this->authorization`, `$auth`). */
  receiver?: string;
}

const NAME = /^[A-Za-z_][\w:.-]*/;

export function xmlValueContext(text: string, offset: number, list = false): ValueContext | undefined {
  const lt = text.lastIndexOf('<', offset - 1);
  if (lt < 0) return undefined;
  const name = NAME.exec(text.slice(lt + 1, lt + 200))?.[0];
  const gt = text.lastIndexOf('>', offset - 1);
  if (gt > lt) {
    // In text content, right after a start tag.
    if (!name || text[gt - 1] === '/') return undefined;
    const next = text.indexOf('<', offset);
    const end = clipToLine(text, offset, next < 0 ? text.length : next);
    return trimValue(text, { element: name, start: gt + 1, end, prefix: '' }, offset);
  }
  if (!name) return undefined;
  return attributeValueAt(text, lt + 1 + name.length, offset, name, list);
}

function attributeValueAt(text: string, from: number, offset: number, element: string, list: boolean): ValueContext | undefined {
  const attributePattern = /([^\s=/>"']+)\s*=\s*(["'])/y;
  const nameRun = /[^\s=/>"']+/y;
  let position = from;
  while (position < offset) {
    while (position < offset && /[\s/]/.test(text[position])) position++;
    attributePattern.lastIndex = position;
    const match = attributePattern.exec(text);
    if (!match) {
      // Skip the whole run that is not an attribute: retrying inside it would make a long run quadratic.
      nameRun.lastIndex = position;
      position += Math.max(1, nameRun.exec(text)?.[0].length ?? 0);
      continue;
    }
    const valueStart = attributePattern.lastIndex;
    const quote = match[2];
    const close = text.indexOf(quote, valueStart);
    if (close >= 0 && close < offset) {
      position = close + 1;
      continue;
    }
    if (valueStart > offset) return undefined;
    // A missing or far-away closing quote means the value is still being typed: stop at the line's end or a tag.
    let end = close < 0 ? text.length : close;
    if (/[\n<]/.test(text.slice(offset, end))) end = offset + /^[^\s"'<>]*/.exec(text.slice(offset))![0].length;
    const context: ValueContext = { element, attribute: match[1], start: valueStart, end, prefix: '' };
    return list ? listItem(text, context, offset) : trimValue(text, context, offset);
  }
  return undefined;
}

/** Narrows a comma-separated value to the item under the cursor. */
function listItem(text: string, context: ValueContext, offset: number): ValueContext {
  const before = text.lastIndexOf(',', offset - 1);
  const after = text.indexOf(',', offset);
  const start = before >= context.start ? before + 1 : context.start;
  const end = after >= 0 && after < context.end ? after : context.end;
  return trimValue(text, { ...context, start, end }, offset);
}

function trimValue(text: string, context: ValueContext, offset: number): ValueContext {
  let { start, end } = context;
  while (start < offset && /\s/.test(text[start])) start++;
  while (end > offset && /\s/.test(text[end - 1])) end--;
  return { ...context, start, end, prefix: text.slice(start, offset) };
}

function clipToLine(text: string, offset: number, end: number): number {
  const newline = text.indexOf('\n', offset);
  return newline >= 0 && newline < end ? newline : end;
}

/** Where PHP takes an ACL id; `isAllowed` keeps its receiver, which decides the ACL tree. */
const PHP_SITES: Array<[string, RegExp]> = [
  ['ADMIN_RESOURCE', /\bconst\s+ADMIN_RESOURCE\s*=\s*$/],
  ['_isAllowedAction', /->\s*_isAllowedAction\s*\(\s*$/],
  ['isAllowed', /(\$this->\w+|\$\w+)\s*\??->\s*isAllowed\s*\(\s*$/],
];

export function phpValueContext(text: string, offset: number): ValueContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const quoteIndex = Math.max(before.lastIndexOf("'"), before.lastIndexOf('"'));
  if (quoteIndex < 0) return undefined;
  const quote = before[quoteIndex];
  // The quote must open the literal the cursor is in, not close an earlier one.
  if (before.slice(0, quoteIndex).split(quote).length % 2 === 0) return undefined;
  let receiver: string | undefined;
  const site = PHP_SITES.find(([, pattern]) => {
    const match = pattern.exec(before.slice(0, quoteIndex));
    receiver = match?.[1];
    return !!match;
  });
  if (!site) return undefined;
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd < 0 ? text.length : lineEnd);
  const close = rest.indexOf(quote);
  const end = offset + (close >= 0 ? close : /^[^\s'")]*/.exec(rest)![0].length);
  const start = lineStart + quoteIndex + 1;
  return { element: site[0], receiver, start, end, prefix: text.slice(start, offset) };
}
