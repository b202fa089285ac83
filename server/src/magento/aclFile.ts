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
  /** Open elements: their names, and for `<resource>`s the declaration and where it started. */
  const open: Array<{ name: string; declaration?: AclDeclaration; start: number }> = [];
  scanTags(text, (tag) => {
    if (tag.closing) {
      let at = open.length - 1;
      while (at >= 0 && open[at].name !== tag.name) at--;
      if (at < 0) return;
      for (const element of open.splice(at)) {
        if (element.declaration) element.declaration.range = lines.range(element.start, tag.end);
      }
      return;
    }
    let declaration: AclDeclaration | undefined;
    if (tag.name === 'resource' && isResourcePlace(open)) {
      const id = tag.attributes.find((a) => a.name === 'id');
      if (id) {
        const parent = open[open.length - 1].declaration;
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
    if (!tag.selfClosing) open.push({ name: tag.name, declaration, start: tag.start });
  });
  return { roots, all };
}

/** Directly inside `config/acl/resources`, or inside a `<resource>` that is. */
function isResourcePlace(open: Array<{ name: string }>): boolean {
  if (open.length < RESOURCES_PATH.length) return false;
  for (let i = 0; i < RESOURCES_PATH.length; i++) if (open[i].name !== RESOURCES_PATH[i]) return false;
  for (let i = RESOURCES_PATH.length; i < open.length; i++) if (open[i].name !== 'resource') return false;
  return true;
}
