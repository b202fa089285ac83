// "Show REST Routes This Integration Can Call…": the routes an integration's grants open, as Magento checks
// them, grouped by module in a quick pick (method and URL, the resources that open it, the service).
import * as vscode from 'vscode';
import { INTEGRATION_ROUTES_REQUEST, INTEGRATIONS_VIEW_REQUEST, IntegrationSummary, WebapiRoute } from '../../../server/src/lsp/protocol';
import type { ScaffoldServices } from '../scaffold/commands';

export async function showIntegrationRoutes(services: ScaffoldServices, answers?: { integration?: string }): Promise<WebapiRoute[] | undefined> {
  await services.indexReady();
  let name = answers?.integration;
  if (!name) {
    const integrations = await services.client.sendRequest<IntegrationSummary[]>(INTEGRATIONS_VIEW_REQUEST);
    if (integrations.length === 0) {
      void vscode.window.showInformationMessage('This workspace configures no integration yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(integrations.map((i) => ({ label: i.name, description: `${i.module ?? ''} · ${i.routes} REST routes` })), {
      title: 'Show REST Routes This Integration Can Call', placeHolder: 'Integration',
    });
    name = picked?.label;
  }
  if (!name) return undefined;
  const routes = await services.client.sendRequest<WebapiRoute[]>(INTEGRATION_ROUTES_REQUEST, { name });
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { route?: WebapiRoute }>();
  picker.title = `${name} can call ${routes.length} REST routes`;
  picker.placeholder = routes.length > 0 ? 'Filter by method, URL, resource or service' : 'Its grants open no REST route: add resources with "Add ACL Resources to Integration…"';
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  const items: Array<vscode.QuickPickItem & { route?: WebapiRoute }> = [];
  let module: string | undefined;
  for (const route of routes) {
    if (route.module !== module) {
      module = route.module;
      items.push({ label: module ?? '(no module)', kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: `${route.method} ${route.url}`, description: route.resources.join(', '), detail: route.service, route });
  }
  picker.items = items;
  picker.onDidAccept(() => {
    const chosen = picker.selectedItems[0]?.route;
    if (chosen) void vscode.env.clipboard.writeText(`${chosen.method} /rest/V1${chosen.url.replace(/^\/V1/, '')}`).then(() => vscode.window.setStatusBarMessage(`Copied ${chosen.method} ${chosen.url}`, 2000));
    picker.hide();
  });
  picker.onDidHide(() => picker.dispose());
  picker.show();
  return routes;
}
