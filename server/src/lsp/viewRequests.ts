// The requests behind the editor's "Magento ACL" and "Integrations" views and the REST routes an integration
// can call; all answer from the workspace model.
import { Connection } from 'vscode-languageserver';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { integrationAccess } from '../workspace/routeIndex';
import { aclViewNodes, integrationSummaries, openedRoutes } from '../workspace/views';
import { ACL_VIEW_REQUEST, API_COLLECTION_REQUEST, ApiCollectionParams, ApiCollectionResult, INTEGRATION_ACCESS_REQUEST, INTEGRATION_ROUTES_REQUEST, IntegrationAccessResult, INTEGRATIONS_VIEW_REQUEST, ROUTES_REQUEST } from '../../../shared/protocol';
import { guard, Logger } from './safe';
import { integrationCollection } from '../workspace/integrationCollection';
import packageJson from '../../../package.json';

export function registerViewRequests(connection: Connection, workspace: MagentoWorkspace, logError: Logger): void {
  connection.onRequest(ACL_VIEW_REQUEST, guard(logError, 'ACL view', [], () => aclViewNodes(workspace)));
  connection.onRequest(INTEGRATIONS_VIEW_REQUEST, guard(logError, 'integrations view', [], () => integrationSummaries(workspace)));
  connection.onRequest(ROUTES_REQUEST, guard(logError, 'routes', [], () => workspace.routes()));
  connection.onRequest(INTEGRATION_ROUTES_REQUEST, guard(logError, 'integration routes', [], ({ name }: { name: string }) => openedRoutes(workspace, name)));
  connection.onRequest(INTEGRATION_ACCESS_REQUEST, guard(logError, 'integration access', null, ({ name }: { name: string }): IntegrationAccessResult | null => {
    const access = integrationAccess(workspace, name);
    return access ? { name, routes: access.routes } : null;
  }));
  connection.onRequest(API_COLLECTION_REQUEST, guard(logError, 'API collection', null, ({ name, format, storeUrl }: ApiCollectionParams): ApiCollectionResult | null => {
    const collection = integrationCollection(workspace, name, format, { storeUrl, generator: `Magento Integration Kit ${packageJson.version}` });
    return collection ? { routes: collection.routes, files: Object.fromEntries(collection.files) } : null;
  }));
}
