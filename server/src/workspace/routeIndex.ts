// The workspace's REST routes: every enabled module's etc/webapi.xml in Magento's load order (a later
// module's route replaces an earlier one with the same URL and method), over the bundled 2.4.6 routes of
// every core module the workspace does not hold, as the ACL catalog does.
import * as path from 'node:path';
import coreRoutes from '../../../data/magento-core-webapi-2.4.6.json';
import { moduleLoadOrder } from '../magento/components';
import { modulePathOf } from '../magento/fileKinds';
import { effectiveGrants, GrantSet, mergeRoutes, readWebapiRoutes, routeVerdict, RouteVerdict, WebapiRoute } from '../magento/webapiRoutes';
import type { AclIndex } from '../magento/aclIndex';
import { mergeIntegration } from '../magento/integrationMerge';
import type { ComponentInfo } from './componentScanner';
import { uriOfPath } from './uris';
import type { IntegrationRegistry } from './integrationRegistry';

/** What the route functions read of the workspace model (MagentoWorkspace is one): no import back, no cycle. */
export interface RouteSource {
  readonly modules: ComponentInfo[];
  readonly isComplete: boolean;
  readonly acl: AclIndex;
  readonly integrations: IntegrationRegistry;
  hasModule(name: string): boolean;
  readText(file: string): string | undefined;
  /** A webapi.xml, read with the route index's own size limit (larger than other module files'). */
  readRouteFile(file: string): string | undefined;
  routes(): WebapiRoute[];
  routeResourceIds(): ReadonlySet<string>;
  outsideDependencies(component: ComponentInfo): ReadonlySet<string>;
  idsMentionedBy(root: string, moduleName: string): ReadonlySet<string>;
}

/** The 420 routes of Magento Open Source 2.4.6-p1 (data/magento-core-webapi-2.4.6.json). */
export function bundledRoutes(): WebapiRoute[] {
  return (coreRoutes as { routes: WebapiRoute[] }).routes.map((r) => ({ ...r, resources: [...r.resources] }));
}

export function workspaceRoutes(workspace: RouteSource): WebapiRoute[] {
  const modules = workspace.modules;
  const rank = new Map(moduleLoadOrder(modules.filter((m) => m.name).map((m) => ({ name: m.name!, sequence: m.sequence }))).map((name, i) => [name, i]));
  const ordered = [...modules].sort((a, b) => (rank.get(a.name ?? '') ?? rank.size) - (rank.get(b.name ?? '') ?? rank.size));
  // The bundled routes stand in, module by module, for the core modules the workspace does not hold.
  const routes = bundledRoutes().filter((route) => !route.module || !workspace.hasModule(route.module));
  for (const module of ordered) {
    const file = path.join(module.root, modulePathOf('webapi'));
    const text = workspace.readRouteFile(file);
    if (text !== undefined) routes.push(...readWebapiRoutes(text, module.name, uriOfPath(file)));
  }
  return mergeRoutes(routes);
}

export interface IntegrationAccess {
  name: string;
  /** The format Magento takes the resources from: integration.xml when both formats name it. */
  format: 'integration.xml' | 'legacy';
  grants: GrantSet;
  routes: Array<{ route: WebapiRoute; verdict: RouteVerdict }>;
}

/** What an integration of the workspace may call, route by route; undefined when no file configures it. */
export function integrationAccess(workspace: RouteSource, name: string): IntegrationAccess | undefined {
  const merged = mergeIntegration([...workspace.integrations.all()].filter((c) => c.name === name));
  if (!merged) return undefined;
  const { format } = merged;
  const snapshot = workspace.acl.snapshot();
  const grants = effectiveGrants(merged.listed, format, snapshot);
  return { name, format, grants, routes: workspace.routes().map((route) => ({ route, verdict: routeVerdict(route, grants, snapshot) })) };
}

/**
 * Whether granting `id` (in `grantingFile`, an integration file) gives the integration anything: "used"
 * when a REST route of the workspace names it or its module's own files mention it, "unused" when
 * neither, "unknown" whenever this cannot be told for sure (still indexing; an id of another module than
 * the granting one; an id of a vendor module or of the bundled core, whose admin pages are not all
 * read; a resource with children, which structures the tree; a module without an etc/webapi.xml, such
 * as one just scaffolded, whose routes are still to come; a module with dependencies the workspace lacks).
 */
export function resourceUse(workspace: RouteSource, id: string, grantingModule: ComponentInfo | undefined): 'used' | 'unused' | 'unknown' {
  if (!workspace.isComplete) return 'unknown';
  // Only the granting module's own ids: the common case, and one module's files to read, not every module's.
  const module = grantingModule;
  if (!module || module.type !== 'module' || module.vendor || module.name !== id.slice(0, id.indexOf('::'))) return 'unknown';
  const snapshot = workspace.acl.snapshot();
  const resource = snapshot.get(id);
  if (!resource || resource.bundled || resource.disabled) return 'unknown';
  const next = snapshot.ordered[snapshot.orderOf(id) + 1];
  if (next && next.depth > resource.depth) return 'unknown';
  if (workspace.readRouteFile(path.join(module.root, modulePathOf('webapi'))) === undefined) return 'unknown';
  // A module it loads after that the workspace does not hold may have routes or pages naming the id.
  if (workspace.outsideDependencies(module).size > 0) return 'unknown';
  if (workspace.routeResourceIds().has(id)) return 'used';
  return workspace.idsMentionedBy(module.root, module.name).has(id) ? 'used' : 'unused';
}
