// Workspace symbols: the ACL resources the workspace declares, found by id or title (`#Magento_Sales::`
// in VS Code's symbol search), each at the acl.xml that declares it. Bounded: the first matches in tree order.
import { Location, SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { AclSnapshot } from '../magento/aclIndex';

export const MAX_WORKSPACE_SYMBOLS = 200;

export function findWorkspaceSymbols(query: string, snapshot: AclSnapshot, companySnapshot?: AclSnapshot): SymbolInformation[] {
  const wanted = query.trim().toLowerCase();
  const symbols: SymbolInformation[] = [];
  for (const [tree, label] of [[snapshot, 'ACL'], [companySnapshot, 'company ACL']] as const) {
    if (!tree) continue;
    for (const entry of tree.searchable()) {
      if (symbols.length >= MAX_WORKSPACE_SYMBOLS) return symbols;
      if (wanted && !entry.id.includes(wanted) && !entry.title.includes(wanted)) continue;
      const resource = entry.resource;
      // Resources known only from the bundled catalog have no file to go to.
      const declaring = resource.locations.find((l) => l.hasTitle) ?? resource.locations[0];
      if (!declaring) continue;
      symbols.push({
        name: resource.id,
        kind: SymbolKind.Key,
        location: Location.create(declaring.uri, declaring.range),
        containerName: resource.title ? `${label}: ${tree.breadcrumb(resource.id)}` : label,
      });
    }
  }
  return symbols;
}
