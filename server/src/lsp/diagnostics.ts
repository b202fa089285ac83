// Diagnostics for the editor: an open document's as it changes, the open documents a change elsewhere
// affects, and the closed files of the project's own modules (the workspace check). Pushed, or pulled
// (LSP 3.17) where the client asks for them: one of the two registered at initialize.
import {
  CancellationToken, Connection, DocumentDiagnosticParams, DocumentDiagnosticReport, TextDocuments, WorkspaceDiagnosticParams, WorkspaceDiagnosticReport,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../language/languageService';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { pathOfUri } from '../workspace/uris';
import { Batch, Debouncer } from './debounce';
import { DiagnosticReports } from './diagnosticReports';
import { EditorActivity } from './editorActivity';
import { OpenFiles } from './openFiles';
import { guard, Logger } from './safe';
import { Session } from './session';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';
import { CommittedDiagnostics } from './committedDiagnostics';
import { applySeveritySettings } from '../language/severitySettings';

const REVALIDATE_DELAY_MS = 100;
/** Closed files affected by an edit wait for a pause in typing this long. */
const WORKSPACE_RECHECK_DELAY_MS = 500;
/** Diagnostics wait this long after a keystroke, so completion for that keystroke is answered first. */
const VALIDATE_DELAY_MS = 50;

export class EditorDiagnostics {
  private readonly reports = new DiagnosticReports();
  private readonly timers = new Debouncer();
  private readonly workspaceProblems: WorkspaceDiagnostics;
  private readonly closedRecheck: Batch<string>;
  /** Resolves when a check of the whole workspace first completes (whichever: settings can start a second). */
  private readonly firstWorkspaceCheck: Promise<void>;
  private workspaceCheckDone: () => void = () => {};
  /** Documents validated at least once: a newly opened one is validated at once, edits after a pause. */
  private readonly validatedOnce = new Set<string>();
  private readonly validate: (uri: string) => Promise<void>;
  private readonly sinceCommit: CommittedDiagnostics;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly openFiles: OpenFiles,
    private readonly workspace: MagentoWorkspace,
    private readonly service: LanguageService,
    private readonly session: Session,
    activity: EditorActivity,
    log: Logger,
    private readonly logError: Logger,
  ) {
    this.workspaceProblems = new WorkspaceDiagnostics({
      workspace, service, isOpen: (file) => openFiles.isOpen(file), log, enabled: () => session.settings.checkWorkspace, whenQuiet: () => activity.whenQuiet(),
      // Pulled: kept for workspace/diagnostic. Pushed: an open file's diagnostics are its editor's, never overwritten.
      publish: (uri, diagnostics, replacesEditor) => {
        if (this.pulled) this.reports.set(uri, diagnostics, replacesEditor);
        else if (!documents.get(uri) && !openFiles.isOpen(pathOfUri(uri) ?? '')) void connection.sendDiagnostics({ uri, diagnostics });
      },
    });
    this.sinceCommit = new CommittedDiagnostics(workspace, openFiles, () => session.settings.compareWithCommit, (uri) => {
      const document = documents.get(uri);
      if (!document) return;
      if (this.pulled) this.requestRefresh();
      else this.schedule(document, 0);
    }, logError);
    this.firstWorkspaceCheck = new Promise((resolve) => (this.workspaceCheckDone = resolve));
    this.closedRecheck = new Batch<string>(WORKSPACE_RECHECK_DELAY_MS, (changed) => this.checkClosed(changed));
    this.validate = guard(logError, 'validation', undefined, (uri: string) => {
      const document = documents.get(uri);
      if (!document) return;
      // A pulling client asks for an open document's diagnostics itself: it is told to ask again.
      if (this.pulled) this.requestRefresh();
      else void connection.sendDiagnostics({ uri, version: document.version, diagnostics: this.diagnosticsOf(document) });
    });
  }

  private get pulled(): boolean {
    return this.session.capabilities.pullDiagnostics;
  }

  /** At initialize: the pull handlers where the client pulls; pushing needs none. */
  register(): void {
    if (!this.pulled) return;
    this.connection.languages.diagnostics.on(guard(this.logError, 'document diagnostics', { kind: 'full', items: [] }, (params: DocumentDiagnosticParams): DocumentDiagnosticReport => {
      const document = this.documents.get(params.textDocument.uri);
      return { kind: 'full', items: document ? this.diagnosticsOf(document) : [] };
    }));
    this.connection.languages.diagnostics.onWorkspace(guard(this.logError, 'workspace diagnostics', { items: [] }, async (params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> => {
      // The first answer waits for the first complete check of the workspace (or the client's cancellation).
      // Not the check pending when the pull came: VS Code pulls at once, and a re-index replaces that check.
      await Promise.race([this.firstWorkspaceCheck, new Promise((resolve) => token.onCancellationRequested(resolve))]);
      return { items: this.reports.workspaceReport(params.previousResultIds) };
    }));
  }

  /** Every file of the workspace check, again (after indexing, a settings change). */
  checkWorkspace(): void {
    void guard(this.logError, 'workspace problems', undefined, async () => {
      if (await this.workspaceProblems.checkAll()) this.workspaceCheckDone();
    })();
  }

  /** Closed files that changed on disk (PHP included, which the model itself ignores). */
  checkClosed(files: string[]): void {
    void guard(this.logError, 'workspace problems', undefined, () => this.workspaceProblems.checkChanged(files))();
  }

  /** Every open document, after a pause (the index or the settings changed). */
  revalidateAll(): void {
    this.timers.schedule('revalidate all', REVALIDATE_DELAY_MS, () => this.documents.all().forEach((d) => this.schedule(d, 0)));
  }

  /** The open documents the model says a change to `files` can affect. */
  revalidateAffected(files: string[], except?: string): void {
    const open = new Map<string, TextDocument>();
    for (const [file, document] of this.openFiles.entries()) if (document.uri !== except) open.set(file, document);
    if (open.size === 0) return;
    for (const file of this.workspace.affectedBy(files, [...open.keys()])) this.schedule(open.get(file)!, REVALIDATE_DELAY_MS);
  }

  /**
   * An open document of the model changed: it, the open files depending on it, and later the closed ones.
   * `modelChanged` is false when the model holds the same text as before (a file opened as it is on disk):
   * then nothing changed for the others.
   */
  changed(document: TextDocument, file: string | undefined, modelChanged = true): void {
    if (file !== undefined) this.sinceCommit.changed(file);
    if (file !== undefined && modelChanged) {
      // Other open files may depend on this one (names, sequence, setup calls, the ACL tree).
      if (this.openFiles.count > 1) this.revalidateAffected([file], document.uri);
      this.closedRecheck.add(file);
    }
    if (!this.pulled) this.schedule(document, this.validatedOnce.has(document.uri) ? VALIDATE_DELAY_MS : 0);
    this.validatedOnce.add(document.uri);
  }

  /** A document closed: its file goes back to its disk diagnostics (the workspace check's), or is cleared. */
  closed(document: TextDocument, file: string | undefined): void {
    this.timers.cancel(`validate ${document.uri}`);
    this.validatedOnce.delete(document.uri);
    if (file !== undefined) {
      this.revalidateAffected([file], document.uri);
      this.closedRecheck.add(file);
    }
    const backToDisk = file !== undefined && this.workspaceProblems.closed(file);
    if (!backToDisk && !this.pulled) void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }

  private schedule(document: TextDocument, delay: number): void {
    this.timers.schedule(`validate ${document.uri}`, delay, () => void this.validate(document.uri));
  }

  /** An open document's problems; none in an excluded folder, as for the rest of the model. */
  private diagnosticsOf(document: TextDocument) {
    const file = pathOfUri(document.uri);
    if (file !== undefined && this.workspace.isExcluded(file)) return [];
    const sinceCommit = this.sinceCommit.diagnosticsOf(document.uri);
    const own = this.service.doValidation(document);
    return sinceCommit.length > 0 ? [...own, ...applySeveritySettings(sinceCommit, this.session.settings.severities)] : own;
  }

  private requestRefresh(): void {
    if (!this.session.capabilities.diagnosticRefresh) return;
    this.timers.schedule('refresh', REVALIDATE_DELAY_MS, () => void this.connection.languages.diagnostics.refresh().catch(() => undefined));
  }
}
