// Whether a path lies in a folder, by its relative path: `..` and `../…` leave it, but a name that only
// starts with two dots (a folder named `..foo`) is inside. A bare `startsWith('..')` got that wrong.
import * as path from 'node:path';

/** The path of `file` relative to `folder` ('' for the folder itself), or undefined when it is outside. */
export function relativeInside(folder: string, file: string): string | undefined {
  const relative = path.relative(folder, file);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative;
}

export function isInsideFolder(folder: string, file: string): boolean {
  return relativeInside(folder, file) !== undefined;
}
