// The ACL resource step: the live tree, searchable by id, title and breadcrumb; picking a child picks its
// parents; a module being created can also declare a new resource of its own by typing its name.
import * as vscode from 'vscode';
import type { AclTreeItem } from '../../../shared/protocol';
import { MultiStepInput } from './multiStepInput';

export interface ResourceItem extends vscode.QuickPickItem {
  id: string;
  parentId?: string;
  isNew?: boolean;
}

/** Magento's root and "allow everything" are never listed: Magento adds the root itself. */
const HIDDEN = new Set(['Magento_Backend::admin', 'Magento_Backend::all']);

/** Ids the integration already grants: marked, and listed after the others (picking one again adds nothing). */
export function markGranted(items: ResourceItem[], granted: readonly string[]): ResourceItem[] {
  if (granted.length === 0) return items;
  const has = new Set(granted);
  const marked = items.map((item) => (has.has(item.id) ? { ...item, description: `$(check) already granted${item.description ? ` · ${item.description}` : ''}` } : item));
  return [...marked.filter((item) => !has.has(item.id)), ...marked.filter((item) => has.has(item.id))];
}

export function resourceItems(tree: readonly AclTreeItem[]): ResourceItem[] {
  const items: ResourceItem[] = [];
  const stack: AclTreeItem[] = [];
  for (const resource of tree) {
    while (stack.length > 0 && stack[stack.length - 1].depth >= resource.depth) stack.pop();
    const parent = stack[stack.length - 1];
    stack.push(resource);
    if (HIDDEN.has(resource.id)) continue;
    items.push({
      id: resource.id,
      parentId: parent && !HIDDEN.has(parent.id) ? parent.id : undefined,
      label: resource.id,
      description: resource.title,
      detail: resource.breadcrumb,
    });
  }
  return items;
}

export function pickResources(flow: MultiStepInput, tree: readonly AclTreeItem[], options: { key: string; selected: readonly string[]; ownModule?: string; placeholder: string; granted?: readonly string[] }): Promise<readonly ResourceItem[]> {
  const items = markGranted(resourceItems(tree), options.granted ?? []);
  const byId = new Map(items.map((item) => [item.id, item]));
  const created = new Map<string, ResourceItem>();
  const withParents = (selection: readonly ResourceItem[]) => {
    const result = new Map<string, ResourceItem>();
    for (const item of selection) {
      for (let current: ResourceItem | undefined = item; current; current = current.parentId ? byId.get(current.parentId) : undefined) result.set(current.id, current);
    }
    // New ones stay offered while selected; tree order, new ones last.
    created.clear();
    for (const item of result.values()) if (item.isNew) created.set(item.id, item);
    return [...items.filter((i) => result.has(i.id)), ...[...result.values()].filter((i) => i.isNew)];
  };
  const itemsFor = (filter: string): ResourceItem[] => {
    const own = options.ownModule;
    // Only "Vendor_Module::name" offers a new id: a plain search must not change the items (each change of the
    // items makes the workbench redraw the list and, mid-redraw, report a selection without the ticks it hides).
    const part = own && filter.startsWith(`${own}::`) ? filter.slice(own.length + 2) : undefined;
    const extra = [...created.values()];
    if (own && part !== undefined && /^[A-Za-z0-9_]+$/.test(part) && !byId.has(`${own}::${part}`) && !created.has(`${own}::${part}`)) {
      extra.unshift({ id: `${own}::${part}`, label: `${own}::${part}`, description: 'new', detail: "Declared in the module's etc/acl.xml under Magento Admin", isNew: true, alwaysShow: true });
    }
    return [...extra, ...items];
  };
  return flow.pick<ResourceItem>({
    key: options.key,
    placeholder: options.placeholder,
    items: options.ownModule ? itemsFor('') : items,
    selected: withParents(options.selected.map((id) => byId.get(id) ?? created.get(id)).filter((i): i is ResourceItem => !!i)),
    matches: (item, answer) => item.id === answer,
    adjustSelection: withParents,
    itemsFor: options.ownModule ? itemsFor : undefined,
  }, true);
}
