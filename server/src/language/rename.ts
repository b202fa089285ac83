// Renaming an ACL id: its declarations in acl.xml and every use (integration files, webapi.xml,
// system.xml, menu.xml, PHP), in one workspace edit. Only ids that the workspace's own modules declare
// can be renamed: an id of Magento or of a vendor's module is not ours to change, and a use in a file
// we must not edit (under vendor/) would be left behind.
import { Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { AclSnapshot } from '../magento/aclIndex';
import { isValidDeclaredId } from '../magento/aclIds';
import { ParsedDocument, referenceAt } from './parsedDocument';

export type RenameCheck = { range: Range; placeholder: string } | { refused: string };

/** Whether the id under the cursor can be renamed, and the range to edit. */
export function prepareRename(parsed: ParsedDocument, offset: number, snapshot: AclSnapshot, isOwnFile: (uri: string) => boolean): RenameCheck | undefined {
  const reference = referenceAt(parsed, offset);
  if (!reference || reference.tree === 'company') return undefined;
  const resource = snapshot.get(reference.id);
  if (!resource) return { refused: `"${reference.id}" is declared by no acl.xml of this workspace, so there is nothing to rename.` };
  if (resource.locations.length === 0) return { refused: `"${reference.id}" is one of Magento's own ACL resources; it cannot be renamed.` };
  const foreign = resource.locations.find((l) => !isOwnFile(l.uri));
  if (foreign) return { refused: `"${reference.id}" is declared in ${foreign.uri}, outside the workspace's own modules; it cannot be renamed here.` };
  const { document } = parsed;
  return { range: { start: document.positionAt(reference.start), end: document.positionAt(reference.end) }, placeholder: reference.id };
}

/** The edit that renames `id` in every document given (those that mention it), or why it cannot. */
export function renameAclId(id: string, newName: string, snapshot: AclSnapshot, documents: Iterable<ParsedDocument>, isOwnFile: (uri: string) => boolean): WorkspaceEdit | { refused: string } {
  const wanted = newName.trim();
  if (!isValidDeclaredId(wanted)) return { refused: `"${wanted}" is not a valid ACL id: acl.xsd wants Vendor_Module::name.` };
  if (wanted !== id && snapshot.get(wanted)) return { refused: `"${wanted}" already exists; renaming "${id}" to it would merge two resources.` };
  const changes: Record<string, TextEdit[]> = {};
  for (const parsed of documents) {
    const edits: TextEdit[] = [];
    for (const reference of parsed.references) {
      if (reference.id !== id || reference.tree === 'company') continue;
      edits.push(TextEdit.replace({ start: parsed.document.positionAt(reference.start), end: parsed.document.positionAt(reference.end) }, wanted));
    }
    if (edits.length === 0) continue;
    if (!isOwnFile(parsed.document.uri)) return { refused: `${parsed.document.uri} uses "${id}" and is outside the workspace's own modules; it would be left with the old id.` };
    changes[parsed.document.uri] = edits;
  }
  return { changes };
}
