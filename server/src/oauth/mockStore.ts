// The simulated store: plays Magento 2.4.4+ (or 2.3) for an integration app on 127.0.0.1. It activates the
// integration as the admin's "Activate" does, then serves the token endpoints and one REST route, checking
// requests in Magento's order with Magento's texts and statuses (magento-integration-facts §5).
import { Server } from 'node:http';
import { randomToken, RawExchange, TesterEvent } from './events';
import { closeServer, IncomingCall, Reply, send, serveLocal } from './http';
import { parseOAuthRequest, ParsedOAuthRequest } from './magentoRequest';
import { diagnoseSignature } from './mistakes';
import { ANONYMOUS, refusalBody, routeForCall, RouteVerdict, WebapiRoute } from '../magento/webapiRoutes';
import { computeSignature, magentoBaseString, SignatureMethod, signaturesMatch, signingKey } from './signature';
import { MagentoVersion, signerOf } from './versions';

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

const TIME_DEVIATION = 600;
/** oauth_nonce.nonce is varchar(32). */
const NONCE_COLUMN_LENGTH = 32;
const ACTIVATION_TIMEOUT_MS = 5_000;
const SUCCESS_CALLBACK_PATH = '/admin/admin/integration/loginSuccessCallback/';
/** What GET /V1/store/storeViews needs (Magento_Store's webapi.xml). */
const STORE_VIEWS_RESOURCE = 'Magento_Backend::store';
// In the order a real 2.4.6 store lists them: the default store view first, then admin.
const STORE_VIEWS = [
  { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
  { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
];

/**
 * A refused request. `message` is the text Magento's token controllers put in oauth_problem; a REST call
 * gets the exception as Magento's web API renders it instead (`rest`): the phrase unrendered, its
 * parameters beside it.
 */
class Rejection extends Error {
  readonly restBody: string;

  constructor(readonly status: 400 | 401 | 500, message: string, readonly details: Partial<TesterEvent> = {}, rest?: object) {
    super(message);
    this.restBody = status === 500 ? message : JSON.stringify(rest ?? { message });
  }
}

/** A Magento Phrase with `%1`-style parameters: rendered for the token endpoints, kept apart for REST. */
function phrase(template: string, ...parameters: string[]): { message: string; rest: object } {
  return { message: template.replace(/%(\d)/g, (_, n: string) => parameters[Number(n) - 1] ?? ''), rest: { message: template, parameters } };
}

const REQUIRED = '"%fieldName" is required. Enter and try again.';

/**
 * The REST body of Oauth::_checkRequiredParams' OauthInputException: one missing parameter replaces the
 * exception's phrase; from the second on, the phrase goes back to InputException's own and each is an error.
 */
function missingParamsBody(missing: string[]): object {
  if (missing.length === 1) return { message: REQUIRED, parameters: { fieldName: missing[0] } };
  return { message: 'One or more input exceptions have occurred.', errors: missing.map((fieldName) => ({ message: REQUIRED, parameters: { fieldName } })) };
}

/** What the app is told when it sends its access token as a Bearer token to a store that does not take it. */
const BEARER_OFF_HINT = 'Magento 2.4.4 and later take an integration\'s access token as a Bearer token only when "Allow OAuth Access Tokens to be used as standalone Bearer tokens" (Stores > Configuration > Services > OAuth > Consumer Settings, oauth/consumer/enable_integration_as_bearer) is Yes, and it is No by default: the call runs as a guest. Sign it with OAuth 1.0a, or turn the setting on (mock-store --bearer).';

/** What Magento's front controller answers in production when PHP stops with an error its controllers do not catch. */
const APPLICATION_ERROR = 'An error has happened during application run. See exception log for details.';

interface TokenRow {
  type: 'verifier' | 'request' | 'access';
  token: string;
  secret: string;
  verifier: string;
}

export class MockStore {
  private server?: Server;
  private port = 0;
  private consumer?: { id: number; key: string; secret: string; activatedAt: number };
  private token?: TokenRow;
  private readonly nonces = new Set<string>();
  private delivered = false;
  private readonly calls: RestCall[] = [];
  private accessTokenIssued = false;
  private apiCallAccepted = false;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: MockStoreOptions) {}

  get storeBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Every secret the store handed out, for redaction. */
  /** Whether the last activation POST reached the app as Magento would deliver it (no error, no redirect). */
  get activationDelivered(): boolean {
    return this.delivered;
  }

  get secrets(): string[] {
    return [this.consumer?.secret, this.token?.secret, this.token?.verifier, this.token?.type === 'access' ? this.token.token : undefined].filter((s): s is string => !!s);
  }

  /** The integration's credentials once an access token was issued (for a fresh signed call, never for logs). */
  get accessCredentials(): { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string } | undefined {
    if (!this.consumer || this.token?.type !== 'access') return undefined;
    return { consumerKey: this.consumer.key, consumerSecret: this.consumer.secret, token: this.token.token, tokenSecret: this.token.secret };
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
    this.consumer = { id: 1, key: randomToken(), secret: randomToken(), activatedAt: this.now() };
    this.nonces.clear();
    await this.postToConsumer();
  }

  /**
   * The admin's Reauthorize (magento-integration-facts §5.1): the access token is deleted, the same
   * consumer key and secret are posted again with a fresh verifier, and the 300 s window starts again.
   */
  async reauthorize(): Promise<void> {
    if (!this.consumer) throw new Error('reauthorize: the integration was never activated');
    this.consumer = { ...this.consumer, activatedAt: this.now() };
    this.emit({ event: 'reauthorize', step: 'activation', hint: 'Reauthorize: the old access token is revoked; the same consumer key and secret come with a fresh verifier.' });
    await this.postToConsumer();
  }

  /** OauthService::postToConsumer: a fresh verifier, the POST to endpoint_url, then the identity link. */
  private async postToConsumer(): Promise<void> {
    if (!this.consumer) return;
    // Nonces stay used across a Reauthorize (Magento keeps them per consumer).
    this.token = { type: 'verifier', token: randomToken(), secret: randomToken(), verifier: randomToken() };
    this.accessTokenIssued = false;
    this.apiCallAccepted = false;
    this.delivered = false;
    const body = new URLSearchParams({
      oauth_consumer_key: this.consumer.key,
      oauth_consumer_secret: this.consumer.secret,
      store_base_url: this.storeBaseUrl,
      oauth_verifier: this.token.verifier,
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
    const url = `${this.options.identityLinkUrl}?${new URLSearchParams({ oauth_consumer_key: this.consumer!.key, success_call_back: successCallBack })}`;
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
    if (/^\/rest\/(?:default\/|all\/)?V1\/store\/storeViews\/?$/.test(path)) return this.storeViews(call);
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
      const issued = step === 'request-token' ? this.issueRequestToken(request) : this.issueAccessToken(request);
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

  /** Oauth::getRequestToken: protocol checks, consumer expiry, signature, then the token's type. */
  private issueRequestToken(request: ParsedOAuthRequest): TokenRow {
    const consumer = this.checkProtocol(request, []);
    if (this.now() - consumer.activatedAt >= (this.options.consumerExpirySeconds ?? 300)) {
      throw new Rejection(401, 'Consumer key has expired', { hint: `The request token must be requested within ${this.options.consumerExpirySeconds ?? 300} s of the activation POST.` });
    }
    this.checkSignature(request, '');
    const token = this.token!;
    if (token.type !== 'verifier') throw new Rejection(401, 'Cannot create request token because consumer token is not a verifier token', { hint: 'The request token was already issued; after Activate, request it exactly once.' });
    token.type = 'request';
    return token;
  }

  /** Oauth::getAccessToken: protocol checks, the request token and verifier, then the signature. */
  private issueAccessToken(request: ParsedOAuthRequest): TokenRow {
    this.checkProtocol(request, ['oauth_token', 'oauth_verifier']);
    const token = this.token!;
    if (request.protocol.get('oauth_token') !== token.token) throw new Rejection(401, 'Specified token does not exist');
    if (token.type !== 'request') throw new Rejection(401, 'Token is already being used', { hint: 'This request token was already exchanged for an access token.' });
    const verifier = request.protocol.get('oauth_verifier')!;
    if (verifier.length !== 32) throw new Rejection(401, 'Verifier is not the correct length');
    if (!signaturesMatch(token.verifier, verifier)) throw new Rejection(401, 'Token verifier and verifier token do not match', { hint: 'Send the oauth_verifier received in the activation POST.' });
    this.checkSignature(request, token.secret);
    token.type = 'access';
    token.token = randomToken();
    token.secret = randomToken();
    this.accessTokenIssued = true;
    return token;
  }

  /** Oauth::_validateProtocolParams and the consumer and nonce checks, in Magento's order. */
  private checkProtocol(request: ParsedOAuthRequest, extraRequired: string[]): { id: number; key: string; secret: string; activatedAt: number } {
    const params = request.protocol;
    const version = params.get('oauth_version');
    if (version !== undefined && version !== '1.0') {
      const text = phrase('The "%1" Oauth version isn\'t supported.', version);
      throw new Rejection(400, text.message, {}, text.rest);
    }
    // _checkRequiredParams collects every missing one; OauthInputException::getAggregatedErrorMessage joins them with ", ".
    const missing = ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', ...extraRequired].filter((name) => !params.has(name));
    if (missing.length > 0) {
      throw new Rejection(400, missing.map((name) => `"${name}" is required. Enter and try again.`).join(', '), { hint: missingHint(request, missing) }, missingParamsBody(missing));
    }
    const token = params.get('oauth_token');
    if (token !== undefined && token.length !== 32) throw new Rejection(400, 'The token length is invalid. Check the length and try again.');
    const method = params.get('oauth_signature_method')!;
    if (!this.supportedMethods().includes(method)) {
      const text = phrase('Signature method %1 is not supported', method);
      throw new Rejection(400, text.message, method === 'HMAC-SHA1' ? { hint: 'Magento 2.4.4 and later accept only HMAC-SHA256.' } : {}, text.rest);
    }
    const key = params.get('oauth_consumer_key')!;
    if (key.length !== 32) throw new Rejection(401, 'Consumer key is not the correct length');
    const consumer = this.consumer;
    if (!consumer || key !== consumer.key) throw new Rejection(401, 'A consumer having the specified key does not exist');
    this.validateNonce(consumer, params.get('oauth_nonce')!, params.get('oauth_timestamp')!);
    return consumer;
  }

  /**
   * Nonce\Generator::validateNonce. The timestamp is checked inside it, and every failure that is not
   * "already used" is reported as "An error occurred validating the nonce". The oauth_nonce column is
   * varchar(32) and Magento's MySQL session runs with SQL_MODE='', so a longer nonce is stored cut to
   * 32 characters: the lookup (with the whole nonce) never finds it, and two nonces sharing their first
   * 32 characters collide on the table's unique key.
   */
  private validateNonce(consumer: { id: number }, nonce: string, timestampText: string): void {
    const timestamp = Number.parseInt(timestampText, 10);
    if (!(timestamp > 0) || timestamp > this.now() + TIME_DEVIATION) {
      throw new Rejection(401, 'An error occurred validating the nonce', {
        hint: `The cause is oauth_timestamp (${timestampText}): Magento checks it inside its nonce validation and wants it positive and at most 600 s ahead of the store's clock (now ${this.now()}).`,
      });
    }
    if (this.nonces.has(nonce)) {
      const text = phrase('The nonce is already being used by the consumer with ID %1', String(consumer.id));
      throw new Rejection(401, text.message, { hint: 'Use a fresh nonce for every request.' }, text.rest);
    }
    const stored = [...nonce].slice(0, NONCE_COLUMN_LENGTH).join('');
    if (this.nonces.has(stored)) {
      throw new Rejection(401, 'An error occurred validating the nonce', {
        hint: `Magento stores only the first ${NONCE_COLUMN_LENGTH} characters of a nonce, and this one shares them with a nonce used before: make nonces unique within their first ${NONCE_COLUMN_LENGTH} characters.`,
      });
    }
    this.nonces.add(stored);
  }

  private supportedMethods(): string[] {
    return this.version === '2.3' ? ['HMAC-SHA1', 'HMAC-SHA256'] : ['HMAC-SHA256'];
  }

  private checkSignature(request: ParsedOAuthRequest, tokenSecret: string): void {
    if (request.nestedFormField !== undefined) {
      // parse_str makes the field an array, and Laminas' rawurlencode() of an array is a TypeError.
      throw new Rejection(500, APPLICATION_ERROR, {
        hint: `Magento's parse_str turns the form field "${request.nestedFormField}" into an array, which its OAuth signer cannot encode: PHP stops with a TypeError and the store answers 500. Send flat field names (no "[…]") in a signed form body.`,
      });
    }
    const method = request.protocol.get('oauth_signature_method') as SignatureMethod;
    const base = magentoBaseString(request.method, request.url, request.signed, request.signer);
    const expected = computeSignature(method, base, signingKey(this.consumer!.secret, tokenSecret));
    if (signaturesMatch(expected, request.protocol.get('oauth_signature') ?? '')) return;
    const diagnosis = diagnoseSignature(request, this.consumer!.secret, tokenSecret, method);
    throw new Rejection(401, 'The signature is invalid. Verify and try again.', {
      expectedBaseString: diagnosis.expectedBaseString,
      receivedBaseString: diagnosis.receivedBaseString,
      mistake: diagnosis.mistake,
      hint: diagnosis.mistake?.explanation ?? 'No common mistake reproduces this signature: check the consumer secret and the token secret used in the key.',
    });
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
    const route = routeForCall(label, api.routes);
    if (!route) {
      const reply = json(404, { message: 'Request does not match any route.' });
      this.calls.push({ call: label, allowed: false });
      this.emit({ event: 'rejected', step: 'api-call', ok: false, status: 404, problem: 'Request does not match any route.', hint: `No route of the index is ${label}.`, ...raw, response: { status: 404, body: reply.body } });
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
        this.checkAccessTokenCall(request);
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
    this.apiCallAccepted = true;
    this.calls.push({ call: label, route: routeName, allowed: true });
    const reply = /\/V1\/store\/storeViews$/.test(route.url) ? json(200, STORE_VIEWS) : json(200, { simulated: true, route: routeName, service: route.service });
    this.emit({ event: 'api-call', step: 'api-call', ok: true, hint: `${routeName} (${route.resources.join(', ')}) is allowed.`, ...raw, response: { status: 200, body: reply.body } });
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

  /** A REST call signed with the access token (OauthUserContext): the protocol, the token, the signature. */
  private checkAccessTokenCall(request: ParsedOAuthRequest): void {
    this.checkProtocol(request, ['oauth_token']);
    const token = this.token!;
    // Provider::validateAccessTokenRequest: the token must exist (Reauthorize deleted the old one), then be an access token.
    if (request.protocol.get('oauth_token') !== token.token) throw new Rejection(401, 'Specified token does not exist');
    if (token.type !== 'access') throw new Rejection(401, 'Token is not an access token');
    this.checkSignature(request, token.secret);
  }

  /**
   * `Authorization: Bearer <token>`, read as TokenUserContext reads it: the integration when the token is
   * its access token and the store takes it as a Bearer token, a guest otherwise; undefined without one.
   */
  private bearerCaller(call: IncomingCall): { caller: 'integration' } | { caller: 'guest'; hint: string } | undefined {
    const header = call.headers.authorization;
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(typeof header === 'string' ? header : '');
    if (!match) return undefined;
    const isAccessToken = this.token?.type === 'access' && match[1] === this.token.token;
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
      this.checkAccessTokenCall(request);
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

function isUsableHost(host: string | undefined): boolean {
  if (host === undefined) return true; // HTTP/1.0: Magento would see its own host name
  try {
    const url = new URL(`http://${host}/`);
    return url.host !== '' && url.pathname === '/' && !url.search && !url.username;
  } catch {
    return false;
  }
}

function missingHint(request: ParsedOAuthRequest, missing: string[]): string | undefined {
  if (!request.hasOAuthHeader) return 'The request has no "Authorization: OAuth …" header, and Magento reads OAuth parameters only from it.';
  const inBody = missing.filter((name) => request.ignoredBodyOAuth.includes(name));
  if (inBody.length > 0) return `${inBody.join(', ')} ${inBody.length > 1 ? 'were' : 'was'} sent in the body, but Magento ignores oauth_* body fields once the Authorization header has OAuth parameters: put ${inBody.length > 1 ? 'them' : 'it'} in the header (and sign ${inBody.length > 1 ? 'them' : 'it'}).`;
  return undefined;
}

function exchange(call: IncomingCall, url: string): RawExchange {
  const headers = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  return { request: { method: call.method, url, headers, body: call.body.slice(0, 4000) } };
}

/** Magento's 401 for a caller (a guest, or an integration) that lacks `resources`. */
function refused(resources: readonly string[]): Reply {
  return { status: 401, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: refusalBody({ resources: [...resources] }) };
}

function json(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}
