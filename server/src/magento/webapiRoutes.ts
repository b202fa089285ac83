// Magento's REST routes (etc/webapi.xml) and who may call them: the rules of
// Magento\Webapi\Controller\Rest\RequestValidator::checkPermissions, Framework\Webapi\Authorization::isAllowed,
// Framework\Authorization\Policy\Acl::isAllowed and Authorization\Model\ResourceModel\Rules::saveRel
// (docs/webapi-access.md says what each does, with its source file).
import { AclSnapshot } from './aclIndex';
import { ALL_ID, ROOT_ID } from './aclIds';
import { matchRoute, ReadPath, readRestPath, RestMode, UNPROCESSABLE_MESSAGE, unprocessableHint } from './restCall';
import { attribute, lineCounter, parseXml } from './xmlTree';
import type { RouteVerdict, WebapiRoute } from '../../../shared/protocol';

// The shapes are the protocol's (shared/protocol.ts), which the editor's views carry.
export type { RouteVerdict, WebapiRoute };

export const ANONYMOUS = 'anonymous';
export const SELF = 'self';

/** The `<route>`s of a webapi.xml; with `uri`, each says where it is declared. */
export function readWebapiRoutes(text: string, module?: string, uri?: string): WebapiRoute[] {
  const root = parseXml(text).root;
  const routes: WebapiRoute[] = [];
  if (root?.name !== 'routes') return routes;
  const lineOf = lineCounter(text);
  for (const route of root.children) {
    if (route.name !== 'route') continue;
    const url = attribute(route, 'url')?.value.trim();
    const method = attribute(route, 'method')?.value.trim().toUpperCase();
    if (!url || !method) continue;
    const service = route.children.find((c) => c.name === 'service');
    const serviceClass = service && attribute(service, 'class')?.value.trim();
    const serviceMethod = service && attribute(service, 'method')?.value.trim();
    const resources: string[] = [];
    for (const list of route.children) {
      if (list.name !== 'resources') continue;
      for (const resource of list.children) {
        const ref = resource.name === 'resource' ? attribute(resource, 'ref')?.value.trim() : undefined;
        if (ref) resources.push(ref);
      }
    }
    routes.push({ method, url, service: serviceClass ? `${serviceClass}::${serviceMethod ?? ''}` : undefined, resources, module, ...(uri ? { declaration: { uri, line: lineOf(route.start) } } : {}) });
  }
  return routes;
}

/** Magento keys routes by URL and method; a module loaded later replaces an earlier one's route. */
export function mergeRoutes(inLoadOrder: Iterable<WebapiRoute>): WebapiRoute[] {
  const byKey = new Map<string, WebapiRoute>();
  for (const route of inLoadOrder) {
    const key = `${route.method} ${route.url}`;
    byKey.delete(key);
    byKey.set(key, route);
  }
  return [...byKey.values()];
}

/** What an integration is allowed, as Magento stores it (one allow or deny row per known resource). */
export interface GrantSet {
  /** The list was exactly `Magento_Backend::all`: every resource. */
  fullAccess: boolean;
  /** `Magento_Backend::all` among others: what no acl.xml declares is allowed, the rest only as listed. */
  globalAllow: boolean;
  allowed: ReadonlySet<string>;
}

/**
 * integration.xml's converter adds every ancestor of a known id and drops unknown ones; the legacy
 * api.xml's grants are taken as listed. saveRel then adds Magento_Backend::admin and writes a row for
 * every resource the ACL knows (disabled ones are not in the ACL).
 */
export function effectiveGrants(listed: readonly string[], format: 'integration.xml' | 'legacy', snapshot: AclSnapshot): GrantSet {
  const known = (id: string) => {
    const resource = snapshot.get(id);
    return !!resource && !resource.disabled;
  };
  const grants = new Set<string>();
  for (const id of listed) {
    if (format === 'integration.xml') {
      if (!known(id)) continue;
      for (const ancestor of snapshot.ancestors(id)) grants.add(ancestor.id);
    }
    grants.add(id);
  }
  const fullAccess = grants.size === 1 && grants.has(ALL_ID);
  grants.add(ROOT_ID);
  return { fullAccess, globalAllow: grants.has(ALL_ID), allowed: grants };
}

/** Whether an integration with `grants` may call the route, and what it lacks if not. */
export function routeVerdict(route: WebapiRoute, grants: GrantSet, snapshot: AclSnapshot): RouteVerdict {
  if (route.resources.includes(SELF)) return { allowed: false, reason: 'self', missing: [SELF] };
  if (grants.fullAccess) return { allowed: true };
  const missing = route.resources.filter((id) => !resourceAllowed(id, grants, snapshot));
  return missing.length === 0 ? { allowed: true } : { allowed: false, reason: 'not-granted', missing };
}

function resourceAllowed(id: string, grants: GrantSet, snapshot: AclSnapshot): boolean {
  if (id === ANONYMOUS) return true;
  const resource = snapshot.get(id);
  // Policy\Acl: an id the ACL does not hold (undeclared or disabled) is judged by the "all resources" rule.
  if (!resource || resource.disabled) return grants.globalAllow;
  return grants.allowed.has(id);
}

/** Magento's 401 body for a refused call (Framework\Webapi\Rest\Response, via ErrorProcessor). */
export function refusalBody(route: Pick<WebapiRoute, 'resources'>): string {
  return JSON.stringify({ message: "The consumer isn't authorized to access %resources.", parameters: { resources: route.resources.join(', ') } });
}

/** A call such as `GET /V1/orders/12`, `POST /rest/all/async/V1/products` or `PUT /async/bulk/V1/products/bySku`, read as Magento reads it. */
export function resolveCall(call: string, routes: readonly WebapiRoute[], storeCodes?: ReadonlySet<string>): { read: ReadPath; route?: WebapiRoute } | undefined {
  const match = /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(call);
  if (!match) return undefined;
  const read = readRestPath(match[1], match[2], storeCodes);
  return { read, route: 'call' in read ? matchRoute(read.call, routes) : undefined };
}

/** The route a call reaches (its async and bulk forms reach the same route, under the same resources). */
export function routeForCall(call: string, routes: readonly WebapiRoute[]): WebapiRoute | undefined {
  return resolveCall(call, routes)?.route;
}

/**
 * The fewest resources that open every call (each route's resources, with their parents for the legacy
 * format, which takes grants as listed), and the calls no grant opens: `self` routes and unknown URLs.
 */
export type ImpossibleCall = { call: string; reason: 'self' | 'unknown-route' | 'undeclared-resource' | 'unprocessable'; detail?: string };

export function grantsForCalls(calls: readonly string[], routes: readonly WebapiRoute[], snapshot: AclSnapshot, format: 'integration.xml' | 'legacy'): {
  resources: string[];
  routes: Array<{ call: string; route: WebapiRoute; mode: RestMode }>;
  impossible: ImpossibleCall[];
} {
  const needed = new Set<string>();
  const found: Array<{ call: string; route: WebapiRoute; mode: RestMode }> = [];
  const impossible: ImpossibleCall[] = [];
  for (const call of calls) {
    const resolved = resolveCall(call, routes);
    if (resolved && 'unprocessable' in resolved.read) {
      impossible.push({ call, reason: 'unprocessable', detail: `400 "${UNPROCESSABLE_MESSAGE}": ${unprocessableHint(resolved.read.unprocessable, resolved.read.store, [])}` });
      continue;
    }
    const route = resolved?.route;
    if (!route || !resolved || !('call' in resolved.read)) {
      impossible.push({ call, reason: 'unknown-route' });
      continue;
    }
    if (route.resources.includes(SELF)) {
      impossible.push({ call, reason: 'self' });
      continue;
    }
    found.push({ call, route, mode: resolved.read.call.mode });
    for (const id of route.resources) {
      if (id === ANONYMOUS) continue;
      const resource = snapshot.get(id);
      if (!resource || resource.disabled) {
        impossible.push({ call, reason: 'undeclared-resource', detail: `${id}: only an integration with all resources (Magento_Backend::all) can call it` });
        continue;
      }
      if (format === 'legacy') for (const ancestor of snapshot.ancestors(id)) if (ancestor.id !== ROOT_ID && ancestor.id !== ALL_ID) needed.add(ancestor.id);
      needed.add(id);
    }
  }
  // In tree order, as a person would list them.
  const resources = [...needed].sort((a, b) => snapshot.orderOf(a) - snapshot.orderOf(b));
  return { resources, routes: found, impossible };
}
