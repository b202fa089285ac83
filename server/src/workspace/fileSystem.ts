// The workspace model's only door to the disk, so that its logic runs on an in-memory tree in tests.
import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { decodeXmlBytes, EncodingProblem } from '../magento/xmlEncoding';

export interface FolderEntry {
  name: string;
  isFile: boolean;
  /** A folder, or a symbolic link to one (Composer path repositories link packages into vendor/). */
  isDirectory: boolean;
  /** A symbolic link (only a link can lead a walk back up or out of its folder). */
  isLink?: boolean;
}

export interface WorkspaceFileSystem {
  /**
   * The file's text, decoded as Magento's parser decodes XML (BOM, then the declared encoding, else UTF-8;
   * an invalid byte becomes U+FFFD); undefined when it is missing, not a file, or larger than `maxBytes`.
   */
  readFile(file: string, maxBytes?: number): string | undefined;
  /** The first invalid byte of a file read as UTF-8, as Magento's parser reports it (read again: asked rarely). */
  encodingProblem?(file: string): EncodingProblem | undefined;
  /** The file's size in bytes, undefined when it is not a file. */
  fileSize(file: string): number | undefined;
  isFile(file: string): boolean;
  isDirectory(folder: string): boolean;
  /** A folder's entries; empty when it cannot be read. */
  readDirectory(folder: string): FolderEntry[];
  /** The folder's real path, links resolved (undefined when it cannot be resolved); absent where there are no links. */
  realPath?(folder: string): string | undefined;
}

/**
 * A regular file's bytes, or undefined when it is missing, not a regular file or larger than `maxBytes`: one
 * path look-up (open, then fstat on the descriptor; a stat first cost a second), opened non-blocking so that
 * a named pipe never waits for a writer.
 */
function readBounded(file: string, maxBytes: number): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const got = readSync(fd, bytes, read, stat.size - read, read);
      if (got === 0) break;
      read += got;
    }
    return bytes.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export const nodeFileSystem: WorkspaceFileSystem = {
  readFile(file, maxBytes = Infinity) {
    const bytes = readBounded(file, maxBytes);
    return bytes && decodeXmlBytes(bytes).text;
  },
  encodingProblem(file) {
    try {
      return decodeXmlBytes(readFileSync(file)).problem;
    } catch {
      return undefined;
    }
  },
  fileSize(file) {
    try {
      const stat = statSync(file);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  },
  isFile: (file) => nodeFileSystem.fileSize(file) !== undefined,
  isDirectory(folder) {
    try {
      return statSync(folder).isDirectory();
    } catch {
      return false;
    }
  },
  realPath(folder) {
    try {
      return realpathSync.native(folder);
    } catch {
      return undefined;
    }
  },
  readDirectory(folder) {
    try {
      return readdirSync(folder, { withFileTypes: true }).map((entry) => ({
        name: entry.name,
        isFile: entry.isFile(),
        isDirectory: entry.isDirectory() || (entry.isSymbolicLink() && nodeFileSystem.isDirectory(path.join(folder, entry.name))),
        isLink: entry.isSymbolicLink(),
      }));
    } catch {
      return [];
    }
  },
};

/**
 * The disk as one run of the CLI sees it: nothing changes while it runs, so each file is read and each
 * path looked up once (the index, the checks and the module facts all ask for module.xml, acl.xml and
 * registration.php). Folder listings are not kept: they are walked once anyway, and are large. A text its
 * last reader is done with is released (a later read goes to the disk again).
 */
export function readOnceFileSystem(disk: WorkspaceFileSystem): WorkspaceFileSystem & { release(file: string): void } {
  const texts = new Map<string, string | undefined>();
  const sizes = new Map<string, number | undefined>();
  const realPaths = new Map<string, string | undefined>();
  /** The disk's answer for `key`, asked once (undefined answers included). */
  const once = <T>(answers: Map<string, T>, key: string, ask: () => T): T => {
    if (!answers.has(key)) answers.set(key, ask());
    return answers.get(key) as T;
  };
  const fileSize = (file: string) => once(sizes, file, () => disk.fileSize(file));
  return {
    readFile(file, maxBytes = Infinity) {
      const size = fileSize(file);
      if (size === undefined || size > maxBytes) return undefined;
      return once(texts, file, () => disk.readFile(file));
    },
    fileSize,
    encodingProblem: disk.encodingProblem && ((file) => disk.encodingProblem!(file)),
    isFile: (file) => fileSize(file) !== undefined,
    isDirectory: (folder) => disk.isDirectory(folder),
    readDirectory: (folder) => disk.readDirectory(folder),
    // Every walk (one per module's PHP files) starts by asking for its root's real path.
    realPath: disk.realPath && ((folder) => once(realPaths, folder, () => disk.realPath!(folder))),
    release: (file) => void texts.delete(file),
  };
}

/** A file tree held in memory (absolute POSIX paths → contents), for tests of the workspace logic. */
export function memoryFileSystem(files: Record<string, string>): WorkspaceFileSystem & { files: Map<string, string> } {
  const contents = new Map(Object.entries(files));
  const isDirectory = (folder: string) => {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    for (const file of contents.keys()) if (file.startsWith(prefix)) return true;
    return false;
  };
  return {
    files: contents,
    readFile: (file, maxBytes = Infinity) => {
      const text = contents.get(file);
      return text !== undefined && Buffer.byteLength(text) <= maxBytes ? text : undefined;
    },
    fileSize: (file) => (contents.has(file) ? Buffer.byteLength(contents.get(file)!) : undefined),
    isFile: (file) => contents.has(file),
    isDirectory,
    readDirectory(folder) {
      const prefix = folder.endsWith('/') ? folder : `${folder}/`;
      const entries = new Map<string, FolderEntry>();
      for (const file of contents.keys()) {
        if (!file.startsWith(prefix)) continue;
        const rest = file.slice(prefix.length);
        const slash = rest.indexOf('/');
        const name = slash < 0 ? rest : rest.slice(0, slash);
        if (!entries.has(name)) entries.set(name, { name, isFile: slash < 0, isDirectory: slash >= 0 });
      }
      return [...entries.values()];
    },
  };
}
