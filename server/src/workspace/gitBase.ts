// The workspace's files as a git revision holds them (`lint --base REF`): read with the git command, which is
// the one way to a repository's history that every user has. Nothing is written.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export class GitBaseError extends Error {}

/** Reads files of one repository at `ref`; undefined for a file the revision does not have. */
export class GitRevision {
  private readonly tops = new Map<string, string | undefined>();
  constructor(readonly ref: string) {
    if (!/^[A-Za-z0-9_./~^@{}-]+$/.test(ref) || ref.startsWith('-')) throw new GitBaseError(`--base takes a git revision (a branch, tag or commit), not "${ref}"`);
  }

  read(file: string): string | undefined {
    // The nearest folder that exists now (the file, or its folder, may exist only in the revision).
    let folder = path.dirname(file);
    while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
    const top = this.topOf(folder);
    if (!top) throw new GitBaseError(`${file} is not in a git repository, so --base ${this.ref} cannot be read`);
    const relative = path.relative(top, file).split(path.sep).join('/');
    const shown = spawnSync('git', ['-C', top, 'show', `${this.ref}:${relative}`], { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, timeout: 30_000 });
    if (shown.status === 0) return shown.stdout;
    if (/does not exist in|exists on disk, but not in/.test(shown.stderr)) return undefined;
    const known = spawnSync('git', ['-C', top, 'rev-parse', '--verify', '--quiet', `${this.ref}^{commit}`], { encoding: 'utf8', timeout: 30_000 });
    if (known.status !== 0) throw new GitBaseError(`git knows no revision "${this.ref}" in ${top}`);
    return undefined;
  }

  private topOf(folder: string): string | undefined {
    if (!this.tops.has(folder)) {
      const found = spawnSync('git', ['-C', folder, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', timeout: 30_000 });
      this.tops.set(folder, found.status === 0 ? found.stdout.trim() : undefined);
    }
    return this.tops.get(folder);
  }
}
