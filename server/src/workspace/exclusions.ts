// Folders the user keeps out of indexing and checking: `magentoIntegrationKit.exclude` and `files.exclude`
// globs, relative to each workspace folder (as VS Code reads `files.exclude`). A pattern naming a folder
// excludes everything below it.
import * as path from 'node:path';
import { compileGlob, GlobMatcher } from './glob';
import { relativeInside } from './insideFolder';

export class Exclusions {
  private readonly matchers: GlobMatcher[] = [];
  /** Patterns left out, each with why (a brace set that multiplies out too far, an endless pattern). */
  readonly refused: string[] = [];

  constructor(readonly patterns: readonly string[], private readonly folders: readonly string[]) {
    for (const p of patterns) {
      const pattern = p.replace(/\\/g, '/').replace(/\/+$/, '');
      if (!pattern) continue;
      // A pattern naming a folder excludes everything below it: `pattern/**` (a `**` matches no segment too).
      const compiled = compileGlob(`${pattern}/**`);
      if ('refused' in compiled) this.refused.push(`${JSON.stringify(p)}: ${compiled.refused}`);
      else this.matchers.push(compiled);
    }
  }

  static readonly none = new Exclusions([], []);

  /** Whether `file` (a file or folder) lies in an excluded part of a workspace folder. */
  excludes(file: string): boolean {
    for (const folder of this.folders) {
      const relative = relativeInside(folder, file);
      if (!relative) continue;
      const slashed = relative.split(path.sep).join('/');
      if (this.matchers.some((match) => match(slashed))) return true;
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
