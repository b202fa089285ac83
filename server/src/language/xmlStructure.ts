// Structure rules every Magento XSD shares: which attributes an element may carry, element-only content.
import { stripMarkup, XmlElement } from '../magento/xmlTree';

/** Offsets of an element's name in its start tag, where its diagnostics go. */
export function tagName(element: XmlElement): [number, number] {
  return [element.start + 1, element.start + 1 + element.name.length];
}

/** Only xmlns and xsi:* attributes, plus `allowed`, may appear (XSD declares no others). */
export function checkAttributes(element: XmlElement, allowed: string[], error: (element: XmlElement, message: string) => void): void {
  for (const a of element.attributes) {
    if (allowed.includes(a.name) || a.name === 'xmlns' || a.name.startsWith('xmlns:') || a.name.startsWith('xsi:')) continue;
    error(element, `The attribute ${a.name} is not allowed on <${element.name}>.`);
  }
}

/** Element-only content: text other than whitespace between the children is an XSD error. */
export function checkNoText(text: string, element: XmlElement, error: (element: XmlElement, message: string) => void): void {
  let from = element.startTagEnd;
  const gaps: string[] = [];
  for (const child of element.children) {
    gaps.push(text.slice(from, child.start));
    from = child.end;
  }
  gaps.push(text.slice(from, element.endTagStart));
  if (gaps.some((gap) => stripMarkup(gap).trim() !== '')) error(element, `<${element.name}> holds elements only; remove the text inside it.`);
}
