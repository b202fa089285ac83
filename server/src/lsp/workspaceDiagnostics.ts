// Problems for the whole workspace: the files of the project's own modules are checked from disk and
// their diagnostics published without the files being open, kept current as files change. Open files
// are the editor's own (validated as typed); a file that closes goes back to its disk version. The work
// runs in slices, so requests stay answered while a large project is checked.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic } from 'vscode-languageserver-types';
import { LanguageService } from '../language/languageService';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { TimeSlicer } from '../workspace/timeSlicer';
import { uriOfPath } from '../workspace/uris';
import { count } from '../../../shared/words';

/** Enough for hundreds of modules; past it the rest are checked when opened. */
export const MAX_WORKSPACE_FILES = 20_000;

export interface WorkspaceDiagnosticsDeps {
  workspace: MagentoWorkspace;
  service: LanguageService;
  /** Whether the editor has the file open (its diagnostics are the open document's, then). */
  isOpen(file: string): boolean;
  /** A closed file's diagnostics from disk, or [] to withdraw them (also for a file now open: the sink knows). */
  /** `replacesEditor`: the file was just closed, and these replace what its editor showed. */
  publish(uri: string, diagnostics: Diagnostic[], replacesEditor?: boolean): void;
  /** The setting: check the whole workspace, or open files only. */
  enabled(): boolean;
  log(message: string): void;
  /** Resolves when the editor is quiet: the check gives way to requests and typing between its slices. */
  whenQuiet?(): Promise<void>;
}

export class WorkspaceDiagnostics {
  /** The files the last full check covered. */
  private tracked = new Set<string>();
  /** Files whose disk diagnostics are published now. */
  private readonly published = new Set<string>();
  private generation = 0;

  constructor(private readonly deps: WorkspaceDiagnosticsDeps) {}

  get trackedFiles(): string[] {
    return [...this.tracked];
  }

  /** Checks every file of the project's own modules; a later call supersedes one still running. */
  /** Resolves true once every file was checked; false when a newer check took over. */
  async checkAll(): Promise<boolean> {
    const generation = ++this.generation;
    if (!this.deps.enabled()) {
      this.clear();
      return true;
    }
    const slicer = new TimeSlicer(undefined, this.deps.whenQuiet);
    const files = new Set<string>();
    for (const module of this.deps.workspace.ownModules) {
      for (const file of await this.deps.workspace.filesToCheck(module.root, slicer)) {
        if (files.size >= MAX_WORKSPACE_FILES) break;
        files.add(file);
      }
      if (generation !== this.generation) return false;
    }
    this.tracked = files;
    for (const file of [...this.published]) if (!files.has(file)) this.unpublish(file);
    let problems = 0;
    for (const file of files) {
      if (generation !== this.generation) return false;
      problems += this.checkFile(file);
      await slicer.yieldIfDue();
    }
    this.deps.log(`Workspace problems: ${problems} in ${count(files.size, 'file')} of ${count(this.deps.workspace.ownModules.length, 'module')}.`);
    return true;
  }

  /** Re-checks the tracked files a change can affect (and the changed ones), from disk. */
  async checkChanged(changed: readonly string[]): Promise<void> {
    if (!this.deps.enabled()) return;
    const slicer = new TimeSlicer(undefined, this.deps.whenQuiet);
    const files = new Set([...changed.filter((f) => this.tracked.has(f) || this.isOwnModuleFile(f)), ...this.deps.workspace.affectedBy(changed, this.trackedFiles)]);
    for (const file of files) {
      this.tracked.add(file);
      this.checkFile(file);
      await slicer.yieldIfDue();
    }
  }

  /** A file the editor closed: back to its disk diagnostics, if the workspace check covers it. */
  closed(file: string): boolean {
    if (!this.deps.enabled() || !this.tracked.has(file)) return false;
    this.checkFile(file, true);
    return true;
  }

  /** Withdraws every diagnostic published from disk (the setting turned off). */
  clear(): void {
    for (const file of [...this.published]) this.unpublish(file);
  }

  private isOwnModuleFile(file: string): boolean {
    const component = this.deps.workspace.componentOf(file);
    return !!component && component.type === 'module' && !component.vendor;
  }

  /**
   * Publishes a closed file's diagnostics from disk; returns how many. A file with none that had none
   * published is left alone (most files of a project: thousands of empty reports would cost the
   * editor more than the check), unless `always` (a file just closed replaces its editor's diagnostics).
   */
  private checkFile(file: string, always = false): number {
    if (this.deps.isOpen(file)) return 0;
    const text = this.deps.workspace.readText(file);
    if (text === undefined) {
      this.unpublish(file);
      return 0;
    }
    const uri = uriOfPath(file);
    const diagnostics = this.deps.service.doValidation(TextDocument.create(uri, file.endsWith('.php') ? 'php' : 'xml', 0, text), { transient: true });
    if (diagnostics.length === 0 && !always && !this.published.has(file)) return 0;
    this.deps.publish(uri, diagnostics, always);
    if (diagnostics.length > 0) this.published.add(file);
    else this.published.delete(file);
    return diagnostics.length;
  }

  private unpublish(file: string): void {
    if (!this.published.delete(file)) return;
    this.deps.publish(uriOfPath(file), []);
  }
}
