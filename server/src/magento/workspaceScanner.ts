// Finds Magento modules in a workspace folder without reading unrelated files: app/code/*/*,
// vendor/*/* and any folder holding a registration.php, searched to a bounded depth.
import { accessSync, Dirent, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TimeSlicer } from './timeSlicer';

export interface ModuleLocation {
  root: string;
  /** Under vendor/ (third-party or core code), as opposed to the project's own code. */
  vendor: boolean;
}

/** Folders that never hold a module root worth indexing, or are too large to walk. */
const SKIPPED_FOLDERS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.idea', '.vscode', 'generated', 'var', 'pub', 'dev', 'setup',
  'Test', 'Tests', 'test', 'tests', 'view', 'i18n', 'docs', 'lib', 'bin',
]);
/** How deep below a vendor package, or below a plain folder, to look for registration.php. */
const NESTED_SEARCH_DEPTH = 2;
const TOP_LEVEL_SEARCH_DEPTH = 3;

export async function findModules(workspaceRoot: string, slicer = new TimeSlicer()): Promise<ModuleLocation[]> {
  const found = new Map<string, ModuleLocation>();
  const add = (root: string, vendor: boolean) => {
    if (!found.has(root)) found.set(root, { root, vendor });
  };

  if (exists(path.join(workspaceRoot, 'registration.php'))) {
    add(workspaceRoot, false);
    return [...found.values()];
  }

  for (const vendorDir of subfolders(path.join(workspaceRoot, 'app', 'code'))) {
    for (const moduleDir of subfolders(vendorDir)) add(moduleDir, false);
  }

  for (const vendorDir of subfolders(path.join(workspaceRoot, 'vendor'))) {
    for (const packageDir of subfolders(vendorDir)) {
      await slicer.yieldIfDue();
      if (exists(path.join(packageDir, 'registration.php'))) add(packageDir, true);
      else for (const nested of await searchRegistrations(packageDir, NESTED_SEARCH_DEPTH, slicer)) add(nested, true);
    }
  }

  // Any other folder of the workspace may hold modules too (a repository of several modules).
  for (const entry of listFolder(workspaceRoot)) {
    if (!entry.isDirectory() || SKIPPED_FOLDERS.has(entry.name) || entry.name === 'vendor' || entry.name === 'app') continue;
    for (const nested of await searchRegistrations(path.join(workspaceRoot, entry.name), TOP_LEVEL_SEARCH_DEPTH, slicer)) add(nested, false);
  }
  return [...found.values()];
}

/** Folders below `dir` (to `depth` levels, `dir` itself included) that hold a registration.php; no descent below one. */
async function searchRegistrations(dir: string, depth: number, slicer: TimeSlicer): Promise<string[]> {
  await slicer.yieldIfDue();
  const entries = listFolder(dir);
  if (entries.some((e) => e.isFile() && e.name === 'registration.php')) return [dir];
  if (depth === 0) return [];
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) found.push(...(await searchRegistrations(path.join(dir, entry.name), depth - 1, slicer)));
  }
  return found;
}

export function exists(file: string): boolean {
  try {
    accessSync(file);
    return true;
  } catch {
    return false;
  }
}

function listFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Subfolders, following symbolic links (Composer path repositories link packages into vendor/). */
function subfolders(dir: string): string[] {
  const result: string[] = [];
  for (const entry of listFolder(dir)) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && isFolder(full))) result.push(full);
  }
  return result;
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

const REFERENCE_XML_FILES = [
  ['etc', 'integration.xml'],
  ['etc', 'integration', 'api.xml'],
  ['etc', 'webapi.xml'],
  ['etc', 'adminhtml', 'system.xml'],
  ['etc', 'adminhtml', 'menu.xml'],
];
const MAX_PHP_FILES_PER_MODULE = 5000;

/**
 * Files that may refer to ACL ids, for find-references. The project's own modules are searched
 * whole; vendor modules only where ADMIN_RESOURCE lives (Controller/Adminhtml), to stay fast.
 */
export async function findReferenceFiles(modules: readonly ModuleLocation[], slicer = new TimeSlicer()): Promise<string[]> {
  const files: string[] = [];
  for (const module of modules) {
    await slicer.yieldIfDue();
    for (const parts of REFERENCE_XML_FILES) {
      const file = path.join(module.root, ...parts);
      if (exists(file)) files.push(file);
    }
    const phpRoot = module.vendor ? path.join(module.root, 'Controller', 'Adminhtml') : module.root;
    files.push(...(await findPhpFiles(phpRoot, MAX_PHP_FILES_PER_MODULE, slicer)));
  }
  return files;
}

async function findPhpFiles(root: string, limit: number, slicer: TimeSlicer): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0 && found.length < limit) {
    await slicer.yieldIfDue();
    const dir = pending.pop()!;
    for (const entry of listFolder(dir)) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path.join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.php')) found.push(path.join(dir, entry.name));
    }
  }
  return found;
}
