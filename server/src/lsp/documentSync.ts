// Editor and disk changes into the model, in one place: open documents (typed, closed) and files the
// client's watcher reports; each change then goes to the diagnostics and the index state.
import { Connection, FileChangeType, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../language/languageService';
import { fileKindOf } from '../magento/fileKinds';
import { FileChangeType as WorkspaceChange, MagentoWorkspace } from '../workspace/magentoWorkspace';
import { pathOfUri } from '../workspace/uris';
import { EditorDiagnostics } from './diagnostics';
import { EditorActivity } from './editorActivity';
import { Indexing } from './indexing';
import { OpenFiles } from './openFiles';
import { guard, Logger } from './safe';

const CHANGE_TYPES: Record<FileChangeType, WorkspaceChange> = { 1: 'created', 2: 'changed', 3: 'deleted' };

export interface DocumentSync {
  /** Brings the model up to date with files changed on disk (also for files the server itself created). */
  applyDiskChanges(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): void;
}

export function syncDocuments(connection: Connection, documents: TextDocuments<TextDocument>, openFiles: OpenFiles, deps: {
  workspace: MagentoWorkspace; service: LanguageService; diagnostics: EditorDiagnostics; indexing: Indexing; activity: EditorActivity; log: Logger; logError: Logger;
}): DocumentSync {
  const { workspace, service, diagnostics, indexing, activity, log, logError } = deps;

  function applyDiskChanges(changes: ReadonlyArray<{ uri: string; type: FileChangeType }>): void {
    const files = changes.flatMap(({ uri, type }) => {
      const file = pathOfUri(uri);
      return file === undefined ? [] : [{ file, type: CHANGE_TYPES[type] }];
    });
    if (workspace.applyDiskChanges(files)) {
      indexing.sendState(workspace.isComplete ? 'ready' : 'indexing');
      diagnostics.revalidateAffected(files.map((f) => f.file));
    }
    // Closed files of the project's own modules follow the disk, PHP included (which the model itself ignores).
    diagnostics.checkClosed(files.map((f) => f.file));
  }

  connection.onDidChangeWatchedFiles(guard(logError, 'watched files', undefined, async ({ changes }) => {
    const magentoFiles = changes.filter((c) => fileKindOf(c.uri) !== 'php');
    if (magentoFiles.length > 0) log(`Files changed on disk: ${magentoFiles.map((c) => `${CHANGE_TYPES[c.type]} ${pathOfUri(c.uri) ?? c.uri}`).join(', ')}`);
    applyDiskChanges(changes);
  }));

  documents.onDidChangeContent(guard(logError, 'document change', undefined, ({ document }) => {
    activity.mark();
    const file = openFiles.fileOf(document.uri);
    // Only Magento files are part of the model; any other open document is still checked on its own.
    const modelFile = file !== undefined && fileKindOf(document.uri) ? file : undefined;
    const modelChanged = modelFile !== undefined && workspace.setOpenDocument(modelFile, document.getText());
    diagnostics.changed(document, modelFile, modelChanged);
  }));

  documents.onDidClose(guard(logError, 'document close', undefined, ({ document }) => {
    service.forget(document.uri);
    const file = openFiles.fileOf(document.uri);
    if (file !== undefined) workspace.closeDocument(file);
    diagnostics.closed(document, file);
  }));

  return { applyDiskChanges };
}
