// Where each kind of Magento file writes ACL ids, and how to find them in a parsed file.
import { WEBAPI_SPECIAL_REFS } from './aclIds';
import { MagentoFileKind } from './fileKinds';
import { attribute, textContent, walkElements, XmlElement, XmlTree } from './xmlTree';

export interface AclReference {
  id: string;
  /** Offsets of the id itself. */
  start: number;
  end: number;
  /** The `<integration>` element the reference belongs to (integration files only). */
  integration?: XmlElement;
  /** The element that carries the reference. */
  element?: XmlElement;
  /** acl.xml `<resource id>`: a declaration, not a use. */
  declaration?: boolean;
}

/** An XML place that holds ACL ids: an attribute of an element, or the element's text. */
export interface XmlAclSite {
  element: string;
  attribute?: string;
  /** The value is a comma-separated list (webapi.xml `ref`). */
  list?: boolean;
}

export const XML_ACL_SITES: Partial<Record<MagentoFileKind, XmlAclSite[]>> = {
  integration: [{ element: 'resource', attribute: 'name' }],
  'integration-api': [{ element: 'resource', attribute: 'name' }],
  webapi: [{ element: 'resource', attribute: 'ref', list: true }],
  system: [{ element: 'resource' }],
  menu: [
    { element: 'add', attribute: 'resource' },
    { element: 'update', attribute: 'resource' },
  ],
  acl: [{ element: 'resource', attribute: 'id' }],
};

export function siteFor(kind: MagentoFileKind, element: string, attributeName: string | undefined): XmlAclSite | undefined {
  return XML_ACL_SITES[kind]?.find((site) => site.element === element && site.attribute === attributeName);
}

export function findXmlAclReferences(text: string, tree: XmlTree, kind: MagentoFileKind): AclReference[] {
  const sites = XML_ACL_SITES[kind];
  if (!sites) return [];
  const references: AclReference[] = [];
  for (const element of walkElements(tree.root)) {
    for (const site of sites) {
      if (site.element !== element.name || !inExpectedPlace(kind, element)) continue;
      const integration = kind === 'integration' || kind === 'integration-api' ? enclosing(element, 'integration') : undefined;
      if (site.attribute) {
        const value = attribute(element, site.attribute);
        if (!value) continue;
        const raw = text.slice(value.valueStart, value.valueEnd);
        for (const part of site.list ? splitList(raw, value.valueStart) : [trimmed(raw, value.valueStart)]) {
          if (site.list && WEBAPI_SPECIAL_REFS.has(part.id)) continue;
          references.push({ ...part, element, integration, declaration: kind === 'acl' });
        }
      } else {
        const content = textContent(text, element);
        if (content) references.push({ id: content.value, start: content.start, end: content.end, element });
      }
    }
  }
  return references;
}

/** Keeps look-alike elements elsewhere in the file (e.g. system.xml's other `resource`s) out. */
function inExpectedPlace(kind: MagentoFileKind, element: XmlElement): boolean {
  const parent = element.parent?.name;
  switch (kind) {
    case 'acl':
      return parent === 'resources' || parent === 'resource';
    case 'integration':
    case 'integration-api':
    case 'webapi':
      return parent === 'resources';
    case 'system':
      return parent === 'section' || parent === 'group' || parent === 'field';
    case 'menu':
      return parent === 'menu';
    default:
      return true;
  }
}

function enclosing(element: XmlElement, name: string): XmlElement | undefined {
  for (let current = element.parent; current; current = current.parent) if (current.name === name) return current;
  return undefined;
}

function trimmed(raw: string, offset: number): { id: string; start: number; end: number } {
  const leading = raw.length - raw.trimStart().length;
  const id = raw.trim();
  return { id, start: offset + leading, end: offset + leading + id.length };
}

function splitList(raw: string, offset: number): Array<{ id: string; start: number; end: number }> {
  const parts: Array<{ id: string; start: number; end: number }> = [];
  let position = 0;
  for (const piece of raw.split(',')) {
    parts.push(trimmed(piece, offset + position));
    position += piece.length + 1;
  }
  return parts;
}

const PHP_PATTERNS = [
  /\bconst\s+ADMIN_RESOURCE\s*=\s*(['"])([^'"\n]*)\1/g,
  /\bisAllowed\(\s*(['"])([^'"\n]*)\1/g,
];

/** `const ADMIN_RESOURCE = '…'` and `isAllowed('…')` string literals in PHP source. */
export function findPhpAclReferences(text: string): AclReference[] {
  const references: AclReference[] = [];
  for (const pattern of PHP_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index! + match[0].length - 1 - match[2].length;
      references.push({ id: match[2], start, end: start + match[2].length });
    }
  }
  return references.sort((a, b) => a.start - b.start);
}
