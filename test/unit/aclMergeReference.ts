// The merge as it was written before the index became incremental (one full pass per change): the
// oracle the incremental index must agree with on every sequence of edits (aclIndexIncremental.test.ts).
import { AclDeclaration } from '../../server/src/magento/aclFile';
import { ALL_ID, ROOT_ID } from '../../server/src/magento/aclIds';
import { AclResource, AclSnapshot } from '../../server/src/magento/aclIndex';
import { CatalogResource } from '../../server/src/magento/coreCatalog';

export function referenceMerge(disk: ReadonlyMap<string, AclDeclaration[]>, overlays: ReadonlyMap<string, AclDeclaration[]>, rankOf: (uri: string) => number, catalog: readonly CatalogResource[]): AclSnapshot {
  const resources = new Map<string, AclResource>();
  const ranked = [...new Set([...disk.keys(), ...overlays.keys()])].map((uri) => ({ uri, rank: rankOf(uri) }));
  ranked.sort((a, b) => a.rank - b.rank || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  const switchedOff = new Map<string, boolean>();
  for (const { uri } of ranked) {
    for (const declaration of overlays.get(uri) ?? disk.get(uri)!) {
      let resource = resources.get(declaration.id);
      if (!resource) {
        resource = { id: declaration.id, locations: [], disabled: false, bundled: false, depth: 0 };
        resources.set(declaration.id, resource);
      }
      const hasTitle = !!declaration.title;
      resource.locations = [...resource.locations, { uri, range: declaration.idRange, hasTitle }];
      // Magento's DOM merge: the module loaded last wins an attribute; the first nesting places a node.
      if (hasTitle) resource.title = declaration.title;
      if (declaration.parentId && resource.parentId === undefined) resource.parentId = declaration.parentId;
      if (declaration.sortOrder !== undefined) resource.sortOrder = declaration.sortOrder;
      if (declaration.disabled !== undefined) switchedOff.set(declaration.id, declaration.disabled);
    }
  }
  // The catalog stands in for a core the workspace does not have; it never shadows the workspace.
  const usesCatalog = !resources.get(ROOT_ID)?.title;
  if (usesCatalog) {
    for (const entry of catalog) {
      if (entry.disabled && !switchedOff.has(entry.id)) switchedOff.set(entry.id, true);
      const existing = resources.get(entry.id);
      if (existing) {
        existing.title ??= entry.title;
        existing.parentId ??= entry.parent ?? undefined;
        existing.sortOrder ??= entry.sortOrder;
        existing.catalogModule ??= entry.module;
      } else {
        resources.set(entry.id, {
          id: entry.id,
          title: entry.title,
          parentId: entry.parent ?? undefined,
          sortOrder: entry.sortOrder,
          locations: [],
          disabled: false,
          bundled: true,
          catalogModule: entry.module,
          depth: 0,
        });
      }
    }
  }
  return new AclSnapshot(resources, usesCatalog, assignTreeOrder(resources, switchedOff));
}

/** Sets depth and the switch of every resource; returns them in tree order. */
function assignTreeOrder(resources: Map<string, AclResource>, switchedOff: ReadonlyMap<string, boolean>): AclResource[] {
  const children = new Map<string | undefined, AclResource[]>();
  for (const resource of resources.values()) {
    const parentKey = resource.parentId && resources.has(resource.parentId) ? resource.parentId : undefined;
    let siblings = children.get(parentKey);
    if (!siblings) children.set(parentKey, (siblings = []));
    siblings.push(resource);
  }
  const rootRank = (r: AclResource) => (r.id === ALL_ID ? 0 : r.id === ROOT_ID ? 1 : 2);
  for (const [parentKey, siblings] of children) {
    siblings.sort((a, b) => (parentKey === undefined ? rootRank(a) - rootRank(b) : 0) || (a.sortOrder ?? 0) - (b.sortOrder ?? 0));
  }
  const ordered: AclResource[] = [];
  const visited = new Set<string>();
  const stack: Array<{ resource: AclResource; depth: number; disabledBy?: string }> = [];
  const pushChildren = (key: string | undefined, depth: number, disabledBy?: string) => {
    const list = children.get(key) ?? [];
    for (let i = list.length - 1; i >= 0; i--) stack.push({ resource: list[i], depth, disabledBy });
  };
  pushChildren(undefined, 0);
  while (stack.length > 0) {
    const { resource, depth, disabledBy: inherited } = stack.pop()!;
    if (visited.has(resource.id)) continue;
    visited.add(resource.id);
    ordered.push(resource);
    resource.depth = depth;
    const disabledBy = inherited ?? (switchedOff.get(resource.id) ? resource.id : undefined);
    resource.disabled = disabledBy !== undefined;
    resource.disabledBy = disabledBy;
    pushChildren(resource.id, depth + 1, disabledBy);
  }
  // A parent cycle leaves resources unreachable from any root: after the rest.
  for (const resource of resources.values()) {
    if (!visited.has(resource.id)) ordered.push(resource);
  }
  return ordered;
}

