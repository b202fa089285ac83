// The simulated store: plays Magento 2.4.4+ (or 2.3) for an integration app on 127.0.0.1. It activates the
// integration as the admin's "Activate" does, then serves the token endpoints and the REST routes over HTTP,
// answering as Magento does; the OAuth state and checks are storeOAuth.ts's, the wording storeAnswers.ts's.
import { Server } from 'node:http';
import { RawExchange, TesterEvent } from './events';
import { closeServer, IncomingCall, Reply, send, serveLocal } from './http';
import { parseOAuthRequest, ParsedOAuthRequest } from './magentoRequest';
import { createHash, randomUUID } from 'node:crypto';
import { ANONYMOUS, resolveCall, RouteVerdict, WebapiRoute } from '../magento/webapiRoutes';
import { readRestPath, storeScopeNote, UNPROCESSABLE_MESSAGE, Unprocessable, unprocessableHint } from '../magento/restCall';
import { QUEUED_NOTE } from '../../../shared/queuedRoutes';
import { MagentoVersion, signerOf } from './versions';
import { BEARER_OFF_HINT, exchange, isUsableHost, json, missingParamsBody, refused, Rejection } from './storeAnswers';
import { StoreOAuth } from './storeOAuth';

export type { MagentoVersion } from './versions';

export interface MockStoreOptions {
  endpointUrl: string;
  identityLinkUrl: string;
  port?: number;
  magento?: MagentoVersion;
  /** Magento's oauth/consumer/expiration_period (300 s). */
  consumerExpirySeconds?: number;
  onEvent(event: TesterEvent): void;
  /** Time allowed for a request's headers (5 s); shorter in tests. */
  slowClientMs?: number;
  /** Seconds since the epoch; replaceable in tests. */
  now?: () => number;
  /**
   * Every REST route of an index, judged against one integration's grants (`mock-store --integration`):
   * after the signature and token checks, a call is answered as Magento would (401 with Magento's body
   * when a resource is missing, a placeholder 200 when allowed, 404 for an unknown URL).
   */
  api?: { routes: readonly WebapiRoute[]; verdict(route: WebapiRoute): RouteVerdict };
  /**
   * The store allows integration access tokens as standalone Bearer tokens
   * (oauth/consumer/enable_integration_as_bearer; off by default from 2.4.4, always on before).
   */
  bearer?: boolean;
}

/** One REST call the app made, and Magento's verdict. */
export interface RestCall {
  call: string;
  route?: string;
  allowed: boolean;
  missing?: string[];
}

/** What a run's REST calls come to: how many, how many refused, and the resources that would open the refused ones. */
export interface RestCallSummary {
  calls: number;
  refused: number;
  resourcesToAdd: string[];
}

export function summarizeRestCalls(calls: readonly RestCall[]): RestCallSummary {
  const refused = calls.filter((c) => !c.allowed);
  // `self` is a customer's own data: no grant opens it.
  const resourcesToAdd = [...new Set(refused.flatMap((c) => c.missing ?? []).filter((id) => id !== 'self'))];
  return { calls: calls.length, refused: refused.length, resourcesToAdd };
}

/** The `api` option from verdicts computed elsewhere (the language server's, for the editor's simulated store). */
export function apiFromVerdicts(judged: ReadonlyArray<{ route: WebapiRoute; verdict: RouteVerdict }>): NonNullable<MockStoreOptions['api']> {
  const verdicts = new Map(judged.map(({ route, verdict }) => [`${route.method} ${route.url}`, verdict]));
  return {
    routes: judged.map(({ route }) => route),
    verdict: (route) => verdicts.get(`${route.method} ${route.url}`) ?? { allowed: false, reason: 'not-granted', missing: route.resources },
  };
}

const ACTIVATION_TIMEOUT_MS = 5_000;
const SUCCESS_CALLBACK_PATH = '/admin/admin/integration/loginSuccessCallback/';
/** What GET /V1/store/storeViews needs (Magento_Store's webapi.xml). */
const STORE_VIEWS_RESOURCE = 'Magento_Backend::store';
// In the order a real 2.4.6 store lists them: the default store view first, then admin.
const STORE_VIEWS = [
  { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
  { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
];
/** The codes PathProcessor takes: the store views' (never `admin`); `all` is taken besides. */
const STORE_CODES: ReadonlySet<string> = new Set(STORE_VIEWS.filter((v) => v.code !== 'admin').map((v) => v.code));

export class MockStore {
  private server?: Server;
  private port = 0;
  private readonly oauth: StoreOAuth;
  private delivered = false;
  private readonly calls: RestCall[] = [];
  private accessTokenIssued = false;
  private apiCallAccepted = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: MockStoreOptions) {
    this.oauth = new StoreOAuth(() => this.version, () => this.now(), options.consumerExpirySeconds ?? 300);
  }

  get storeBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Whether the last activation POST reached the app as Magento would deliver it (no error, no redirect). */
  get activationDelivered(): boolean {
    return this.delivered;
  }

  /** Every secret the store handed out, for redaction. */
  get secrets(): string[] {
    return [this.oauth.consumer?.secret, this.oauth.token?.secret, this.oauth.token?.verifier, this.oauth.token?.type === 'access' ? this.oauth.token.token : undefined].filter((s): s is string => !!s);
  }

  /** The consumer secret and the current token's secret (request or access token), for the signature explainer. */
  get signingSecrets(): { consumerSecret?: string; tokenSecret?: string } {
    return { consumerSecret: this.oauth.consumer?.secret, tokenSecret: this.oauth.token && this.oauth.token.type !== 'verifier' ? this.oauth.token.secret : undefined };
  }

  /** The integration's credentials once an access token was issued (for a fresh signed call, never for logs). */
  get accessCredentials(): { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string } | undefined {
    if (!this.oauth.consumer || this.oauth.token?.type !== 'access') return undefined;
    return { consumerKey: this.oauth.consumer.key, consumerSecret: this.oauth.consumer.secret, token: this.oauth.token.token, tokenSecret: this.oauth.token.secret };
  }

  async start(): Promise<string> {
    const { server, port } = await serveLocal(this.options.port ?? 0, (call) => this.handle(call), { slowClientMs: this.options.slowClientMs });
    this.server = server;
    this.port = port;
    this.emit({ event: 'listening', storeBaseUrl: this.storeBaseUrl, magento: this.version });
    return this.storeBaseUrl;
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
  }

  /** Resolves once an access token is issued (and, if asked, one signed API call accepted). */
  done(requireApiCall: boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.accessTokenIssued && (!requireApiCall || this.apiCallAccepted)) {
          resolve();
          return true;
        }
        return false;
      };
      if (!check()) this.waiters.push(() => void check());
    });
  }

  private get version(): MagentoVersion {
    return this.options.magento ?? '2.4.4';
  }

  private now(): number {
    return this.options.now?.() ?? Math.floor(Date.now() / 1000);
  }

  private emit(event: TesterEvent): void {
    this.options.onEvent(event);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The admin's Activate: new credentials, the POST to endpoint_url, then the identity link. */
  async activate(): Promise<void> {
    this.oauth.activate();
    await this.postToConsumer();
  }

  /**
   * The admin's Reauthorize (magento-integration-facts §5.1): the access token is deleted, the same
   * consumer key and secret are posted again with a fresh verifier, and the 300 s window starts again.
   */
  async reauthorize(): Promise<void> {
    this.oauth.reauthorize();
    this.emit({ event: 'reauthorize', step: 'activation', hint: 'Reauthorize: the old access token is revoked; the same consumer key and secret come with a fresh verifier.' });
    await this.postToConsumer();
  }

  /** OauthService::postToConsumer: a fresh verifier, the POST to endpoint_url, then the identity link. */
  private async postToConsumer(): Promise<void> {
    const consumer = this.oauth.consumer;
    if (!consumer) return;
    const verifier = this.oauth.newVerifier();
    this.accessTokenIssued = false;
    this.apiCallAccepted = false;
    this.delivered = false;
    const body = new URLSearchParams({
      oauth_consumer_key: consumer.key,
      oauth_consumer_secret: consumer.secret,
      store_base_url: this.storeBaseUrl,
      oauth_verifier: verifier.verifier,
    }).toString();
    // Magento posts with Laminas' HTTP client, which names itself in User-Agent.
    const request = { method: 'POST', url: this.options.endpointUrl, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'Laminas\\Http\\Client' }, body };
    try {
      const answer = await send({ ...request, timeoutMs: ACTIVATION_TIMEOUT_MS });
      const location = answer.headers.location;
      this.delivered = !location;
      this.emit({
        event: 'activation-posted', step: 'activation', ok: !location, request, response: { status: answer.status, body: answer.body.slice(0, 2000) },
        // Magento ignores the reply's status and body; only a redirect loses the POST.
        hint: location ? `The endpoint answered ${answer.status} with a redirect to ${location}; Magento follows no redirect (oauth/consumer/post_maxredirects = 0), so in a real store the credentials never reach your app.` : undefined,
      });
    } catch (error) {
      this.emit({
        event: 'activation-posted', step: 'activation', ok: false, request,
        problem: 'The attempt to post data to consumer failed due to an unexpected error. Please try again later.',
        hint: `Magento could not POST to ${this.options.endpointUrl}: ${error instanceof Error ? error.message : String(error)} (it waits at most 5 s).`,
      });
      return;
    }
    await this.openIdentityLink();
  }

  private async openIdentityLink(): Promise<void> {
    const successCallBack = new URL(SUCCESS_CALLBACK_PATH, this.storeBaseUrl).href;
    // Magento appends "?" plainly, even to a URL that already has a query.
    const url = `${this.options.identityLinkUrl}?${new URLSearchParams({ oauth_consumer_key: this.oauth.consumer!.key, success_call_back: successCallBack })}`;
    try {
      const answer = await send({ method: 'GET', url, timeoutMs: ACTIVATION_TIMEOUT_MS });
      const location = answer.headers.location;
      const redirectsToSuccessCallback = !!location && new URL(location, url).href.startsWith(successCallBack);
      this.emit({
        event: 'identity-link-opened', step: 'identity-link', ok: answer.status < 400, request: { method: 'GET', url }, response: { status: answer.status, body: answer.body.slice(0, 2000) },
        redirectsToSuccessCallback,
        hint: this.options.identityLinkUrl.includes('?') ? 'identity_link_url already has a query string; Magento appends "?" anyway, so your page receives a doubled "?".'
          : redirectsToSuccessCallback ? undefined : 'The page did not redirect to success_call_back; after the merchant logs in, it must redirect there (or close itself).',
      });
    } catch (error) {
      this.emit({ event: 'identity-link-opened', step: 'identity-link', ok: false, request: { method: 'GET', url }, hint: `The identity link could not be opened: ${error instanceof Error ? error.message : String(error)}.` });
    }
  }

  private handle(call: IncomingCall): Reply {
    const path = call.target.split('?')[0];
    // A Host header no URL can carry is refused before anything is read or stored (a web server answers 400).
    if (!isUsableHost(call.headers.host)) {
      this.emit({ event: 'rejected', ok: false, status: 400, problem: 'Bad Request', hint: `The Host header ${JSON.stringify(call.headers.host ?? '')} is not a host name; Magento signs scheme://Host/path, so it must be one.` });
      return { status: 400, headers: { 'Content-Type': 'text/plain; charset=UTF-8' }, body: 'Bad Request: the Host header is not a host name.\n' };
    }
    if (path === '/oauth/token/request') return this.tokenEndpoint(call, 'request-token');
    if (path === '/oauth/token/access') return this.tokenEndpoint(call, 'access-token');
    if (path.startsWith('/rest/') && this.options.api) return this.restCall(call, this.options.api);
    if (path.startsWith('/rest/')) {
      const read = readRestPath(call.method, path, STORE_CODES);
      if ('unprocessable' in read) return this.unprocessable(`${call.method} ${path}`, read, exchange(call, path));
      if (read.call.mode === 'sync' && /^\/V1\/store\/storeViews\/?$/.test(read.call.path)) return this.storeViews(call);
    }
    if (path === SUCCESS_CALLBACK_PATH) {
      this.emit({ event: 'success-callback-reached', step: 'identity-link', ok: true });
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: '<!doctype html><title>Done</title><p>The integration login is complete; this window closes itself in Magento.</p>' };
    }
    if (path.startsWith('/rest/')) return json(404, { message: 'Request does not match any route.' });
    return { status: 404, body: `The simulated store serves POST /oauth/token/request, POST /oauth/token/access and GET /rest/V1/store/storeViews; not ${call.method} ${path}.\n` };
  }

  private tokenEndpoint(call: IncomingCall, step: 'request-token' | 'access-token'): Reply {
    const request = parseOAuthRequest(call.method, call.target, call.headers, call.body, 'http', signerOf(this.version));
    const raw = exchange(call, request.url);
    try {
      const issued = step === 'request-token' ? this.oauth.issueRequestToken(request) : this.oauth.issueAccessToken(request);
      if (step === 'access-token') this.accessTokenIssued = true;
      const body = new URLSearchParams({ oauth_token: issued.token, oauth_token_secret: issued.secret }).toString();
      this.emit({ event: step === 'request-token' ? 'request-token-issued' : 'access-token-issued', step, ok: true, ...raw, response: { status: 200, body } });
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body };
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      // A 500 is Magento's error page, not the controller's oauth_problem answer.
      const body = error.status === 500 ? error.message : new URLSearchParams({ oauth_problem: error.message }).toString();
      this.emit({ event: 'rejected', step, ok: false, status: error.status, problem: error.message, ...error.details, ...raw, response: { status: error.status, body } });
      return { status: error.status, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body };
    }
  }

  /** GET /rest/V1/store/storeViews, which needs a signed request with the access token (Magento_Backend::store). */
  /** The calls made to the index's routes so far, with their verdicts. */
  get restCalls(): readonly RestCall[] {
    return this.calls;
  }

  /**
   * A call to any route of the index, in Magento's order: the route (404 when none matches), the OAuth
   * checks (Magento then reports the route's resources as not authorized), the resources against the grants.
   */
  private restCall(call: IncomingCall, api: NonNullable<MockStoreOptions['api']>): Reply {
    const request = parseOAuthRequest(call.method, call.target, call.headers, call.body, 'http', signerOf(this.version));
    const raw = exchange(call, request.url);
    const label = `${call.method} ${call.target.split('?')[0]}`;
    const resolved = resolveCall(label, api.routes, STORE_CODES);
    if (resolved && 'unprocessable' in resolved.read) return this.unprocessable(label, resolved.read, raw);
    const route = resolved?.route;
    const called = resolved && 'call' in resolved.read ? resolved.read.call : undefined;
    if (!route || !called) {
      const reply = json(404, { message: 'Request does not match any route.' });
      this.calls.push({ call: label, allowed: false });
      this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 404, problem: 'Request does not match any route.', hint: `No REST route of the workspace or of Magento's core answers ${label}: Magento replies 404.`, ...raw, response: { status: 404, body: reply.body } });
      return reply;
    }
    const bearer = this.callerWithoutOAuth(call, request);
    if (bearer?.caller === 'guest' && !route.resources.includes(ANONYMOUS)) {
      const reply = refused(route.resources);
      this.calls.push({ call: label, route: `${route.method} ${route.url}`, allowed: false });
      this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 401, problem: `The consumer isn't authorized to access ${route.resources.join(', ')}.`, hint: bearer.hint, ...raw, response: { status: 401, body: reply.body } });
      return reply;
    }
    try {
      // An anonymous route asks nobody who calls (Magento's GuestAuthorization plugin answers before any user
      // context is read), so even a badly signed call passes. A Bearer token the store takes stands for the integration.
      if (!bearer && !route.resources.includes(ANONYMOUS)) {
        this.oauth.checkAccessTokenCall(request);
      }
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      return this.oauthRefusal(error, raw);
    }
    const verdict = api.verdict(route);
    const routeName = `${route.method} ${route.url}`;
    if (!verdict.allowed) {
      const reply = refused(route.resources);
      this.calls.push({ call: label, route: routeName, allowed: false, missing: verdict.missing });
      this.emit({
        event: 'rejected', step: 'api-call', ok: false, status: 401, problem: `The consumer isn't authorized to access ${route.resources.join(', ')}.`,
        hint: verdict.reason === 'self' ? `${routeName} is a customer's own data (self): no integration can call it.` : `${routeName} needs ${verdict.missing.join(', ')}, which the integration does not grant.`,
        ...raw, response: { status: 401, body: reply.body },
      });
      return reply;
    }
    if (called.mode !== 'sync') return this.queued(call, label, called.mode, route, raw);
    this.apiCallAccepted = true;
    this.calls.push({ call: label, route: routeName, allowed: true });
    const reply = /\/V1\/store\/storeViews$/.test(route.url) ? json(200, STORE_VIEWS) : json(200, { simulated: true, route: routeName, service: route.service });
    const scope = storeScopeNote(called, route);
    this.emit({ event: 'api-call', step: 'api-call', ok: true, hint: `${routeName} (${route.resources.join(', ')}) is allowed.${scope ? ` ${scope}` : ''}`, ...raw, response: { status: 200, body: reply.body } });
    return reply;
  }

  /**
   * An allowed /async/ or /async/bulk/ call: Magento checks it as the route itself, queues one operation per
   * body (bulk: the JSON array's items; an object is read as a list of bodies keyed by name, whose first
   * lacks its field) and answers 202; nothing runs until the consumer does.
   */
  private queued(call: IncomingCall, label: string, mode: 'async' | 'bulk', route: WebapiRoute, raw: RawExchange): Reply {
    const routeName = `${route.method} ${route.url}`;
    let bodies: unknown[] = [call.body];
    if (mode === 'bulk') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(call.body || 'null');
      } catch { /* answered below */ }
      if (!Array.isArray(parsed)) {
        const field = parsed && typeof parsed === 'object' ? Object.keys(parsed)[0] : undefined;
        const message = `"${field ?? ''}" is required. Enter and try again.`;
        const reply = json(400, missingParamsBody([field ?? '']));
        this.calls.push({ call: label, route: routeName, allowed: true });
        this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 400, problem: message, hint: `${label} is a bulk call: its body is a JSON array with one request body per operation ([{…}, {…}]), and every :param of the route goes inside each body.`, ...raw, response: { status: 400, body: reply.body } });
        return reply;
      }
      bodies = parsed;
    }
    this.apiCallAccepted = true;
    this.calls.push({ call: label, route: routeName, allowed: true });
    const reply = json(202, {
      bulk_uuid: randomUUID(),
      request_items: bodies.map((body, id) => ({ id, data_hash: createHash('sha256').update(JSON.stringify(body)).digest('hex'), status: 'accepted' })),
      errors: false,
    });
    this.emit({ event: 'api-call', step: 'api-call', ok: true, hint: `${label} queues ${routeName} (${route.resources.join(', ')}, allowed). ${QUEUED_NOTE}`, ...raw, response: { status: 202, body: reply.body } });
    return reply;
  }

  /** A path no request processor takes: Magento answers 400 before any OAuth or ACL check. */
  private unprocessable(label: string, read: { unprocessable: Unprocessable; store?: string }, raw: RawExchange): Reply {
    const reply = json(400, { message: UNPROCESSABLE_MESSAGE });
    this.calls.push({ call: label, allowed: false });
    this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 400, problem: UNPROCESSABLE_MESSAGE, hint: unprocessableHint(read.unprocessable, read.store, [...STORE_CODES]), ...raw, response: { status: 400, body: reply.body } });
    return reply;
  }

  /**
   * A REST call whose OAuth check failed: OauthUserContext lets the exception through, and Magento's web
   * API answers with it (401 for an OAuth exception, 400 for an input one), not with the resources' 401.
   */
  private oauthRefusal(error: Rejection, raw: RawExchange): Reply {
    const reply = error.status === 500 ? { status: 500, headers: { 'Content-Type': 'text/html; charset=UTF-8' }, body: error.restBody } : { status: error.status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: error.restBody };
    this.emit({ event: 'rejected', step: 'api-call', ok: false, status: error.status, problem: error.message, ...error.details, ...raw, response: { status: error.status, body: reply.body } });
    return reply;
  }

  /**
   * `Authorization: Bearer <token>`, read as TokenUserContext reads it: the integration when the token is
   * its access token and the store takes it as a Bearer token, a guest otherwise; undefined without one.
   */
  private bearerCaller(call: IncomingCall): { caller: 'integration' } | { caller: 'guest'; hint: string } | undefined {
    const header = call.headers.authorization;
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(typeof header === 'string' ? header : '');
    if (!match) return undefined;
    const isAccessToken = this.oauth.token?.type === 'access' && match[1] === this.oauth.token.token;
    if (!isAccessToken) return { caller: 'guest', hint: 'The Bearer token is not this integration\'s access token (or it was revoked by Reauthorize): the call runs as a guest.' };
    if (this.version === '2.3' || this.options.bearer) return { caller: 'integration' };
    return { caller: 'guest', hint: BEARER_OFF_HINT };
  }

  private storeViews(call: IncomingCall): Reply {
    const request = parseOAuthRequest(call.method, call.target, call.headers, call.body, 'http', signerOf(this.version));
    const raw = exchange(call, request.url);
    // The route is matched first: another method is no route at all.
    if (call.method !== 'GET') return json(404, { message: 'Request does not match any route.' });
    const bearer = this.callerWithoutOAuth(call, request);
    if (bearer) {
      if (bearer.caller === 'guest') {
        const reply = refused([STORE_VIEWS_RESOURCE]);
        this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 401, problem: `The consumer isn't authorized to access ${STORE_VIEWS_RESOURCE}.`, hint: bearer.hint, ...raw, response: { status: 401, body: reply.body } });
        return reply;
      }
      this.apiCallAccepted = true;
      const reply = json(200, STORE_VIEWS);
      this.emit({ event: 'api-call', step: 'api-call', ok: true, hint: 'Accepted as a Bearer token: the store allows integration tokens as standalone Bearer tokens.', ...raw, response: { status: 200, body: reply.body } });
      return reply;
    }
    try {
      this.oauth.checkAccessTokenCall(request);
      this.apiCallAccepted = true;
      const reply = json(200, STORE_VIEWS);
      this.emit({ event: 'api-call', step: 'api-call', ok: true, ...raw, response: { status: 200, body: reply.body } });
      return reply;
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      return this.oauthRefusal(error, raw);
    }
  }

  /**
   * Who calls when OAuth does not: the Bearer token's caller, or, without "OAuth " in Authorization
   * (OauthUserContext then reads nothing), a guest. Undefined for an OAuth-signed call.
   */
  private callerWithoutOAuth(call: IncomingCall, request: ParsedOAuthRequest): ReturnType<MockStore['bearerCaller']> {
    return this.bearerCaller(call) ?? (request.hasOAuthHeader ? undefined : { caller: 'guest', hint: 'The call has no "Authorization: OAuth …" header, so Magento runs it as a guest: sign it with the access token.' });
  }
}
