// The pure language service: documents and the ACL index in, LSP-shaped answers out. No transport.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CompletionItem, CompletionList, Diagnostic, DocumentSymbol, Hover, Location, Position, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-types';
import { AclIndex } from '../magento/aclIndex';
import { getCodeActions } from './codeActions';
import { doComplete, resolveCompletionItem } from './completion';
import { doValidation, ValidationOptions } from './diagnostics';
import { applySeveritySettings, SeveritySetting } from './severitySettings';
import { withDescription } from './diagnosticDocs';
import { IntegrationConfiguration, ModuleContext } from '../magento/moduleFacts';
import type { EncodingProblem } from '../magento/xmlEncoding';
import { doHover } from './hover';
import { aclIdAt, findDefinition, findReferencesIn } from './navigation';
import { DocumentLimits, INTERACTIVE_LIMITS, ParsedDocument, ParsedDocumentCache, parseDocument } from './parsedDocument';
import { findDocumentSymbols } from './symbols';
import { findWorkspaceSymbols } from './workspaceSymbols';
import { prepareRename, RenameCheck, renameAclId } from './rename';

export interface LanguageServiceContext {
  index: AclIndex;
  /** B2B's storefront company ACL (etc/company_acl.xml), a tree of its own. */
  companyIndex?: AclIndex;
  /** Whether the first workspace scan has finished (until then, "unknown id" may only mean "not read yet"). */
  isIndexComplete(): boolean;
  /** The Magento module a file belongs to, e.g. `Vendor_Module`. */
  moduleNameOf?(uri: string): string | undefined;
  /** The client accepts `itemDefaults.editRange` in completion lists. */
  completionItemDefaults?: boolean;
  /** The client resolves an item's `detail` and `documentation` when it shows them (completionItem/resolve). */
  completionResolvesDetails?(): boolean;
  /** The workspace's REST routes joined to its integrations (for hovers). */
  routeCountOf?(integration: string): number | undefined;
  /** Whether granting an id gives an integration anything (workspace/routeIndex.ts resourceUse). */
  resourceUseIn?(uri: string): (id: string) => 'used' | 'unused' | 'unknown';
  integrationsCalling?(method: string, url: string): string[];
  /** The module a document belongs to and a reader for its other files (cross-file checks). */
  moduleContextOf?(uri: string): ModuleContext | undefined;
  /** The file's first invalid UTF-8 byte on disk (asked only for text holding U+FFFD). */
  encodingProblemOf?(uri: string): EncodingProblem | undefined;
  /** Other files of the workspace that configure an integration named `name`. */
  integrationsNamed?(name: string, exceptUri: string): IntegrationConfiguration[];
  /** Whether the workspace holds a module of that name (to tell a wrong id from one of a module not installed here). */
  hasModule?(name: string): boolean;
  /** How long a document may be to be analysed (the editor's limits by default). */
  documentLimits?: DocumentLimits;
  /** The user's severity per code (read each time: settings change live). */
  severitySettings?(): ReadonlyMap<string, SeveritySetting>;
}

export interface LanguageService {
  doComplete(document: TextDocument, position: Position): CompletionList;
  /** Fills in what a completion list left out for the client to resolve (the breadcrumb, documentation). */
  resolveCompletionItem(item: CompletionItem): CompletionItem;
  doHover(document: TextDocument, position: Position): Hover | null;
  findDefinition(document: TextDocument, position: Position): Location[];
  /** The ACL id under the cursor, to search for. */
  aclIdAt(document: TextDocument, position: Position): string | undefined;
  findReferences(id: string, documents: Iterable<TextDocument>, includeDeclaration: boolean): Location[];
  /** Whether the ACL id at the position can be renamed (declared only by the workspace's own files). */
  prepareRename(document: TextDocument, position: Position, isOwnFile: (uri: string) => boolean): RenameCheck | undefined;
  /** Renames `id` to `newName` in every one of `documents` that uses or declares it. */
  renameAclId(id: string, newName: string, documents: Iterable<TextDocument>, isOwnFile: (uri: string) => boolean): WorkspaceEdit | { refused: string };
  findDocumentSymbols(document: TextDocument): DocumentSymbol[];
  /** ACL resources by id or title, across the workspace. */
  findWorkspaceSymbols(query: string): SymbolInformation[];
  /** `transient`: a file read once (the workspace check), kept out of the cache the open documents use. */
  doValidation(document: TextDocument, options?: { transient?: boolean }): Diagnostic[];
  /** `only`: the code action kinds the client asks for (source.fixAll.magento on save, say). */
  getCodeActions(document: TextDocument, diagnostics: readonly Diagnostic[], only?: readonly string[]): CodeAction[];
  /** Drops cached parses of a closed document. */
  forget(uri: string): void;
  /**
   * Builds the per-index search structures and warms the completion path before the first user request: in
   * steps of a few milliseconds each, so that a request which comes meanwhile waits for one step at most.
   */
  warmUpSteps(): Array<() => void>;
}

const WARM_UP_DOCUMENT = TextDocument.create('file:///warm-up/etc/integration.xml', 'xml', 0, '<config><integration name="Warm"><resources><resource name=""/></resources></integration></config>');
/** Each matching path (empty, substring, title, in-order characters, none), twice so the JIT settles. */
const WARM_UP_QUERIES = ['', 'Magento_', 'Magento_Catalog::', 'Products', 'mgcatprd', 'xyz'].flatMap((q) => [q, q]);

export function createLanguageService(context: LanguageServiceContext): LanguageService {
  const limits = context.documentLimits ?? INTERACTIVE_LIMITS;
  const cache = new ParsedDocumentCache(limits);
  const parsed = (document: TextDocument): ParsedDocument => cache.get(document);
  /** A document too long to analyse answers nothing but its one diagnostic saying so. */
  const analysed = <R>(document: TextDocument, none: R, feature: (parsed: ParsedDocument) => R): R => {
    const result = parsed(document);
    return result.tooLarge ? none : feature(result);
  };
  const snapshot = () => context.index.snapshot();
  const companySnapshot = () => context.companyIndex?.snapshot();
  const validationOptions = (document: TextDocument): ValidationOptions => ({
    indexComplete: context.isIndexComplete(),
    module: context.moduleContextOf?.(document.uri),
    encodingProblem: () => context.encodingProblemOf?.(document.uri),
    othersNamed: context.integrationsNamed && ((name) => context.integrationsNamed!(name, document.uri)),
    companySnapshot: companySnapshot(),
    hasModule: context.hasModule,
    resourceUse: context.resourceUseIn?.(document.uri),
  });
  return {
    doComplete: (document, position) =>
      analysed(document, { isIncomplete: false, items: [] }, (p) => doComplete(p, position, snapshot(), {
        moduleName: context.moduleNameOf?.(document.uri),
        itemDefaultsEditRange: context.completionItemDefaults,
        companySnapshot: companySnapshot(),
        resolveDetails: context.completionResolvesDetails?.(),
      })),
    resolveCompletionItem: (item) => resolveCompletionItem(item, snapshot(), companySnapshot()),
    doHover: (document, position) => analysed(document, null, (p) => doHover(p, position, snapshot(), {
      moduleNameOf: context.moduleNameOf, companySnapshot: companySnapshot(), routeCountOf: context.routeCountOf, integrationsCalling: context.integrationsCalling,
    })),
    findDefinition: (document, position) => analysed(document, [], (p) => findDefinition(p, position, snapshot(), companySnapshot())),
    aclIdAt: (document, position) => analysed(document, undefined, (p) => aclIdAt(p, position)),
    findReferences: (id, documents, includeDeclaration) => {
      const candidates = function* () {
        // Most files never mention the id; skip their parse.
        for (const document of documents) if (document.getText().includes(id)) yield parseDocument(document, document.getText(), limits);
      };
      return findReferencesIn(id, candidates(), includeDeclaration);
    },
    prepareRename: (document, position, isOwnFile) => analysed(document, undefined, (p) => prepareRename(p, document.offsetAt(position), snapshot(), isOwnFile)),
    renameAclId: (id, newName, documents, isOwnFile) => {
      const candidates = function* () {
        for (const document of documents) if (document.getText().includes(id)) yield parseDocument(document, document.getText(), limits);
      };
      return renameAclId(id, newName, snapshot(), candidates(), isOwnFile);
    },
    findDocumentSymbols: (document) => analysed(document, [], findDocumentSymbols),
    findWorkspaceSymbols: (query) => findWorkspaceSymbols(query, snapshot(), companySnapshot()),
    doValidation: (document, options) => {
      const parse = options?.transient ? parseDocument(document, document.getText(), limits) : parsed(document);
      const diagnostics = doValidation(parse, snapshot(), validationOptions(document)).map(withDescription);
      return context.severitySettings ? applySeveritySettings(diagnostics, context.severitySettings()) : diagnostics;
    },
    getCodeActions: (document, diagnostics, only) => analysed(document, [], (p) => {
      const options = validationOptions(document);
      // "Fix all" needs every diagnostic of the file, not only those under the cursor.
      return getCodeActions(p, diagnostics, options.module, doValidation(p, snapshot(), options), only);
    }),
    forget: (uri) => cache.forget(uri),
    warmUpSteps: () => {
      const offset = WARM_UP_DOCUMENT.getText().indexOf('name=""') + 6;
      const completions = WARM_UP_QUERIES.map((query) => () => {
        const text = WARM_UP_DOCUMENT.getText().replace('name=""', `name="${query}"`);
        const document = TextDocument.create(WARM_UP_DOCUMENT.uri, 'xml', 0, text);
        doComplete(parseDocument(document), document.positionAt(offset + query.length), snapshot(), { itemDefaultsEditRange: context.completionItemDefaults });
      });
      // An api.xml with a typo and a child without its parents: the diagnostics' slow paths.
      const validation = () => {
        const ids = snapshot().ordered.slice(-3).map((r) => r.id);
        const api = TextDocument.create('file:///warm-up/etc/integration/api.xml', 'xml', 0,
          `<integrations><integration name="Warm"><resources>${[...ids, `${ids[0]}x`].map((id) => `<resource name="${id}"/>`).join('')}</resources></integration></integrations>`);
        doValidation(parseDocument(api), snapshot(), { indexComplete: true });
      };
      return [...completions, validation];
    },
  };
}
