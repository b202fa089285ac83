// Registers the Explorer's "Magento ACL" and "Integrations" views, their item actions, and what keeps them
// current: the index becoming ready, saved Magento files, and (for the problem counts) diagnostics.
import * as vscode from 'vscode';
import type { AclViewNode } from '../../../shared/protocol';
import { addAclResources } from '../scaffold/commands';
import { testWithSimulatedStore, TesterServices } from '../tester/commands';
import { AclTreeProvider } from './aclView';
import { grantRouteAccess, showIntegrationRoutes } from './routesCommand';
import { exportApiCollection } from './exportCollection';
import { IntegrationsNode, IntegrationsTreeProvider } from './integrationsView';
import { checkIntegrationsAgainstStore, StoreCheckResults } from '../store/checkStore';

const REFRESH_DELAY_MS = 300;

export interface MagentoViews {
  /** The index is ready (or changed): read both views again. */
  refresh(): void;
}

export function registerViews(context: vscode.ExtensionContext, services: TesterServices): MagentoViews {
  const acl = new AclTreeProvider(services.client);
  const storeResults = new StoreCheckResults();
  const integrations = new IntegrationsTreeProvider(services.client, () => storeResults.report);
  const aclView = vscode.window.createTreeView('magentoIntegrationKit.aclView', { treeDataProvider: acl, showCollapseAll: true });
  const integrationsView = vscode.window.createTreeView('magentoIntegrationKit.integrationsView', { treeDataProvider: integrations, showCollapseAll: true });
  void vscode.commands.executeCommand('setContext', 'magentoIntegrationKit.active', true);

  const fail = (what: string) => (error: unknown) => services.output.error(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  let pending: NodeJS.Timeout | undefined;
  const refresh = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      void acl.refresh().then(showFilter, fail('Magento ACL view'));
      void integrations.refresh().catch(fail('Integrations view'));
    }, REFRESH_DELAY_MS);
  };
  let redrawing: NodeJS.Timeout | undefined;
  const showFilter = () => {
    aclView.message = acl.filter ? `${acl.matchCount} resources match "${acl.filter}"` : undefined;
    void vscode.commands.executeCommand('setContext', 'magentoIntegrationKit.aclFiltered', !!acl.filter);
  };
  const nodeOf = (node: AclViewNode | undefined) => node ?? aclView.selection[0];
  const integrationOf = (node: IntegrationsNode | undefined) => {
    const chosen = node ?? integrationsView.selection[0];
    return chosen?.kind === 'integration' ? chosen.integration : undefined;
  };

  context.subscriptions.push(
    aclView, integrationsView, storeResults,
    storeResults.onDidChange(() => integrations.redraw()),
    vscode.commands.registerCommand('magentoIntegrationKit.checkStore', (answers?: Record<string, unknown>) =>
      checkIntegrationsAgainstStore(services, storeResults, typeof answers === 'object' && answers !== null && !(answers instanceof vscode.Uri) ? answers : undefined)),
    vscode.commands.registerCommand('magentoIntegrationKit.views.refresh', refresh),
    vscode.commands.registerCommand('magentoIntegrationKit.aclView.filter', async (text?: string) => {
      const filter = typeof text === 'string' ? text : await vscode.window.showInputBox({
        title: 'Filter the Magento ACL', prompt: 'Part of an id or a title (empty shows everything)', value: acl.filter, placeHolder: 'Magento_Sales:: or "invoice"',
      });
      if (filter === undefined) return;
      acl.setFilter(filter);
      showFilter();
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.aclView.clearFilter', () => {
      acl.setFilter('');
      showFilter();
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.aclView.copyId', async (node?: AclViewNode) => {
      const chosen = nodeOf(node);
      if (!chosen) return;
      await vscode.env.clipboard.writeText(chosen.id);
      void vscode.window.setStatusBarMessage(`Copied ${chosen.id}`, 2000);
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.aclView.goToDeclaration', async (node?: AclViewNode) => {
      const chosen = nodeOf(node);
      const [declaration] = chosen?.declarations ?? [];
      if (!chosen) return;
      if (!declaration) {
        void vscode.window.showInformationMessage(`${chosen.id} is declared by ${chosen.catalogModule ?? 'Magento'}, whose files are not in this workspace.`);
        return;
      }
      const { start, end } = declaration.range;
      await vscode.window.showTextDocument(vscode.Uri.parse(declaration.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) });
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.aclView.grant', async (node?: AclViewNode) => {
      const chosen = nodeOf(node);
      if (chosen) await addAclResources(services, undefined, { resources: [chosen.id] });
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.integrationsView.test', async (node?: IntegrationsNode) => {
      const integration = integrationOf(node);
      if (integration) await testWithSimulatedStore(services, undefined, { endpointUrl: integration.endpointUrl ?? '', identityLinkUrl: integration.identityLinkUrl ?? '', integration: integration.name });
    }),
    // From a row: the integration it stands for; from the palette or with answers: asked for.
    vscode.commands.registerCommand('magentoIntegrationKit.showIntegrationRoutes', (arg?: IntegrationsNode | { integration?: string }) => {
      const fromRow = arg && 'kind' in arg && arg.kind === 'integration' ? arg.integration.name : undefined;
      return showIntegrationRoutes(services, fromRow ? { integration: fromRow } : arg && !('kind' in arg) ? arg : undefined);
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.exportApiCollection', (arg?: IntegrationsNode | { integration?: string; format?: 'postman' | 'bruno'; target?: string }) => {
      const fromRow = arg && 'kind' in arg && arg.kind === 'integration' ? arg.integration.name : undefined;
      return exportApiCollection(services, fromRow ? { integration: fromRow } : arg && !('kind' in arg) ? arg : {});
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.grantRouteAccess', (answers?: Record<string, unknown>) =>
      grantRouteAccess(services, answers && typeof answers === 'object' && !('kind' in answers) ? answers : undefined)),
    vscode.commands.registerCommand('magentoIntegrationKit.integrationsView.addResources', async (node?: IntegrationsNode) => {
      const integration = integrationOf(node);
      if (integration) await addAclResources(services, undefined, { integration: integration.name });
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (/\.(xml|php)$/.test(document.uri.path)) refresh();
    }),
    vscode.languages.onDidChangeDiagnostics(() => {
      clearTimeout(redrawing);
      redrawing = setTimeout(() => integrations.redraw(), REFRESH_DELAY_MS);
    }),
    { dispose: () => clearTimeout(pending) },
  );
  return { refresh };
}
