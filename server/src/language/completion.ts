// Completion of ACL ids wherever a Magento file expects one.
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, TextEdit } from 'vscode-languageserver-types';
import { AclIndex, AclResource, AclSnapshot, characterMask } from '../magento/aclIndex';
import { ALL_ID } from '../magento/aclIds';
import { receiverTree, siteFor } from '../magento/aclReferences';
import { isIntegrationKind } from '../magento/fileKinds';
import { attribute } from '../magento/xmlTree';
import { readPhpFile } from '../magento/phpSource';
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
  /** B2B's company ACL, offered where `isAllowed()` checks a company's permissions. */
  companySnapshot?: AclSnapshot;
  /** The client resolves `detail` and `documentation` of the focused item (completionItem/resolve): the list leaves them out. */
  resolveDetails?: boolean;
}

/** What a deferred item needs to be resolved: which tree its id is from (absent: the admin ACL). */
export type CompletionItemData = 'company' | undefined;

/** The tree a PHP value's ids come from: the receiver of `isAllowed()` decides; unknown receivers get none. */
function treeFor(parsed: ParsedDocument, context: ValueContext, snapshot: AclSnapshot, options: CompletionOptions): AclSnapshot | undefined {
  if (parsed.kind === 'company-acl') return options.companySnapshot ?? new AclIndex().snapshot();
  if (parsed.kind !== 'php' || context.element !== 'isAllowed') return snapshot;
  const tree = receiverTree(context.receiver ?? '', readPhpFile(parsed.document.getText()));
  return tree === 'admin' ? snapshot : tree === 'company' ? options.companySnapshot : undefined;
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
  const tree = treeFor(parsed, context, snapshot, options);
  if (!tree) return { isIncomplete: false, items: [] };
  snapshot = tree;
  const range = { start: document.positionAt(context.start), end: document.positionAt(context.end) };
  const items: CompletionItem[] = [];

  if ((parsed.kind === 'acl' || parsed.kind === 'company-acl') && options.moduleName && !context.prefix.includes('::')) {
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

  const shared = options.itemDefaultsEditRange ? undefined : range;
  const matched = matchResources(snapshot, context.prefix, MAX_COMPLETION_ITEMS + 1);
  const truncated = matched.length > MAX_COMPLETION_ITEMS;
  const data: CompletionItemData = tree === options.companySnapshot && tree !== undefined && parsed.kind !== 'acl' ? 'company' : undefined;
  // In tree order: the position in the list sorts it as the tree does. Ids the integration already grants are
  // marked and go after the rest; full access goes last, marked as such (one careless Enter grants everything).
  const granted = isIntegrationKind(parsed.kind) ? grantedAround(parsed, offset) : new Set<string>();
  matched.slice(0, MAX_COMPLETION_ITEMS).forEach((resource, position) => {
    const item = completionItem(resource, position, snapshot, shared, options.resolveDetails ? data ?? null : undefined);
    if (resource.id === ALL_ID) {
      item.sortText = `~${item.sortText}`;
      item.labelDetails = { detail: ' (full access)', description: 'Every resource, now and later: grant only what the app calls' };
    } else if (granted.has(resource.id)) {
      item.sortText = `}${item.sortText}`;
      item.labelDetails = { detail: ' (already granted)', description: resource.title };
    }
    items.push(item);
  });
  return options.itemDefaultsEditRange ? { isIncomplete: truncated, itemDefaults: { editRange: range }, items } : { isIncomplete: truncated, items };
}

/** The ids granted by the `<integration>` element around `offset` (but the value being typed). */
function grantedAround(parsed: ParsedDocument, offset: number): Set<string> {
  const granted = new Set<string>();
  const integration = parsed.tree?.root?.children.find((element) => element.name === 'integration' && element.start <= offset && offset <= element.end);
  for (const resources of integration?.children ?? []) {
    if (resources.name !== 'resources') continue;
    for (const resource of resources.children) {
      const name = resource.name === 'resource' ? attribute(resource, 'name') : undefined;
      if (name && !(name.valueStart <= offset && offset <= name.valueEnd)) granted.add(name.value);
    }
  }
  return granted;
}

/**
 * Without `range`, the item relies on the list's `itemDefaults.editRange`. With `deferred` (the item's
 * resolve data, null for the admin tree), the breadcrumb and documentation wait for completionItem/resolve.
 */
function completionItem(resource: AclResource, position: number, snapshot: AclSnapshot, range: { start: Position; end: Position } | undefined, deferred?: CompletionItemData | null): CompletionItem {
  const item: CompletionItem = {
    label: resource.id,
    labelDetails: resource.title ? { description: resource.title } : undefined,
    kind: CompletionItemKind.Reference,
    filterText: resource.title ? `${resource.id} ${resource.title}` : resource.id,
    sortText: position.toString().padStart(6, '0'),
    textEdit: range ? TextEdit.replace(range, resource.id) : undefined,
  };
  if (deferred === undefined) return { ...item, ...itemDetails(resource, snapshot) };
  if (deferred) item.data = deferred;
  return item;
}

function itemDetails(resource: AclResource, snapshot: AclSnapshot): Pick<CompletionItem, 'detail' | 'documentation'> {
  return {
    detail: snapshot.breadcrumb(resource.id),
    documentation: resource.bundled ? { kind: MarkupKind.Markdown, value: 'From the bundled Magento core catalog.' } : undefined,
  };
}

/** completionItem/resolve: the breadcrumb and documentation of an ACL id item the list left out. */
export function resolveCompletionItem(item: CompletionItem, snapshot: AclSnapshot, companySnapshot: AclSnapshot | undefined): CompletionItem {
  if (item.detail !== undefined || item.kind !== CompletionItemKind.Reference) return item;
  const tree = item.data === 'company' ? companySnapshot : snapshot;
  const resource = tree?.get(item.label);
  return resource ? { ...item, ...itemDetails(resource, tree!) } : item;
}

/**
 * Case-insensitive, in tree order: first the resources whose id or title contains the typed text, then,
 * if there is room, those whose id holds its characters in order. Stops at `limit`.
 */
function matchResources(snapshot: AclSnapshot, query: string, limit: number): AclResource[] {
  const entries = snapshot.searchable();
  const needle = query.trim().toLowerCase();
  if (!needle) return entries.slice(0, limit).map((e) => e.resource);
  // Positions in `entries` (tree order).
  const found: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.id.includes(needle) || entry.title.includes(needle)) {
      found.push(i);
      if (found.length >= limit) return found.map((at) => entries[at].resource);
    }
  }
  const needed = characterMask(needle);
  const seen = new Set(found);
  for (let i = 0; i < entries.length && found.length < limit; i++) {
    const entry = entries[i];
    if (seen.has(i) || (entry.characters & needed) !== needed || !isSubsequence(needle, entry.id)) continue;
    found.push(i);
  }
  return found.sort((a, b) => a - b).map((at) => entries[at].resource);
}

function isSubsequence(needle: string, haystack: string): boolean {
  let position = 0;
  for (let i = 0; i < needle.length; i++) {
    position = haystack.indexOf(needle[i], position) + 1;
    if (position === 0) return false;
  }
  return true;
}
