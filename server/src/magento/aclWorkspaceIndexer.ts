// Fills an AclIndex from the etc/acl.xml files of workspace folders, in batches, so that the
// index answers with what is known so far while the rest is still being read.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { AclDeclaration, readAclFile } from './aclFile';
import { AclIndex } from './aclIndex';
import { TimeSlicer } from './timeSlicer';
import { findModules, ModuleLocation } from './workspaceScanner';

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

  /** Indexes every folder from scratch; files that vanished since the last scan are dropped at the end. */
  async indexFolders(folders: readonly string[]): Promise<IndexingResult> {
    const started = performance.now();
    const slicer = new TimeSlicer();
    this.hooks.onProgress?.({ phase: 'scanning', done: 0, total: folders.length });
    const modules: ModuleLocation[] = [];
    for (const folder of folders) modules.push(...(await findModules(folder, slicer)));
    const candidates = modules.map((m) => path.join(m.root, 'etc', 'acl.xml'));
    const fresh = new Map<string, AclDeclaration[]>();
    for (let done = 0; done < candidates.length; done++) {
      await slicer.yieldIfDue();
      const declarations = this.readDeclarations(candidates[done]);
      if (declarations) {
        const uri = aclUriOf(candidates[done]);
        fresh.set(uri, declarations);
        this.index.setDeclarations(uri, declarations);
      }
      if ((done + 1) % BATCH_SIZE === 0) {
        this.hooks.onProgress?.({ phase: 'reading', done: done + 1, total: candidates.length });
      }
    }
    this.index.replaceAll(fresh);
    this.modules = modules;
    return { modules, aclFiles: fresh.size, resources: this.index.snapshot().size, milliseconds: performance.now() - started };
  }

  /** Adds a module created since the last scan (the project's own: not under vendor/). */
  noteModule(root: string): void {
    if (!this.modules.some((m) => m.root === root)) this.modules = [...this.modules, { root, vendor: false }];
  }

  /** Re-reads one acl.xml after a change on disk; returns whether the index changed. */
  async refreshFile(file: string): Promise<boolean> {
    const uri = aclUriOf(file);
    const declarations = this.readDeclarations(file);
    if (!declarations) return this.index.removeFile(uri);
    this.index.setDeclarations(uri, declarations);
    return true;
  }

  private readDeclarations(file: string): AclDeclaration[] | undefined {
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return undefined;
      if (stat.size > MAX_ACL_FILE_BYTES) {
        this.hooks.log?.(`Skipped ${file}: ${stat.size} bytes is too large for an acl.xml.`);
        return undefined;
      }
      return readAclFile(readFileSync(file, 'utf8')).all;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.hooks.log?.(`Could not read ${file}: ${String(error)}`);
      return undefined;
    }
  }
}
