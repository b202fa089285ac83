// Completion of ACL ids wherever a Magento file expects one.
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, TextEdit } from 'vscode-languageserver-types';
import { AclResource, AclSnapshot, characterMask, SearchEntry } from '../magento/aclIndex';
import { siteFor } from '../magento/aclReferences';
import { ParsedDocument } from './parsedDocument';
import { phpValueContext, ValueContext, xmlValueContext } from './cursorContext';
import { doSchemaComplete } from './schemaCompletion';

/** Enough to fill any completion widget; the client asks again as the user types (isIncomplete). */
export const MAX_COMPLETION_ITEMS = 100;

export interface CompletionOptions {
  /** The module an acl.xml belongs to, to complete `Vendor_Module::` in new ids. */
  moduleName?: string;
  /** The client takes the shared replace range from `itemDefaults` (LSP 3.17): a much smaller answer. */
  itemDefaultsEditRange?: boolean;
}

export function aclValueContext(parsed: ParsedDocument, offset: number): ValueContext | undefined {
  const { kind, document } = parsed;
  if (!kind) return undefined;
  const text = document.getText();
  if (kind === 'php') return phpValueContext(text, offset);
  const context = xmlValueContext(text, offset, kind === 'webapi');
  if (!context || !siteFor(kind, context.element, context.attribute)) return undefined;
  return context;
}

export function doComplete(parsed: ParsedDocument, position: Position, snapshot: AclSnapshot, options: CompletionOptions = {}): CompletionList {
  const { document } = parsed;
  const offset = document.offsetAt(position);
  const context = aclValueContext(parsed, offset);
  if (!context) return doSchemaComplete(parsed, offset) ?? { isIncomplete: false, items: [] };
  const range = { start: document.positionAt(context.start), end: document.positionAt(context.end) };
  const items: CompletionItem[] = [];

  if (parsed.kind === 'acl' && options.moduleName && !context.prefix.includes('::')) {
    const prefix = `${options.moduleName}::`;
    items.push({
      label: prefix,
      kind: CompletionItemKind.Module,
      detail: `New resource of ${options.moduleName}`,
      sortText: ' ',
      textEdit: TextEdit.replace(range, `${prefix}\${1:resource_name}`),
      insertTextFormat: InsertTextFormat.Snippet,
    });
  }

  const matches = queryMatcher(context.prefix);
  const shared = options.itemDefaultsEditRange ? undefined : range;
  let truncated = false;
  for (const entry of snapshot.searchable()) {
    if (!matches(entry)) continue;
    if (items.length >= MAX_COMPLETION_ITEMS) {
      truncated = true;
      break;
    }
    items.push(completionItem(entry.resource, snapshot, shared));
  }
  return options.itemDefaultsEditRange ? { isIncomplete: truncated, itemDefaults: { editRange: range }, items } : { isIncomplete: truncated, items };
}

/** Without `range`, the item relies on the list's `itemDefaults.editRange`. */
function completionItem(resource: AclResource, snapshot: AclSnapshot, range: { start: Position; end: Position } | undefined): CompletionItem {
  const breadcrumb = snapshot.breadcrumb(resource.id);
  return {
    label: resource.id,
    labelDetails: resource.title ? { description: resource.title } : undefined,
    kind: CompletionItemKind.Reference,
    detail: breadcrumb,
    documentation: resource.bundled
      ? { kind: MarkupKind.Markdown, value: 'From the bundled Magento core catalog.' }
      : undefined,
    filterText: resource.title ? `${resource.id} ${resource.title}` : resource.id,
    sortText: resource.order.toString().padStart(6, '0'),
    textEdit: range ? TextEdit.replace(range, resource.id) : undefined,
  };
}

/** Case-insensitive: the typed text as a substring of the id or title, or its characters in order within the id. */
function queryMatcher(query: string): (entry: SearchEntry) => boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return () => true;
  const needed = characterMask(needle);
  return ({ id, title, characters }) => {
    if (title.includes(needle)) return true;
    if ((characters & needed) !== needed) return false;
    if (id.includes(needle)) return true;
    let position = 0;
    for (const char of needle) {
      position = id.indexOf(char, position) + 1;
      if (position === 0) return false;
    }
    return true;
  };
}
