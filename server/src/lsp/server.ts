// Wires the language service and the workspace ACL index to an LSP connection.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  CodeActionKind,
  Connection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InitializeResult,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { AclIndex } from '../magento/aclIndex';
import { AclWorkspaceIndexer, IndexingResult } from '../magento/aclWorkspaceIndexer';
import { bundledCoreCatalog } from '../magento/coreCatalog';
import { fileKindOf } from '../magento/fileKinds';
import { ModuleNameResolver } from '../magento/moduleResolver';
import { locateModule, moduleRootOf } from '../magento/moduleLocator';
import { IntegrationRegistry } from '../magento/integrationRegistry';
import { findReferenceFiles } from '../magento/workspaceScanner';
import { createLanguageService } from '../language/languageService';
import { INDEX_STATE_NOTIFICATION, IndexState, REBUILD_INDEX_REQUEST, RebuildResult } from './protocol';
import { guard } from './safe';
import { registerScaffoldRequests } from './scaffoldRequests';

const REVALIDATE_DELAY_MS = 100;
/** acl.xml feeds the index; the others feed the cross-file checks of open documents. */
const WATCHED_FILES = ['**/etc/acl.xml', '**/etc/module.xml', '**/registration.php', '**/composer.json', '**/etc/integration.xml', '**/etc/integration/*.xml', '**/Setup/**/*.php'];
/** Diagnostics wait this long after a keystroke, so completion for that keystroke is answered first. */
const VALIDATE_DELAY_MS = 50;

/** One spelling per file, whichever client encoded the URI, so open documents and disk files meet in the index. */
function canonicalUri(uri: string): string {
  return URI.parse(uri).toString();
}

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const index = new AclIndex(bundledCoreCatalog());
  const modules = new ModuleNameResolver();
  const integrations = new IntegrationRegistry();
  let indexComplete = false;
  let folders: string[] = [];
  let supportsProgress = false;
  let supportsWatcherRegistration = false;
  let supportsFolderChanges = false;
  let supportsItemDefaults = false;

  let progress: WorkDoneProgressReporter | undefined;
  const indexer = new AclWorkspaceIndexer(index, {
    log,
    onProgress: ({ phase, done, total }) => {
      if (phase === 'reading') progress?.report(Math.round((100 * done) / Math.max(1, total)), `${done} of ${total} modules`);
      sendIndexState('indexing');
    },
  });
  const service = createLanguageService({
    index,
    isIndexComplete: () => indexComplete,
    get completionItemDefaults() {
      return supportsItemDefaults;
    },
    moduleNameOf: (uri) => {
      const parsed = URI.parse(uri);
      return parsed.scheme === 'file' ? modules.nameOf(parsed.fsPath) : undefined;
    },
    moduleContextOf: (uri) => {
      const parsed = URI.parse(uri);
      if (parsed.scheme !== 'file') return undefined;
      return locateModule(parsed.fsPath, (file) => documents.get(URI.file(file).toString())?.getText());
    },
    integrationsNamed: (name, exceptUri) => (indexComplete ? integrations.othersNamed(name, canonicalUri(exceptUri)) : []),
  });

  function sendIndexState(state: IndexState['state']): void {
    const resources = state === 'ready' ? index.snapshot().size : undefined;
    const params: IndexState = { state, resources, aclFiles: index.fileCount, modules: indexer.knownModules.length };
    void connection.sendNotification(INDEX_STATE_NOTIFICATION, params);
  }

  // Diagnostics: per document as it changes, and for every open document when the index changes.
  const pendingValidation = new Map<string, NodeJS.Timeout>();
  function scheduleValidation(document: TextDocument, delay = VALIDATE_DELAY_MS): void {
    clearTimeout(pendingValidation.get(document.uri));
    pendingValidation.set(document.uri, setTimeout(() => {
      pendingValidation.delete(document.uri);
      void validate(document.uri);
    }, delay));
  }
  const validate = guard(logError, 'validation', undefined, (uri: string) => {
    const document = documents.get(uri);
    if (document) void connection.sendDiagnostics({ uri, version: document.version, diagnostics: service.doValidation(document) });
  });
  let revalidateTimer: NodeJS.Timeout | undefined;
  function revalidateAll(): void {
    clearTimeout(revalidateTimer);
    revalidateTimer = setTimeout(() => documents.all().forEach((d) => scheduleValidation(d, 0)), REVALIDATE_DELAY_MS);
  }

  async function rebuild(): Promise<IndexingResult> {
    indexComplete = false;
    modules.clear();
    progress = await beginProgress('Indexing Magento ACL resources');
    try {
      const result = await indexer.indexFolders(folders);
      integrations.scan(result.modules);
      log(`ACL index: ${result.resources} resources from ${result.aclFiles} acl.xml files in ${result.modules.length} modules (${Math.round(result.milliseconds)} ms).`);
      return result;
    } finally {
      indexComplete = true;
      progress?.done();
      progress = undefined;
      // Before announcing "ready": otherwise the first requests would wait behind the warm-up.
      guard(logError, 'warm-up', undefined, () => service.warmUp())();
      sendIndexState('ready');
      revalidateAll();
    }
  }

  async function beginProgress(title: string): Promise<WorkDoneProgressReporter> {
    const noop = { begin() {}, report() {}, done() {} } as unknown as WorkDoneProgressReporter;
    if (!supportsProgress) return noop;
    try {
      const reporter = await connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'Finding modules…');
      return reporter;
    } catch {
      return noop;
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = workspaceFolders.map((uri) => URI.parse(uri)).filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
    supportsProgress = !!params.capabilities.window?.workDoneProgress;
    supportsWatcherRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsFolderChanges = !!params.capabilities.workspace?.workspaceFolders;
    supportsItemDefaults = !!params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', "'", ':', ',', '>', '<'] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'magento-integration-kit' },
    };
  });

  connection.onInitialized(() => {
    void guard(logError, 'indexing', undefined, rebuild)();
    if (supportsWatcherRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_FILES.map((globPattern) => ({ globPattern })) });
    }
    if (supportsFolderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders(guard(logError, 'workspace folders', undefined, async (event) => {
        const removed = new Set(event.removed.map((f) => URI.parse(f.uri).fsPath));
        folders = folders.filter((f) => !removed.has(f)).concat(event.added.map((f) => URI.parse(f.uri).fsPath));
        await rebuild();
      }));
    }
  });

  /** Brings the index, the module list and the integration names up to date with files changed on disk. */
  async function applyDiskChanges(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): Promise<void> {
    let changed = false;
    for (const change of changes) {
      const uri = URI.parse(change.uri);
      if (uri.scheme !== 'file') continue;
      const kind = fileKindOf(uri.fsPath);
      if ((kind === 'module' || kind === 'registration') && change.type === FileChangeType.Created) {
        const root = moduleRootOf(uri.fsPath);
        if (root) indexer.noteModule(root);
      }
      if (kind !== 'acl') {
        if (kind === 'integration' || kind === 'integration-config') integrations.refresh(uri.fsPath);
        changed = true;
        continue;
      }
      if (change.type === FileChangeType.Deleted) changed = index.removeFile(uri.toString()) || changed;
      else changed = (await indexer.refreshFile(uri.fsPath)) || changed;
    }
    if (changed) {
      sendIndexState(indexComplete ? 'ready' : 'indexing');
      revalidateAll();
    }
  }

  connection.onDidChangeWatchedFiles(guard(logError, 'watched files', undefined, async ({ changes }) => {
    log(`Files changed on disk: ${changes.map((c) => `${['', 'created', 'changed', 'deleted'][c.type]} ${URI.parse(c.uri).fsPath}`).join(', ')}`);
    await applyDiskChanges(changes);
  }));

  /** Documents validated at least once: a newly opened one is validated at once, edits after a pause. */
  const validatedOnce = new Set<string>();
  documents.onDidChangeContent(({ document }) => {
    const kind = fileKindOf(document.uri);
    if (kind === 'acl') index.setOverlay(canonicalUri(document.uri), document.getText());
    if (kind === 'integration' || kind === 'integration-config') integrations.setOverlay(canonicalUri(document.uri), document.getText());
    // Other open files of the module may depend on this one (names, sequence, setup calls).
    if (kind && kind !== 'php' && documents.all().length > 1) revalidateAll();
    else if (kind === 'php' && document.uri.includes('/Setup/')) revalidateAll();
    scheduleValidation(document, validatedOnce.has(document.uri) ? VALIDATE_DELAY_MS : 0);
    validatedOnce.add(document.uri);
  });
  documents.onDidClose(({ document }) => {
    clearTimeout(pendingValidation.get(document.uri));
    validatedOnce.delete(document.uri);
    service.forget(document.uri);
    integrations.removeOverlay(canonicalUri(document.uri));
    if (fileKindOf(document.uri) === 'acl') {
      index.removeOverlay(canonicalUri(document.uri));
      revalidateAll();
    }
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  const withDocument = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, handler: (document: TextDocument, params: P) => R | Promise<R>) =>
    guard(logError, name, fallback, (params: P) => {
      const document = documents.get(params.textDocument.uri);
      return document ? handler(document, params) : fallback;
    });

  connection.onCompletion(withDocument('completion', null, (document, params) => service.doComplete(document, params.position)));
  connection.onHover(withDocument('hover', null, (document, params) => service.doHover(document, params.position)));
  connection.onDefinition(withDocument('definition', [], (document, params) => service.findDefinition(document, params.position)));
  connection.onDocumentSymbol(withDocument('document symbols', [], (document) => service.findDocumentSymbols(document)));
  connection.onCodeAction(withDocument('code actions', [], (document, params) => service.getCodeActions(document, params.context.diagnostics)));
  connection.onReferences(withDocument('references', [], async (document, params) => {
    const id = service.aclIdAt(document, params.position);
    if (!id) return [];
    return service.findReferences(id, await referenceDocuments(id), params.context.includeDeclaration);
  }));

  /** Open documents, then files on disk that mention the id (read, never parsed unless they do). */
  async function referenceDocuments(id: string): Promise<TextDocument[]> {
    const result = new Map<string, TextDocument>();
    for (const document of documents.all()) result.set(canonicalUri(document.uri), document);
    const aclFiles = indexer.knownModules.map((m) => path.join(m.root, 'etc', 'acl.xml'));
    for (const file of [...aclFiles, ...(await findReferenceFiles(indexer.knownModules))]) {
      const uri = URI.file(file).toString();
      if (result.has(uri)) continue;
      const text = await fs.readFile(file, 'utf8').catch(() => '');
      if (text.includes(id)) result.set(uri, TextDocument.create(uri, 'plaintext', 0, text));
    }
    return [...result.values()];
  }

  connection.onRequest(REBUILD_INDEX_REQUEST, guard(logError, 'rebuild', undefined, async (): Promise<RebuildResult> => {
    const result = await rebuild();
    return { resources: result.resources, aclFiles: result.aclFiles, modules: result.modules.length, milliseconds: result.milliseconds };
  }));

  registerScaffoldRequests(connection, {
    index, indexer, names: modules, integrations,
    folders: () => folders,
    isIndexComplete: () => indexComplete,
    // Not left to the file watcher: it can miss files in folders created in the same instant.
    filesCreated: (files) => applyDiskChanges(files.map((file) => ({ uri: URI.file(file).toString(), type: FileChangeType.Created }))),
    openDocument: (file) => documents.get(URI.file(file).toString()) ?? documents.all().find((d) => canonicalUri(d.uri) === canonicalUri(URI.file(file).toString())),
  }, logError);

  documents.listen(connection);
  connection.listen();
}
