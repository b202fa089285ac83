// `connect --save FILE`: the file is created (empty, mode 0600, never over an existing one) before the
// session listens, so a folder that does not exist or cannot be written is said at once, not after the store
// has issued tokens that the redacted output cannot give back. If the write still fails, the credentials are
// kept in a private file of the user's and the result says where.
import { closeSync, mkdirSync, mkdtempSync, openSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { UsageError } from './args';

export interface SavedCredentials {
  /** Where the credentials are. */
  file: string;
  /** Set when they could not go where asked: why, and where they went instead. */
  fallback?: string;
}

/** The folder kept for credentials that could not be written where asked. */
export function defaultFallbackFolder(): string {
  return path.join(homedir(), '.magento-integration-kit');
}

export class CredentialsFile {
  private fd?: number;

  /** Creates the file or throws a UsageError saying why it cannot be. */
  constructor(readonly file: string, private readonly fallbackFolder = defaultFallbackFolder()) {
    try {
      this.fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      throw new UsageError(`connect: --save ${file}: ${cannotCreate(error as NodeJS.ErrnoException, file)}`);
    }
  }

  /** The descriptor the credentials go through (tests close it to make the write fail). */
  get descriptor(): number | undefined {
    return this.fd;
  }

  /** Writes the credentials; on failure keeps them in a private file elsewhere and says where. */
  save(credentials: object): SavedCredentials {
    const text = `${JSON.stringify(credentials, null, 2)}\n`;
    try {
      writeFileSync(this.fd!, text);
      this.close();
      return { file: this.file };
    } catch (error) {
      this.close();
      const reason = (error as Error).message;
      const kept = keepPrivately(text, this.fallbackFolder);
      return { file: kept, fallback: `Writing ${this.file} failed (${reason}); the credentials were kept in ${kept} (mode 0600) instead.` };
    }
  }

  /** No credentials came: the empty file made at the start goes. */
  discard(): void {
    this.close();
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to clean.
    }
  }

  private close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // A descriptor already closed has nothing left to flush.
    }
    this.fd = undefined;
  }
}

function cannotCreate(error: NodeJS.ErrnoException, file: string): string {
  switch (error.code) {
    case 'EEXIST': return 'the file already exists; --save never overwrites a file';
    case 'ENOENT': return `the folder ${path.dirname(file)} does not exist`;
    case 'ENOTDIR': return `${path.dirname(file)} is not a folder`;
    case 'EACCES': case 'EPERM': case 'EROFS': return `the folder ${path.dirname(file)} cannot be written (${error.code})`;
    case 'EISDIR': return 'it is a folder; name a file';
    default: return error.message;
  }
}

/** A new file of the user's (folder 0700, file 0600), in the kit's folder, or a fresh temporary folder. */
function keepPrivately(text: string, folder: string): string {
  const name = `credentials-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  for (const dir of [() => (mkdirSync(folder, { recursive: true, mode: 0o700 }), folder), () => mkdtempSync(path.join(tmpdir(), 'magento-integration-kit-'))]) {
    try {
      const target = path.join(dir(), name);
      writeFileSync(target, text, { mode: 0o600, flag: 'wx' });
      return target;
    } catch {
      // Try the next place.
    }
  }
  throw new Error('The credentials could not be written anywhere (the kit\'s folder and the temporary folder both failed).');
}
