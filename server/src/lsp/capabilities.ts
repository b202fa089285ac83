// What the client can do, read once from `initialize` into one read-only object: every later choice (push or
// pull diagnostics, progress, watcher registration, lazy completion details) asks it, never the raw params.
import { InitializeParams } from 'vscode-languageserver';
import { pathOfUri } from '../workspace/uris';

export interface SessionCapabilities {
  /** The workspace folders, as file system paths. */
  readonly folders: readonly string[];
  readonly progress: boolean;
  readonly watcherRegistration: boolean;
  readonly folderChanges: boolean;
  /** Completion lists may share one edit range (`itemDefaults.editRange`). */
  readonly completionItemDefaults: boolean;
  /** The client resolves `detail` and `documentation` lazily: lists carry only what they show. */
  readonly completionResolvesDetails: boolean;
  readonly configuration: boolean;
  /** Pull diagnostics (LSP 3.17): the client asks for them; else they are pushed. */
  readonly pullDiagnostics: boolean;
  readonly diagnosticRefresh: boolean;
}

/** Before `initialize`: nothing is assumed. */
export const NO_CAPABILITIES: SessionCapabilities = Object.freeze({
  folders: [], progress: false, watcherRegistration: false, folderChanges: false, completionItemDefaults: false,
  completionResolvesDetails: false, configuration: false, pullDiagnostics: false, diagnosticRefresh: false,
});

export function readCapabilities(params: InitializeParams): SessionCapabilities {
  // A hand-written client may leave `capabilities` out (the spec requires it): it gets the defaults, not a crash.
  const capabilities = params.capabilities ?? {};
  const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const lazy = capabilities.textDocument?.completion?.completionItem?.resolveSupport?.properties ?? [];
  return Object.freeze({
    folders: folderUris.map(pathOfUri).filter((folder): folder is string => folder !== undefined),
    progress: !!capabilities.window?.workDoneProgress,
    watcherRegistration: !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    folderChanges: !!capabilities.workspace?.workspaceFolders,
    completionItemDefaults: !!capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange'),
    completionResolvesDetails: lazy.includes('detail') && lazy.includes('documentation'),
    configuration: !!capabilities.workspace?.configuration,
    pullDiagnostics: !!capabilities.textDocument?.diagnostic,
    diagnosticRefresh: !!capabilities.workspace?.diagnostics?.refreshSupport,
  });
}
