// Where each kind of Magento file writes ACL ids, and how to find them in a parsed file.
import { WEBAPI_SPECIAL_REFS } from './aclIds';
import { MagentoFileKind } from './fileKinds';
import { maskComments, PhpFileFacts, readPhpFile, resolveClassName, stringAt } from './phpSource';
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
  /** The ACL tree the id belongs to; the admin ACL unless said otherwise. */
  tree?: AclTree;
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
  'company-acl': [{ element: 'resource', attribute: 'id' }],
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
          references.push({ ...part, element, integration, declaration: kind === 'acl' || kind === 'company-acl', tree: kind === 'company-acl' ? 'company' : 'admin' });
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
    case 'company-acl':
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

/** Which ACL tree an id belongs to: the admin ACL (acl.xml) or B2B's company ACL (company_acl.xml). */
export type AclTree = 'admin' | 'company';

/** Classes whose isAllowed() checks the admin ACL. */
const ADMIN_AUTHORIZATION = new Set([
  'Magento\\Framework\\AuthorizationInterface',
  'Magento\\Framework\\Authorization',
  'Magento\\Backend\\Model\\Auth\\Session',
  'Magento\\Framework\\Acl',
]);
/** Classes whose isAllowed() checks a company's storefront permissions (Magento B2B). */
const COMPANY_AUTHORIZATION = new Set([
  'Magento\\Company\\Api\\AuthorizationInterface',
  'Magento\\Company\\Model\\Authorization',
  'Magento\\NegotiableQuote\\Model\\Restriction\\RestrictionInterface',
  'Magento\\NegotiableQuote\\Model\\RestrictionInterface',
]);

/**
 * The tree an `isAllowed()` on `receiver` (`$this->prop` or `$var`) checks, from the declared type of
 * the property or variable; undefined when the file does not say (then it is not read as an ACL id).
 */
export function receiverTree(receiver: string, php: PhpFileFacts): AclTree | undefined {
  // Magento\Backend\App\AbstractAction and Block\Widget hold the admin authorization here.
  if (receiver === '$this->_authorization') return 'admin';
  const property = /^\$this->(\w+)$/.exec(receiver)?.[1];
  const types = property ? php.propertyTypes.get(property) : php.variableTypes.get(receiver.slice(1));
  for (const type of types ?? []) {
    const fqcn = resolveClassName(type, php);
    if (ADMIN_AUTHORIZATION.has(fqcn)) return 'admin';
    if (COMPANY_AUTHORIZATION.has(fqcn)) return 'company';
  }
  return undefined;
}

const ADMIN_RESOURCE = /\bconst\s+ADMIN_RESOURCE\s*=/g;
const IS_ALLOWED = /(\$this->\w+|\$\w+)\s*\??->\s*isAllowed\s*\(/g;
/** Magento\Cms's admin controllers check the admin ACL through this helper. */
const IS_ALLOWED_ACTION = /->\s*_isAllowedAction\s*\(/g;

/**
 * ACL ids in PHP: `const ADMIN_RESOURCE = '…'`, and string literals passed to an `isAllowed()` whose
 * receiver is an admin or a company authorization object. Other `isAllowed()` calls are not ACL checks.
 */
export function findPhpAclReferences(text: string, php: PhpFileFacts = readPhpFile(text)): AclReference[] {
  const code = maskComments(text);
  const references: AclReference[] = [];
  const add = (at: number, tree: AclTree) => {
    const literal = stringAt(code, at);
    if (literal && !literal.value.includes('\n')) references.push({ id: literal.value, start: literal.start, end: literal.end, tree });
  };
  for (const match of code.matchAll(ADMIN_RESOURCE)) add(match.index! + match[0].length, 'admin');
  for (const match of code.matchAll(IS_ALLOWED_ACTION)) add(match.index! + match[0].length, 'admin');
  for (const match of code.matchAll(IS_ALLOWED)) {
    const tree = receiverTree(match[1], php);
    if (tree) add(match.index! + match[0].length, tree);
  }
  return references.sort((a, b) => a.start - b.start);
}
