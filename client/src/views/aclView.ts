// The "Magento ACL" view in the Explorer: the workspace's merged resource tree with titles, where each id is
// declared, a filter, and per node: go to declaration (a click), copy id, grant to an integration.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ACL_VIEW_REQUEST, AclViewNode } from '../../../shared/protocol';

/** Magento's root: every id hangs below it, so the view starts at its children. */
const ROOT = 'Magento_Backend::admin';

export class AclTreeProvider implements vscode.TreeDataProvider<AclViewNode> {
  private readonly changed = new vscode.EventEmitter<AclViewNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: AclViewNode[] = [];
  private children = new Map<string | undefined, AclViewNode[]>();
  private byId = new Map<string, AclViewNode>();
  private filterText = '';
  /** Ids shown under the filter: the matches and their ancestors. */
  private visible?: Set<string>;
  private loaded = false;

  constructor(private readonly client: LanguageClient) {}

  get filter(): string {
    return this.filterText;
  }

  /** The number of ids the current filter matches (all ids without one). */
  get matchCount(): number {
    return this.filterText ? this.nodes.filter((n) => this.matches(n)).length : this.nodes.length;
  }

  async refresh(): Promise<void> {
    this.nodes = await this.client.sendRequest(ACL_VIEW_REQUEST);
    this.loaded = true;
    this.byId = new Map(this.nodes.map((n) => [n.id, n]));
    this.children = new Map();
    for (const node of this.nodes) {
      const parent = node.parentId === ROOT || !node.parentId || !this.byId.has(node.parentId) ? undefined : node.parentId;
      if (node.id === ROOT) continue;
      const siblings = this.children.get(parent) ?? [];
      siblings.push(node);
      this.children.set(parent, siblings);
    }
    this.applyFilter(this.filterText);
  }

  setFilter(text: string): void {
    this.applyFilter(text.trim());
  }

  get(id: string): AclViewNode | undefined {
    return this.byId.get(id);
  }

  getTreeItem(node: AclViewNode): vscode.TreeItem {
    const hasChildren = (this.children.get(node.id) ?? []).some((c) => !this.visible || this.visible.has(c.id));
    const state = !hasChildren ? vscode.TreeItemCollapsibleState.None
      : this.filterText ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.title ?? node.id, state);
    // VS Code keeps an item's expansion by id: a filtered tree gets ids of its own, so its matches show expanded.
    item.id = this.filterText ? `${this.filterText}\u0000${node.id}` : node.id;
    item.description = node.disabled ? `${node.id} · disabled` : node.id;
    item.contextValue = node.disabled ? 'aclResource.disabled' : 'aclResource';
    item.iconPath = new vscode.ThemeIcon(node.disabled ? 'circle-slash' : node.declarations.length > 0 ? 'shield' : 'library');
    const declared = node.declarations.map((d) => `- ${vscode.workspace.asRelativePath(vscode.Uri.parse(d.uri))}:${d.range.start.line + 1}`);
    item.tooltip = new vscode.MarkdownString([
      `**${node.title ?? '(no title)'}** \`${node.id}\``,
      node.disabled ? '\n\nSwitched off with `disabled="true"`: Magento leaves it out of the role and integration editors.' : '',
      declared.length > 0 ? `\n\nDeclared in:\n${declared.join('\n')}` : `\n\nDeclared by ${node.catalogModule ?? 'Magento'} (Magento Open Source 2.4.6; not in this workspace).`,
    ].join(''));
    if (node.declarations.length > 0) {
      const [first] = node.declarations;
      item.command = { command: 'vscode.open', title: 'Go to Declaration', arguments: [vscode.Uri.parse(first.uri), { selection: new vscode.Range(first.range.start.line, first.range.start.character, first.range.end.line, first.range.end.character) }] };
    }
    return item;
  }

  getChildren(node?: AclViewNode): AclViewNode[] {
    if (!this.loaded) return [];
    const children = this.children.get(node?.id) ?? [];
    return this.visible ? children.filter((c) => this.visible!.has(c.id)) : children;
  }

  getParent(node: AclViewNode): AclViewNode | undefined {
    return node.parentId && node.parentId !== ROOT ? this.byId.get(node.parentId) : undefined;
  }

  private matches(node: AclViewNode): boolean {
    const lowered = this.filterText.toLowerCase();
    return node.id.toLowerCase().includes(lowered) || (node.title ?? '').toLowerCase().includes(lowered);
  }

  private applyFilter(text: string): void {
    this.filterText = text;
    if (!text) {
      this.visible = undefined;
    } else {
      this.visible = new Set();
      for (const node of this.nodes) {
        if (!this.matches(node)) continue;
        for (let current: AclViewNode | undefined = node; current && !this.visible.has(current.id); current = current.parentId ? this.byId.get(current.parentId) : undefined) {
          this.visible.add(current.id);
        }
      }
    }
    this.changed.fire(undefined);
  }
}
