// The language features over LSP: completion, hover, navigation, symbols, code actions, references and
// rename, each guarded, each marking the editor busy so background checks give way.
import { CancellationToken, CompletionItem, Connection, ErrorCodes, ResponseError, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../language/languageService';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { Cancelled, TimeSlicer } from '../workspace/timeSlicer';
import { canonicalUri, pathOfUri, uriOfPath } from '../workspace/uris';
import { EditorActivity } from './editorActivity';
import { guard, Logger } from './safe';

export function registerLanguageFeatures(connection: Connection, documents: TextDocuments<TextDocument>, deps: {
  workspace: MagentoWorkspace; service: LanguageService; activity: EditorActivity; logError: Logger;
}): void {
  const { workspace, service, activity, logError } = deps;
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
}
