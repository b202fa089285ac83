// The resource tree of an acl.xml as document symbols.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { AclDeclaration, readAclFile } from '../magento/aclFile';
import { ParsedDocument } from './parsedDocument';

export function findDocumentSymbols(parsed: ParsedDocument): DocumentSymbol[] {
  if (parsed.kind !== 'acl' || !parsed.tree) return [];
  return readAclFile(parsed.document.getText()).roots.map(toSymbol);
}

function toSymbol(declaration: AclDeclaration): DocumentSymbol {
  return {
    name: declaration.id || '(no id)',
    detail: declaration.title,
    kind: SymbolKind.Key,
    range: declaration.range,
    selectionRange: declaration.idRange,
    children: declaration.children.map(toSymbol),
  };
}
