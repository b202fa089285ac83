// A merged ACL tree as it stood at one moment (what the language features read): resources by id in tree
// order, breadcrumbs, the search entries completion filters, ids by module. The index (aclIndex.ts) makes
// one per change, sharing every resource the change did not touch.
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
  locations: readonly AclLocation[];
  /** Switched off (`disabled="true"`) by the last acl.xml that says, or under a resource that is. */
  disabled: boolean;
  /** The resource whose `disabled="true"` switches this one off (itself or an ancestor). */
  disabledBy?: string;
  /** Known only from the bundled core catalog. */
  bundled: boolean;
  /** The module that declares it, when known without reading more files (the catalog's). */
  catalogModule?: string;
  /** Nesting depth in the tree (0 for the roots). Its position in tree order is `AclSnapshot.orderOf`. */
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
  readonly size: number;
  private readonly breadcrumbs = new Map<string, string>();
  private lowered?: SearchEntry[];
  private byModule?: Map<string, string[]>;
  private positions?: Map<string, number>;
  /**
   * Set when the index moves on and changes `resources` in place: what changed, as it was here
   * (undefined: absent), and the snapshot that comes next. A lookup that is not undone reads on.
   */
  private superseded?: { undo: ReadonlyMap<string, AclResource | undefined>; successor: AclSnapshot };

  constructor(
    private readonly resources: ReadonlyMap<string, AclResource>,
    readonly usesCatalog: boolean,
    /** Every resource in tree order (depth-first, children by sortOrder). */
    readonly ordered: readonly AclResource[],
    /**
     * Search entries kept across snapshots: resources that did not change between two snapshots are
     * the same objects, so their lowercased id and title are computed once.
     */
    private readonly searchEntries: WeakMap<AclResource, SearchEntry> = new WeakMap(),
  ) {
    this.size = resources.size;
  }

  /** The index changed `resources` in place for `successor`; `undo` keeps what this snapshot saw. */
  supersede(successor: AclSnapshot, undo: ReadonlyMap<string, AclResource | undefined>): void {
    this.superseded = { undo, successor };
  }

  /** Position in tree order (computed once per snapshot, on first use). */
  orderOf(id: string): number {
    if (!this.positions) {
      this.positions = new Map();
      for (let i = 0; i < this.ordered.length; i++) this.positions.set(this.ordered[i].id, i);
    }
    return this.positions.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  get(id: string): AclResource | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk along the undo links starts here
    let reader: AclSnapshot = this;
    for (let link = this.superseded; link; link = reader.superseded) {
      if (link.undo.has(id)) return link.undo.get(id);
      reader = link.successor;
    }
    return reader.resources.get(id);
  }

  /** Ancestors from the top down, not including `id` itself. */
  ancestors(id: string): AclResource[] {
    const chain: AclResource[] = [];
    const seen = new Set<string>([id]);
    for (let parentId = this.get(id)?.parentId; parentId && !seen.has(parentId); ) {
      seen.add(parentId);
      const parent = this.get(parentId);
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
      const resource = this.get(id);
      breadcrumb = resource ? [...this.ancestors(id), resource].map((r) => r.title ?? r.id).join(' > ') : '';
      this.breadcrumbs.set(id, breadcrumb);
    }
    return breadcrumb;
  }

  /** Ids grouped by their `Vendor_Module` part, computed once per snapshot. */
  idsByModule(): ReadonlyMap<string, string[]> {
    if (!this.byModule) {
      this.byModule = new Map();
      for (const { id } of this.ordered) {
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
    if (!this.lowered) {
      this.lowered = [];
      for (const resource of this.ordered) {
        if (resource.disabled) continue;
        let entry = this.searchEntries.get(resource);
        if (!entry) {
          const id = resource.id.toLowerCase();
          entry = { resource, id, title: resource.title?.toLowerCase() ?? '', characters: characterMask(id) };
          this.searchEntries.set(resource, entry);
        }
        this.lowered.push(entry);
      }
    }
    return this.lowered;
  }
}
