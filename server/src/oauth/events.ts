// What the tester reports, one JSON object per step (the CLI's --json lines, the webview's timeline).
import { randomInt } from 'node:crypto';

export interface RawExchange {
  request?: { method: string; url: string; headers?: Record<string, string>; body?: string };
  response?: { status: number; headers?: Record<string, string>; body: string };
}

export interface TesterEvent extends RawExchange {
  event: string;
  ok?: boolean;
  step?: string;
  /** Magento's oauth_problem text, for rejections. */
  problem?: string;
  status?: number;
  expectedBaseString?: string;
  receivedBaseString?: string;
  mistake?: { code: string; explanation: string };
  /** Something Magento would not tell you, in plain words. */
  hint?: string;
  [detail: string]: unknown;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Magento's token format: 32 characters of [0-9a-z] (Framework\Oauth\Helper\Oauth). */
export function randomToken(length = 32): string {
  let token = '';
  for (let i = 0; i < length; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** `ab12…`: enough to tell two of Magento's 32-character secrets apart, too little to use one; nothing of a short one. */
export function redactSecret(secret: string): string {
  return secret.length < 16 ? '…' : `${secret.slice(0, 4)}…`;
}

/** Parameters whose value is a secret wherever they appear (form bodies, queries, OAuth headers, base strings). */
const SECRET_PARAMETERS = new Set(['oauth_consumer_secret', 'oauth_token_secret', 'oauth_verifier']);
/** `name=value` or `name="value"`, plain or percent-encoded once (as in a base string). */
const PARAMETER = /(?<![a-z_])(oauth_[a-z_]+)(=|%3D)("|%22)?([^&",\s%]*(?:%(?!26|22|2C)[0-9A-Fa-f]{2}[^&",\s%]*)*)/g;
/** Shorter secrets are only redacted where they stand as a parameter's value: elsewhere they could be any word. */
const MIN_FREE_TEXT_SECRET = 8;

/**
 * Replaces every known secret in an event (recursively, in every string) with its redacted form: as the
 * value of a parameter (any length, and always for the parameters that carry secrets), and anywhere in
 * free text for secrets long enough not to be mistaken for other words.
 */
export function redactEvent<T>(value: T, secrets: readonly string[]): T {
  const known = new Set(secrets.filter((s) => s.length > 0));
  const freeText = freeTextPattern(known);
  const scrub = (text: string) => {
    const structured = text.replace(PARAMETER, (whole, name: string, equals: string, quote: string | undefined, raw: string) => {
      const decoded = safeDecode(safeDecode(raw));
      if (raw === '' || (!SECRET_PARAMETERS.has(name) && !known.has(decoded))) return whole;
      return `${name}${equals}${quote ?? ''}${redactSecret(decoded)}`;
    });
    return freeText ? structured.replace(freeText.pattern, (found) => freeText.redacted.get(found)!) : structured;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return scrub(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(value) as T;
}

/**
 * One pattern for every long secret, plain and percent-encoded, longest first: each string is scrubbed in a
 * single pass instead of once per secret.
 */
function freeTextPattern(known: ReadonlySet<string>): { pattern: RegExp; redacted: Map<string, string> } | undefined {
  const redacted = new Map<string, string>();
  for (const secret of known) {
    if (secret.length < MIN_FREE_TEXT_SECRET) continue;
    redacted.set(secret, redactSecret(secret));
    redacted.set(encodeURIComponent(secret), redactSecret(secret));
  }
  if (redacted.size === 0) return undefined;
  const alternatives = [...redacted.keys()].sort((a, b) => b.length - a.length).map((s) => s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'));
  return { pattern: new RegExp(alternatives.join('|'), 'g'), redacted };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** The handshake's steps in order, with the titles the panel and the CLI show. */
export const HANDSHAKE_STEPS = [
  { key: 'activation', title: 'Activation: the store posts the credentials to your endpoint URL' },
  { key: 'identity-link', title: 'Identity link: the store opens your login page' },
  { key: 'request-token', title: 'Request token: your app asks for it' },
  { key: 'access-token', title: 'Access token: your app exchanges the request token' },
  { key: 'api-call', title: 'Signed API call: GET /rest/V1/store/storeViews' },
] as const;

/** The last step when the store judges every REST call against an integration's grants (mock-store --integration). */
export const GRANTED_CALLS_STEP = { key: 'api-call', title: 'Signed REST calls: each one judged by the integration\'s grants' } as const;

/** What happened, in words (events carry ids for scripts: `activation-posted`, `rejected`, …). */
export function eventTitle(event: TesterEvent): string {
  const refused = `Refused${event.status ? ` with ${event.status}` : ''}${event.problem ? `: ${event.problem}` : ''}`;
  switch (event.event) {
    case 'activation-posted': return event.ok === false ? 'The store could not deliver the credentials to your endpoint' : `The store posted the credentials; your endpoint answered ${event.response?.status ?? ''}`.trim();
    case 'activation-received': return `The store's activation arrived${event.storeBaseUrl ? ` from ${event.storeBaseUrl}` : ''}`;
    case 'identity-link-opened': return event.ok === false ? 'The store could not open your identity link' : `The store opened your identity link; it answered ${event.response?.status ?? ''}`.trim();
    case 'success-callback-reached': return 'Your login page returned to the store (success_call_back)';
    case 'request-token-issued': return 'The store issued a request token';
    case 'access-token-issued': return 'The store issued an access token';
    case 'api-call': return 'The store accepted the signed API call';
    case 'listening': return 'Listening for the store';
    case 'reauthorize': return 'The admin clicked Reauthorize: the old access token is revoked, the same consumer gets a fresh verifier';
    case 'rejected': return refused;
    default: return event.event;
  }
}

/** What the developer can do about a failed step. */
export function nextAction(step: string): string {
  switch (step) {
    case 'activation': return 'Start your app so that it answers the POST to the endpoint URL (any 2xx, no redirect), then Run again.';
    case 'identity-link': return 'Serve the identity link page and have it redirect to success_call_back once the merchant has logged in, then Run again.';
    case 'request-token': return 'Fix the request-token call as said above; your app may retry at once, or Run again for fresh credentials.';
    case 'access-token': return 'Fix the access-token call as said above; your app may retry with the same request token, or Run again.';
    case 'api-call': return 'Fix the signed call as said above; your app may retry with the same access token.';
    case 'grants': return 'A refused call lacks the resources named above: add them to the integration (Add ACL Resources…, or Grant Access to REST Routes…), or call a route its grants open; a signature refusal is fixed in the app.';
    default: return 'Run again once it is fixed.';
  }
}
