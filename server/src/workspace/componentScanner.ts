// Finds Magento components (modules, libraries, themes, language packs) in a workspace folder without
// reading unrelated files: app/code/*/*, app/design/*/*/*, app/i18n/*/*, vendor/*/* and any folder
// holding a registration.php, searched to a bounded depth.
import * as path from 'node:path';
import type { ComponentType } from '../magento/components';
import { WorkspaceFileSystem } from './fileSystem';
import { TimeSlicer } from './timeSlicer';
import { composerRegistrations, registrationGlobs } from '../magento/componentRegistration';
import { isInsideFolder } from './insideFolder';

export interface ComponentLocation {
  root: string;
  /** Under vendor/ (third-party or core code), as opposed to the project's own code. */
  vendor: boolean;
}

/** A component as the workspace model knows it. */
export interface ComponentInfo extends ComponentLocation {
  /** From registration.php (`module` when only etc/module.xml says so); undefined when neither says. */
  type?: ComponentType;
  /** A module's name: module.xml's, else registration.php's, else its app/code folder's. */
  name?: string;
  sequence: string[];
  /** False when app/etc/config.php switches the module off. */
  enabled: boolean;
}

/** Folders that never hold a component root worth indexing, or are too large to walk. */
export const SKIPPED_FOLDERS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.idea', '.vscode', 'generated', 'var', 'pub', 'dev', 'setup',
  'Test', 'Tests', 'test', 'tests', 'view', 'i18n', 'docs', 'lib', 'bin',
]);
/** How deep below a vendor package, or below a plain folder, to look for registration.php. */
const NESTED_SEARCH_DEPTH = 2;
const TOP_LEVEL_SEARCH_DEPTH = 3;

export async function findComponents(fs: WorkspaceFileSystem, workspaceRoot: string, slicer = new TimeSlicer()): Promise<ComponentLocation[]> {
  const found = new Map<string, ComponentLocation>();
  const add = (root: string, vendor: boolean) => {
    if (!found.has(root)) found.set(root, { root, vendor });
  };
  const subfolders = (dir: string) => fs.readDirectory(dir).filter((e) => e.isDirectory && !e.name.startsWith('.')).map((e) => path.join(dir, e.name));

  if (fs.isFile(path.join(workspaceRoot, 'registration.php'))) {
    add(workspaceRoot, false);
    return [...found.values()];
  }
  // A Magento root with Composer's install record: the components Magento itself registers, and no walk.
  const registered = await registeredComponents(fs, workspaceRoot, slicer);
  if (registered) return registered;
  // The project's own code: modules, themes (area/Vendor/theme) and language packs (Vendor/lang).
  for (const vendorDir of subfolders(path.join(workspaceRoot, 'app', 'code'))) for (const moduleDir of subfolders(vendorDir)) add(moduleDir, false);
  for (const area of subfolders(path.join(workspaceRoot, 'app', 'design'))) {
    for (const vendorDir of subfolders(area)) for (const theme of subfolders(vendorDir)) if (fs.isFile(path.join(theme, 'registration.php'))) add(theme, false);
  }
  for (const vendorDir of subfolders(path.join(workspaceRoot, 'app', 'i18n'))) {
    for (const pack of subfolders(vendorDir)) if (fs.isFile(path.join(pack, 'registration.php'))) add(pack, false);
  }
  for (const vendorDir of subfolders(path.join(workspaceRoot, 'vendor'))) {
    for (const packageDir of subfolders(vendorDir)) {
      await slicer.yieldIfDue();
      if (fs.isFile(path.join(packageDir, 'registration.php'))) add(packageDir, true);
      else for (const nested of await searchRegistrations(fs, packageDir, NESTED_SEARCH_DEPTH, slicer)) add(nested, true);
    }
  }
  // Any other folder of the workspace may hold components too (a repository of several modules).
  for (const entry of fs.readDirectory(workspaceRoot)) {
    if (!entry.isDirectory || SKIPPED_FOLDERS.has(entry.name) || entry.name === 'vendor' || entry.name === 'app') continue;
    for (const nested of await searchRegistrations(fs, path.join(workspaceRoot, entry.name), TOP_LEVEL_SEARCH_DEPTH, slicer)) add(nested, false);
  }
  return [...found.values()];
}

/** installed.json can list thousands of packages; a larger file is not Composer's. */
const MAX_INSTALLED_JSON_BYTES = 64 * 1024 * 1024;

/**
 * The components of a Magento root as Magento finds them (magento/componentRegistration.ts): the globs of
 * app/etc/registration_globlist.php, matched folder by folder, and the registration.php files of
 * vendor/composer/installed.json. Undefined, for the walk, where the root has no app/etc/di.xml or env.php, or
 * no readable installed.json. Components outside the root are left out.
 */
async function registeredComponents(fs: WorkspaceFileSystem, root: string, slicer: TimeSlicer): Promise<ComponentLocation[] | undefined> {
  if (!fs.isFile(path.join(root, 'app', 'etc', 'di.xml')) && !fs.isFile(path.join(root, 'app', 'etc', 'env.php'))) return undefined;
  const installed = fs.readFile(path.join(root, 'vendor', 'composer', 'installed.json'), MAX_INSTALLED_JSON_BYTES);
  const composer = installed === undefined ? undefined : composerRegistrations(installed);
  if (!composer) return undefined;
  const found = new Map<string, ComponentLocation>();
  for (const glob of registrationGlobs(fs.readFile(path.join(root, 'app', 'etc', 'registration_globlist.php')))) {
    await slicer.yieldIfDue();
    const segments = glob.split('/');
    let folders = [root];
    // Every segment but the file name: "*" is each subfolder (not hidden, as PHP's glob), others literal.
    for (const segment of segments.slice(0, -1)) {
      folders = folders.flatMap((folder) => segment === '*'
        ? fs.readDirectory(folder).filter((e) => e.isDirectory && !e.name.startsWith('.')).map((e) => path.join(folder, e.name))
        : fs.isDirectory(path.join(folder, segment)) ? [path.join(folder, segment)] : []);
    }
    for (const folder of folders) if (fs.isFile(path.join(folder, 'registration.php')) && !found.has(folder)) found.set(folder, { root: folder, vendor: false });
  }
  // A module being written in app/code (etc/module.xml, no registration.php yet) is checked all the same: the
  // lint is where its author learns what is missing. A folder with neither (tests, overrides) is nothing.
  for (const vendorDir of fs.readDirectory(path.join(root, 'app', 'code')).filter((e) => e.isDirectory && !e.name.startsWith('.'))) {
    for (const moduleDir of fs.readDirectory(path.join(root, 'app', 'code', vendorDir.name)).filter((e) => e.isDirectory && !e.name.startsWith('.'))) {
      const folder = path.join(root, 'app', 'code', vendorDir.name, moduleDir.name);
      if (!found.has(folder) && fs.isFile(path.join(folder, 'etc', 'module.xml'))) found.set(folder, { root: folder, vendor: false });
    }
  }
  const vendor = path.join(root, 'vendor');
  for (const registration of composer) {
    const file = path.resolve(registration.relativeTo === 'vendor' ? vendor : path.join(vendor, 'composer'), registration.file);
    const folder = path.dirname(file);
    if (!isInsideFolder(root, folder) || found.has(folder) || !fs.isFile(file)) continue;
    found.set(folder, { root: folder, vendor: true });
  }
  return [...found.values()];
}

/** Folders below `dir` (to `depth` levels, `dir` itself included) that hold a registration.php; no descent below one. */
async function searchRegistrations(fs: WorkspaceFileSystem, dir: string, depth: number, slicer: TimeSlicer): Promise<string[]> {
  await slicer.yieldIfDue();
  const entries = fs.readDirectory(dir);
  if (entries.some((e) => e.isFile && e.name === 'registration.php')) return [dir];
  if (depth === 0) return [];
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory && !SKIPPED_FOLDERS.has(entry.name)) found.push(...(await searchRegistrations(fs, path.join(dir, entry.name), depth - 1, slicer)));
  }
  return found;
}

/** How deep a module's folders are walked; Magento's deepest code folders are a few levels down. */
const MAX_WALK_DEPTH = 16;

/**
 * Which folders a walk below `root` enters: each real folder once (a link back to a parent, `a -> .`, would
 * otherwise be walked without end), never one whose real path lies outside the root's, never deeper than
 * MAX_WALK_DEPTH. Only a link can do either, so a real path is asked of the disk only through one: a plain
 * subfolder's is its parent's and its name. Without real paths (a file system with no links) only the depth
 * bounds it.
 */
class FolderWalkGuard {
  private readonly visited = new Set<string>();
  private readonly rootReal?: string;

  constructor(private readonly fs: WorkspaceFileSystem, root: string) {
    this.rootReal = fs.realPath?.(root);
  }

  /**
   * Whether to enter `folder`, `depth` below the root; `parentReal` is its parent's real path and `viaLink`
   * whether it is reached through a link (then its real path is looked up). Returns its real path, or
   * undefined when it is not entered (false without real paths: entered, no path).
   */
  enters(folder: string, depth: number, parentReal?: string, viaLink = true): string | false | undefined {
    if (depth > MAX_WALK_DEPTH) return undefined;
    if (!this.fs.realPath || this.rootReal === undefined) return false;
    const real = !viaLink && parentReal !== undefined ? path.join(parentReal, path.basename(folder)) : this.fs.realPath(folder);
    if (real === undefined || this.visited.has(real)) return undefined;
    if (real !== this.rootReal && !real.startsWith(this.rootReal.endsWith(path.sep) ? this.rootReal : this.rootReal + path.sep)) return undefined;
    this.visited.add(real);
    return real;
  }
}

/** PHP files below `root` (relative paths), one folder per step, skipping test and generated folders. */
function* phpFileWalk(fs: WorkspaceFileSystem, root: string, limit: number): Generator<string[]> {
  let count = 0;
  const guard = new FolderWalkGuard(fs, root);
  const pending: Array<{ relative: string; depth: number; parentReal?: string; viaLink: boolean }> = [{ relative: '', depth: 0, viaLink: true }];
  while (pending.length > 0 && count < limit) {
    const { relative, depth, parentReal, viaLink } = pending.pop()!;
    const folder = path.join(root, relative);
    const real = guard.enters(folder, depth, parentReal, viaLink);
    if (real === undefined) continue;
    const found: string[] = [];
    for (const entry of fs.readDirectory(folder)) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory && !SKIPPED_FOLDERS.has(entry.name)) pending.push({ relative: child, depth: depth + 1, parentReal: real || undefined, viaLink: entry.isLink !== false });
      else if (entry.isFile && entry.name.endsWith('.php')) found.push(child);
    }
    count += found.length;
    yield found;
  }
}

/** PHP files below `root` (absolute paths), at most about `limit`, yielding to requests between folders. */
export async function findPhpFiles(fs: WorkspaceFileSystem, root: string, limit: number, slicer = new TimeSlicer()): Promise<string[]> {
  const found: string[] = [];
  for (const files of phpFileWalk(fs, root, limit)) {
    await slicer.yieldIfDue();
    for (const file of files) found.push(path.join(root, file));
  }
  return found.sort();
}

/** The same walk without yielding, for one module's own PHP files (relative paths). */
export function phpFilesOf(fs: WorkspaceFileSystem, root: string, limit: number): string[] {
  return [...phpFileWalk(fs, root, limit)].flat().sort();
}

/** Folders below `dir` (to `depth` levels, itself included) with an etc/module.xml: modules the user names, registered or not. */
export function findModuleXmlRoots(fs: WorkspaceFileSystem, dir: string, depth = TOP_LEVEL_SEARCH_DEPTH): string[] {
  if (fs.isFile(path.join(dir, 'etc', 'module.xml'))) return [dir];
  if (depth === 0) return [];
  return fs.readDirectory(dir).filter((e) => e.isDirectory && e.name !== 'node_modules' && !e.name.startsWith('.')).flatMap((e) => findModuleXmlRoots(fs, path.join(dir, e.name), depth - 1));
}

/** XML files under some folders of a module (relative paths), depth-first, at most `limit`. */
export function xmlFilesUnder(fs: WorkspaceFileSystem, root: string, folders: readonly string[], limit: number): string[] {
  const found: string[] = [];
  const guard = new FolderWalkGuard(fs, root);
  const stack: Array<{ relative: string; depth: number; parentReal?: string; viaLink: boolean }> = folders.map((folder) => ({ relative: folder, depth: 0, viaLink: true }));
  while (stack.length > 0 && found.length < limit) {
    const { relative, depth, parentReal, viaLink } = stack.pop()!;
    const real = guard.enters(path.join(root, relative), depth, parentReal, viaLink);
    if (real === undefined) continue;
    for (const entry of fs.readDirectory(path.join(root, relative))) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory && depth < 8 && !entry.name.startsWith('.')) stack.push({ relative: child, depth: depth + 1, parentReal: real || undefined, viaLink: entry.isLink !== false });
      else if (!entry.isDirectory && entry.name.endsWith('.xml') && found.length < limit) found.push(child);
    }
  }
  return found;
}
