// The REST route commands: "Show REST Routes This Integration Can Call…" (the routes an integration's
// grants open, as Magento checks them, grouped by module) and "Grant Access to REST Routes…".
import * as vscode from 'vscode';
import { INTEGRATION_ROUTES_REQUEST, INTEGRATIONS_VIEW_REQUEST, ROUTES_REQUEST, WebapiRoute } from '../../../shared/protocol';
import { addAclResources, ScaffoldServices } from '../scaffold/commands';
import { MultiStepInput, Step } from '../scaffold/multiStepInput';
import { count } from '../../../shared/words';
import { ASYNC_CONSUMER, QUEUED_NOTE, queuedForms } from '../../../shared/queuedRoutes';

const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy the call (METHOD /rest/V1/…)' };

export async function showIntegrationRoutes(services: ScaffoldServices, answers?: { integration?: string }): Promise<WebapiRoute[] | undefined> {
  await services.indexReady();
  let name = answers?.integration;
  if (!name) {
    const integrations = await services.client.sendRequest(INTEGRATIONS_VIEW_REQUEST);
    if (integrations.length === 0) {
      void vscode.window.showInformationMessage('This workspace configures no integration yet.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(integrations.map((i) => ({ label: i.name, description: `${i.module ?? ''} · ${count(i.routes, 'REST route')}` })), {
      title: 'Show REST Routes This Integration Can Call', placeHolder: 'Integration',
    });
    name = picked?.label;
  }
  if (!name) return undefined;
  const routes = await services.client.sendRequest(INTEGRATION_ROUTES_REQUEST, { name });
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem & { route?: WebapiRoute }>();
  picker.title = `${name} can call ${count(routes.length, 'REST route')}`;
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
    const queued = queuedForms(route);
    items.push({ label: `${route.method} ${route.url}`, description: route.resources.join(', '), detail: queued ? `${route.service ?? ''} · queued too: ${queued.async}, ${queued.bulk}` : route.service, route, buttons: [COPY_BUTTON] });
  }
  picker.items = items;
  const copy = (route: WebapiRoute) => vscode.env.clipboard.writeText(`${route.method} /rest${route.url}`).then(() => vscode.window.setStatusBarMessage(`Copied ${route.method} /rest${route.url}`, 3000));
  // Enter opens the route's declaration in its webapi.xml; a core route (from the bundled catalog) has none here: it is copied.
  picker.onDidAccept(() => {
    const chosen = picker.selectedItems[0]?.route;
    picker.hide();
    if (!chosen) return;
    if (chosen.declaration) {
      const at = new vscode.Position(chosen.declaration.line, 0);
      void vscode.window.showTextDocument(vscode.Uri.parse(chosen.declaration.uri), { selection: new vscode.Range(at, at) });
    } else {
      void copy(chosen).then(() => vscode.window.showInformationMessage(`${chosen.method} ${chosen.url} is a core route (${chosen.module ?? 'Magento'}) the workspace does not hold: its call was copied.`));
    }
  });
  picker.onDidTriggerItemButton(({ item }) => item.route && void copy(item.route));
  picker.onDidHide(() => picker.dispose());
  picker.show();
  return routes;
}

/**
 * "Grant Access to REST Routes…": pick the routes an app needs (searchable by method, URL, resource,
 * service); the resources they need go to an integration of the workspace (with their parents in a
 * legacy api.xml) in one undoable edit, through Add ACL Resources.
 */
const GRANT_TITLE = 'Grant Access to REST Routes';

export async function grantRouteAccess(services: ScaffoldServices, answers?: Record<string, unknown>): Promise<unknown> {
  await services.indexReady();
  const routes = (await services.client.sendRequest(ROUTES_REQUEST)).filter((r) => !r.resources.includes('self'));
  let chosen: readonly WebapiRoute[] = [];
  const pickRoutes: Step = async (flow) => {
    // Each write route also as Magento queues it (/async/…, /async/bulk/…), under the same resources.
    const items = routes.flatMap((route) => {
      const direct = { label: `${route.method} ${route.url}`, description: route.resources.join(', '), detail: `${route.module ?? ''} · ${route.service ?? ''}`, route, queued: false };
      const queued = queuedForms(route);
      if (!queued) return [direct];
      const as = (url: string, what: string) => ({ ...direct, label: `${route.method} ${url}`, detail: `${what}, queued: needs the ${ASYNC_CONSUMER} consumer · ${route.module ?? ''}`, queued: true });
      return [direct, as(queued.async, 'async'), as(queued.bulk, 'bulk')];
    });
    const picked = await flow.pick({ key: 'routes', placeholder: 'REST routes your app calls (customers\' own "self" routes are never an integration\'s)', items, matches: (i, a) => i.label === a }, true);
    chosen = picked.map((i) => i.route);
    anyQueued = picked.some((i) => i.queued);
    return undefined;
  };
  let anyQueued = false;
  // One flow, one title, one count: the routes (1/2), then the integration (2/2).
  if (!(await MultiStepInput.run(GRANT_TITLE, () => 2, pickRoutes, answers)) || chosen.length === 0) return undefined;
  const resources = [...new Set(chosen.flatMap((r) => r.resources).filter((id) => id !== 'anonymous'))];
  if (resources.length === 0) {
    void vscode.window.showInformationMessage('Those routes are anonymous: they need no grant.');
    return [];
  }
  const added = await addAclResources(services, answers, { resources, flow: { title: GRANT_TITLE, stepsBefore: 1 } });
  if (added !== undefined && anyQueued) void vscode.window.showInformationMessage(`Queued calls: ${QUEUED_NOTE}`);
  return added;
}
