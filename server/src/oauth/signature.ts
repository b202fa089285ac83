// OAuth 1.0a signatures (RFC 5849 §3.4) as Magento computes and checks them: HMAC-SHA256 (the only
// method Magento accepts since 2.4.4) and HMAC-SHA1, with Node's crypto.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';
export type Parameter = [name: string, value: string];

/** RFC 3986 percent-encoding (RFC 5849 §3.6): everything but unreserved characters, UTF-8 first. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5849 §3.4.1.2: lowercase scheme and host, default port dropped, no query or fragment. */
export function normalizeUrl(url: string): string {
  const parsed = new URL(url);
  const defaultPort = (parsed.protocol === 'http:' && parsed.port === '80') || (parsed.protocol === 'https:' && parsed.port === '443');
  const port = parsed.port && !defaultPort ? `:${parsed.port}` : '';
  return `${parsed.protocol}//${parsed.hostname.toLowerCase()}${port}${parsed.pathname}`;
}

/**
 * Which of Magento's signers: Laminas (Zend_Oauth in 2.0-2.3; 2.4.0 to the 2024 releases) normalizes the
 * URL as RFC 5849 does and sorts in natural order; the newest, native one (2025, no Laminas) signs
 * scheme://host[:port]path exactly as the request names them and sorts byte by byte
 * (magento-integration-facts §6).
 */
export type Signer = 'laminas' | 'native';

/** A URL's scheme, host[:port] and path exactly as written (the URL parser lowercases and drops :80/:443). */
export function urlAsWritten(url: string): { scheme: string; authority: string; path: string } | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)([^?#]*)/.exec(url);
  return match ? { scheme: match[1], authority: match[2], path: match[3] } : undefined;
}

/** The newest signer's URL part: scheme, host and any port as written (even :80 or :443), no lowercasing, no query. */
export function nativeUrl(url: string): string {
  const written = urlAsWritten(url);
  return written ? `${written.scheme}://${written.authority}${written.path}` : normalizeUrl(url);
}

/** The URL part of the base string, as `signer` builds it. */
export function signedUrl(url: string, signer: Signer = 'laminas'): string {
  return signer === 'native' ? nativeUrl(url) : normalizeUrl(url);
}

/** `a=1&b=2` as form-urlencoded (RFC 5849 §3.4.1.3.1): `+` is a space, a name without `=` has an empty value. */
export function parseFormEncoded(text: string): Parameter[] {
  return [...new URLSearchParams(text)].map(([name, value]) => [name, value]);
}

export interface SignatureInput {
  method: string;
  url: string;
  /** The oauth_* protocol parameters (oauth_signature is ignored). */
  oauthParameters: Parameter[];
  /** An application/x-www-form-urlencoded body; other bodies (JSON) are not signed. */
  formBody?: string;
}

/** The oauth_* parameters every signed request carries (RFC 5849 §3.1), oauth_token only with a token. */
export function protocolParameters(options: { consumerKey: string; signatureMethod: SignatureMethod; nonce: string; timestamp: string; token?: string }): Parameter[] {
  const parameters: Parameter[] = [
    ['oauth_consumer_key', options.consumerKey],
    ['oauth_nonce', options.nonce],
    ['oauth_signature_method', options.signatureMethod],
    ['oauth_timestamp', options.timestamp],
    ['oauth_version', '1.0'],
  ];
  if (options.token) parameters.push(['oauth_token', options.token]);
  return parameters;
}

/** RFC 5849 §3.4.1.3: the query, the form body and the protocol parameters, without oauth_signature. */
export function collectParameters(input: SignatureInput): Parameter[] {
  const query = new URL(input.url).search.slice(1);
  return [...parseFormEncoded(query), ...(input.formBody ? parseFormEncoded(input.formBody) : []), ...input.oauthParameters].filter(
    ([name]) => name !== 'oauth_signature',
  );
}

/** RFC 5849 §3.4.1.3.2: encoded, sorted by name then value in byte order, joined with `&`. */
export function parameterString(parameters: Parameter[]): string {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return parameters
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

export function baseString(input: SignatureInput): string {
  return baseStringOf(input.method, input.url, collectParameters(input));
}

/** RFC 5849 §3.4.1.1 from parameters already collected. */
export function baseStringOf(method: string, url: string, parameters: Parameter[]): string {
  return [method.toUpperCase(), percentEncode(normalizeUrl(url)), percentEncode(parameterString(parameters))].join('&');
}

/** Magento's (Laminas') base string: the parameters in the order given, already sorted the way it sorts. */
export function magentoBaseString(method: string, url: string, orderedParameters: Parameter[], signer: Signer = 'laminas'): string {
  const parameters = orderedParameters.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
  return [method.toUpperCase(), percentEncode(signedUrl(url, signer)), percentEncode(parameters)].join('&');
}

export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

export function computeSignature(method: SignatureMethod, base: string, key: string): string {
  return createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', key).update(base).digest('base64');
}

/** Constant-time comparison of two signatures. */
export function signaturesMatch(expected: string, received: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `OAuth name="value", …` with percent-encoded names and values (RFC 5849 §3.5.1). */
export function authorizationHeader(parameters: Parameter[]): string {
  return `OAuth ${parameters.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`).join(', ')}`;
}

/** The oauth_* parameters of an `Authorization: OAuth …` header, or undefined for another scheme. */
export function parseAuthorizationHeader(header: string | undefined): Parameter[] | undefined {
  const match = /^\s*OAuth\s+(.*)$/is.exec(header ?? '');
  if (!match) return undefined;
  const parameters: Parameter[] = [];
  for (const part of match[1].matchAll(/([^\s=,]+)\s*=\s*"([^"]*)"/g)) {
    try {
      parameters.push([decodeURIComponent(part[1]), decodeURIComponent(part[2])]);
    } catch {
      parameters.push([part[1], part[2]]);
    }
  }
  return parameters.filter(([name]) => name !== 'realm');
}
