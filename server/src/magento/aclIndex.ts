// The merged ACL tree of a workspace: every etc/acl.xml merged the way Magento merges them
// (same id = one resource, parent from nesting, title from any file), over the bundled core catalog.
import { AclDeclaration, readAclFile } from './aclFile';
import { ALL_ID, ROOT_ID } from './aclIds';
import { CatalogResource } from './coreCatalog';
import { TextRange } from './textRange';

export interface AclLocation {
  uri: string;
  range: TextRange;
  /** Whether this occurrence gives a title (a real declaration, not just nesting under a parent). */
  hasTitle: boolean;
}

export interface AclResource {
  id: string;
  title?: string;
  parentId?: string;
  sortOrder?: number;
  /** Every `<resource id>` occurrence in the workspace. */
  locations: AclLocation[];
  /** Switched off (`disabled="true"`) by the last acl.xml that says, or under a resource that is. */
  disabled: boolean;
  /** The resource whose `disabled="true"` switches this one off (itself or an ancestor). */
  disabledBy?: string;
  /** Known only from the bundled core catalog. */
  bundled: boolean;
  /** The module that declares it, when known without reading more files (the catalog's). */
  catalogModule?: string;
  /** Position in tree order (depth-first, children by sortOrder). */
  order: number;
  depth: number;
}

export interface SearchEntry {
  resource: AclResource;
  /** Lowercased id and title. */
  id: string;
  title: string;
  /** `characterMask(id)`: lets a query skip ids that lack one of its characters without scanning them. */
  characters: number;
}

/** One bit per character class (a–z, 0–9, other), 32 bits in all. */
export function characterMask(lowercase: string): number {
  let mask = 0;
  for (let i = 0; i < lowercase.length; i++) {
    const code = lowercase.charCodeAt(i);
    mask |= 1 << (code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? 26 + ((code - 48) % 5) : 31);
  }
  return mask;
}

export class AclSnapshot {
  readonly ordered: readonly AclResource[];
  private readonly breadcrumbs = new Map<string, string>();
  private lowered?: SearchEntry[];
  private byModule?: Map<string, string[]>;

  constructor(
    private readonly resources: ReadonlyMap<string, AclResource>,
    readonly usesCatalog: boolean,
  ) {
    this.ordered = [...resources.values()].sort((a, b) => a.order - b.order);
  }

  get size(): number {
    return this.resources.size;
  }

  get(id: string): AclResource | undefined {
    return this.resources.get(id);
  }

  /** Ancestors from the top down, not including `id` itself. */
  ancestors(id: string): AclResource[] {
    const chain: AclResource[] = [];
    const seen = new Set<string>([id]);
    for (let parentId = this.resources.get(id)?.parentId; parentId && !seen.has(parentId); ) {
      seen.add(parentId);
      const parent = this.resources.get(parentId);
      if (!parent) break;
      chain.unshift(parent);
      parentId = parent.parentId;
    }
    return chain;
  }

  /** "Magento Admin > Catalog > Inventory > Products". */
  breadcrumb(id: string): string {
    let breadcrumb = this.breadcrumbs.get(id);
    if (breadcrumb === undefined) {
      const resource = this.resources.get(id);
      breadcrumb = resource ? [...this.ancestors(id), resource].map((r) => r.title ?? r.id).join(' > ') : '';
      this.breadcrumbs.set(id, breadcrumb);
    }
    return breadcrumb;
  }

  /** Ids grouped by their `Vendor_Module` part, computed once per snapshot. */
  idsByModule(): ReadonlyMap<string, string[]> {
    if (!this.byModule) {
      this.byModule = new Map();
      for (const id of this.resources.keys()) {
        const module = id.slice(0, Math.max(0, id.indexOf('::')));
        let ids = this.byModule.get(module);
        if (!ids) this.byModule.set(module, (ids = []));
        ids.push(id);
      }
    }
    return this.byModule;
  }

  /** Resources in tree order with what matching needs, computed once per snapshot; disabled ones are left out. */
  searchable(): readonly SearchEntry[] {
    this.lowered ??= this.ordered.filter((resource) => !resource.disabled).map((resource) => {
      const id = resource.id.toLowerCase();
      return { resource, id, title: resource.title?.toLowerCase() ?? '', characters: characterMask(id) };
    });
    return this.lowered;
  }
}

export class AclIndex {
  /** What each acl.xml holds on disk. */
  private readonly disk = new Map<string, AclDeclaration[]>();
  /** Unsaved contents of open acl.xml documents; they win over the disk. */
  private readonly overlays = new Map<string, AclDeclaration[]>();
  private cached?: AclSnapshot;
  private generation = 0;
  /** Where each file stands in Magento's module load order; files merge in that order. */
  private rankOf: (uri: string) => number = () => 0;

  constructor(private readonly catalog: readonly CatalogResource[] = []) {}

  /** Bumped on every change, so callers can tell whether what they computed is stale. */
  get version(): number {
    return this.generation;
  }

  get fileCount(): number {
    let count = this.disk.size;
    for (const uri of this.overlays.keys()) if (!this.disk.has(uri)) count++;
    return count;
  }

  setFileText(uri: string, text: string): void {
    this.setDeclarations(uri, readAclFile(text).all);
  }

  setDeclarations(uri: string, declarations: AclDeclaration[]): void {
    this.disk.set(uri, declarations);
    this.changed();
  }

  removeFile(uri: string): boolean {
    const removed = this.disk.delete(uri);
    if (removed) this.changed();
    return removed;
  }

  /** Replaces the disk layer at once (a rebuild), with a single change. */
  replaceAll(entries: Iterable<[string, AclDeclaration[]]>): void {
    this.disk.clear();
    for (const [uri, declarations] of entries) this.disk.set(uri, declarations);
    this.changed();
  }

  setOverlay(uri: string, text: string): void {
    this.overlays.set(uri, readAclFile(text).all);
    this.changed();
  }

  removeOverlay(uri: string): void {
    if (this.overlays.delete(uri)) this.changed();
  }

  /** Sets the module load order files merge in (Magento merges acl.xml files module by module). */
  setLoadOrder(rankOf: (uri: string) => number): void {
    this.rankOf = rankOf;
    this.changed();
  }

  snapshot(): AclSnapshot {
    if (!this.cached) this.cached = this.merge();
    return this.cached;
  }

  private changed(): void {
    this.cached = undefined;
    this.generation++;
  }

  private merge(): AclSnapshot {
    const resources = new Map<string, AclResource>();
    const ranked = [...new Set([...this.disk.keys(), ...this.overlays.keys()])].map((uri) => ({ uri, rank: this.rankOf(uri) }));
    ranked.sort((a, b) => a.rank - b.rank || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const switchedOff = new Map<string, boolean>();
    for (const { uri } of ranked) {
      for (const declaration of this.overlays.get(uri) ?? this.disk.get(uri)!) {
        let resource = resources.get(declaration.id);
        if (!resource) {
          resource = { id: declaration.id, locations: [], disabled: false, bundled: false, order: 0, depth: 0 };
          resources.set(declaration.id, resource);
        }
        const hasTitle = !!declaration.title;
        resource.locations.push({ uri, range: declaration.idRange, hasTitle });
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
      for (const entry of this.catalog) {
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
            order: 0,
            depth: 0,
          });
        }
      }
    }
    assignTreeOrder(resources, switchedOff);
    return new AclSnapshot(resources, usesCatalog);
  }
}

/**
 * Depth-first order from the roots, siblings by sortOrder then first appearance, as Magento's tree shows
 * them; on the way down, what a `disabled="true"` switches off (Magento's TreeBuilder skips the subtree).
 */
function assignTreeOrder(resources: Map<string, AclResource>, switchedOff: ReadonlyMap<string, boolean>): void {
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
  let order = 0;
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
    resource.order = order++;
    resource.depth = depth;
    const disabledBy = inherited ?? (switchedOff.get(resource.id) ? resource.id : undefined);
    resource.disabled = disabledBy !== undefined;
    resource.disabledBy = disabledBy;
    pushChildren(resource.id, depth + 1, disabledBy);
  }
  // A parent cycle leaves resources unreachable from any root; give them an order after the rest.
  for (const resource of resources.values()) {
    if (!visited.has(resource.id)) resource.order = order++;
  }
}

