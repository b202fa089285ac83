// Reads the `<resource>` tree out of one etc/acl.xml. This runs for every acl.xml of the workspace,
// so it uses the fast tolerant tag scanner and builds nothing it does not keep.
import { LineIndex, TextRange } from './textRange';
import { scanTags } from './xmlTags';

export interface AclDeclaration {
  id: string;
  title?: string;
  parentId?: string;
  sortOrder?: number;
  /** `disabled="true"`: Magento leaves the resource and its subtree out of the ACL. */
  disabled?: boolean;
  /** Range of the id attribute's value. */
  idRange: TextRange;
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

const RESOURCES_PATH = ['config', 'acl', 'resources'];

export function readAclFile(text: string): AclFile {
  const lines = new LineIndex(text);
  const all: AclDeclaration[] = [];
  const roots: AclDeclaration[] = [];
  /**
   * Open elements: their names, for `<resource>`s the declaration and where it started, and whether the
   * elements inside them are in a resource place (kept per element, so nothing walks the stack per tag).
   */
  const open: Array<{ name: string; declaration?: AclDeclaration; start: number; holdsResources: boolean }> = [];
  /** How many open elements have each name: a closing tag that matches none costs nothing. */
  const openCount = new Map<string, number>();
  scanTags(text, (tag) => {
    if (tag.closing) {
      if (!openCount.get(tag.name)) return;
      let at = open.length - 1;
      while (open[at].name !== tag.name) at--;
      for (const element of open.splice(at)) {
        openCount.set(element.name, openCount.get(element.name)! - 1);
        if (element.declaration) element.declaration.range = lines.range(element.start, tag.end);
      }
      return;
    }
    const top = open[open.length - 1];
    let declaration: AclDeclaration | undefined;
    if (tag.name === 'resource' && top?.holdsResources) {
      const id = tag.attributes.find((a) => a.name === 'id');
      if (id) {
        const parent = top.declaration;
        const title = tag.attributes.find((a) => a.name === 'title')?.value;
        const sortOrder = tag.attributes.find((a) => a.name === 'sortOrder')?.value;
        const disabled = tag.attributes.find((a) => a.name === 'disabled')?.value.trim();
        declaration = {
          id: id.value.trim(),
          title,
          parentId: parent?.id,
          sortOrder: sortOrder !== undefined && /^\s*-?\d+\s*$/.test(sortOrder) ? Number(sortOrder) : undefined,
          // xs:boolean: true, false, 1 or 0.
          disabled: disabled === 'true' || disabled === '1' ? true : disabled === 'false' || disabled === '0' ? false : undefined,
          idRange: lines.range(id.valueStart, id.valueEnd),
          range: lines.range(tag.start, tag.end),
          children: [],
        };
        all.push(declaration);
        (parent ? parent.children : roots).push(declaration);
      }
    }
    if (!tag.selfClosing) {
      // config/acl/resources holds resources, and so does each <resource> placed there.
      const depth = open.length;
      const holdsResources = depth < RESOURCES_PATH.length
        ? depth === RESOURCES_PATH.length - 1 && tag.name === RESOURCES_PATH[depth] && open.every((e, i) => e.name === RESOURCES_PATH[i])
        : !!top?.holdsResources && tag.name === 'resource';
      open.push({ name: tag.name, declaration, start: tag.start, holdsResources });
      openCount.set(tag.name, (openCount.get(tag.name) ?? 0) + 1);
    }
  });
  return { roots, all };
}
