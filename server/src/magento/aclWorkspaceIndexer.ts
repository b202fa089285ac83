// Fills an AclIndex from the etc/acl.xml files of workspace folders, in batches, so that the
// index answers with what is known so far while the rest is still being read.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { AclDeclaration, readAclFile } from './aclFile';
import { AclIndex } from './aclIndex';
import { findModules, forEachLimited, ModuleLocation } from './workspaceScanner';

/** An acl.xml larger than this is not a real one; skip it rather than stall the index. */
export const MAX_ACL_FILE_BYTES = 2 * 1024 * 1024;
const BATCH_SIZE = 200;

export interface IndexingProgress {
  phase: 'scanning' | 'reading';
  done: number;
  total: number;
}

export interface IndexingResult {
  modules: ModuleLocation[];
  aclFiles: number;
  resources: number;
  milliseconds: number;
}

export interface IndexerHooks {
  onProgress?(progress: IndexingProgress): void;
  /** Called after each batch lands in the index. */
  onBatch?(): void;
  log?(message: string): void;
}

export function aclUriOf(file: string): string {
  return URI.file(file).toString();
}

export class AclWorkspaceIndexer {
  private modules: ModuleLocation[] = [];

  constructor(private readonly index: AclIndex, private readonly hooks: IndexerHooks = {}) {}

  get knownModules(): readonly ModuleLocation[] {
    return this.modules;
  }

  /** Indexes every folder from scratch; what was indexed before is dropped once the new scan lands. */
  async indexFolders(folders: readonly string[]): Promise<IndexingResult> {
    const started = performance.now();
    this.hooks.onProgress?.({ phase: 'scanning', done: 0, total: folders.length });
    const modules = (await Promise.all(folders.map(findModules))).flat();
    const candidates = modules.map((m) => path.join(m.root, 'etc', 'acl.xml'));
    const fresh = new Map<string, AclDeclaration[]>();
    let done = 0;
    let batch: Array<[string, AclDeclaration[]]> = [];
    const flush = () => {
      for (const [uri, declarations] of batch) {
        fresh.set(uri, declarations);
        this.index.setDeclarations(uri, declarations);
      }
      batch = [];
      this.hooks.onProgress?.({ phase: 'reading', done, total: candidates.length });
      this.hooks.onBatch?.();
    };
    await forEachLimited(candidates, 16, async (file) => {
      const declarations = await this.readDeclarations(file);
      done++;
      if (declarations) batch.push([aclUriOf(file), declarations]);
      if (batch.length >= BATCH_SIZE) flush();
    });
    flush();
    // A rebuild also drops files that vanished since the last scan.
    this.index.replaceAll(fresh);
    this.modules = modules;
    return { modules, aclFiles: fresh.size, resources: this.index.snapshot().size, milliseconds: performance.now() - started };
  }

  /** Re-reads one acl.xml after a change on disk; returns whether the index changed. */
  async refreshFile(file: string): Promise<boolean> {
    const uri = aclUriOf(file);
    const declarations = await this.readDeclarations(file);
    if (!declarations) return this.index.removeFile(uri);
    this.index.setDeclarations(uri, declarations);
    return true;
  }

  private async readDeclarations(file: string): Promise<AclDeclaration[] | undefined> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_ACL_FILE_BYTES) {
        this.hooks.log?.(`Skipped ${file}: ${stat.size} bytes is too large for an acl.xml.`);
        return undefined;
      }
      return readAclFile(await fs.readFile(file, 'utf8')).all;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.hooks.log?.(`Could not read ${file}: ${String(error)}`);
      return undefined;
    }
  }
}
