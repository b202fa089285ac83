// What the simulated store answers, as Magento words it: a refusal (the token endpoints' oauth_problem, or
// the web API's JSON with the phrase and its parameters), the hints beside it, and the small replies.
import { RawExchange } from './events';
import { IncomingCall, Reply } from './http';
import { ParsedOAuthRequest } from './magentoRequest';
import { refusalBody } from '../magento/webapiRoutes';
import type { TesterEvent } from './events';

/**
 * A refused request. `message` is the text Magento's token controllers put in oauth_problem; a REST call
 * gets the exception as Magento's web API renders it instead (`rest`): the phrase unrendered, its
 * parameters beside it.
 */
export class Rejection extends Error {
  readonly restBody: string;

  constructor(readonly status: 400 | 401 | 500, message: string, readonly details: Partial<TesterEvent> = {}, rest?: object) {
    super(message);
    this.restBody = status === 500 ? message : JSON.stringify(rest ?? { message });
  }
}

/** A Magento Phrase with `%1`-style parameters: rendered for the token endpoints, kept apart for REST. */
export function phrase(template: string, ...parameters: string[]): { message: string; rest: object } {
  return { message: template.replace(/%(\d)/g, (_, n: string) => parameters[Number(n) - 1] ?? ''), rest: { message: template, parameters } };
}

const REQUIRED = '"%fieldName" is required. Enter and try again.';

/**
 * The REST body of Oauth::_checkRequiredParams' OauthInputException: one missing parameter replaces the
 * exception's phrase; from the second on, the phrase goes back to InputException's own and each is an error.
 */
export function missingParamsBody(missing: string[]): object {
  if (missing.length === 1) return { message: REQUIRED, parameters: { fieldName: missing[0] } };
  return { message: 'One or more input exceptions have occurred.', errors: missing.map((fieldName) => ({ message: REQUIRED, parameters: { fieldName } })) };
}

/**
 * "You already have a token": an integration made in the admin without an endpoint URL gets its access token
 * and secret at Activate (the admin shows them); asking /oauth/token/request for it later meets the consumer's
 * expiry window (oauth/consumer/expiration_period, 300 s) and "Consumer key has expired".
 */
export const ALREADY_ISSUED_HINT = 'If the integration was made in the admin without an endpoint URL, the app needs no handshake: Magento issued its access token and secret at Activate (the admin shows them, and `doctor` says token-already-issued); sign REST calls with those four values instead of asking /oauth/token/request.';

/** What the app is told when it sends its access token as a Bearer token to a store that does not take it. */
export const BEARER_OFF_HINT = 'Magento 2.4.4 and later take an integration\'s access token as a Bearer token only when "Allow OAuth Access Tokens to be used as standalone Bearer tokens" (Stores > Configuration > Services > OAuth > Consumer Settings, oauth/consumer/enable_integration_as_bearer) is Yes, and it is No by default: the call runs as a guest. Sign it with OAuth 1.0a, or turn the setting on (mock-store --bearer).';

/** What Magento's front controller answers in production when PHP stops with an error its controllers do not catch. */
export const APPLICATION_ERROR = 'An error has happened during application run. See exception log for details.';

export function isUsableHost(host: string | undefined): boolean {
  if (host === undefined) return true; // HTTP/1.0: Magento would see its own host name
  try {
    const url = new URL(`http://${host}/`);
    return url.host !== '' && url.pathname === '/' && !url.search && !url.username;
  } catch {
    return false;
  }
}

export function missingHint(request: ParsedOAuthRequest, missing: string[]): string | undefined {
  if (!request.hasOAuthHeader) return 'The request has no "Authorization: OAuth …" header, and Magento reads OAuth parameters only from it.';
  const inBody = missing.filter((name) => request.ignoredBodyOAuth.includes(name));
  if (inBody.length > 0) return `${inBody.join(', ')} ${inBody.length > 1 ? 'were' : 'was'} sent in the body, but Magento ignores oauth_* body fields once the Authorization header has OAuth parameters: put ${inBody.length > 1 ? 'them' : 'it'} in the header (and sign ${inBody.length > 1 ? 'them' : 'it'}).`;
  return undefined;
}

export function exchange(call: IncomingCall, url: string): RawExchange {
  const headers = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
  return { request: { method: call.method, url, headers, body: call.body.slice(0, 4000) } };
}

/** Magento's 401 for a caller (a guest, or an integration) that lacks `resources`. */
export function refused(resources: readonly string[]): Reply {
  return { status: 401, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: refusalBody({ resources: [...resources] }) };
}

export function json(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}
