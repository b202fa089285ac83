// The files of the workspace that a check or a search reads, bounded: a module's files for the checks, the
// files that may mention an ACL id for find references, and the ids a module's own files mention (cached
// per module until one of its files changes).
import * as path from 'node:path';
import { collectMentions } from '../magento/aclMentions';
import { isAclTreeKind, MODULE_FILES, modulePathOf, REFERENCE_KINDS } from '../magento/fileKinds';
import { ComponentInfo, findPhpFiles, phpFilesOf, xmlFilesUnder } from './componentScanner';
import { WorkspaceFileSystem } from './fileSystem';
import { TimeSlicer } from './timeSlicer';

/** XML files of a module's admin folders read for the ids it mentions. */
const MAX_MENTION_FILES = 2_000;
export const MAX_MODULE_PHP_FILES = 2000;
const MAX_REFERENCE_PHP_FILES = 5000;

/** What the lists read of the workspace model. */
export interface FileListSource {
  readonly fs: WorkspaceFileSystem;
  readonly modules: ComponentInfo[];
  componentAt(root: string): ComponentInfo | undefined;
  /** An open editor's text, else the disk's. */
  readText(file: string): string | undefined;
  /** Open in an editor, or on disk. */
  exists(file: string): boolean;
}

export class ModuleFileLists {
  /** Per module root, the ids of the module its own files mention (see idsMentionedBy). */
  private readonly mentionsCache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly source: FileListSource) {}

  /** One of the module's files changed: what its files mention is read again when next asked. */
  forget(root: string): void {
    this.mentionsCache.delete(root);
  }

  /**
   * The files of a component that the checks read: its Magento files, and for a module its PHP (for a
   * vendor module only where ADMIN_RESOURCE and setup calls live, to stay fast on a whole project).
   */
  async filesToCheck(root: string, slicer = new TimeSlicer()): Promise<string[]> {
    const files: string[] = [];
    for (const { path: relative } of MODULE_FILES) {
      const file = path.join(root, relative);
      if (this.source.exists(file)) files.push(file);
    }
    const component = this.source.componentAt(root);
    if (component?.type !== 'module') return files;
    const phpRoots = component.vendor ? [path.join(root, 'Controller', 'Adminhtml'), path.join(root, 'Setup')] : [root];
    for (const phpRoot of phpRoots) files.push(...await findPhpFiles(this.source.fs, phpRoot, MAX_MODULE_PHP_FILES, slicer));
    return files;
  }

  /**
   * The ids of `moduleName` that the module's own files mention outside the files that declare or grant
   * them (acl.xml, integration files): its PHP, etc/adminhtml and view/adminhtml XML, webapi.xml. Bounded
   * (MAX_MENTION_FILES files), cached until one of the module's files changes.
   */
  idsMentionedBy(root: string, moduleName: string): ReadonlySet<string> {
    const known = this.mentionsCache.get(root);
    if (known) return known;
    const mentioned = new Set<string>();
    const files = [
      ...phpFilesOf(this.source.fs, root, MAX_MODULE_PHP_FILES),
      ...xmlFilesUnder(this.source.fs, root, ['etc/adminhtml', 'view/adminhtml'], MAX_MENTION_FILES),
      modulePathOf('webapi'),
    ];
    for (const relative of new Set(files)) {
      const text = this.source.readText(path.join(root, relative));
      if (text !== undefined) collectMentions(text, moduleName, mentioned);
    }
    this.mentionsCache.set(root, mentioned);
    return mentioned;
  }

  /** Files that may mention ACL ids, for find references: reference XML files and PHP, bounded. */
  async referenceFiles(slicer = new TimeSlicer()): Promise<string[]> {
    const files: string[] = [];
    for (const module of this.source.modules) {
      await slicer.yieldIfDue();
      for (const { kind, path: relative } of MODULE_FILES) {
        if (!isAclTreeKind(kind) && !REFERENCE_KINDS.includes(kind)) continue;
        const file = path.join(module.root, relative);
        if (this.source.fs.isFile(file)) files.push(file);
      }
      // Vendor modules only where ADMIN_RESOURCE lives (Controller/Adminhtml), to stay fast.
      const phpRoot = module.vendor ? path.join(module.root, 'Controller', 'Adminhtml') : module.root;
      files.push(...(await findPhpFiles(this.source.fs, phpRoot, MAX_REFERENCE_PHP_FILES, slicer)));
    }
    return files;
  }
}
