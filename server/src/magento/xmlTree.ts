// A tolerant, position-aware XML tree built on saxes. saxes was chosen after measuring it
// against @xml-tools/parser and fast-xml-parser on a large tree (see docs/parser-choice.md).
import { SaxesParser } from 'saxes';
import { decodeEntities } from './xmlTags';

export interface XmlAttribute {
  name: string;
  value: string;
  /** Offset of the attribute name. */
  nameStart: number;
  /** Offsets of the raw value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

export interface XmlElement {
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>`. */
  startTagEnd: number;
  /** Offset just after the end tag (or the self-closing start tag); the text's end when never closed. */
  end: number;
  /** Offset of the end tag's `<`, or `end` for self-closing or unclosed elements. */
  endTagStart: number;
  attributes: XmlAttribute[];
  children: XmlElement[];
  parent?: XmlElement;
}

export interface XmlProblem {
  message: string;
  offset: number;
}

export interface XmlTree {
  root?: XmlElement;
  problems: XmlProblem[];
}

/** Parsing stops collecting problems beyond this; a binary file would otherwise yield one per byte. */
const MAX_PROBLEMS = 20;

export function parseXml(text: string): XmlTree {
  const parser = new SaxesParser({ position: true });
  const problems: XmlProblem[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let pending: XmlElement | undefined;

  parser.on('error', (error) => {
    const message = error.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '');
    const offset = Math.min(parser.position, text.length);
    const last = problems[problems.length - 1];
    if (problems.length < MAX_PROBLEMS && !(last?.message === message && last.offset === offset)) problems.push({ message, offset });
    // saxes has already force-closed everything on a stray end tag; a later end tag for an element
    // we kept open is reported as unmatched, and closes it here.
    const unmatched = /^unmatched closing tag: (.+)\.$/.exec(message)?.[1];
    const at = unmatched === undefined ? -1 : stack.map((e) => e.name).lastIndexOf(unmatched);
    if (at >= 0) {
      for (const element of stack.splice(at)) element.end = parser.position;
    }
  });
  parser.on('opentagstart', (tag) => {
    const start = Math.max(0, text.lastIndexOf('<', parser.position - tag.name.length));
    pending = { name: tag.name, start, startTagEnd: start, end: text.length, endTagStart: text.length, attributes: [], children: [] };
  });
  parser.on('attribute', (attribute) => {
    if (pending) pending.attributes.push(locateAttribute(text, parser.position, attribute.name, attribute.value));
  });
  parser.on('opentag', (tag) => {
    const element = pending ?? { name: tag.name, start: parser.position, startTagEnd: 0, end: text.length, endTagStart: text.length, attributes: [], children: [] };
    pending = undefined;
    element.startTagEnd = parser.position;
    const parent = stack[stack.length - 1];
    if (parent) {
      element.parent = parent;
      parent.children.push(element);
    } else if (!root) {
      root = element;
    }
    if (tag.isSelfClosing) {
      element.end = element.endTagStart = parser.position;
    } else {
      stack.push(element);
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing || !isOwnEndTag(text, parser.position, tag.name)) return;
    const element = stack.pop();
    if (!element) return;
    element.end = parser.position;
    element.endTagStart = Math.max(element.startTagEnd, text.lastIndexOf('<', parser.position - 1));
  });

  try {
    parser.write(text).close();
  } catch (error) {
    // saxes only throws when no error handler is set; keep whatever was built.
    problems.push({ message: String(error), offset: text.length });
  }
  return { root, problems };
}

/** A stray end tag makes saxes close every open element; only an element's own end tag closes it here. */
function isOwnEndTag(text: string, after: number, name: string): boolean {
  const start = text.lastIndexOf('</', after - 1);
  return start >= 0 && new RegExp(`^</${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*>$`).test(text.slice(start, after));
}

/**
 * saxes reports an attribute just after its closing quote; walk back to find the raw value. The value
 * is taken from the source too: after a recovered error saxes can carry stale characters into it.
 */
function locateAttribute(text: string, after: number, name: string, value: string): XmlAttribute {
  const quote = text[after - 1];
  if (quote === '"' || quote === "'") {
    const valueStart = text.lastIndexOf(quote, after - 2) + 1;
    const nameStart = Math.max(0, text.lastIndexOf(name, valueStart));
    return { name, value: decodeEntities(text.slice(valueStart, after - 1)), nameStart, valueStart, valueEnd: after - 1 };
  }
  return { name, value, nameStart: after, valueStart: after, valueEnd: after };
}

export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}

/** The raw text between the start and end tag, with its offsets trimmed of surrounding whitespace. */
export function textContent(text: string, element: XmlElement): { value: string; start: number; end: number } | undefined {
  if (element.children.length > 0 || element.endTagStart <= element.startTagEnd) return undefined;
  const raw = text.slice(element.startTagEnd, element.endTagStart);
  const leading = raw.length - raw.trimStart().length;
  const value = raw.trim();
  return { value, start: element.startTagEnd + leading, end: element.startTagEnd + leading + value.length };
}

/** Every element in document order; iterative, so deep nesting cannot exhaust the stack. */
export function* walkElements(element: XmlElement | undefined): Generator<XmlElement> {
  const stack = element ? [element] : [];
  while (stack.length > 0) {
    const current = stack.pop()!;
    yield current;
    for (let i = current.children.length - 1; i >= 0; i--) stack.push(current.children[i]);
  }
}

/** Comments and processing instructions removed, CDATA unwrapped, entities decoded: the text XSD sees. */
export function stripMarkup(raw: string): string {
  return decodeEntities(raw.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'));
}

/** An element's text as Magento reads it (untrimmed): the one reader of element text for every feature. */
export function elementText(text: string, element: XmlElement): string {
  return element.endTagStart <= element.startTagEnd ? '' : stripMarkup(text.slice(element.startTagEnd, element.endTagStart));
}

/** The 0-based line of each offset, asked in increasing order: each newline is counted once for them all. */
export function lineCounter(text: string): (offset: number) => number {
  let at = 0;
  let line = 0;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 0;
    }
    for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
    return line;
  };
}
