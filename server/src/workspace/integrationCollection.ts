// An integration's API collection from the workspace: the routes its grants open, in the format asked, as
// relative path → text (one Postman file, or a Bruno collection's files). Shared by the CLI and the editor.
import { brunoCollection, collectionFileStem, postmanCollection } from '../magento/apiCollections';
import { integrationAccess, RouteSource } from './routeIndex';

export interface IntegrationCollection {
  routes: number;
  files: Map<string, string>;
}

/** Undefined when no file of the workspace configures the integration. */
export function integrationCollection(workspace: RouteSource, name: string, format: 'postman' | 'bruno', options: { storeUrl?: string; storeCode?: string; generator: string }): IntegrationCollection | undefined {
  const access = integrationAccess(workspace, name);
  if (!access) return undefined;
  const routes = access.routes.filter((r) => r.verdict.allowed).map((r) => r.route);
  const input = { integration: name, routes, ...options };
  const files = format === 'postman' ? new Map([[`${collectionFileStem(name)}.postman_collection.json`, `${JSON.stringify(postmanCollection(input), null, 2)}\n`]]) : brunoCollection(input);
  return { routes: routes.length, files };
}
