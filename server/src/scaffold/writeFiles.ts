// Writes generated files all-or-nothing: every target is checked before the first write, files are created
// with O_EXCL (never replacing one that appeared meanwhile), and a failure removes what this call created.
import { lstatSync, mkdirSync, readlinkSync, realpathSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ScaffoldError } from './inputs';
import { isInsideFolder, relativeInside } from '../workspace/insideFolder';

/**
 * Writes `files` (relative paths) under `targetFolder`, which must lie inside `boundary` (the project root
 * or workspace folder) once symbolic links are followed: a linked app/code, vendor or module folder must
 * not lead the writes elsewhere.
 */
export function writeAllOrNothing(targetFolder: string, files: ReadonlyMap<string, string>, boundary: string = targetFolder): string[] {
  const base = path.resolve(targetFolder);
  const targets = [...files].map(([relative, contents]) => {
    const full = path.resolve(base, relative);
    const inside = relativeInside(base, full);
    if (!inside) throw new ScaffoldError(`Refusing to write outside ${base}: ${relative}`);
    return { full, contents };
  });
  const fence = path.resolve(boundary);
  if (!isWithin(fence, base)) throw new ScaffoldError(`Refusing to write to ${base}: it is outside ${fence}.`);
  for (const { full } of targets) checkRealPath(fence, full);
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
    throw new ScaffoldError(`Could not write the files (${reason}); nothing was left behind.`);
  }
  return written;
}

function isWithin(folder: string, file: string): boolean {
  return isInsideFolder(folder, file);
}

/** Follows the links on the way from `fence` to `file` (its existing part) and refuses one that leaves it. */
function checkRealPath(fence: string, file: string): void {
  let realFence: string;
  try {
    realFence = realpathSync(fence);
  } catch {
    throw new ScaffoldError(`${fence} does not exist; nothing was written.`);
  }
  let existing = file;
  while (!pathExists(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  let real: string;
  try {
    real = realpathSync(existing);
  } catch {
    throw new ScaffoldError(`${existing} cannot be resolved (a broken symbolic link?); nothing was written.`);
  }
  if (isWithin(realFence, real)) return;
  // Name the link that leads out, for the message.
  let link = existing;
  for (let current = existing; isWithin(fence, current) && current !== fence; current = path.dirname(current)) {
    if (lstatSync(current).isSymbolicLink()) link = current;
  }
  const target = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : real;
  throw new ScaffoldError(`Refusing to write ${file}: ${link} is a symbolic link to ${target}, outside ${fence}. Nothing was written.`);
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
