// Finds Magento modules in a workspace folder without reading unrelated files: app/code/*/*,
// vendor/*/* and any folder holding a registration.php, searched to a bounded depth.
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';

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

export async function findModules(workspaceRoot: string): Promise<ModuleLocation[]> {
  const found = new Map<string, ModuleLocation>();
  const add = (root: string, vendor: boolean) => {
    if (!found.has(root)) found.set(root, { root, vendor });
  };

  if (await exists(path.join(workspaceRoot, 'registration.php'))) {
    add(workspaceRoot, false);
    return [...found.values()];
  }

  const appCode = path.join(workspaceRoot, 'app', 'code');
  for (const vendorDir of await subfolders(appCode)) {
    for (const moduleDir of await subfolders(vendorDir)) add(moduleDir, false);
  }

  const vendorRoot = path.join(workspaceRoot, 'vendor');
  const packages = (await Promise.all((await subfolders(vendorRoot)).map(subfolders))).flat();
  await forEachLimited(packages, 32, async (packageDir) => {
    if (await exists(path.join(packageDir, 'registration.php'))) add(packageDir, true);
    else for (const nested of await searchRegistrations(packageDir, NESTED_SEARCH_DEPTH)) add(nested, true);
  });

  // Any other folder of the workspace may hold modules too (a repository of several modules).
  for (const entry of await listFolder(workspaceRoot)) {
    if (!entry.isDirectory() || SKIPPED_FOLDERS.has(entry.name) || entry.name === 'vendor' || entry.name === 'app') continue;
    for (const nested of await searchRegistrations(path.join(workspaceRoot, entry.name), TOP_LEVEL_SEARCH_DEPTH)) add(nested, false);
  }
  return [...found.values()];
}

/** Folders below `dir` (to `depth` levels, `dir` itself included) that hold a registration.php; no descent below one. */
async function searchRegistrations(dir: string, depth: number): Promise<string[]> {
  const entries = await listFolder(dir);
  if (entries.some((e) => e.isFile() && e.name === 'registration.php')) return [dir];
  if (depth === 0) return [];
  const children = entries.filter((e) => e.isDirectory() && !SKIPPED_FOLDERS.has(e.name));
  const nested = await Promise.all(children.map((e) => searchRegistrations(path.join(dir, e.name), depth - 1)));
  return nested.flat();
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function listFolder(dir: string): Promise<Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Subfolders, following symbolic links (Composer path repositories link packages into vendor/). */
async function subfolders(dir: string): Promise<string[]> {
  const result: string[] = [];
  for (const entry of await listFolder(dir)) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isFolder(full)))) result.push(full);
  }
  return result;
}

async function isFolder(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
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
export async function findReferenceFiles(modules: readonly ModuleLocation[]): Promise<string[]> {
  const files: string[] = [];
  await forEachLimited(modules, 16, async (module) => {
    for (const parts of REFERENCE_XML_FILES) {
      const file = path.join(module.root, ...parts);
      if (await exists(file)) files.push(file);
    }
    const phpRoot = module.vendor ? path.join(module.root, 'Controller', 'Adminhtml') : module.root;
    files.push(...(await findPhpFiles(phpRoot, MAX_PHP_FILES_PER_MODULE)));
  });
  return files;
}

async function findPhpFiles(root: string, limit: number): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0 && found.length < limit) {
    const dir = pending.pop()!;
    for (const entry of await listFolder(dir)) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path.join(dir, entry.name));
      else if (entry.isFile() && entry.name.endsWith('.php')) found.push(path.join(dir, entry.name));
    }
  }
  return found;
}
