// The "Integrations" view in the Explorer: every integration in the workspace with its format, module,
// URLs, granted resources and problems; "Test with Simulated Store" and "Add ACL Resources" act on an item.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { INTEGRATIONS_VIEW_REQUEST, IntegrationSummary, StoreCheckReport } from '../../../shared/protocol';
import { count } from '../../../shared/words';

export type IntegrationsNode =
  | { kind: 'integration'; integration: IntegrationSummary }
  | { kind: 'detail'; label: string; description?: string; icon: string; open?: vscode.Location | vscode.Uri; command?: vscode.Command }
  | { kind: 'group'; label: string; icon: string; children: IntegrationsNode[] };

const FORMAT_LABEL = { 'integration.xml': 'integration.xml', legacy: 'config.xml + api.xml' } as const;
const STORE_STATE = { missing: 'missing', inactive: 'inactive', active: 'active', reset: 'reset' } as const;
const TOKENS = { none: 'no token', verifier: 'activated, no request token yet', 'request-token': 'a request token only', 'access-token': 'an access token' } as const;

/** The integration as the last "Check Integrations Against Store…" found it. */
function storeNode(inStore: StoreCheckReport['integrations'][number]): IntegrationsNode {
  const drift = inStore.grants && (inStore.grants.added.length > 0 || inStore.grants.removed.length > 0);
  const grants = !inStore.grants ? '' : drift ? ' · grants differ from the files' : ' · grants as the files say';
  const label = inStore.status === 'missing' ? 'Store: not created there' : `Store: ${STORE_STATE[inStore.status]} · ${TOKENS[inStore.tokens]}${grants}`;
  const icon = inStore.status === 'missing' || drift ? 'error' : inStore.status === 'active' ? 'pass' : 'warning';
  return { kind: 'detail', label, icon, command: { command: 'workbench.actions.view.problems', title: 'Show Problems' } };
}

export class IntegrationsTreeProvider implements vscode.TreeDataProvider<IntegrationsNode> {
  private readonly changed = new vscode.EventEmitter<IntegrationsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private integrations: IntegrationSummary[] = [];

  constructor(private readonly client: LanguageClient, private readonly storeReport: () => StoreCheckReport | undefined = () => undefined) {}

  get all(): readonly IntegrationSummary[] {
    return this.integrations;
  }

  async refresh(): Promise<void> {
    this.integrations = await this.client.sendRequest(INTEGRATIONS_VIEW_REQUEST);
    this.changed.fire(undefined);
  }

  /** Problems can change without the integrations changing. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: IntegrationsNode): vscode.TreeItem {
    if (node.kind === 'integration') {
      const { integration } = node;
      const problems = problemsOf(integration, this.integrations);
      const item = new vscode.TreeItem(integration.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${integration.format}:${integration.name}`;
      const inStore = this.storeReport()?.integrations.find((i) => i.name === integration.name);
      item.description = [integration.module ?? 'no module', FORMAT_LABEL[integration.format], count(integration.resources.length, 'resource'), problems.length > 0 ? count(problems.length, 'problem') : '', inStore ? `store: ${STORE_STATE[inStore.status]}` : '']
        .filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(problems.some((p) => p.diagnostic.severity === vscode.DiagnosticSeverity.Error) ? 'error' : 'plug');
      item.contextValue = integration.vendor ? 'integration.vendor' : 'integration';
      item.tooltip = new vscode.MarkdownString([
        `**${integration.name}** (${FORMAT_LABEL[integration.format]})`,
        `Module: ${integration.module ?? '(not in a module)'}${integration.vendor ? ' (vendor/)' : ''}`,
        `Endpoint URL: ${integration.endpointUrl ?? '(none)'}`,
        `Identity link URL: ${integration.identityLinkUrl ?? '(none)'}`,
      ].join('\n\n'));
      return item;
    }
    const item = new vscode.TreeItem(node.label, node.kind === 'group' && node.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.kind === 'detail') {
      item.description = node.description;
      if (node.command) item.command = node.command;
      if (node.open instanceof vscode.Location) {
        item.command = { command: 'vscode.open', title: 'Open', arguments: [node.open.uri, { selection: node.open.range }] };
      } else if (node.open) {
        item.command = { command: 'vscode.open', title: 'Open', arguments: [node.open] };
      }
    }
    return item;
  }

  getChildren(node?: IntegrationsNode): IntegrationsNode[] {
    if (!node) return this.integrations.map((integration) => ({ kind: 'integration', integration }));
    if (node.kind === 'group') return node.children;
    if (node.kind !== 'integration') return [];
    const { integration } = node;
    const problems = problemsOf(integration, this.integrations);
    const inStore = this.storeReport()?.integrations.find((i) => i.name === integration.name);
    return [
      ...(inStore ? [storeNode(inStore)] : []),
      { kind: 'detail', label: 'Endpoint URL', description: integration.endpointUrl ?? '(none: activation skips the OAuth exchange)', icon: 'globe' },
      { kind: 'detail', label: 'Identity link URL', description: integration.identityLinkUrl ?? '(none)', icon: 'account' },
      { kind: 'detail', label: `REST routes it can call: ${integration.routes}`, icon: 'list-tree', command: { command: 'magentoIntegrationKit.showIntegrationRoutes', title: 'Show REST Routes', arguments: [{ integration: integration.name }] } },
      {
        kind: 'group', label: `Resources (${integration.resources.length})`, icon: 'shield',
        children: integration.resources.map((id) => ({ kind: 'detail', label: id, icon: 'key' })),
      },
      {
        kind: 'group', label: `Problems (${problems.length})`, icon: problems.length > 0 ? 'warning' : 'check',
        children: problems.map(({ uri, diagnostic }) => ({ kind: 'detail', label: diagnostic.message, description: typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code ?? ''), icon: iconOf(diagnostic.severity), open: new vscode.Location(uri, diagnostic.range) })),
      },
      ...integration.files.map((file): IntegrationsNode => ({ kind: 'detail', label: vscode.workspace.asRelativePath(vscode.Uri.parse(file.uri)), icon: 'file-code', open: vscode.Uri.parse(file.uri) })),
    ];
  }
}

/**
 * The diagnostics VS Code holds for the integration's files (workspace diagnostics fill them without opening):
 * in a file of several integrations, those inside its own `<integration>` element, and those outside every
 * integration's element (the file's own: malformed XML, say). Not hints: Problems does not list them.
 */
export function problemsOf(integration: IntegrationSummary, all: readonly IntegrationSummary[]): Array<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic }> {
  return integration.files.flatMap((file) => {
    const uri = vscode.Uri.parse(file.uri);
    const spans = all.flatMap((other) => other.files.filter((f) => f.uri === file.uri && f.lines).map((f) => f.lines!));
    const inside = (line: number, span: { start: number; end: number }) => line >= span.start && line <= span.end;
    return vscode.languages.getDiagnostics(uri)
      .filter((diagnostic) => {
        // Hints are suggestions (the legacy layout's "deprecated", say), which Problems does not list either.
        if (diagnostic.severity === vscode.DiagnosticSeverity.Hint) return false;
        const line = diagnostic.range.start.line;
        return file.lines ? inside(line, file.lines) || !spans.some((span) => inside(line, span)) : true;
      })
      .map((diagnostic) => ({ uri, diagnostic }));
  });
}

function iconOf(severity: vscode.DiagnosticSeverity): string {
  return severity === vscode.DiagnosticSeverity.Error ? 'error' : severity === vscode.DiagnosticSeverity.Warning ? 'warning' : 'info';
}
