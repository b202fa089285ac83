// Folders the user keeps out of indexing and checking: `magentoIntegrationKit.exclude` and `files.exclude`
// globs, relative to each workspace folder (as VS Code reads `files.exclude`). A pattern naming a folder
// excludes everything below it.
import * as path from 'node:path';
import picomatch from 'picomatch';

export class Exclusions {
  private readonly match: (relative: string) => boolean;

  constructor(readonly patterns: readonly string[], private readonly folders: readonly string[]) {
    const globs = patterns.flatMap((p) => {
      const pattern = p.replace(/\\/g, '/').replace(/\/+$/, '');
      return pattern ? [pattern, `${pattern}/**`] : [];
    });
    this.match = globs.length > 0 ? picomatch(globs, { dot: true }) : () => false;
  }

  static readonly none = new Exclusions([], []);

  /** Whether `file` (a file or folder) lies in an excluded part of a workspace folder. */
  excludes(file: string): boolean {
    for (const folder of this.folders) {
      const relative = path.relative(folder, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative) && this.match(relative.split(path.sep).join('/'))) return true;
    }
    return false;
  }

  /** The patterns of both settings: ours (a list) and `files.exclude` (an object of pattern → true). */
  static patternsOf(own: unknown, filesExclude: unknown): string[] {
    const list = Array.isArray(own) ? own.filter((p): p is string => typeof p === 'string') : [];
    const files = filesExclude && typeof filesExclude === 'object' ? Object.entries(filesExclude).filter(([, on]) => on === true).map(([p]) => p) : [];
    return [...new Set([...list, ...files])];
  }
}
