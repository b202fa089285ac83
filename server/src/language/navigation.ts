// Go to definition and find references for ACL ids.
import { Location, Position } from 'vscode-languageserver-types';
import { AclSnapshot } from '../magento/aclIndex';
import { ParsedDocument, referenceAt } from './parsedDocument';

export function findDefinition(parsed: ParsedDocument, position: Position, snapshot: AclSnapshot, companySnapshot?: AclSnapshot): Location[] {
  const reference = referenceAt(parsed, parsed.document.offsetAt(position));
  const resource = reference && (reference.tree === 'company' ? companySnapshot : snapshot)?.get(reference.id);
  if (!resource) return [];
  const declaring = resource.locations.filter((l) => l.hasTitle);
  return (declaring.length > 0 ? declaring : resource.locations).map((l) => Location.create(l.uri, l.range));
}

/** The ACL id under the cursor, if any. */
export function aclIdAt(parsed: ParsedDocument, position: Position): string | undefined {
  return referenceAt(parsed, parsed.document.offsetAt(position))?.id;
}

/** Uses of `id` in the given documents; declarations in acl.xml files only when asked. */
export function findReferencesIn(id: string, documents: Iterable<ParsedDocument>, includeDeclaration: boolean): Location[] {
  const locations: Location[] = [];
  for (const parsed of documents) {
    for (const reference of parsed.references) {
      if (reference.id !== id || (reference.declaration && !includeDeclaration)) continue;
      const { document } = parsed;
      locations.push(Location.create(document.uri, { start: document.positionAt(reference.start), end: document.positionAt(reference.end) }));
    }
  }
  return locations;
}
