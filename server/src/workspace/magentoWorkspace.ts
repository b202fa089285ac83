// The workspace model: every cross-file fact of a Magento project in one place (the ACL trees, the
// components and their load order, the integrations, open documents' unsaved text), with its caches
// and their invalidation. The language server, the CLI and the scaffolding requests all read it.
import * as path from 'node:path';
import { AclDeclaration, readAclFile } from '../magento/aclFile';
import { AclIndex } from '../magento/aclIndex';
import { bundledCoreCatalog } from '../magento/coreCatalog';
import { moduleLoadOrder, readComponentIdentity, readDisabledModules } from '../magento/components';
import { fileKindOf, INTEGRATION_KINDS, isAclTreeKind, isIntegrationKind, MODULE_FILES, modulePathOf } from '../magento/fileKinds';
import { IntegrationConfiguration, ModuleContext, ModuleFacts, ModuleFileReader, readModuleFacts } from '../magento/moduleFacts';
import { moduleNameFromAppCodePath } from '../magento/moduleNames';
import { ComponentInfo, ComponentLocation, findComponents, phpFilesOf } from './componentScanner';
import { nodeFileSystem, WorkspaceFileSystem } from './fileSystem';
import { IntegrationRegistry } from './integrationRegistry';
import { findMagentoRoot } from './magentoRoot';
import { Exclusions } from './exclusions';
import { workspaceRoutes } from './routeIndex';
import type { WebapiRoute } from '../magento/webapiRoutes';
import { TimeSlicer } from './timeSlicer';
import { MAX_MODULE_PHP_FILES, ModuleFileLists } from './moduleFileLists';
import { affectedOpenFiles } from './affectedFiles';
import { uriOfPath } from './uris';
import { BATCH_LIMITS, INTERACTIVE_LIMITS } from '../magento/documentLimits';
import type { EncodingProblem } from '../magento/xmlEncoding';

/** An acl.xml larger than this is not a real one; skip it rather than stall the index. */
export const MAX_ACL_FILE_BYTES = 2 * 1024 * 1024;
/** Module files read for the cross-file checks; larger ones are not module files. */
const MAX_MODULE_FILE_BYTES = 1024 * 1024;
/**
 * A webapi.xml for the route index: Magento's own are tens of KB, but a generated one can hold thousands of
 * routes (20,000 are about 3 MB and read in under a second). Larger ones are skipped and named.
 */
export const MAX_ROUTE_FILE_BYTES = BATCH_LIMITS.xml;
const PROGRESS_EVERY = 200;
/**
 * How old an ACL tree a request during a scan may get: each merge lays out the whole tree (5-20 ms at 18k
 * ids), and a client asking all the time slowed the scan by a quarter. Measured on the 1,500-module bench
 * tree, a client polling completion from the start: every id listed after 1.05-1.14 s with 500 ms, 1.25-1.27 s
 * with 200 ms, 1.18-1.35 s merging at each request.
 */
const STALE_DURING_SCAN_MS = 500;
/** How far up from a file to look for its component's root. */
const MAX_ROOT_LEVELS = 8;

export type { ComponentInfo } from './componentScanner';

export interface IndexingProgress {
  phase: 'scanning' | 'reading';
  done: number;
  total: number;
}

export interface IndexingResult {
  components: number;
  modules: number;
  aclFiles: number;
  resources: number;
  milliseconds: number;
}

export interface WorkspaceHooks {
  onProgress?(progress: IndexingProgress): void;
  log?(message: string): void;
}

export type FileChangeType = 'created' | 'changed' | 'deleted';

export class MagentoWorkspace {
  readonly acl = new AclIndex(bundledCoreCatalog());
  /** B2B's storefront permissions (etc/company_acl.xml): a tree of its own, never granted to integrations. */
  readonly companyAcl = new AclIndex();
  readonly integrations = new IntegrationRegistry();
  private components = new Map<string, ComponentInfo>();
  /** The names of `components`' modules, built on first use after they change. */
  private moduleNames?: Set<string>;
  private disabledModules = new Set<string>();
  /** Where a module stands in Magento's load order (set with the module list). */
  private loadRankOf: (module: ComponentInfo) => number = () => 0;
  private readonly open = new Map<string, string>();
  private readonly factsCache = new Map<string, ModuleFacts>();
  private readonly fileLists: ModuleFileLists;
  private complete = false;
  private exclusions = Exclusions.none;
  /** The REST routes, read again after a change that can alter them (a webapi.xml, a module, the core's presence). */
  private routesCache?: { usesCatalog: boolean; routes: WebapiRoute[]; resourceIds?: Set<string> };
  private readonly skippedRoutes = new Map<string, string>();
  /** componentOf's answers for folders outside the index, by folder; forgotten when the disk or the index changes. */
  private readonly foundOnDisk = new Map<string, ComponentInfo | null>();

  constructor(readonly fs: WorkspaceFileSystem = nodeFileSystem, private readonly hooks: WorkspaceHooks = {}) {
    const modules = () => this.modules;
    this.fileLists = new ModuleFileLists({
      fs,
      get modules() {
        return modules();
      },
      componentAt: (root) => this.componentAt(root),
      readText: (file) => this.readText(file),
      exists: (file) => this.open.has(file) || fs.isFile(file),
    });
  }

  /** Whether the first scan has finished (until then, "unknown id" may only mean "not read yet"). */
  get isComplete(): boolean {
    return this.complete;
  }

  /** Every component found, in no particular order. */
  get allComponents(): ComponentInfo[] {
    return [...this.components.values()];
  }

  /** Enabled modules, in Magento's load order. */
  get modules(): ComponentInfo[] {
    return [...this.components.values()].filter((c) => c.type === 'module' && c.enabled);
  }

  /** Scans the folders from scratch; files that vanished since the last scan are dropped at the end. */
  /** Folders kept out of the model (takes effect at the next index). */
  setExclusions(exclusions: Exclusions): void {
    this.exclusions = exclusions;
    this.foundOnDisk.clear();
  }

  isExcluded(file: string): boolean {
    return this.exclusions.excludes(file);
  }

  /** The workspace's REST routes, in Magento's merge (workspace/routeIndex.ts). */
  routes(): WebapiRoute[] {
    const usesCatalog = this.acl.snapshot().usesCatalog;
    if (this.routesCache?.usesCatalog !== usesCatalog) this.routesCache = { usesCatalog, routes: workspaceRoutes(this) };
    return this.routesCache.routes;
  }

  /** Files the route index could not read (too large), with why: said by `routes` and in the log. */
  get skippedRouteFiles(): ReadonlyMap<string, string> {
    return this.skippedRoutes;
  }

  /** A module's webapi.xml as the route index reads it (open text first); a file too large is skipped and named. */
  readRouteFile(file: string): string | undefined {
    const open = this.open.get(file);
    if (open !== undefined) return open;
    const text = this.fs.readFile(file, MAX_ROUTE_FILE_BYTES);
    const size = text === undefined ? this.fs.fileSize(file) : undefined;
    if (size !== undefined && size > MAX_ROUTE_FILE_BYTES) {
      const reason = `${size.toLocaleString('en')} bytes, more than the ${MAX_ROUTE_FILE_BYTES.toLocaleString('en')} the route index reads: its routes are not known`;
      if (this.skippedRoutes.get(file) !== reason) this.hooks.log?.(`Skipped ${file}: ${reason}.`);
      this.skippedRoutes.set(file, reason);
    } else {
      this.skippedRoutes.delete(file);
    }
    return text;
  }

  /** Every resource id some route of the workspace lists, kept with the routes. */
  routeResourceIds(): ReadonlySet<string> {
    const routes = this.routes();
    const cache = this.routesCache!;
    cache.resourceIds ??= new Set(routes.flatMap((route) => route.resources));
    return cache.resourceIds;
  }

  async index(folders: readonly string[]): Promise<IndexingResult> {
    const started = performance.now();
    this.foundOnDisk.clear();
    this.routesCache = undefined;
    this.complete = false;
    this.factsCache.clear();
    const slicer = new TimeSlicer();
    this.hooks.onProgress?.({ phase: 'scanning', done: 0, total: folders.length });
    const components = new Map<string, ComponentInfo>();
    for (const folder of folders) {
      for (const location of await findComponents(this.fs, folder, slicer)) {
        // Describing reads each module.xml (1,500 of them take about 0.2 s): in slices too.
        await slicer.yieldIfDue();
        if (!components.has(location.root) && !this.isExcluded(location.root)) components.set(location.root, this.describe(location));
      }
    }
    this.components = components;
    this.moduleNames = undefined;
    this.disabledModules = new Set();
    for (const root of new Set(folders.map((f) => findMagentoRoot(this.fs, f)).filter((r): r is string => !!r))) {
      const config = this.fs.readFile(path.join(root, 'app', 'etc', 'config.php'), MAX_MODULE_FILE_BYTES);
      if (config) for (const name of readDisabledModules(config)) this.disabledModules.add(name);
    }
    this.applyEnablementAndOrder();

    // In Magento's load order, as it merges them: each file's declarations join the others' at the end, and
    // the last module read is the last Magento loads.
    const modules = this.modules.sort((a, b) => this.loadRankOf(a) - this.loadRankOf(b));
    // Each file goes into the index as it is read (the index keeps a compact copy, not the parse).
    const freshAcl = new Set<string>();
    const freshCompany = new Set<string>();
    this.integrations.clear();
    // Requests during the scan may get a tree merged up to STALE_DURING_SCAN_MS ago; the scan's end merges it all.
    this.acl.whileScanning(STALE_DURING_SCAN_MS);
    this.companyAcl.whileScanning(STALE_DURING_SCAN_MS);
    try {
      for (let done = 0; done < modules.length; done++) {
        await slicer.yieldIfDue();
        const module = modules[done];
        const acl = this.readAclDeclarations(path.join(module.root, modulePathOf('acl')));
        if (acl) {
          const uri = uriOfPath(path.join(module.root, modulePathOf('acl')));
          freshAcl.add(uri);
          this.acl.setDeclarations(uri, acl);
        }
        const company = this.readAclDeclarations(path.join(module.root, modulePathOf('company-acl')));
        if (company) {
          const uri = uriOfPath(path.join(module.root, modulePathOf('company-acl')));
          freshCompany.add(uri);
          this.companyAcl.setDeclarations(uri, company);
        }
        this.readIntegrationFiles(module.root);
        if ((done + 1) % PROGRESS_EVERY === 0) this.hooks.onProgress?.({ phase: 'reading', done: done + 1, total: modules.length });
      }
    } finally {
      this.acl.whileScanning(undefined);
      this.companyAcl.whileScanning(undefined);
    }
    this.acl.retainOnly(freshAcl);
    this.companyAcl.retainOnly(freshCompany);
    this.complete = true;
    return {
      components: components.size,
      modules: modules.length,
      aclFiles: freshAcl.size,
      resources: this.acl.snapshot().size,
      milliseconds: performance.now() - started,
    };
  }

  /** The component a file belongs to: a known one (no disk access: this runs per keystroke), else one found on disk. */
  componentOf(file: string): ComponentInfo | undefined {
    if (this.isExcluded(file)) return undefined;
    const folders: string[] = [];
    for (let folder = path.dirname(file); folders.length < MAX_ROOT_LEVELS; folder = path.dirname(folder)) {
      const known = this.components.get(folder);
      if (known) return known;
      folders.push(folder);
      if (path.dirname(folder) === folder) break;
    }
    // Not a component of the index: looked for on disk once per folder until the disk or the index changes
    // (a document being typed in asks several times per keystroke).
    const asked = folders[0];
    if (this.foundOnDisk.has(asked)) return this.foundOnDisk.get(asked) ?? undefined;
    const root = folders.find((folder) => this.fs.isFile(path.join(folder, modulePathOf('registration'))) || this.fs.isFile(path.join(folder, modulePathOf('module'))));
    const found = root === undefined ? undefined : this.describe({ root, vendor: root.split(path.sep).includes('vendor') });
    if (this.foundOnDisk.size > 1000) this.foundOnDisk.clear();
    this.foundOnDisk.set(asked, found ?? null);
    return found;
  }

  /** The component whose root is `root`. */
  componentAt(root: string): ComponentInfo | undefined {
    return this.componentOf(path.join(root, modulePathOf('registration')));
  }

  /** The module name a file belongs to, e.g. `Vendor_Module`. */
  moduleNameOf(file: string): string | undefined {
    const component = this.componentOf(file);
    return component?.type === 'module' ? component.name : undefined;
  }

  moduleContextOf(file: string): ModuleContext | undefined {
    const component = this.componentOf(file);
    if (!component) return undefined;
    const root = component.root;
    const files = this.readerFor(root);
    const outsideDependencies = () => this.outsideDependencies(component);
    return {
      root,
      relativePath: path.relative(root, file).split(path.sep).join('/'),
      folderName: moduleNameFromAppCodePath(root),
      files,
      get outsideDependencies() {
        return outsideDependencies();
      },
      sequenceOf: (name) => this.modules.find((module) => module.name === name)?.sequence,
      facts: () => {
        let facts = this.factsCache.get(root);
        if (!facts) this.factsCache.set(root, (facts = readModuleFacts(files)));
        return facts;
      },
    };
  }

  /**
   * The third-party modules a module loads after that the workspace does not hold. Magento's own modules
   * never count: the workspace's core, or else the bundled catalog, is the whole of Magento's ACL.
   */
  outsideDependencies(component: ComponentInfo): ReadonlySet<string> {
    const candidates = component.sequence.filter((name) => !name.startsWith('Magento_'));
    if (candidates.length === 0) return new Set();
    return new Set(candidates.filter((name) => !this.hasModule(name)));
  }

  /** The files of a component that the checks read (moduleFileLists.ts). */
  filesToCheck(root: string, slicer = new TimeSlicer()): Promise<string[]> {
    return this.fileLists.filesToCheck(root, slicer);
  }

  /** The ids of `moduleName` that the module's own files mention (moduleFileLists.ts). */
  idsMentionedBy(root: string, moduleName: string): ReadonlySet<string> {
    return this.fileLists.idsMentionedBy(root, moduleName);
  }

  /** Files that may mention ACL ids, for find references (moduleFileLists.ts). */
  referenceFiles(slicer = new TimeSlicer()): Promise<string[]> {
    return this.fileLists.referenceFiles(slicer);
  }

  /** The project's own modules (not under vendor/): what the editor checks without their files being open. */
  get ownModules(): ComponentInfo[] {
    return [...this.components.values()].filter((c) => c.type === 'module' && !c.vendor);
  }

  /** Whether a module of that name is in the workspace (switched on or off). */
  hasModule(name: string): boolean {
    if (!this.moduleNames) {
      this.moduleNames = new Set();
      for (const c of this.components.values()) if (c.name && c.type === 'module') this.moduleNames.add(c.name);
    }
    return this.moduleNames.has(name);
  }

  /** Configurations of `name` in the workspace, unsaved editors included. */
  integrationsNamed(name: string): IntegrationConfiguration[] {
    return this.isComplete ? this.integrations.named(name) : [];
  }

  /** An open editor's text for a file, which wins over the disk everywhere in the model. */
  /** Takes an editor's text; returns whether it differs from what the model held (the disk's, or the last edit). */
  setOpenDocument(file: string, text: string): boolean {
    const unchanged = this.readText(file) === text;
    this.open.set(file, text);
    this.invalidate(file);
    const kind = fileKindOf(file);
    if (kind === 'webapi') this.routesCache = undefined;
    const uri = uriOfPath(file);
    // One module name for every feature, as typed; the load order follows on save (it costs a sort of every module).
    if (kind === 'module' || kind === 'registration') {
      this.foundOnDisk.clear();
      this.redescribe(file, kind, { onlyKnown: true });
    }
    // An editor's text longer than the service analyses is not parsed on every keystroke: the saved file counts.
    if (text.length > INTERACTIVE_LIMITS.xml) {
      if (kind === 'acl') this.acl.removeOverlay(uri);
      else if (kind === 'company-acl') this.companyAcl.removeOverlay(uri);
      else if (isIntegrationKind(kind)) this.integrations.removeOverlay(uri);
      return !unchanged;
    }
    if (kind === 'acl') this.acl.setOverlay(uri, text);
    else if (kind === 'company-acl') this.companyAcl.setOverlay(uri, text);
    else if (isIntegrationKind(kind)) this.integrations.setOverlay(uri, kind, text);
    return !unchanged;
  }

  closeDocument(file: string): void {
    if (!this.open.delete(file)) return;
    this.invalidate(file);
    const kind = fileKindOf(file);
    if (kind === 'webapi') this.routesCache = undefined;
    if (kind === 'module' || kind === 'registration') {
      this.foundOnDisk.clear();
      this.redescribe(file, kind, { onlyKnown: true });
    }
    const uri = uriOfPath(file);
    this.acl.removeOverlay(uri);
    this.companyAcl.removeOverlay(uri);
    this.integrations.removeOverlay(uri);
  }

  /** The open files whose diagnostics may change when `changed` changes (affectedFiles.ts). */
  affectedBy(changed: readonly string[], openFiles: readonly string[]): string[] {
    return affectedOpenFiles(changed, openFiles, (file) => this.componentOf(file));
  }

  /** Brings the model up to date with files changed on disk; returns whether anything it holds changed. */
  applyDiskChanges(changes: ReadonlyArray<{ file: string; type: FileChangeType }>): boolean {
    let changed = false;
    let reorder = false;
    if (changes.length > 0) this.foundOnDisk.clear();
    for (const { file, type } of changes) {
      if (this.isExcluded(file)) continue;
      const kind = fileKindOf(file);
      if (kind === 'webapi' || kind === 'module' || kind === 'registration' || file.endsWith('config.php')) this.routesCache = undefined;
      this.invalidate(file);
      if (file.replace(/\\/g, '/').endsWith('/app/etc/config.php')) {
        this.disabledModules = new Set(readDisabledModules(this.fs.readFile(file, MAX_MODULE_FILE_BYTES) ?? ''));
        reorder = true;
        continue;
      }
      if (kind === 'module' || kind === 'registration') {
        const root = this.redescribe(file, kind, { deleted: type === 'deleted' });
        reorder = true;
        changed = true;
        // A module that appears brings its other files with it (written before the watcher saw the folder).
        if (type !== 'deleted') this.refreshModuleFiles(root);
        continue;
      }
      if (kind) {
        this.refreshFile(file, kind);
        changed = true;
      }
    }
    if (reorder) {
      this.applyEnablementAndOrder();
      changed = true;
    }
    return changed;
  }

  /** The text of a file: an open editor's, else the disk's (bounded). */
  /** The file's first invalid UTF-8 byte on disk, as Magento's parser reports it. */
  encodingProblemOf(file: string): EncodingProblem | undefined {
    return this.fs.encodingProblem?.(file);
  }

  readText(file: string): string | undefined {
    const open = this.open.get(file);
    if (open !== undefined) return open.length > MAX_MODULE_FILE_BYTES ? undefined : open;
    return this.fs.readFile(file, MAX_MODULE_FILE_BYTES);
  }

  private readerFor(root: string): ModuleFileReader {
    let phpFiles: string[] | undefined;
    return {
      read: (relative) => this.readText(path.join(root, relative)),
      exists: (relative) => {
        const file = path.join(root, relative);
        return this.open.has(file) || this.fs.isFile(file);
      },
      phpFiles: () => (phpFiles ??= phpFilesOf(this.fs, root, MAX_MODULE_PHP_FILES)),
    };
  }

  /** Reads only what identifies a component: registration.php and etc/module.xml. */
  private describe(location: ComponentLocation): ComponentInfo {
    const read = (kind: 'module' | 'registration') => this.readText(path.join(location.root, modulePathOf(kind)));
    const identity = readComponentIdentity(read('module'), read('registration'));
    const name = identity.type === 'module' ? identity.moduleXmlName?.value ?? identity.registrationName?.value ?? moduleNameFromAppCodePath(location.root) : undefined;
    return { ...location, type: identity.type, name, sequence: identity.sequence, enabled: !name || !this.disabledModules.has(name) };
  }

  /**
   * Describes again the component whose module.xml or registration.php `file` is (a deleted registration.php
   * removes it; an open editor only updates a component the scan found); returns its root.
   */
  private redescribe(file: string, kind: 'module' | 'registration', { deleted = false, onlyKnown = false } = {}): string {
    const root = kind === 'module' ? path.dirname(path.dirname(file)) : path.dirname(file);
    const known = this.components.get(root);
    if (deleted && kind === 'registration') this.components.delete(root);
    else if (known || !onlyKnown) this.components.set(root, this.describe({ root, vendor: known?.vendor ?? false }));
    this.moduleNames = undefined;
    return root;
  }

  /** Marks switched-off modules and gives the ACL indexes Magento's module load order to merge in. */
  private applyEnablementAndOrder(): void {
    const modules = [...this.components.values()].filter((c) => c.type === 'module');
    for (const module of modules) module.enabled = !module.name || !this.disabledModules.has(module.name);
    const order = moduleLoadOrder(modules.filter((m) => m.name).map((m) => ({ name: m.name!, sequence: m.sequence })));
    const rankByName = new Map(order.map((name, rank) => [name, rank]));
    this.loadRankOf = (module) => (module.name ? rankByName.get(module.name) ?? order.length : order.length);
    const rankByUri = new Map<string, number>();
    for (const module of modules) {
      for (const kind of ['acl', 'company-acl'] as const) rankByUri.set(uriOfPath(path.join(module.root, modulePathOf(kind))), this.loadRankOf(module));
    }
    const rankOf = (uri: string) => rankByUri.get(uri) ?? order.length;
    this.acl.setLoadOrder(rankOf);
    this.companyAcl.setLoadOrder(rankOf);
    this.acl.setHeldModules(new Set(modules.flatMap((module) => (module.name ? [module.name] : []))));
    // A switched-off module contributes no resources.
    for (const module of modules) {
      if (module.enabled) continue;
      this.acl.removeFile(uriOfPath(path.join(module.root, modulePathOf('acl'))));
      this.companyAcl.removeFile(uriOfPath(path.join(module.root, modulePathOf('company-acl'))));
    }
  }

  /** Re-reads one file of a module after a change on disk; returns whether the model changed. */
  private refreshFile(file: string, kind = fileKindOf(file)): boolean {
    const uri = uriOfPath(file);
    if (isAclTreeKind(kind)) {
      const index = kind === 'acl' ? this.acl : this.companyAcl;
      const component = this.componentOf(file);
      const declarations = component?.type === 'module' && component.enabled ? this.readAclDeclarations(file) : undefined;
      if (!declarations) return index.removeFile(uri);
      index.setDeclarations(uri, declarations);
      return true;
    }
    if (isIntegrationKind(kind)) {
      this.integrations.setFile(uri, kind, this.fs.readFile(file, MAX_MODULE_FILE_BYTES));
      return true;
    }
    return false;
  }

  private refreshModuleFiles(root: string): void {
    for (const { kind, path: relative } of MODULE_FILES) {
      if (isAclTreeKind(kind) || isIntegrationKind(kind)) this.refreshFile(path.join(root, relative), kind);
    }
  }

  private readIntegrationFiles(root: string): void {
    for (const kind of INTEGRATION_KINDS) this.refreshFile(path.join(root, modulePathOf(kind)), kind);
  }

  private readAclDeclarations(file: string): AclDeclaration[] | undefined {
    // Read within the limit first (one look-up); only a file that was not read is asked for its size.
    const text = this.fs.readFile(file, MAX_ACL_FILE_BYTES);
    if (text !== undefined) return readAclFile(text).all;
    const size = this.fs.fileSize(file);
    if (size !== undefined && size > MAX_ACL_FILE_BYTES) this.hooks.log?.(`Skipped ${file}: ${size} bytes is too large for an acl.xml.`);
    return undefined;
  }

  /** Drops the cached facts of the component holding `file`. */
  private invalidate(file: string): void {
    const component = this.componentOf(file);
    if (component) {
      this.factsCache.delete(component.root);
      this.fileLists.forget(component.root);
    }
    if (fileKindOf(file) === 'module' || fileKindOf(file) === 'registration') this.factsCache.clear();
  }
}
