// The callback receiver: plays the integration app against a store. /callback takes Magento's activation
// POST, answers at once (Magento waits 5 s at most), then exchanges the verifier for a request token and an
// access token within the 300 s window and makes one signed REST call. /login is the identity link page.
import { Server } from 'node:http';
import { redactEvent, redactSecret, TesterEvent } from './events';
import { closeServer, IncomingCall, Reply, serveLocal } from './http';
import { Credentials, parseTokenReply, signedRequest, SignedResult } from './oauthClient';

export interface ReceiverOptions {
  port?: number;
  /** Each step as it happens, already redacted (its activation's secrets). */
  onEvent(event: TesterEvent): void;
  /** Time allowed for a request's headers (5 s); shorter in tests. */
  slowClientMs?: number;
  /** The REST call made with the access token. */
  apiPath?: string;
  /** The store whose activations are taken (its store_base_url); others are refused. Any store when unset. */
  expectedStoreUrl?: string;
}

export interface IntegrationCredentials {
  storeBaseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** Emits one activation's events; `keep` adds a secret obtained later (a token secret) to what is redacted. */
type Emit = ((event: TesterEvent) => void) & { keep(secret: string): void };

const ACTIVATION_FIELDS = ['oauth_consumer_key', 'oauth_consumer_secret', 'store_base_url', 'oauth_verifier'] as const;

export class CallbackReceiver {
  private server?: Server;
  private port = 0;
  private finished?: (result: IntegrationCredentials | undefined) => void;
  private readonly result = new Promise<IntegrationCredentials | undefined>((resolve) => (this.finished = resolve));
  private failedActivations = 0;
  private readonly expectedStore?: string;

  constructor(private readonly options: ReceiverOptions) {
    if (options.expectedStoreUrl !== undefined) {
      const expected = storeKey(options.expectedStoreUrl);
      if (!expected) throw new Error(`The expected store URL ${JSON.stringify(options.expectedStoreUrl)} is not an http(s) URL.`);
      this.expectedStore = expected;
    }
  }

  /** Activations that arrived and did not complete (a forged one, a failed exchange). */
  get failures(): number {
    return this.failedActivations;
  }

  get endpointUrl(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }

  get identityLinkUrl(): string {
    return `http://127.0.0.1:${this.port}/login`;
  }

  async start(): Promise<void> {
    const { server, port } = await serveLocal(this.options.port ?? 0, (call) => this.handle(call), { slowClientMs: this.options.slowClientMs });
    this.server = server;
    this.port = port;
    this.options.onEvent({ event: 'listening', endpointUrl: this.endpointUrl, identityLinkUrl: this.identityLinkUrl });
  }

  async stop(): Promise<void> {
    if (this.server) await closeServer(this.server);
    this.finished?.(undefined);
  }

  /**
   * The credentials once an activation's handshake and API call succeed; undefined only when the receiver
   * stops first. A failed or forged activation does not end the session: the real one may still come.
   */
  done(): Promise<IntegrationCredentials | undefined> {
    return this.result;
  }

  private handle(call: IncomingCall): Reply {
    const [path, query = ''] = call.target.split('?');
    if (path === '/callback' && call.method === 'POST') return this.activation(call);
    if (path === '/callback') return { status: 405, headers: { Allow: 'POST' }, body: 'Magento POSTs the activation form here.\n' };
    if (path === '/login' && call.method === 'GET') return loginPage(new URLSearchParams(query));
    return { status: 404, body: `This app serves POST /callback and GET /login; not ${call.method} ${path}.\n` };
  }

  private activation(call: IncomingCall): Reply {
    if (!String(call.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return { status: 415, body: 'Expected an application/x-www-form-urlencoded activation form.\n' };
    }
    const form = new URLSearchParams(call.body);
    const missing = ACTIVATION_FIELDS.filter((field) => !form.get(field));
    if (missing.length > 0) return { status: 400, body: `Missing ${missing.join(', ')}.\n` };
    const storeBaseUrl = form.get('store_base_url')!;
    const store = storeKey(storeBaseUrl);
    if (!store) return this.refused(400, `store_base_url ${JSON.stringify(storeBaseUrl)} is not an http(s) URL.`);
    if (this.expectedStore && store !== this.expectedStore) {
      return this.refused(403, `An activation naming ${storeBaseUrl} was refused: this session expects ${this.options.expectedStoreUrl}.`);
    }
    const credentials: Credentials = { consumerKey: form.get('oauth_consumer_key')!, consumerSecret: form.get('oauth_consumer_secret')! };
    const verifier = form.get('oauth_verifier')!;
    const emit = this.emitterFor([credentials.consumerSecret, verifier]);
    emit({
      event: 'activation-received', step: 'activation', ok: true, storeBaseUrl,
      consumerKey: credentials.consumerKey, consumerSecret: redactSecret(credentials.consumerSecret), verifier: redactSecret(verifier),
    });
    // Answer first: Magento gives up after 5 s, and the exchange may take longer.
    setImmediate(() => void this.exchange(emit, storeBaseUrl, credentials, verifier).catch((error) => {
      this.failed(emit, `The exchange with ${storeBaseUrl} failed: ${error instanceof Error ? error.message : String(error)}.`);
    }));
    return { status: 200, body: 'OK\n' };
  }

  /** An activation that cannot be taken: counted, reported, and the session goes on. */
  private refused(status: 400 | 403, message: string): Reply {
    this.failedActivations++;
    this.options.onEvent({ event: 'rejected', step: 'activation', ok: false, status, problem: message, hint: 'Still waiting for the real activation.' });
    return { status, body: `${message}\n` };
  }

  /**
   * Events of one activation, redacted with that activation's secrets only: a flood of forged activations
   * adds no work to the others' events (every secret ever received made each event cost more, quadratically).
   * A store only ever sees the secrets of its own activation, so it cannot echo another's.
   */
  private emitterFor(secrets: string[]): Emit {
    const emit = (event: TesterEvent) => this.options.onEvent(redactEvent(event, secrets));
    emit.keep = (secret: string) => void secrets.push(secret);
    return emit;
  }

  private failed(emit: Emit, hint: string): void {
    this.failedActivations++;
    emit({ event: 'rejected', step: 'activation', ok: false, hint: `${hint} ${STILL_WAITING}` });
  }

  private async exchange(emit: Emit, storeBaseUrl: string, credentials: Credentials, verifier: string): Promise<void> {
    const base = storeBaseUrl.endsWith('/') ? storeBaseUrl : `${storeBaseUrl}/`;
    const requestToken = await signedRequest({ method: 'POST', url: `${base}oauth/token/request`, credentials });
    const issued = this.tokenStep(emit, 'request-token', requestToken);
    if (!issued) return;
    const accessToken = await signedRequest({
      method: 'POST', url: `${base}oauth/token/access`, credentials: { ...credentials, token: issued.token, tokenSecret: issued.secret }, extraOAuth: [['oauth_verifier', verifier]],
    });
    const access = this.tokenStep(emit, 'access-token', accessToken);
    if (!access) return;
    const api = await signedRequest({
      method: 'GET', url: `${base}${this.options.apiPath ?? 'rest/V1/store/storeViews'}`, credentials: { ...credentials, token: access.token, tokenSecret: access.secret },
      headers: { Accept: 'application/json' },
    });
    const ok = api.answer.status === 200;
    if (!ok) this.failedActivations++;
    emit({ event: ok ? 'api-call' : 'rejected', step: 'api-call', ok, status: api.answer.status, baseString: api.baseString, ...raw(api), hint: ok ? undefined : STILL_WAITING });
    if (!ok) return;
    this.finished?.({ storeBaseUrl: base, consumerKey: credentials.consumerKey, consumerSecret: credentials.consumerSecret, accessToken: access.token, accessTokenSecret: access.secret });
  }

  private tokenStep(emit: Emit, step: 'request-token' | 'access-token', result: SignedResult): { token: string; secret: string } | undefined {
    const reply = parseTokenReply(result.answer.body);
    if (result.answer.status === 200 && reply.token && reply.secret) {
      emit.keep(reply.secret);
      if (step === 'access-token') emit.keep(reply.token);
      emit({ event: `${step}-issued`, step, ok: true, baseString: result.baseString, ...raw(result) });
      return { token: reply.token, secret: reply.secret };
    }
    this.failedActivations++;
    emit({ event: 'rejected', step, ok: false, status: result.answer.status, problem: reply.problem ?? result.answer.body.slice(0, 500), baseString: result.baseString, ...raw(result), hint: STILL_WAITING });
    return undefined;
  }
}

/** scheme://host:port/path/ of a store URL, lowercased where URLs are case-insensitive; undefined if not http(s). */
function storeKey(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.endsWith('/') ? parsed.pathname : `${parsed.pathname}/`}`;
  } catch {
    return undefined;
  }
}

/** A failed exchange ends nothing: the admin can click Activate again (the step that failed says why). */
const STILL_WAITING = 'Still waiting for another activation.';

function raw(result: SignedResult) {
  return { request: result.request, response: { status: result.answer.status, body: result.answer.body.slice(0, 2000) } };
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The identity link page: shows the consumer key and returns to success_call_back. */
function loginPage(query: URLSearchParams): Reply {
  const key = query.get('oauth_consumer_key') ?? '';
  const back = query.get('success_call_back') ?? '';
  const safeBack = /^https?:\/\//i.test(back) ? back : '';
  const button = safeBack
    ? `<p><a href="${escapeHtml(safeBack)}"><button type="button">Finish and return to Magento</button></a></p>`
    : '<p>No valid success_call_back was given; close this window to finish.</p>';
  return {
    status: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" },
    body: `<!doctype html><html><head><meta charset="utf-8"><title>Integration login</title></head><body>` +
      `<h1>Integration login</h1><p>Consumer key: <code>${escapeHtml(key)}</code></p>${button}</body></html>`,
  };
}
