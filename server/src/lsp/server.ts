// The language server's entry: it composes the editor session from modules of its own (capabilities and
// settings in the session, indexing, diagnostics, document sync, the language features, the custom
// requests) and answers initialize. No state or timing of its own lives here.
import { CodeActionKind, Connection, DidChangeWatchedFilesNotification, FileChangeType, InitializeResult, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FIX_ALL_KIND } from '../language/codeActions';
import { WATCHED_GLOBS } from '../magento/fileKinds';
import { workspaceLanguageService } from '../service/workspaceService';
import { Exclusions } from '../workspace/exclusions';
import { nodeFileSystem } from '../workspace/fileSystem';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { pathOfUri, uriOfPath } from '../workspace/uris';
import { keepCompiledCode } from './compiledCode';
import { EditorDiagnostics } from './diagnostics';
import { syncDocuments } from './documentSync';
import { EditorActivity } from './editorActivity';
import { registerLanguageFeatures } from './features';
import { Indexing } from './indexing';
import { OpenFiles } from './openFiles';
import { guard } from './safe';
import { registerScaffoldRequests } from './scaffoldRequests';
import { Session } from './session';
import { PushedSettings } from './settings';
import { registerViewRequests } from './viewRequests';
import { registerStoreRequests } from './storeRequests';

export function startServer(connection: Connection): void {
  const log = (message: string) => connection.console.log(message);
  const logError = (message: string) => connection.console.error(message);
  const documents = new TextDocuments(TextDocument);
  const openFiles = new OpenFiles(documents);
  const session = new Session();
  const activity = new EditorActivity();
  const workspace = new MagentoWorkspace(nodeFileSystem, { log, onProgress: (progress) => indexing.progressed(progress) });
  const service = workspaceLanguageService(workspace, {
    completionItemDefaults: () => session.capabilities.completionItemDefaults,
    completionResolvesDetails: () => session.capabilities.completionResolvesDetails,
    severitySettings: () => session.settings.severities,
  });
  const indexing = new Indexing(connection, () => workspace, session, log, logError, () => [...service.warmUpSteps(), keepCompiledCode]);
  const diagnostics = new EditorDiagnostics(connection, documents, openFiles, workspace, service, session, activity, log, logError);
  indexing.onIndexed(() => {
    diagnostics.revalidateAll();
    diagnostics.checkWorkspace();
  });
  const sync = syncDocuments(connection, documents, openFiles, { workspace, service, diagnostics, indexing, activity, log, logError });
  registerLanguageFeatures(connection, documents, { workspace, service, activity, logError });

  /** Reads the settings and applies new excluded folders to the model; resolves whether they changed (a re-index). */
  const applySettings = async (pushed?: PushedSettings): Promise<boolean> => {
    if (!(await session.settings.read(pushed))) return false;
    const exclusions = new Exclusions(session.settings.excludePatterns, session.folders);
    for (const refusal of exclusions.refused) logError(`Exclude pattern left out: ${refusal}.`);
    workspace.setExclusions(exclusions);
    return true;
  };

  connection.onInitialize((params): InitializeResult => {
    session.start(params, (section) => connection.workspace.getConfiguration(section));
    diagnostics.register();
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
        ...(session.capabilities.pullDiagnostics ? { diagnosticProvider: { identifier: 'magento', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'magento-integration-kit' },
    };
  });

  connection.onInitialized(() => {
    log(session.capabilities.pullDiagnostics ? 'Diagnostics: pulled by the editor, the workspace\'s included (LSP 3.17).' : 'Diagnostics: pushed (the editor does not pull them).');
    // The excluded folders are known before the first index reads anything.
    void guard(logError, 'settings and indexing', undefined, async () => {
      await applySettings().catch((error) => logError(`settings: ${error instanceof Error ? error.message : String(error)}`));
      await indexing.rebuild();
    })();
    if (session.capabilities.watcherRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (!session.capabilities.folderChanges) return;
    connection.workspace.onDidChangeWorkspaceFolders(guard(logError, 'workspace folders', undefined, async (event) => {
      const removed = new Set(event.removed.map((f) => pathOfUri(f.uri)));
      session.folders = session.folders.filter((f) => !removed.has(f)).concat(event.added.map((f) => pathOfUri(f.uri)).filter((f): f is string => f !== undefined));
      workspace.setExclusions(new Exclusions(session.settings.excludePatterns, session.folders));
      await indexing.rebuild();
    }));
  });

  connection.onDidChangeConfiguration(guard(logError, 'settings', undefined, async ({ settings }: { settings?: PushedSettings }) => {
    if (await applySettings(settings)) {
      log(`Excluded from indexing and checking: ${session.settings.excludePatterns.join(', ') || 'nothing'}.`);
      await indexing.rebuild();
      return;
    }
    diagnostics.revalidateAll();
    diagnostics.checkWorkspace();
  }));

  registerScaffoldRequests(connection, {
    workspace,
    folders: () => [...session.folders],
    // Not left to the file watcher: it can miss files in folders created in the same instant.
    filesCreated: async (files) => sync.applyDiskChanges(files.map((file) => ({ uri: uriOfPath(file), type: FileChangeType.Created }))),
    openDocument: (file) => openFiles.document(file),
  }, logError);
  registerViewRequests(connection, workspace, logError);
  registerStoreRequests(connection, workspace, () => [...session.folders], logError);

  documents.listen(connection);
  connection.listen();
}
