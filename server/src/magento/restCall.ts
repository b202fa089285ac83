// How Magento reads the path of a REST call, in its order (docs/webapi-access.md, "Async, bulk and store
// codes", says what the real 2.4.6 store answered):
// 1. WebapiAsync\Plugin\ControllerRest: the aliases of webapi_async.xml (core has two, below).
// 2. Webapi\Controller\PathProcessor: a first segment that is a store view's code (never `admin`) or `all`
//    chooses the store and is removed; any other first segment stays in the path.
// 3. The request processors: `/V<n>/…` runs now; `/async/V…` and `/async/bulk/V…` (never GET) are queued; no
//    processor: 400 "Specified request cannot be processed." (an unknown store code ends here, before any
//    OAuth or ACL check).
// 4. The router: the route with that method and URL (404 "Request does not match any route." when none); a
//    bulk route writes each `:param` as a literal `byParam`.
import { bulkUrl } from '../../../shared/queuedRoutes';
import type { WebapiRoute } from '../../../shared/protocol';

export type RestMode = 'sync' | 'async' | 'bulk';

/** The code that writes globally: PathProcessor makes the admin store current. */
export const ALL_STORES = 'all';

/** Magento_WebapiAsync's and Magento_Catalog's etc/webapi_async.xml (2.4.6): alias → method → the path it stands for. */
const CORE_ALIASES: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['asyncProducts', new Map([['POST', 'async/V1/products']])],
  ['async/bulk/V1/products', new Map([['PUT', 'async/bulk/V1/products/bySku']])],
]);

export interface RestCallPath {
  method: string;
  /** The store code the URL names (a store view's, or `all`); undefined when it names none. */
  store?: string;
  mode: RestMode;
  /** The path the router matches, `/V1/…` (for bulk, with its `by…` segments). */
  path: string;
}

/** Why Magento answers 400 "Specified request cannot be processed." before looking at any route. */
export type Unprocessable = 'unknown-store' | 'get-not-queued' | 'no-processor';

export type ReadPath = { call: RestCallPath } | { unprocessable: Unprocessable; store?: string };

/**
 * The call `method path` as Magento reads it. `path` is `/rest/…` (or what follows `/rest`, as developers
 * write `/V1/…`), query allowed. `storeCodes`: the store views' codes when known (a simulated store); without
 * them, any lower-case first segment that is not `V<n>` or `async` is taken for a store code.
 */
export function readRestPath(method: string, path: string, storeCodes?: ReadonlySet<string>): ReadPath {
  method = method.toUpperCase();
  let rest = path.split('?')[0].replace(/^\/rest(?=\/|$)/, '');
  let segments = rest.split('/').filter(Boolean);
  const first = segments[0] ?? '';
  const isStore = storeCodes ? storeCodes.has(first) || first === ALL_STORES : /^[a-z][a-z0-9_]*$/.test(first) && !/^(?:async|schema)$/.test(first) && !/^V\d+$/.test(first);
  const store = isStore ? first : undefined;
  if (isStore) segments = segments.slice(1);
  const alias = CORE_ALIASES.get(segments.join('/'))?.get(method);
  if (alias) segments = alias.split('/');
  rest = `/${segments.join('/')}`;
  if (/^\/V\d+/.test(rest)) return { call: { method, store, mode: 'sync', path: rest } };
  const queued = /^\/async\/bulk(\/V.+)/.exec(rest) ?? /^\/async(\/V.+)/.exec(rest);
  if (queued && method !== 'GET') return { call: { method, store, mode: rest.startsWith('/async/bulk/') ? 'bulk' : 'async', path: queued[1] } };
  // A first segment that is no store's stays in the path, which then suits no processor.
  const unprocessable: Unprocessable = queued ? 'get-not-queued' : storeCodes && !isStore && /^\/[^/]+\/(?:async\/)?V\d+/.test(rest) ? 'unknown-store' : 'no-processor';
  return { unprocessable, store };
}

/**
 * The route a read call reaches: `:name` matches any segment (for bulk, only the literal `byName`, and only
 * a route that is not GET); a literal segment beats a parameter, as Magento's router tries the most
 * specific routes first.
 */
export function matchRoute(call: RestCallPath, routes: readonly WebapiRoute[]): WebapiRoute | undefined {
  if (call.mode !== 'sync' && call.method === 'GET') return undefined;
  const segments = call.path.split('/').filter(Boolean);
  let best: { route: WebapiRoute; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== call.method) continue;
    const url = call.mode === 'bulk' ? bulkUrl(route.url) : route.url;
    const parts = url.split('/').filter(Boolean);
    if (parts.length !== segments.length) continue;
    let literals = 0;
    if (!parts.every((part, i) => (part.startsWith(':') ? true : part === segments[i] && ++literals > 0))) continue;
    if (!best || literals > best.literals) best = { route, literals };
  }
  return best?.route;
}

/** What Magento answers a call whose path no processor takes (Webapi\Controller\Rest\RequestProcessorPool). */
export const UNPROCESSABLE_MESSAGE = 'Specified request cannot be processed.';

/** Why, in a developer's words. */
export function unprocessableHint(reason: Unprocessable, store: string | undefined, known: readonly string[]): string {
  if (reason === 'get-not-queued') return 'Magento queues only POST, PUT and DELETE: a GET under /async/ reaches no processor (call /V1/… directly).';
  if (reason === 'unknown-store') return `No store view has the code in this URL (the store knows ${known.map((c) => `"${c}"`).join(', ')} and "all"; codes are lower case, and "admin" is not one), so Magento keeps it in the path and no processor takes it.`;
  return `Magento's REST paths are /rest/V1/…, /rest/<store code>/V1/…, /rest/async/V1/… and /rest/async/bulk/V1/…${store ? ` (after the store code "${store}")` : ''}.`;
}

/**
 * What an update through a store view does to catalog data (seen on the real store with categories,
 * docs/webapi-access.md; magento/magento2#15461): a PUT through `/rest/V1/…` or `/rest/<code>/V1/…` saves
 * the values it sets as that store view's, overriding the global ones there; through `/rest/all/V1/…` it
 * writes the global values and leaves store-view values saved earlier in place. A create (POST) writes
 * global values whatever the prefix.
 */
export function storeScopeNote(call: RestCallPath, route: WebapiRoute): string | undefined {
  if (call.method !== 'PUT' || !/^Magento_Catalog/.test(route.module ?? '') || call.store === ALL_STORES) return undefined;
  const where = call.store ? `store view "${call.store}" (/rest/${call.store}/)` : 'the default store view (/rest/ without a store code)';
  return `${call.method} ${route.url} updates ${where}: the values it sets are saved as that store view's and override the global ones there. /rest/all/V1/… writes the global values (store-view values saved earlier stay and still win).`;
}
