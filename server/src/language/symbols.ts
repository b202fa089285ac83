// The resource tree of an acl.xml as document symbols.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { AclDeclaration, readAclFile } from '../magento/aclFile';
import { ParsedDocument } from './parsedDocument';

/**
 * Real acl.xml trees are a few levels deep. Deeper resources are listed flat under their ancestor at
 * this depth, so neither this walk nor the JSON encoding of the answer recurses without bound.
 */
export const MAX_SYMBOL_DEPTH = 64;

export function findDocumentSymbols(parsed: ParsedDocument): DocumentSymbol[] {
  if (parsed.kind !== 'acl' || !parsed.tree) return [];
  const roots: DocumentSymbol[] = [];
  // Iterative depth-first walk: [declaration, the list its symbol goes into, its depth].
  const stack: Array<[AclDeclaration, DocumentSymbol[], number]> = [];
  const declarations = readAclFile(parsed.document.getText()).roots;
  for (let i = declarations.length - 1; i >= 0; i--) stack.push([declarations[i], roots, 1]);
  while (stack.length > 0) {
    const [declaration, into, depth] = stack.pop()!;
    const symbol = toSymbol(declaration);
    into.push(symbol);
    const childList = depth < MAX_SYMBOL_DEPTH ? symbol.children! : into;
    const childDepth = depth < MAX_SYMBOL_DEPTH ? depth + 1 : depth;
    for (let i = declaration.children.length - 1; i >= 0; i--) stack.push([declaration.children[i], childList, childDepth]);
  }
  return roots;
}

function toSymbol(declaration: AclDeclaration): DocumentSymbol {
  return {
    name: declaration.id || '(no id)',
    detail: declaration.title,
    kind: SymbolKind.Key,
    range: declaration.range,
    selectionRange: declaration.idRange,
    children: [],
  };
}
