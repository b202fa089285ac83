// Every step of an OAuth 1.0a signature, for debugging any client: shared by `sign` and the editor's
// "Explain OAuth Signature…".
import { randomBytes } from 'node:crypto';
import { parseOAuthRequest } from './magentoRequest';
import { MagentoVersion, signerOf } from './versions';
import { diagnoseSignature } from './mistakes';
import { ALREADY_ISSUED_HINT } from './storeAnswers';
import {
  authorizationHeader, baseString, collectParameters, computeSignature, magentoBaseString, normalizeUrl, Parameter, parameterString, protocolParameters, signaturesMatch, signedUrl, signingKey, SignatureMethod, urlAsWritten,
} from './signature';

export interface ExplainInput {
  method: string;
  url: string;
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
  nonce?: string;
  timestamp?: string;
  signatureMethod: SignatureMethod;
  /** Form fields; oauth_* ones (oauth_verifier) travel in the header. */
  params: Parameter[];
}

export interface SignResult {
  normalizedUrl: string;
  parameterString: string;
  baseString: string;
  signature: string;
  authorizationHeader: string;
}

export function explainSignature(input: ExplainInput): SignResult {
  const oauthParameters = protocolParameters({
    consumerKey: input.consumerKey,
    signatureMethod: input.signatureMethod,
    nonce: input.nonce ?? randomBytes(16).toString('hex'),
    timestamp: input.timestamp ?? String(Math.floor(Date.now() / 1000)),
    token: input.token,
  });
  // Extra values are signed like a form body; oauth_* ones (oauth_verifier) travel in the header.
  const headerExtras = input.params.filter(([name]) => name.startsWith('oauth_'));
  const bodyParams = input.params.filter(([name]) => !name.startsWith('oauth_'));
  const request = {
    method: input.method,
    url: input.url,
    oauthParameters: [...oauthParameters, ...headerExtras],
    formBody: bodyParams.length > 0 ? new URLSearchParams(bodyParams).toString() : undefined,
  };
  const base = baseString(request);
  const signature = computeSignature(input.signatureMethod, base, signingKey(input.consumerSecret, input.tokenSecret ?? ''));
  return {
    normalizedUrl: normalizeUrl(input.url),
    parameterString: parameterString(collectParameters(request)),
    baseString: base,
    signature,
    authorizationHeader: authorizationHeader([...oauthParameters, ...headerExtras, ['oauth_signature', signature]]),
  };
}


/** A curl command for a freshly signed GET (a new nonce each time: Magento rejects a reused one). */
export function signedCurl(url: string, credentials: { consumerKey: string; consumerSecret: string; token: string; tokenSecret: string }): string {
  const signed = explainSignature({ method: 'GET', url, ...credentials, signatureMethod: 'HMAC-SHA256', params: [] });
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  return `curl -sS -H ${quote(`Authorization: ${signed.authorizationHeader}`)} -H 'Accept: application/json' ${quote(url)}`;
}

/** A request to explain: what a pasted curl command or header gave, or the fields typed one by one. */
export interface RequestToExplain {
  method: string;
  url: string;
  /** The Authorization header as the client sent it (its oauth_signature is the one compared). */
  authorization: string;
  contentType?: string;
  body?: string;
  consumerSecret: string;
  tokenSecret?: string;
}

export interface Comparison {
  received: string;
  matches: boolean;
  /** The client mistake that reproduces the received signature, when one does. */
  mistake?: { code: string; explanation: string };
  /** The base string the client most likely signed. */
  receivedBaseString: string;
}

export interface Explanation extends SignResult {
  signatureMethod: string;
  /** The parameters Magento signs, decoded, in its order. */
  parameters: Parameter[];
  /** What Magento would refuse or read unlike RFC 5849, in its words where it has them. */
  notes: string[];
  comparison?: Comparison;
}

/** Magento's required protocol parameters (Oauth::_checkRequiredParams). */
const REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp'];
/** oauth_nonce.nonce is varchar(32); a longer nonce is stored cut short. */
const NONCE_COLUMN = 32;
/** oauth/consumer/expiration_period's default. */
const CONSUMER_EXPIRY_SECONDS = 300;
/** Magento refuses a timestamp more than this far ahead of its clock (NonceGenerator::validateNonce). */
const TIMESTAMP_AHEAD_SECONDS = 600;

/**
 * Signs the request as Magento 2.4.4+ reads it (magentoRequest.ts: the header, the query and a form body
 * as its PHP parses them) and, when the header carries a signature, compares and names the difference.
 */
export function explainRequest(input: RequestToExplain, now = Math.floor(Date.now() / 1000), magento: MagentoVersion = '2.4.4'): Explanation {
  const url = new URL(input.url);
  const signer = signerOf(magento);
  // The Host header as the client sends it: the URL's authority as written (the URL parser drops :80 and :443).
  const host = urlAsWritten(input.url)?.authority ?? url.host;
  const headers: Record<string, string> = { host: signer === 'native' ? host : url.host, authorization: input.authorization };
  if (input.contentType) headers['content-type'] = input.contentType;
  const request = parseOAuthRequest(input.method, `${url.pathname}${url.search}`, headers, input.body ?? '', url.protocol.slice(0, -1), signer);
  const notes: string[] = [];
  if (!request.hasOAuthHeader) notes.push('Magento reads OAuth parameters only from an Authorization header containing "OAuth " followed by the parameters.');
  const missing = REQUIRED.filter((name) => !request.protocol.has(name));
  if (missing.length > 0) notes.push(`Magento refuses it: ${missing.map((name) => `"${name}" is required. Enter and try again.`).join(', ')}`);
  const method = request.protocol.get('oauth_signature_method') ?? 'HMAC-SHA256';
  const hash: SignatureMethod = method === 'HMAC-SHA1' ? 'HMAC-SHA1' : 'HMAC-SHA256';
  // 2.0-2.4.3 accept HMAC-SHA1 as well; neither ever accepts PLAINTEXT or RSA-SHA1.
  const accepted = magento === '2.3' ? ['HMAC-SHA256', 'HMAC-SHA1'] : ['HMAC-SHA256'];
  if (!accepted.includes(method)) {
    const which = magento === '2.3' ? 'Magento' : 'Magento 2.4.4+';
    notes.push(`${which} refuses it: "Signature method ${method} is not supported" (only ${accepted.join(' and ')}).${hash === method ? '' : ' Computed below with HMAC-SHA256.'}`);
  }
  const version = request.protocol.get('oauth_version');
  if (version !== undefined && version !== '1.0') notes.push(`Magento refuses it: "The "${version}" Oauth version isn't supported."`);
  const nonce = request.protocol.get('oauth_nonce');
  if (nonce && [...nonce].length > NONCE_COLUMN) notes.push(`The nonce has ${[...nonce].length} characters; Magento stores only the first ${NONCE_COLUMN}, so keep them unique.`);
  const timestamp = request.protocol.get('oauth_timestamp');
  if (timestamp !== undefined && !(Number(timestamp) > 0 && Number(timestamp) <= now + TIMESTAMP_AHEAD_SECONDS)) {
    notes.push(`Magento refuses oauth_timestamp ${timestamp} with "An error occurred validating the nonce": it must be positive and at most ${TIMESTAMP_AHEAD_SECONDS} s ahead of the store's clock (now ${now}).`);
  }
  if (/\/oauth\/token\/request\/?$/.test(url.pathname)) notes.push(`A request-token call: Magento takes it only within ${CONSUMER_EXPIRY_SECONDS} s of the admin's Activate or Reauthorize (oauth/consumer/expiration_period), then answers "Consumer key has expired". ${ALREADY_ISSUED_HINT}`);
  for (const departure of request.departures) notes.push(departure.explanation);
  if (request.ignoredBodyOAuth.length > 0) notes.push(`Magento ignores ${request.ignoredBodyOAuth.join(', ')} in the body because the header has OAuth parameters.`);
  if (request.nestedFormField !== undefined) notes.push(`Magento's signer cannot encode the form field "${request.nestedFormField}" (parse_str makes it an array): the store answers 500.`);

  const base = magentoBaseString(request.method, request.url, request.signed, request.signer);
  const signature = computeSignature(hash, base, signingKey(input.consumerSecret, input.tokenSecret ?? ''));
  const protocol = [...request.protocol].filter(([name]) => name !== 'oauth_signature');
  const received = request.protocol.get('oauth_signature');
  let comparison: Comparison | undefined;
  if (received) {
    const matches = signaturesMatch(signature, received);
    const diagnosis = matches ? undefined : diagnoseSignature(request, input.consumerSecret, input.tokenSecret ?? '', hash);
    comparison = { received, matches, mistake: diagnosis?.mistake, receivedBaseString: diagnosis?.receivedBaseString ?? base };
  }
  return {
    normalizedUrl: signedUrl(request.url, request.signer),
    parameterString: decodeURIComponent(base.split('&')[2]),
    baseString: base,
    signature,
    authorizationHeader: authorizationHeader([...protocol, ['oauth_signature', signature]]),
    signatureMethod: method,
    parameters: request.signed,
    notes,
    comparison,
  };
}

/** The fields of the one-by-one form, as the Authorization header a client would send. */
export function authorizationFromFields(fields: { consumerKey: string; token?: string; signatureMethod: SignatureMethod; nonce?: string; timestamp?: string; extra: Parameter[]; signature?: string }): string {
  const overrides = new Map(fields.extra);
  const parameters = protocolParameters({
    consumerKey: fields.consumerKey, signatureMethod: fields.signatureMethod, token: fields.token,
    nonce: fields.nonce || overrides.get('oauth_nonce') || randomBytes(16).toString('hex'),
    timestamp: fields.timestamp || overrides.get('oauth_timestamp') || String(Math.floor(Date.now() / 1000)),
  }).map(([name, value]): Parameter => [name, overrides.get(name) ?? value]);
  // oauth_* fields typed as extra values (oauth_verifier, oauth_callback) join the header once, not twice.
  for (const [name, value] of fields.extra) if (!parameters.some(([n]) => n === name) && name !== 'oauth_signature') parameters.push([name, value]);
  const signature = fields.signature || overrides.get('oauth_signature');
  if (signature) parameters.push(['oauth_signature', signature]);
  return authorizationHeader(parameters);
}

/** A request URL the explainer can sign: absolute http(s); brackets and the like are fine (Magento's own queries use them). */
export function requestUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `The URL must use http or https, not ${url.protocol.slice(0, -1)}.`;
    return /\s/.test(value) ? 'The URL has a space: encode it as %20, as your client sends it.' : undefined;
  } catch {
    return 'Enter an absolute URL, e.g. https://store.example/rest/V1/products?searchCriteria[pageSize]=1.';
  }
}
