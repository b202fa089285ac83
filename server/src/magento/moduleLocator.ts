// Finds the module a file belongs to and reads its other files, for the cross-file checks. Open
// editors' unsaved contents win over the disk, through `override`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ModuleFileReader } from './moduleFacts';
import { moduleNameFromAppCodePath } from './moduleNames';

const MAX_LEVELS = 8;
const MAX_FILE_BYTES = 1024 * 1024;

export interface LocatedModule {
  root: string;
  relativePath: string;
  folderName?: string;
  files: ModuleFileReader;
}

/** The nearest folder at or above the file's that holds registration.php or etc/module.xml. */
export function moduleRootOf(file: string): string | undefined {
  let folder = path.dirname(file);
  for (let level = 0; level < MAX_LEVELS; level++) {
    if (existsSync(path.join(folder, 'registration.php')) || existsSync(path.join(folder, 'etc', 'module.xml'))) return folder;
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
  return undefined;
}

export function locateModule(file: string, override: (file: string) => string | undefined = () => undefined): LocatedModule | undefined {
  const root = moduleRootOf(file);
  if (!root) return undefined;
  const read = (relative: string): string | undefined => {
    const full = path.join(root, relative);
    const open = override(full);
    if (open !== undefined) return open;
    try {
      if (statSync(full).size > MAX_FILE_BYTES) return undefined;
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  };
  return {
    root,
    relativePath: path.relative(root, file).split(path.sep).join('/'),
    folderName: moduleNameFromAppCodePath(root),
    files: { read, setupFiles: () => phpFilesUnder(root, 'Setup') },
  };
}

function phpFilesUnder(root: string, folder: string): string[] {
  const found: string[] = [];
  const pending = [folder];
  while (pending.length > 0 && found.length < 500) {
    const relative = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) pending.push(child);
      else if (entry.name.endsWith('.php')) found.push(child);
    }
  }
  return found.sort();
}
