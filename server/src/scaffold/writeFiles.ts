// Writes generated files all-or-nothing: every target is checked before the first write, files are created
// with O_EXCL (never replacing one that appeared meanwhile), and a failure removes what this call created.
import { lstatSync, mkdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScaffoldError } from './inputs';

export function writeAllOrNothing(targetFolder: string, files: ReadonlyMap<string, string>): string[] {
  const base = path.resolve(targetFolder);
  const targets = [...files].map(([relative, contents]) => {
    const full = path.resolve(base, relative);
    const inside = path.relative(base, full);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) throw new ScaffoldError(`Refusing to write outside ${base}: ${relative}`);
    return { full, contents };
  });
  for (const { full } of targets) {
    if (pathExists(full)) throw new ScaffoldError(`${full} already exists; nothing was written.`);
  }

  const createdFolders: string[] = [];
  const written: string[] = [];
  try {
    for (const { full, contents } of targets) {
      createFolders(path.dirname(full), createdFolders);
      writeFileSync(full, contents, { flag: 'wx' });
      written.push(full);
    }
  } catch (error) {
    for (const file of written.reverse()) rmSync(file, { force: true });
    for (const folder of createdFolders.reverse()) {
      try {
        rmdirSync(folder);
      } catch {
        // Not empty: something else wrote there meanwhile; leave it.
      }
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScaffoldError(`Could not write the module (${reason}); nothing was left behind.`);
  }
  return written;
}

function pathExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** mkdir -p that records each folder it creates, top-down, so a rollback can remove exactly those. */
function createFolders(folder: string, created: string[]): void {
  const missing: string[] = [];
  for (let current = folder; !pathExists(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const each of missing) {
    mkdirSync(each);
    created.push(each);
  }
}
