// An integration's API collection: the REST routes its grants open, ready to call from Postman (collection
// format v2.1.0) or Bruno, signed as Magento wants (OAuth 1.0a, HMAC-SHA256, in the Authorization header).
// Only placeholders travel in the files: the store URL and store code are variables with harmless defaults,
// and the four credentials are empty variables the user fills (Bruno keeps them as secrets, out of its files).
// Bruno's own writers, taken one by one: the package's entry would also bring its parser (ohm-js).
import jsonToBruV2 from '@usebruno/lang/v2/src/jsonToBru';
import jsonToCollectionBru from '@usebruno/lang/v2/src/jsonToCollectionBru';
import envJsonToBruV2 from '@usebruno/lang/v2/src/jsonToEnv';
import { ASYNC_CONSUMER } from '../../../shared/queuedRoutes';
import { safeFileName } from '../../../shared/fileNames';
import type { WebapiRoute } from '../../../shared/protocol';

export interface CollectionInput {
  integration: string;
  /** The routes the integration may call (routeVerdict allowed), in any order. */
  routes: readonly WebapiRoute[];
  /** The store's base URL, without /rest (default http://127.0.0.1:8080). */
  storeUrl?: string;
  /** A store view's code, or `all` (default `default`). */
  storeCode?: string;
  /** Who wrote the file, e.g. "Magento Integration Kit 1.2.3". */
  generator: string;
}

/** A file or folder name for an integration's collection (integration names may hold spaces). */
export function collectionFileStem(integration: string): string {
  return safeFileName(integration);
}

/** The variables both formats use; the four credentials stay empty. */
export const CREDENTIAL_VARIABLES = ['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'] as const;

function description(input: CollectionInput): string {
  return [
    `The ${input.routes.length} REST routes the grants of the Magento integration "${input.integration}" open, written by ${input.generator}.`,
    '',
    `Fill consumer_key, consumer_secret, access_token and access_token_secret with the integration's four values (System > Extensions > Integrations, or your app's activation), and store_url with the store's base URL. Every request is signed with OAuth 1.0a, HMAC-SHA256, in the Authorization header, as Magento 2.4.4+ requires.`,
    '',
    'store_code: "default" (or a store view\'s code) writes store-view values when it updates catalog data; "all" writes the global values. Each POST, PUT and DELETE route is also served queued, under the same grants: /rest/async/V1/… and /rest/async/bulk/V1/… (":param" written "byParam"); they run only while the ' + ASYNC_CONSUMER + ' consumer runs.',
  ].join('\n');
}

/** Routes grouped by module (folders), modules and routes in a stable order. */
function byModule(routes: readonly WebapiRoute[]): Array<[string, WebapiRoute[]]> {
  const groups = new Map<string, WebapiRoute[]>();
  for (const route of routes) {
    const key = route.module ?? 'Other';
    groups.set(key, [...(groups.get(key) ?? []), route]);
  }
  const order = ['GET', 'POST', 'PUT', 'DELETE'];
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([module, list]) => [module, list.sort((a, b) => a.url.localeCompare(b.url) || order.indexOf(a.method) - order.indexOf(b.method))]);
}

/** Magento's getList services need searchCriteria; a first page is a call that answers. */
function queryOf(route: WebapiRoute): Array<[string, string]> {
  return route.method === 'GET' && /::getList$/.test(route.service ?? '') ? [['searchCriteria[pageSize]', '20']] : [];
}

const pathParameters = (url: string) => [...url.matchAll(/\/:(\w+)/g)].map((m) => m[1]);
const routeDocs = (route: WebapiRoute) => `Needs ${route.resources.join(', ')}${route.service ? `; runs ${route.service}` : ''}.`;
const hasBody = (route: WebapiRoute) => route.method === 'POST' || route.method === 'PUT';

/** Postman collection format v2.1.0 (https://schema.getpostman.com/json/collection/v2.1.0/collection.json). */
export function postmanCollection(input: CollectionInput): object {
  const item = byModule(input.routes).map(([module, routes]) => ({
    name: module,
    item: routes.map((route) => {
      const query = queryOf(route);
      const segments = route.url.split('/').filter(Boolean);
      const raw = `{{store_url}}/rest/{{store_code}}${route.url}${query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`;
      return {
        name: `${route.method} ${route.url}`,
        request: {
          method: route.method,
          header: [{ key: 'Accept', value: 'application/json' }, ...(hasBody(route) ? [{ key: 'Content-Type', value: 'application/json' }] : [])],
          url: {
            raw,
            host: ['{{store_url}}'],
            path: ['rest', '{{store_code}}', ...segments],
            ...(query.length ? { query: query.map(([key, value]) => ({ key, value })) } : {}),
            ...(pathParameters(route.url).length ? { variable: pathParameters(route.url).map((key) => ({ key, value: '' })) } : {}),
          },
          ...(hasBody(route) ? { body: { mode: 'raw', raw: '{}', options: { raw: { language: 'json' } } } } : {}),
          description: routeDocs(route),
        },
        response: [],
      };
    }),
  }));
  const oauth1 = (key: string, value: string | boolean) => ({ key, value, type: typeof value === 'boolean' ? 'boolean' : 'string' });
  return {
    info: {
      name: `${input.integration} (Magento REST)`,
      description: description(input),
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item,
    auth: {
      type: 'oauth1',
      oauth1: [
        oauth1('consumerKey', '{{consumer_key}}'),
        oauth1('consumerSecret', '{{consumer_secret}}'),
        oauth1('token', '{{access_token}}'),
        oauth1('tokenSecret', '{{access_token_secret}}'),
        oauth1('signatureMethod', 'HMAC-SHA256'),
        oauth1('version', '1.0'),
        oauth1('addParamsToHeader', true),
        oauth1('addEmptyParamsToSign', false),
        oauth1('includeBodyHash', false),
      ],
    },
    variable: [
      { key: 'store_url', value: input.storeUrl ?? 'http://127.0.0.1:8080', type: 'string' },
      { key: 'store_code', value: input.storeCode ?? 'default', type: 'string' },
      ...CREDENTIAL_VARIABLES.map((key) => ({ key, value: '', type: 'string', description: 'Fill in; keep it out of shared copies of this collection.' })),
    ],
  };
}

/** A file name for a route: safe on every file system, unique within its folder. */
function fileName(route: WebapiRoute, taken: Set<string>): string {
  const base = `${route.method} ${route.url}`.replace(/[^A-Za-z0-9_.-]+/g, ' ').trim().replace(/ /g, '_').slice(0, 120);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  taken.add(name.toLowerCase());
  return `${name}.bru`;
}

/** A Bruno collection: relative path → text (bruno.json, collection.bru, an environment, a folder per module). */
export function brunoCollection(input: CollectionInput): Map<string, string> {
  const files = new Map<string, string>();
  files.set('bruno.json', `${JSON.stringify({ version: '1', name: `${input.integration} (Magento REST)`, type: 'collection', ignore: ['node_modules', '.git'] }, null, 2)}\n`);
  files.set('collection.bru', jsonToCollectionBru({
    auth: { mode: 'oauth1', oauth1: { consumerKey: '{{consumer_key}}', consumerSecret: '{{consumer_secret}}', accessToken: '{{access_token}}', accessTokenSecret: '{{access_token_secret}}', signatureMethod: 'HMAC-SHA256', version: '1.0', placement: 'header', includeBodyHash: false } },
    docs: description(input),
  }));
  files.set('environments/Store.bru', envJsonToBruV2({
    variables: [
      { name: 'store_url', value: input.storeUrl ?? 'http://127.0.0.1:8080', enabled: true, secret: false },
      { name: 'store_code', value: input.storeCode ?? 'default', enabled: true, secret: false },
      // Secret variables: Bruno keeps their values on this machine, never in the collection's files.
      ...CREDENTIAL_VARIABLES.map((name) => ({ name, value: '', enabled: true, secret: true })),
    ],
  }));
  for (const [module, routes] of byModule(input.routes)) {
    const folder = safeFileName(module);
    files.set(`${folder}/folder.bru`, jsonToCollectionBru({ meta: { name: module, seq: 1 }, auth: { mode: 'inherit' } }));
    const taken = new Set<string>();
    routes.forEach((route, i) => {
      const query = queryOf(route);
      files.set(`${folder}/${fileName(route, taken)}`, jsonToBruV2({
        meta: { name: `${route.method} ${route.url}`, type: 'http', seq: i + 1 },
        http: { method: route.method.toLowerCase(), url: `{{store_url}}/rest/{{store_code}}${route.url}${query.length ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''}`, body: hasBody(route) ? 'json' : 'none', auth: 'inherit' },
        params: [...query.map(([name, value]) => ({ name, value, enabled: true, type: 'query' })), ...pathParameters(route.url).map((name) => ({ name, value: '', enabled: true, type: 'path' }))],
        headers: [{ name: 'Accept', value: 'application/json', enabled: true }],
        ...(hasBody(route) ? { body: { json: '{}' } } : {}),
        docs: routeDocs(route),
      }));
    });
  }
  return files;
}
