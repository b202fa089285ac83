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

const NAME = /[A-Za-z_][\w:.-]*/y;
/** An attribute, or (so a long run costs its length once) any run that is not one, or one other character. */
const ATTRIBUTE = /([^\s=/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)')|[^\s=/"']+|[\s\S]/g;
const SKIPPED: Array<[open: string, close: string]> = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']];

/**
 * Calls `visit` for every start, end and empty-element tag, in order, in one pass (linear in the text's
 * length, whatever it holds). A tag runs to the first `>` outside quotes. A start tag whose quote never
 * closes, or that no `>` ends, is skipped up to that point: well-formed files never have one, and
 * retrying inside it from every `<` would make a hostile file quadratic.
 */
export function scanTags(text: string, visit: (tag: XmlTag) => void): void {
  const next = new NextOf(text);
  let at = text.indexOf('<');
  while (at >= 0 && at < text.length) {
    const skipped = SKIPPED.find(([open]) => text.startsWith(open, at));
    if (skipped) {
      const close = text.indexOf(skipped[1], at + skipped[0].length);
      if (close < 0) return; // an unterminated comment, CDATA or instruction runs to the end
      at = text.indexOf('<', close + skipped[1].length);
      continue;
    }
    const closing = text[at + 1] === '/';
    NAME.lastIndex = at + 1 + (closing ? 1 : 0);
    const name = NAME.exec(text)?.[0];
    if (name === undefined) {
      at = text.indexOf('<', at + 1);
      continue;
    }
    const bodyStart = NAME.lastIndex;
    const end = tagEnd(text, bodyStart, next);
    if (end.gt < 0) {
      // No `>` closes this tag: go on after what was scanned (an unclosed quote, or the end of the text).
      at = end.stopped < 0 ? -1 : text.indexOf('<', end.stopped + 1);
      continue;
    }
    const body = text.slice(bodyStart, end.gt);
    const attributes: XmlTag['attributes'] = [];
    ATTRIBUTE.lastIndex = 0;
    for (let a = ATTRIBUTE.exec(body); a; a = ATTRIBUTE.exec(body)) {
      if (a[1] === undefined) continue;
      const raw = a[2] ?? a[3];
      const valueEnd = bodyStart + a.index + a[0].length - 1;
      attributes.push({ name: a[1], value: decodeEntities(raw), valueStart: valueEnd - raw.length, valueEnd });
    }
    visit({ name, closing, selfClosing: body.endsWith('/'), start: at, end: end.gt + 1, attributes });
    at = text.indexOf('<', end.gt + 1);
  }
}

/**
 * The next `>`, `"` and `'` at or after a position that only moves forward: each is searched for again
 * only once the scan has passed it, so the whole scan reads the text a bounded number of times.
 */
class NextOf {
  private readonly cached = new Map<string, number>();

  constructor(private readonly text: string) {}

  at(character: string, from: number): number {
    const known = this.cached.get(character);
    if (known !== undefined && (known >= from || known < 0)) return known;
    const found = this.text.indexOf(character, from);
    this.cached.set(character, found);
    return found;
  }
}

/** Where the tag whose attributes start at `from` ends: its `>` outside quotes, or where the scan stopped. */
function tagEnd(text: string, from: number, next: NextOf): { gt: number; stopped: number } {
  let at = from;
  for (;;) {
    const gt = next.at('>', at);
    const dq = next.at('"', at);
    const sq = next.at("'", at);
    const quote = dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
    if (gt < 0 && quote < 0) return { gt: -1, stopped: -1 };
    if (quote < 0 || (gt >= 0 && gt < quote)) return { gt, stopped: gt };
    const close = next.at(text[quote], quote + 1);
    if (close < 0) return { gt: -1, stopped: quote };
    at = close + 1;
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
