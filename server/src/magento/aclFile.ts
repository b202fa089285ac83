// Reads the `<resource>` tree out of one etc/acl.xml.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { attribute, parseXml, XmlElement, XmlTree } from './xmlTree';
import { rangeOf, TextRange } from './textRange';

export interface AclDeclaration {
  id: string;
  title?: string;
  parentId?: string;
  sortOrder?: number;
  disabled?: boolean;
  /** Range of the id attribute's value. */
  idRange: TextRange;
  /** Range of the title attribute's value, when present. */
  titleRange?: TextRange;
  /** Range of the whole `<resource>` element. */
  range: TextRange;
  /** Nested declarations, in document order. */
  children: AclDeclaration[];
}

export interface AclFile {
  /** Top-level `<resource>` elements of `config/acl/resources`, each with its subtree. */
  roots: AclDeclaration[];
  /** Every declaration in document order. */
  all: AclDeclaration[];
}

export function readAclFile(text: string, tree: XmlTree = parseXml(text)): AclFile {
  const document = TextDocument.create('', 'xml', 0, text);
  const all: AclDeclaration[] = [];
  const roots: AclDeclaration[] = [];
  const root = tree.root;
  if (root?.name !== 'config') return { roots, all };
  for (const acl of root.children) {
    if (acl.name !== 'acl') continue;
    for (const resources of acl.children) {
      if (resources.name !== 'resources') continue;
      for (const element of resources.children) {
        if (element.name === 'resource') roots.push(...readResource(document, element, undefined, all));
      }
    }
  }
  return { roots, all };
}

function readResource(document: TextDocument, element: XmlElement, parentId: string | undefined, all: AclDeclaration[]): AclDeclaration[] {
  // Iterative and depth-first, so `all` stays in document order and absurd nesting cannot exhaust the stack.
  const result: AclDeclaration[] = [];
  const work: Array<{ element: XmlElement; parentId?: string; into: AclDeclaration[] }> = [{ element, parentId, into: result }];
  while (work.length > 0) {
    const { element: current, parentId: parent, into } = work.pop()!;
    const id = attribute(current, 'id');
    if (!id) continue;
    const title = attribute(current, 'title');
    const sortOrder = attribute(current, 'sortOrder');
    const disabled = attribute(current, 'disabled');
    const declaration: AclDeclaration = {
      id: id.value.trim(),
      title: title?.value,
      parentId: parent,
      sortOrder: sortOrder && /^-?\d+$/.test(sortOrder.value.trim()) ? Number(sortOrder.value) : undefined,
      disabled: disabled ? disabled.value.trim() === 'true' || disabled.value.trim() === '1' : undefined,
      idRange: rangeOf(document, id.valueStart, id.valueEnd),
      titleRange: title ? rangeOf(document, title.valueStart, title.valueEnd) : undefined,
      range: rangeOf(document, current.start, current.end),
      children: [],
    };
    into.push(declaration);
    all.push(declaration);
    for (let i = current.children.length - 1; i >= 0; i--) {
      const child = current.children[i];
      if (child.name === 'resource') work.push({ element: child, parentId: declaration.id, into: declaration.children });
    }
  }
  return result;
}
