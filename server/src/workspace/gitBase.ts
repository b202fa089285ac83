// The workspace's files as a git revision holds them (`lint --base REF`): read with the git command, which is
// the one way to a repository's history that every user has. Nothing is written.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export class GitBaseError extends Error {}

/**
 * Read-only git, whatever the repository's own configuration says: no fsmonitor hook (a command a cloned
 * repository's config could name), no pager, no prompt.
 */
const GIT_SAFE = ['-c', 'core.fsmonitor=false', '--no-pager'];
const GIT_ENV = { ...process.env, GIT_TERMINAL_PROMPT: '0' };

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
    const shown = spawnSync('git', [...GIT_SAFE, '-C', top, 'show', `${this.ref}:${relative}`], { env: GIT_ENV, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, timeout: 30_000 });
    if (shown.status === 0) return shown.stdout;
    if (/does not exist in|exists on disk, but not in/.test(shown.stderr)) return undefined;
    const known = spawnSync('git', [...GIT_SAFE, '-C', top, 'rev-parse', '--verify', '--quiet', `${this.ref}^{commit}`], { env: GIT_ENV, encoding: 'utf8', timeout: 30_000 });
    if (known.status !== 0) throw new GitBaseError(`git knows no revision "${this.ref}" in ${top}`);
    return undefined;
  }

  private topOf(folder: string): string | undefined {
    if (!this.tops.has(folder)) {
      const found = spawnSync('git', [...GIT_SAFE, '-C', folder, 'rev-parse', '--show-toplevel'], { env: GIT_ENV, encoding: 'utf8', timeout: 30_000 });
      this.tops.set(folder, found.status === 0 ? found.stdout.trim() : undefined);
    }
    return this.tops.get(folder);
  }
}

/**
 * The files as the last commit holds them, for the editor: read with `git show HEAD:…` off the keystroke path
 * (child processes, never waited for synchronously), each text kept per commit, the commit looked up again
 * at most every `headTtlMs`. Nothing is written; a folder outside any repository reads as no commit.
 */
export class CommittedFiles {
  private readonly tops = new Map<string, Promise<string | undefined>>();
  private readonly heads = new Map<string, { at: number; head: Promise<string | undefined> }>();
  private readonly texts = new Map<string, Promise<string | undefined>>();

  constructor(private readonly headTtlMs = 2_000, private readonly now = () => Date.now()) {}

  /** The file at HEAD (undefined when the commit lacks it), or undefined altogether outside a repository or before the first commit. */
  async read(file: string): Promise<{ head: string; text: string | undefined } | undefined> {
    let folder = path.dirname(file);
    while (!existsSync(folder) && path.dirname(folder) !== folder) folder = path.dirname(folder);
    const top = await this.topOf(folder);
    if (!top) return undefined;
    const head = await this.headOf(top);
    if (!head) return undefined;
    const relative = path.relative(top, file).split(path.sep).join('/');
    const key = `${head}:${relative}`;
    if (!this.texts.has(key)) {
      if (this.texts.size > 500) this.texts.clear();
      this.texts.set(key, git(top, ['show', key]).then((shown) => shown ?? undefined));
    }
    return { head, text: await this.texts.get(key)! };
  }

  private topOf(folder: string): Promise<string | undefined> {
    if (!this.tops.has(folder)) this.tops.set(folder, git(folder, ['rev-parse', '--show-toplevel']).then((out) => out?.trim() || undefined));
    return this.tops.get(folder)!;
  }

  private headOf(top: string): Promise<string | undefined> {
    const known = this.heads.get(top);
    if (known && this.now() - known.at < this.headTtlMs) return known.head;
    const head = git(top, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).then((out) => out?.trim() || undefined);
    this.heads.set(top, { at: this.now(), head });
    return head;
  }
}

/** One git command's output, or undefined when it fails (no repository, no such file at the commit). */
function git(folder: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', [...GIT_SAFE, '-C', folder, ...args], { env: GIT_ENV, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024, timeout: 30_000 }, (error, stdout) => resolve(error ? undefined : stdout));
  });
}
