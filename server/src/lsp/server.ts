// Wires the language service and the workspace model to an LSP connection: thin, every handler guarded.
import {
  CancellationToken,
  CodeActionKind,
  CompletionItem,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  ErrorCodes,
  ResponseError,
  Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
  WorkspaceDiagnosticParams,
  WorkspaceDiagnosticReport,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf, WATCHED_GLOBS } from '../magento/fileKinds';
import { MagentoWorkspace, IndexingResult, FileChangeType as WorkspaceChange } from '../workspace/magentoWorkspace';
import { nodeFileSystem } from '../workspace/fileSystem';
import { workspaceLanguageService } from '../service/workspaceService';
import { canonicalUri, pathOfUri, uriOfPath } from '../workspace/uris';
import { INDEX_STATE_NOTIFICATION, IndexState, REBUILD_INDEX_REQUEST, RebuildResult } from '../../../shared/protocol';
import { guard } from './safe';
import { NO_CAPABILITIES, readCapabilities } from './capabilities';
import { PushedSettings, SessionSettings } from './settings';
import { Batch, Debouncer } from './debounce';
import { Cancelled, TimeSlicer } from '../workspace/timeSlicer';
import { FIX_ALL_KIND } from '../language/codeActions';
import { registerScaffoldRequests } from './scaffoldRequests';
import { registerViewRequests } from './viewRequests';
import { DiagnosticReports } from './diagnosticReports';
import { EditorActivity } from './editorActivity';
import { Exclusions } from '../workspace/exclusions';
import { WorkspaceDiagnostics } from './workspaceDiagnostics';

const REVALIDATE_DELAY_MS = 100;
/** Closed files affected by an edit wait for a pause in typing this long. */
const WORKSPACE_RECHECK_DELAY_MS = 500;
/** Diagnostics wait this long after a keystroke, so completion for that keystroke is answered first. */
const VALIDATE_DELAY_MS = 50;
const CHANGE_TYPES: Record<FileChangeType, WorkspaceChange> = { 1: 'created', 2: 'changed', 3: 'deleted' };

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  let session = NO_CAPABILITIES;
  /** The workspace folders: the client's at initialize, then as it adds and removes them. */
  let folders: readonly string[] = [];
  const reports = new DiagnosticReports();

  let progress: WorkDoneProgressReporter | undefined;
  const workspace = new MagentoWorkspace(nodeFileSystem, {
    log,
    onProgress: ({ phase, done, total }) => {
      if (phase === 'reading') progress?.report(Math.round((100 * done) / Math.max(1, total)), `${done} of ${total} modules`);
      sendIndexState('indexing');
    },
  });
  let settings = new SessionSettings();
  const service = workspaceLanguageService(workspace, { completionItemDefaults: () => session.completionItemDefaults, completionResolvesDetails: () => session.completionResolvesDetails, severitySettings: () => settings.severities });

  /** Reads the settings, and applies new excluded folders to the model; resolves whether they changed (a re-index). */
  async function readSettings(pushed?: PushedSettings): Promise<boolean> {
    if (!(await settings.read(pushed))) return false;
    workspace.setExclusions(new Exclusions(settings.excludePatterns, folders));
    return true;
  }

  const activity = new EditorActivity();
  const isOpen = (file: string) => documents.all().some((d) => pathOfUri(d.uri) === file);
  const workspaceProblems = new WorkspaceDiagnostics({
    workspace, service, isOpen, log, enabled: () => settings.checkWorkspace, whenQuiet: () => activity.whenQuiet(),
    // Pulled: kept for workspace/diagnostic. Pushed: an open file's diagnostics are its editor's, never overwritten.
    publish: (uri, diagnostics, replacesEditor) => {
      if (session.pullDiagnostics) reports.set(uri, diagnostics, replacesEditor);
      else if (!documents.get(uri) && !isOpen(pathOfUri(uri) ?? '')) void connection.sendDiagnostics({ uri, diagnostics });
    },
  });
  let workspaceChecked: Promise<void> = new Promise(() => {});
  const checkWorkspaceProblems = guard(logError, 'workspace problems', undefined, () => (workspaceChecked = workspaceProblems.checkAll()));

  function sendIndexState(state: IndexState['state']): void {
    const resources = state === 'ready' ? workspace.acl.snapshot().size : undefined;
    const params: IndexState = { state, resources, aclFiles: workspace.acl.fileCount, modules: workspace.modules.length };
    void connection.sendNotification(INDEX_STATE_NOTIFICATION, params);
  }

  // Diagnostics: per document as it changes, and for every open document when the index changes.
  const timers = new Debouncer();
  function scheduleValidation(document: TextDocument, delay = VALIDATE_DELAY_MS): void {
    timers.schedule(`validate ${document.uri}`, delay, () => void validate(document.uri));
  }
  const validate = guard(logError, 'validation', undefined, (uri: string) => {
    const document = documents.get(uri);
    if (!document) return;
    // A pulling client asks for an open document's diagnostics itself: it is told to ask again.
    if (session.pullDiagnostics) requestRefresh();
    else void connection.sendDiagnostics({ uri, version: document.version, diagnostics: diagnosticsOf(document) });
  });
  /** An open document's problems; none in an excluded folder, as for the rest of the model. */
  function diagnosticsOf(document: TextDocument) {
    const file = pathOfUri(document.uri);
    return file !== undefined && workspace.isExcluded(file) ? [] : service.doValidation(document);
  }
  function requestRefresh(): void {
    if (!session.diagnosticRefresh) return;
    timers.schedule('refresh', REVALIDATE_DELAY_MS, () => void connection.languages.diagnostics.refresh().catch(() => undefined));
  }
  function revalidateAll(): void {
    timers.schedule('revalidate all', REVALIDATE_DELAY_MS, () => documents.all().forEach((d) => scheduleValidation(d, 0)));
  }
  /** Re-checks the open documents the model says a change to `files` can affect. */
  function revalidateAffected(files: string[], except?: string): void {
    const open = new Map<string, TextDocument>();
    for (const document of documents.all()) {
      const file = pathOfUri(document.uri);
      if (file !== undefined && document.uri !== except) open.set(file, document);
    }
    if (open.size === 0) return;
    for (const file of workspace.affectedBy(files, [...open.keys()])) scheduleValidation(open.get(file)!, REVALIDATE_DELAY_MS);
  }

  async function rebuild(): Promise<IndexingResult> {
    progress = await beginProgress('Indexing Magento ACL resources');
    try {
      const result = await workspace.index(folders);
      log(`ACL index: ${result.resources} resources from ${result.aclFiles} acl.xml files in ${result.modules} modules (${Math.round(result.milliseconds)} ms).`);
      return result;
    } finally {
      progress?.done();
      progress = undefined;
      // Before announcing "ready": otherwise the first requests would wait behind the warm-up.
      guard(logError, 'warm-up', undefined, () => service.warmUp())();
      sendIndexState('ready');
      revalidateAll();
      void checkWorkspaceProblems();
    }
  }

  async function beginProgress(title: string): Promise<WorkDoneProgressReporter> {
    const noop = { begin() {}, report() {}, done() {} } as unknown as WorkDoneProgressReporter;
    if (!session.progress) return noop;
    try {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'Finding modules…');
      return reporter;
    } catch {
      return noop;
    }
  }

  connection.onInitialize((params): InitializeResult => {
    session = readCapabilities(params);
    folders = session.folders;
    settings = new SessionSettings(session.configuration ? (section) => connection.workspace.getConfiguration(section) : undefined);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', "'", ':', ',', '>', '<'], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        // One file's problems depend on others (the ACL, names, sequence); the workspace's are reported too.
        ...(session.pullDiagnostics ? { diagnosticProvider: { identifier: 'magento', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'magento-integration-kit' },
    };
  });

  connection.onInitialized(() => {
    log(session.pullDiagnostics ? 'Diagnostics: pulled by the editor, the workspace\'s included (LSP 3.17).' : 'Diagnostics: pushed (the editor does not pull them).');
    // The excluded folders are known before the first index reads anything.
    void guard(logError, 'settings and indexing', undefined, async () => {
      await readSettings().catch((error) => logError(`settings: ${error instanceof Error ? error.message : String(error)}`));
      await rebuild();
    })();
    if (session.watcherRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (session.folderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders(guard(logError, 'workspace folders', undefined, async (event) => {
        const removed = new Set(event.removed.map((f) => pathOfUri(f.uri)));
        folders = folders.filter((f) => !removed.has(f)).concat(event.added.map((f) => pathOfUri(f.uri)).filter((f): f is string => f !== undefined));
        workspace.setExclusions(new Exclusions(settings.excludePatterns, folders));
        await rebuild();
      }));
    }
  });

  /** Brings the model up to date with files changed on disk, and re-checks open documents if it changed. */
  function applyDiskChanges(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): void {
    const files = changes.flatMap(({ uri, type }) => {
      const file = pathOfUri(uri);
      return file === undefined ? [] : [{ file, type: CHANGE_TYPES[type] }];
    });
    if (workspace.applyDiskChanges(files)) {
      sendIndexState(workspace.isComplete ? 'ready' : 'indexing');
      revalidateAffected(files.map((f) => f.file));
    }
    // Closed files of the project's own modules follow the disk, PHP included (which the model itself ignores).
    void guard(logError, 'workspace problems', undefined, () => workspaceProblems.checkChanged(files.map((f) => f.file)))();
  }

  connection.onDidChangeConfiguration(guard(logError, 'settings', undefined, async ({ settings: pushed }: { settings?: PushedSettings }) => {
    if (await readSettings(pushed)) {
      log(`Excluded from indexing and checking: ${settings.excludePatterns.join(', ') || 'nothing'}.`);
      await rebuild();
      return;
    }
    revalidateAll();
    void checkWorkspaceProblems();
  }));

  connection.onDidChangeWatchedFiles(guard(logError, 'watched files', undefined, async ({ changes }) => {
    const magentoFiles = changes.filter((c) => fileKindOf(c.uri) !== 'php');
    if (magentoFiles.length > 0) log(`Files changed on disk: ${magentoFiles.map((c) => `${CHANGE_TYPES[c.type]} ${pathOfUri(c.uri) ?? c.uri}`).join(', ')}`);
    applyDiskChanges(changes);
  }));

  /** Closed files an edit affects are re-checked after a pause in typing, not on every keystroke. */
  const workspaceRecheck = new Batch<string>(WORKSPACE_RECHECK_DELAY_MS, (changed) => void guard(logError, 'workspace problems', undefined, () => workspaceProblems.checkChanged(changed))());
  const scheduleWorkspaceRecheck = (file: string) => workspaceRecheck.add(file);

  /** Documents validated at least once: a newly opened one is validated at once, edits after a pause. */
  const validatedOnce = new Set<string>();
  documents.onDidChangeContent(guard(logError, 'document change', undefined, ({ document }) => {
    activity.mark();
    const file = pathOfUri(document.uri);
    const kind = fileKindOf(document.uri);
    if (file !== undefined && kind) workspace.setOpenDocument(file, document.getText());
    // Other open files may depend on this one (names, sequence, setup calls, the ACL tree).
    if (file !== undefined && kind && documents.all().length > 1) revalidateAffected([file], document.uri);
    if (file !== undefined && kind) scheduleWorkspaceRecheck(file);
    if (!session.pullDiagnostics) scheduleValidation(document, validatedOnce.has(document.uri) ? VALIDATE_DELAY_MS : 0);
    validatedOnce.add(document.uri);
  }));
  documents.onDidClose(guard(logError, 'document close', undefined, ({ document }) => {
    timers.cancel(`validate ${document.uri}`);
    validatedOnce.delete(document.uri);
    service.forget(document.uri);
    const file = pathOfUri(document.uri);
    if (file !== undefined) {
      workspace.closeDocument(file);
      revalidateAffected([file], document.uri);
      scheduleWorkspaceRecheck(file);
    }
    // A file of the workspace check goes back to its disk diagnostics; any other is cleared.
    const backToDisk = file !== undefined && workspaceProblems.closed(file);
    if (!backToDisk && !session.pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }));

  connection.languages.diagnostics.on(guard(logError, 'document diagnostics', { kind: 'full', items: [] }, (params: DocumentDiagnosticParams): DocumentDiagnosticReport => {
    const document = documents.get(params.textDocument.uri);
    return { kind: 'full', items: document ? diagnosticsOf(document) : [] };
  }));
  connection.languages.diagnostics.onWorkspace(guard(logError, 'workspace diagnostics', { items: [] }, async (params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport> => {
    // The first answer waits for the first check of the workspace (or the client's cancellation).
    await Promise.race([workspaceChecked, new Promise((resolve) => token.onCancellationRequested(resolve))]);
    return { items: reports.workspaceReport(params.previousResultIds) };
  }));

  const withDocument = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, handler: (document: TextDocument, params: P, token: CancellationToken) => R | Promise<R>) =>
    guard(logError, name, fallback, (params: P, token: CancellationToken) => {
      activity.mark();
      const document = documents.get(params.textDocument.uri);
      return document ? handler(document, params, token) : fallback;
    });

  connection.onCompletion(withDocument('completion', null, (document, params) => service.doComplete(document, params.position)));
  // On failure the item goes back as it came.
  connection.onCompletionResolve((item: CompletionItem) => guard(logError, 'completion resolve', item, () => service.resolveCompletionItem(item))());
  connection.onHover(withDocument('hover', null, (document, params) => service.doHover(document, params.position)));
  connection.onDefinition(withDocument('definition', [], (document, params) => service.findDefinition(document, params.position)));
  // One pass over the index's search entries (bounded by the index); a request already cancelled is not started.
  connection.onWorkspaceSymbol(guard(logError, 'workspace symbols', [], ({ query }: { query: string }, token: CancellationToken) => {
    if (token.isCancellationRequested) throw new Cancelled();
    return service.findWorkspaceSymbols(query);
  }));
  connection.onDocumentSymbol(withDocument('document symbols', [], (document) => service.findDocumentSymbols(document)));
  connection.onCodeAction(withDocument('code actions', [], (document, params) => service.getCodeActions(document, params.context.diagnostics, params.context.only)));
  connection.onReferences(withDocument('references', [], async (document, params, token) => {
    const id = service.aclIdAt(document, params.position);
    if (!id) return [];
    return service.findReferences(id, await referenceDocuments(id, token), params.context.includeDeclaration);
  }));

  /** A file of the workspace's own modules (not vendor/, not Magento's bundled catalog). */
  const isOwnFile = (uri: string) => {
    const file = pathOfUri(uri);
    const component = file === undefined ? undefined : workspace.componentOf(file);
    return !!component && !component.vendor;
  };
  connection.onPrepareRename(withDocument('prepare rename', null, (document, params) => {
    const check = service.prepareRename(document, params.position, isOwnFile);
    if (!check) return null;
    return 'refused' in check ? new ResponseError(ErrorCodes.InvalidRequest, check.refused) : check;
  }));
  connection.onRenameRequest(withDocument('rename', null, async (document, params, token) => {
    const id = service.aclIdAt(document, params.position);
    if (!id) return null;
    const check = service.prepareRename(document, params.position, isOwnFile);
    if (check && 'refused' in check) return new ResponseError(ErrorCodes.InvalidRequest, check.refused);
    const edit = service.renameAclId(id, params.newName, await referenceDocuments(id, token), isOwnFile);
    return 'refused' in edit ? new ResponseError(ErrorCodes.InvalidRequest, edit.refused) : edit;
  }));

  /**
   * Open documents, then files on disk that mention the id (read, never parsed unless they do), in slices
   * that stop with `Cancelled` once the client cancels the request.
   */
  async function referenceDocuments(id: string, token: CancellationToken): Promise<TextDocument[]> {
    const slicer = new TimeSlicer(() => token.isCancellationRequested);
    const result = new Map<string, TextDocument>();
    for (const document of documents.all()) result.set(canonicalUri(document.uri), document);
    for (const file of await workspace.referenceFiles(slicer)) {
      await slicer.yieldIfDue();
      const uri = uriOfPath(file);
      if (result.has(uri)) continue;
      const text = workspace.readText(file) ?? '';
      if (text.includes(id)) result.set(uri, TextDocument.create(uri, 'plaintext', 0, text));
    }
    return [...result.values()];
  }

  connection.onRequest(REBUILD_INDEX_REQUEST, guard(logError, 'rebuild', undefined, async (): Promise<RebuildResult> => {
    const result = await rebuild();
    return { resources: result.resources, aclFiles: result.aclFiles, modules: result.modules, milliseconds: result.milliseconds };
  }));

  registerScaffoldRequests(connection, {
    workspace,
    folders: () => folders,
    // Not left to the file watcher: it can miss files in folders created in the same instant.
    filesCreated: async (files) => applyDiskChanges(files.map((file) => ({ uri: uriOfPath(file), type: FileChangeType.Created }))),
    openDocument: (file) => documents.get(uriOfPath(file)) ?? documents.all().find((d) => canonicalUri(d.uri) === uriOfPath(file)),
  }, logError);

  registerViewRequests(connection, workspace, logError);

  documents.listen(connection);
  connection.listen();
}
