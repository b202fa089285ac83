// A tolerant tag scanner for reading thousands of small files fast. saxes (xmlTree.ts) serves the
// documents being edited, where structure and errors matter; this serves the bulk ACL index, where
// V8's native regex engine reads a large tree about six times faster than any JS parser when cold
// (docs/parser-choice.md has the measurements). It never throws: anything unrecognized is skipped.

export interface XmlTag {
  name: string;
  /** `</name>` */
  closing: boolean;
  /** `<name/>` */
  selfClosing: boolean;
  /** Offset of `<` and just after `>`. */
  start: number;
  end: number;
  attributes: Array<{ name: string; value: string; valueStart: number; valueEnd: number }>;
}

const TOKEN = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<\?[\s\S]*?(?:\?>|$)|<(\/?)([A-Za-z_][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s=/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Calls `visit` for every start, end and empty-element tag, in order. */
export function scanTags(text: string, visit: (tag: XmlTag) => void): void {
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(text); match; match = TOKEN.exec(text)) {
    const name = match[2];
    if (name === undefined) continue;
    const body = match[3];
    const bodyStart = match.index + 1 + match[1].length + name.length;
    const attributes: XmlTag['attributes'] = [];
    ATTRIBUTE.lastIndex = 0;
    for (let a = ATTRIBUTE.exec(body); a; a = ATTRIBUTE.exec(body)) {
      const raw = a[2] ?? a[3];
      const valueEnd = bodyStart + a.index + a[0].length - 1;
      attributes.push({ name: a[1], value: decodeEntities(raw), valueStart: valueEnd - raw.length, valueEnd });
    }
    const end = match.index + match[0].length;
    visit({ name, closing: match[1] === '/', selfClosing: body.endsWith('/'), start: match.index, end, attributes });
    TOKEN.lastIndex = end;
  }
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (whole, entity: string) => {
    if (entity[0] !== '#') return NAMED_ENTITIES[entity];
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
