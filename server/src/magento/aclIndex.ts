// The merged ACL tree of a workspace: every etc/acl.xml merged the way Magento merges them
// (same id = one resource, parent from nesting, title from any file), over the bundled core catalog.
import { AclDeclaration, readAclFile } from './aclFile';
import { ALL_ID, ROOT_ID } from './aclIds';
import { CatalogResource } from './coreCatalog';
import { TextRange } from './textRange';

import { AclLocation, AclResource, AclSnapshot, characterMask, SearchEntry } from './aclSnapshot';

export { AclSnapshot, characterMask };
export type { AclLocation, AclResource, SearchEntry };

/** An acl.xml as the index knows it: its uri, and where it stands in Magento's merge order (set as it is merged in). */
interface IndexedFile {
  readonly uri: string;
  rank: number;
}

/**
 * One `<resource id>` of one acl.xml as the index keeps it, and the location it reports: no element
 * range, no children, no position objects until one is asked for, strings of their own.
 */
class IndexedDeclaration implements AclLocation {
  constructor(
    readonly file: IndexedFile,
    /** Position in the file's document order. */
    readonly index: number,
    readonly id: string,
    readonly title: string | undefined,
    readonly parentId: string | undefined,
    readonly sortOrder: number | undefined,
    readonly disabled: boolean | undefined,
    readonly startLine: number,
    readonly startCharacter: number,
    readonly endLine: number,
    readonly endCharacter: number,
  ) {}

  get uri(): string {
    return this.file.uri;
  }

  /** The range of the id's value. */
  get range(): TextRange {
    return { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } };
  }

  get hasTitle(): boolean {
    return !!this.title;
  }
}

/**
 * A copy of a string that does not hold on to the text it was cut from (V8 keeps a sliced string's
 * whole source alive: every id would keep its acl.xml in memory).
 */
function ownString(value: string): string {
  // JSON.parse builds a new flat string (the fastest copy measured; V8 does not slice below 13 characters).
  return value.length < 13 ? value : (JSON.parse(JSON.stringify(value)) as string);
}

function indexed(uri: string, declarations: readonly AclDeclaration[]): IndexedDeclaration[] {
  const file: IndexedFile = { uri, rank: 0 };
  // A parent is declared before its children (nesting): its id's own copy serves as their parentId.
  const own = new Map<string, string>();
  const intern = (value: string) => {
    let kept = own.get(value);
    if (kept === undefined) own.set(value, (kept = ownString(value)));
    return kept;
  };
  return declarations.map((d, index) => {
    const { start, end } = d.idRange;
    return new IndexedDeclaration(file, index, intern(d.id), d.title === undefined ? undefined : ownString(d.title), d.parentId === undefined ? undefined : intern(d.parentId),
      d.sortOrder, d.disabled, start.line, start.character, end.line, end.character);
  });
}

function sameDeclarations(a: readonly IndexedDeclaration[] | undefined, b: readonly IndexedDeclaration[]): boolean {
  if (!a || a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    return x.id === y.id && x.title === y.title && x.parentId === y.parentId && x.sortOrder === y.sortOrder && x.disabled === y.disabled
      && x.startLine === y.startLine && x.startCharacter === y.startCharacter && x.endLine === y.endLine && x.endCharacter === y.endCharacter;
  });
}

/** A merged resource before its place in the tree is known. */
type MergedResource = Omit<AclResource, 'depth' | 'disabled' | 'disabledBy'> & {
  /** The last `disabled` an acl.xml (or the catalog) says, before inheritance down the tree. */
  switchedOff?: boolean;
  /** Where it first appears in merge order (siblings with the same sortOrder keep that order). */
  first?: IndexedDeclaration;
  catalogIndex?: number;
  /** What the latest layout made of it; reused while its place in the tree stays the same. */
  placed?: AclResource;
  /** The layout that last visited it. */
  visited?: number;
  /** Its list in `childrenOf`, held here so that a layout walks the tree without looking ids up. */
  children?: MergedResource[];
  /** The parent whose sibling list holds it (undefined: the roots), when `placed`. */
  under?: string;
  isPlaced?: boolean;
};

/**
 * The merged ACL of a workspace, kept up to date file by file: a change to one acl.xml re-merges only
 * the ids that file declares (per-id contributions in Magento's order), then lays the tree out again.
 * Snapshots are immutable: readers keep theirs while the index moves on.
 */
export class AclIndex {
  /** What each acl.xml holds on disk. */
  private readonly disk = new Map<string, IndexedDeclaration[]>();
  /** Unsaved contents of open acl.xml documents; they win over the disk. */
  private readonly overlays = new Map<string, IndexedDeclaration[]>();
  private cached?: AclSnapshot;
  private generation = 0;
  /** Where each file stands in Magento's module load order; files merge in that order. */
  private rankOf: (uri: string) => number = () => 0;

  /** Per id, every file's declarations of it, in merge order (rank, uri, document order). */
  private readonly contributions = new Map<string, IndexedDeclaration[]>();
  /** The lists of `contributions` a merged resource holds as its locations: never changed in place. */
  private readonly heldLists = new WeakSet<readonly IndexedDeclaration[]>();
  /** The declarations each file contributed to `contributions`. */
  private readonly applied = new Map<string, IndexedDeclaration[]>();
  private readonly merged = new Map<string, MergedResource>();
  /** Files changed since the last snapshot; everything when `rebuildAll`. */
  private readonly pending = new Set<string>();
  private rebuildAll = true;
  private usesCatalog = false;
  /** The workspace's modules: a catalog id stands in only while the module that owns it is not one of them. */
  private heldModules: ReadonlySet<string> | undefined;
  private heldModulesChanged = false;
  private readonly catalogById: ReadonlyMap<string, { entry: CatalogResource; index: number }>;
  private readonly searchEntries = new WeakMap<AclResource, SearchEntry>();
  /** The resources of the latest snapshot, by id; changed in place from one snapshot to the next. */
  private live = new Map<string, AclResource>();
  private latest?: AclSnapshot;
  /** Each parent's children in sibling order (undefined: the roots), kept sorted as resources change. */
  private readonly childrenOf = new Map<string | undefined, MergedResource[]>();
  /** Counts tree layouts: marks what one layout has visited. */
  private layouts = 0;
  private staleBoundMs: number | undefined;
  private latestAt = 0;

  constructor(private readonly catalog: readonly CatalogResource[] = []) {
    this.catalogById = new Map(catalog.map((entry, index) => [entry.id, { entry, index }]));
  }

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

  setDeclarations(uri: string, declarations: readonly AclDeclaration[]): void {
    const kept = indexed(uri, declarations);
    if (sameDeclarations(this.disk.get(uri), kept)) return;
    this.disk.set(uri, kept);
    this.changed(uri);
  }

  removeFile(uri: string): boolean {
    const removed = this.disk.delete(uri);
    if (removed) this.changed(uri);
    return removed;
  }

  /** Replaces the disk layer at once (a rebuild): only the files that differ are merged again. */
  replaceAll(entries: Iterable<[string, readonly AclDeclaration[]]>): void {
    const uris = new Set<string>();
    for (const [uri, declarations] of entries) {
      uris.add(uri);
      this.setDeclarations(uri, declarations);
    }
    this.retainOnly(uris);
  }

  /** Forgets the disk's files that are not in `uris` (after a rebuild has set the others). */
  retainOnly(uris: ReadonlySet<string>): void {
    for (const uri of [...this.disk.keys()]) if (!uris.has(uri)) this.removeFile(uri);
  }

  setOverlay(uri: string, text: string): void {
    const kept = indexed(uri, readAclFile(text).all);
    // An editor opened on the file as it is on disk changes nothing.
    if (sameDeclarations(this.overlays.get(uri) ?? (this.overlays.has(uri) ? undefined : this.disk.get(uri)), kept)) {
      this.overlays.set(uri, this.overlays.get(uri) ?? this.disk.get(uri)!);
      return;
    }
    this.overlays.set(uri, kept);
    this.changed(uri);
  }

  removeOverlay(uri: string): void {
    if (this.overlays.delete(uri)) this.changed(uri);
  }

  /** Sets the module load order files merge in (Magento merges acl.xml files module by module). */
  /**
   * The modules the workspace holds. The bundled catalog stands in, id by id, for the core modules it
   * lacks (a module repository, or a project with a few core packages); never for one it has.
   */
  setHeldModules(names: ReadonlySet<string>): void {
    if (this.heldModules && this.heldModules.size === names.size && [...names].every((name) => this.heldModules!.has(name))) return;
    this.heldModules = new Set(names);
    this.heldModulesChanged = true;
    this.changed();
  }

  setLoadOrder(rankOf: (uri: string) => number): void {
    this.rankOf = rankOf;
    this.changed();
  }

  /**
   * The tree as it stands; during a scan (`whileScanning`), a tree merged less than its bound ago may stand
   * in for it: each merge lays out the whole tree, and a keystroke every few milliseconds during the scan
   * would otherwise merge each time.
   */
  snapshot(): AclSnapshot {
    if (this.cached) return this.cached;
    if (this.staleBoundMs !== undefined && this.latest && performance.now() - this.latestAt < this.staleBoundMs) return this.latest;
    this.cached = this.merge();
    this.latestAt = performance.now();
    return this.cached;
  }

  /** Lets `snapshot()` answer with a tree merged less than `boundMs` ago (a scan under way); undefined: never. */
  whileScanning(boundMs: number | undefined): void {
    this.staleBoundMs = boundMs;
  }

  /** One file changed (its pieces are re-merged), or, without a uri, everything (merged again from scratch). */
  private changed(uri?: string): void {
    this.cached = undefined;
    this.generation++;
    if (uri === undefined) this.rebuildAll = true;
    else this.pending.add(uri);
  }

  private merge(): AclSnapshot {
    const affected = new Set<string>();
    let full = this.rebuildAll;
    if (this.rebuildAll) {
      this.contributions.clear();
      this.applied.clear();
      this.merged.clear();
      this.pending.clear();
      this.childrenOf.clear();
      // In merge order, so that every contribution is appended.
      const ranked = [...new Set([...this.disk.keys(), ...this.overlays.keys()])].map((uri) => ({ uri, rank: this.rankOf(uri) }));
      ranked.sort((a, b) => a.rank - b.rank || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
      for (const { uri } of ranked) this.apply(uri, affected);
      for (const id of this.catalogById.keys()) affected.add(id);
      this.rebuildAll = false;
    } else {
      for (const uri of this.pending) {
        this.unapply(uri, affected);
        this.apply(uri, affected);
      }
      this.pending.clear();
    }
    // The catalog stands in for the core modules the workspace does not have; it never shadows the workspace.
    const usesCatalog = this.heldModules ? this.catalog.some((entry) => this.standsIn(entry)) : !this.contributions.get(ROOT_ID)?.some((declaration) => declaration.title);
    if (usesCatalog !== this.usesCatalog || this.heldModulesChanged) {
      this.usesCatalog = usesCatalog;
      this.heldModulesChanged = false;
      // Every resource may change: lay the tree out from scratch.
      full = true;
      this.merged.clear();
      for (const id of this.contributions.keys()) affected.add(id);
      for (const id of this.catalogById.keys()) affected.add(id);
    }
    if (full) this.childrenOf.clear();
    if (full) {
      // From scratch: each sibling list is filled, then sorted once.
      for (const id of affected) {
        const resource = this.mergeOne(id);
        if (resource) this.merged.set(id, resource);
      }
      for (const resource of this.merged.values()) {
        const parentKey = resource.parentId && this.merged.has(resource.parentId) ? resource.parentId : undefined;
        this.siblingsUnder(parentKey).push(resource);
        resource.under = parentKey;
        resource.isPlaced = true;
      }
      for (const [parentKey, siblings] of this.childrenOf) siblings.sort((a, b) => compareSiblings(parentKey, a, b));
      return this.layOut(usesCatalog, undefined);
    }
    const existence = new Set<string>();
    for (const id of affected) {
      this.unplace(id);
      const had = this.merged.has(id);
      const resource = this.mergeOne(id);
      if (resource) {
        resource.children = this.childrenOf.get(id);
        this.merged.set(id, resource);
      } else this.merged.delete(id);
      if (had !== !!resource) existence.add(id);
    }
    // A parent that appears or goes takes its children with it (to or from the roots).
    const moved = new Set<string>();
    if (existence.size > 0) {
      for (const resource of this.merged.values()) if (resource.parentId !== undefined && existence.has(resource.parentId) && !affected.has(resource.id)) moved.add(resource.id);
    }
    for (const id of moved) this.unplace(id);
    for (const id of [...affected, ...moved]) this.place(id);
    return this.layOut(usesCatalog, affected);
  }

  /**
   * The snapshot of the tree as it now stands. From scratch (`affected` undefined), a new map of
   * resources; otherwise the map changes in place for the resources that are new objects or gone, and the
   * previous snapshot keeps what they were.
   */
  private layOut(usesCatalog: boolean, affected: ReadonlySet<string> | undefined): AclSnapshot {
    const { ordered, created } = layOutTree(this.childrenOf.get(undefined) ?? [], this.merged, ++this.layouts);
    const previous = this.latest;
    const undo = new Map<string, AclResource | undefined>();
    if (!affected || !previous) this.live = new Map();
    else {
      for (const resource of created) undo.set(resource.id, this.live.get(resource.id));
      for (const id of affected) {
        if (!this.merged.has(id) && this.live.has(id)) {
          undo.set(id, this.live.get(id));
          this.live.delete(id);
        }
      }
    }
    for (const resource of created) this.live.set(resource.id, resource);
    const snapshot = new AclSnapshot(this.live, usesCatalog, ordered, this.searchEntries);
    if (affected && previous) previous.supersede(snapshot, undo);
    this.latest = snapshot;
    return snapshot;
  }

  /** The sibling list under a parent (undefined: the roots), made when first needed; the parent holds it too. */
  private siblingsUnder(parentKey: string | undefined): MergedResource[] {
    let siblings = this.childrenOf.get(parentKey);
    if (!siblings) {
      this.childrenOf.set(parentKey, (siblings = []));
      if (parentKey !== undefined) this.merged.get(parentKey)!.children = siblings;
    }
    return siblings;
  }

  /** Takes a resource out of its parent's sibling list. */
  private unplace(id: string): void {
    const resource = this.merged.get(id);
    if (!resource?.isPlaced) return;
    resource.isPlaced = false;
    const siblings = this.childrenOf.get(resource.under)!;
    siblings.splice(siblings.indexOf(resource), 1);
  }

  /** Puts a resource into its parent's sibling list, in sibling order (binary search). */
  private place(id: string): void {
    const resource = this.merged.get(id);
    if (!resource || resource.isPlaced) return;
    const parentKey = resource.parentId && this.merged.has(resource.parentId) ? resource.parentId : undefined;
    const siblings = this.siblingsUnder(parentKey);
    let low = 0;
    let high = siblings.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareSiblings(parentKey, siblings[middle], resource) < 0) low = middle + 1;
      else high = middle;
    }
    siblings.splice(low, 0, resource);
    resource.under = parentKey;
    resource.isPlaced = true;
  }

  private apply(uri: string, affected: Set<string>): void {
    const declarations = this.overlays.get(uri) ?? this.disk.get(uri);
    if (!declarations) return;
    const rank = this.rankOf(uri);
    for (const declaration of declarations) declaration.file.rank = rank;
    this.applied.set(uri, declarations);
    for (const declaration of declarations) {
      const id = declaration.id;
      affected.add(id);
      const list = this.contributions.get(id);
      if (!list) {
        this.contributions.set(id, [declaration]);
        continue;
      }
      // Most files come in merge order: append; otherwise insert in place. A list a snapshot holds (a
      // resource's locations) is copied first: an ancestor every acl.xml repeats would otherwise be copied
      // once per file, 1,500 times over on a large project.
      let at = list.length;
      if (at > 0 && compareContributions(list[at - 1], declaration) > 0) {
        // Out of order (files are read in the order they are found, not Magento's): binary search.
        let low = 0;
        while (low < at) {
          const middle = (low + at) >> 1;
          if (compareContributions(list[middle], declaration) > 0) at = middle;
          else low = middle + 1;
        }
      }
      if (this.heldLists.has(list)) this.contributions.set(id, [...list.slice(0, at), declaration, ...list.slice(at)]);
      else list.splice(at, 0, declaration);
    }
  }

  private unapply(uri: string, affected: Set<string>): void {
    const previous = this.applied.get(uri);
    if (!previous) return;
    this.applied.delete(uri);
    for (const id of new Set(previous.map((declaration) => declaration.id))) {
      affected.add(id);
      const remaining = this.contributions.get(id)!.filter((declaration) => declaration.uri !== uri);
      if (remaining.length > 0) this.contributions.set(id, remaining);
      else this.contributions.delete(id);
    }
  }

  /**
   * Whether a catalog id speaks for the workspace: its owning module is not held. Without a module list
   * (an index used on its own), the catalog stands in unless the workspace declares Magento's admin root.
   */
  private standsIn(entry: CatalogResource): boolean {
    if (this.heldModules) return !this.heldModules.has(entry.module);
    return !this.contributions.get(ROOT_ID)?.some((declaration) => declaration.title);
  }

  /** Magento's DOM merge of one id: the module loaded last wins an attribute; the first nesting places a node. */
  private mergeOne(id: string): MergedResource | undefined {
    const contributions = this.contributions.get(id) ?? NO_LOCATIONS;
    const listed = this.catalogById.get(id);
    const catalog = listed && this.standsIn(listed.entry) ? listed : undefined;
    if (contributions.length === 0 && !catalog) return undefined;
    // The declarations are the locations (a held list is never changed in place).
    this.heldLists.add(contributions);
    const resource: MergedResource = { id, locations: contributions, bundled: contributions.length === 0, first: contributions[0] };
    for (const declaration of contributions) {
      if (declaration.title) resource.title = declaration.title;
      if (declaration.parentId && resource.parentId === undefined) resource.parentId = declaration.parentId;
      if (declaration.sortOrder !== undefined) resource.sortOrder = declaration.sortOrder;
      if (declaration.disabled !== undefined) resource.switchedOff = declaration.disabled;
    }
    if (catalog) {
      const { entry, index } = catalog;
      if (entry.disabled && resource.switchedOff === undefined) resource.switchedOff = true;
      resource.title ??= entry.title;
      resource.parentId ??= entry.parent ?? undefined;
      resource.sortOrder ??= entry.sortOrder;
      resource.catalogModule ??= entry.module;
      resource.catalogIndex = index;
    }
    return resource;
  }
}

const NO_LOCATIONS: readonly IndexedDeclaration[] = Object.freeze([]);

/** Magento's merge order: by module load order, then file, then document order. */
function compareContributions(a: IndexedDeclaration, b: IndexedDeclaration): number {
  return a.file.rank - b.file.rank || (a.file.uri < b.file.uri ? -1 : a.file.uri > b.file.uri ? 1 : 0) || a.index - b.index;
}

/** First appearance in merge order: the workspace's files, then the catalog's own ids in its order. */
function compareAppearance(a: MergedResource, b: MergedResource): number {
  if (a.first && b.first) return compareContributions(a.first, b.first);
  if (a.first || b.first) return a.first ? -1 : 1;
  return (a.catalogIndex ?? 0) - (b.catalogIndex ?? 0);
}

const rootRank = (r: MergedResource) => (r.id === ALL_ID ? 0 : r.id === ROOT_ID ? 1 : 2);

/** Siblings by sortOrder then first appearance, as Magento's tree shows them; the roots "all" and "admin" first. */
function compareSiblings(parentKey: string | undefined, a: MergedResource, b: MergedResource): number {
  return (parentKey === undefined ? rootRank(a) - rootRank(b) : 0) || (a.sortOrder ?? 0) - (b.sortOrder ?? 0) || compareAppearance(a, b);
}

/**
 * Depth-first order from the roots over the sorted sibling lists; on the way down, what a
 * `disabled="true"` switches off (Magento's TreeBuilder skips the subtree). A resource that was not
 * merged again and kept its depth and switch is the object the last layout made; the others are new
 * objects (`created`), so earlier snapshots keep theirs.
 */
function layOutTree(roots: readonly MergedResource[], merged: ReadonlyMap<string, MergedResource>, layout: number): { ordered: AclResource[]; created: AclResource[] } {
  const ordered: AclResource[] = [];
  const created: AclResource[] = [];
  const place = (resource: MergedResource, depth: number, disabledBy: string | undefined) => {
    resource.visited = layout;
    let placed = resource.placed;
    if (!placed || placed.depth !== depth || placed.disabledBy !== disabledBy) {
      placed = {
        id: resource.id, title: resource.title, parentId: resource.parentId, sortOrder: resource.sortOrder, locations: resource.locations,
        disabled: disabledBy !== undefined, disabledBy, bundled: resource.bundled, catalogModule: resource.catalogModule, depth,
      };
      resource.placed = placed;
      created.push(placed);
    }
    ordered.push(placed);
  };
  // Three parallel stacks: no object per visit.
  const stack: MergedResource[] = [];
  const depths: number[] = [];
  const switches: Array<string | undefined> = [];
  const pushChildren = (list: readonly MergedResource[] | undefined, depth: number, disabledBy?: string) => {
    if (!list) return;
    for (let i = list.length - 1; i >= 0; i--) {
      stack.push(list[i]);
      depths.push(depth);
      switches.push(disabledBy);
    }
  };
  pushChildren(roots, 0);
  while (stack.length > 0) {
    const resource = stack.pop()!;
    const depth = depths.pop()!;
    const inherited = switches.pop();
    if (resource.visited === layout) continue;
    const disabledBy = inherited ?? (resource.switchedOff ? resource.id : undefined);
    place(resource, depth, disabledBy);
    pushChildren(resource.children, depth + 1, disabledBy);
  }
  // A parent cycle leaves resources unreachable from any root: after the rest, in order of appearance.
  if (ordered.length < merged.size) {
    const unreachable = [...merged.values()].filter((r) => r.visited !== layout).sort(compareAppearance);
    for (const resource of unreachable) place(resource, 0, undefined);
  }
  return { ordered, created };
}
