// The requests behind the editor's "Magento ACL" and "Integrations" views and the REST routes an integration
// can call; all answer from the workspace model.
import { Connection } from 'vscode-languageserver';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { integrationAccess } from '../workspace/routeIndex';
import { aclViewNodes, integrationSummaries, openedRoutes } from '../workspace/views';
import { ACL_VIEW_REQUEST, INTEGRATION_ACCESS_REQUEST, INTEGRATION_ROUTES_REQUEST, IntegrationAccessResult, INTEGRATIONS_VIEW_REQUEST, ROUTES_REQUEST } from '../../../shared/protocol';
import { guard, Logger } from './safe';

export function registerViewRequests(connection: Connection, workspace: MagentoWorkspace, logError: Logger): void {
  connection.onRequest(ACL_VIEW_REQUEST, guard(logError, 'ACL view', [], () => aclViewNodes(workspace)));
  connection.onRequest(INTEGRATIONS_VIEW_REQUEST, guard(logError, 'integrations view', [], () => integrationSummaries(workspace)));
  connection.onRequest(ROUTES_REQUEST, guard(logError, 'routes', [], () => workspace.routes()));
  connection.onRequest(INTEGRATION_ROUTES_REQUEST, guard(logError, 'integration routes', [], ({ name }: { name: string }) => openedRoutes(workspace, name)));
  connection.onRequest(INTEGRATION_ACCESS_REQUEST, guard(logError, 'integration access', null, ({ name }: { name: string }): IntegrationAccessResult | null => {
    const access = integrationAccess(workspace, name);
    return access ? { name, routes: access.routes } : null;
  }));
}
