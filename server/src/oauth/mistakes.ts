// On a signature mismatch, replays the common client mistakes: each variant builds the base string (or the
// key) the way a client making that mistake would, and the one whose signature equals the received one is
// named. "The signature is invalid" becomes "you signed http://…:8080 but the store sees https://…".
import { ParsedOAuthRequest, rfcParameters } from './magentoRequest';
import { baseStringOf, computeSignature, magentoBaseString, nativeUrl, normalizeUrl, Parameter, parameterString, parseFormEncoded, percentEncode, SignatureMethod, signaturesMatch } from './signature';

export type MistakeCode =
  | 'magento-reading' | 'wrong-port' | 'http-instead-of-https' | 'https-instead-of-http' | 'hmac-sha1' | 'verifier-not-signed' | 'query-not-signed'
  | 'form-body-not-signed' | 'json-body-signed' | 'token-secret-missing' | 'key-without-ampersand' | 'double-encoding' | 'wrong-method';

export interface Diagnosis {
  expectedBaseString: string;
  /** The base string the client most likely signed (the expected one when no mistake reproduces it). */
  receivedBaseString: string;
  mistake?: { code: MistakeCode; explanation: string };
}

interface Variant {
  code: MistakeCode;
  explanation: string;
  method?: string;
  url?: string;
  parameters?: Parameter[];
  key?: string;
  hash?: SignatureMethod;
  /** A base string built some other way (double encoding). */
  base?: string;
}

export function diagnoseSignature(request: ParsedOAuthRequest, consumerSecret: string, tokenSecret: string, signatureMethod: SignatureMethod): Diagnosis {
  const received = request.protocol.get('oauth_signature') ?? '';
  const expectedBaseString = magentoBaseString(request.method, request.url, request.signed, request.signer);
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  for (const variant of variants(request, consumerSecret, tokenSecret)) {
    const base = variant.base ?? baseStringOf(variant.method ?? request.method, variant.url ?? request.url, variant.parameters ?? request.signed);
    if (signaturesMatch(computeSignature(variant.hash ?? signatureMethod, base, variant.key ?? key), received)) {
      return { expectedBaseString, receivedBaseString: base, mistake: { code: variant.code, explanation: variant.explanation } };
    }
  }
  return { expectedBaseString, receivedBaseString: expectedBaseString };
}

function variants(request: ParsedOAuthRequest, consumerSecret: string, tokenSecret: string): Variant[] {
  const list: Variant[] = [];
  // Signed correctly by RFC 5849, read otherwise by Magento: the app passes elsewhere and fails on a real store.
  if (request.departures.length > 0) {
    list.push({ code: 'magento-reading', parameters: rfcParameters(request),
      explanation: `The request is signed as RFC 5849 says, but Magento reads it differently, so a real store refuses it too. ${request.departures.map((d) => d.explanation).join(' ')}` });
  }
  // The newest signer keeps an explicit port as written, even :80 or :443; a client that follows RFC 5849 drops it.
  if (request.signer === 'native' && nativeUrl(request.url) !== normalizeUrl(request.url)) {
    list.push({ code: 'wrong-port', base: baseStringOf(request.method, request.url, request.signed),
      explanation: `Magento's newest signer keeps scheme, host and port as the request names them (${nativeUrl(request.url)}); the client normalized them as RFC 5849 says (${normalizeUrl(request.url)}). Send the URL without the default port, or sign it as sent.` });
  }
  const url = new URL(request.url);
  const seen = normalizeUrl(request.url);
  const withUrl = (code: MistakeCode, candidate: URL, explanation: string) => {
    if (normalizeUrl(candidate.href) !== seen) list.push({ code, url: candidate.href, explanation: `${explanation} The store signs ${seen}; the client signed ${normalizeUrl(candidate.href)}.` });
  };

  for (const port of ['', '80', '443', '8080', '8443', '3000', '8000']) {
    const candidate = new URL(url.href);
    candidate.port = port;
    // An explicit default port is dropped by URL; keep it so "http://host:80" style mistakes are tried.
    const href = port && candidate.port === '' ? candidate.href.replace(`//${candidate.host}`, `//${candidate.hostname}:${port}`) : candidate.href;
    withUrl('wrong-port', new URL(href), 'The URL was signed with the wrong port, or without the one the store sees (Magento signs scheme://host:port as it receives them).');
  }
  const swapped = new URL(url.href);
  swapped.protocol = url.protocol === 'http:' ? 'https:' : 'http:';
  withUrl(url.protocol === 'http:' ? 'https-instead-of-http' : 'http-instead-of-https', swapped,
    'The URL was signed with the other scheme: behind TLS offloading or a proxy, sign the URL as the store sees it.');

  list.push({ code: 'hmac-sha1', hash: 'HMAC-SHA1', explanation: 'The signature was computed with HMAC-SHA1 although the header says HMAC-SHA256: Magento 2.4.4+ accepts only HMAC-SHA256.' });
  if (request.protocol.has('oauth_verifier')) {
    list.push({ code: 'verifier-not-signed', parameters: request.signed.filter(([name]) => name !== 'oauth_verifier'),
      explanation: 'oauth_verifier was sent but left out of the signed parameters; it is signed like every other oauth_* parameter.' });
  }
  const query = parseFormEncoded(url.search.slice(1));
  if (query.length > 0) {
    list.push({ code: 'query-not-signed', parameters: request.signed.filter((p) => !query.some((q) => q[0] === p[0] && q[1] === p[1])),
      explanation: 'The query string parameters were not signed; they belong in the base string (searchCriteria[…] included).' });
  }
  const form = request.formBody ? parseFormEncoded(request.formBody).filter(([name]) => !name.startsWith('oauth_')) : [];
  if (form.length > 0) {
    list.push({ code: 'form-body-not-signed', parameters: request.signed.filter((p) => !form.some((f) => f[0] === p[0] && f[1] === p[1])),
      explanation: 'The form body fields were not signed; application/x-www-form-urlencoded fields belong in the base string.' });
  }
  const json = jsonFields(request.jsonBody);
  if (json.length > 0) {
    list.push({ code: 'json-body-signed', parameters: [...request.signed, ...json],
      explanation: 'The JSON body was signed as if it were form fields; Magento signs only form-urlencoded bodies, never JSON.' });
  }
  if (tokenSecret) {
    list.push({ code: 'token-secret-missing', key: `${percentEncode(consumerSecret)}&`,
      explanation: 'The signing key lacks the token secret: after the request token, the key is consumer_secret&token_secret.' });
  }
  list.push({ code: 'key-without-ampersand', key: percentEncode(consumerSecret) + (tokenSecret ? percentEncode(tokenSecret) : ''),
    explanation: 'The signing key lacks the "&": it is consumer_secret&token_secret, with the "&" even when the token secret is empty.' });
  const doubly: Parameter[] = request.signed.map(([name, value]) => [percentEncode(name), percentEncode(value)]);
  list.push({ code: 'double-encoding', parameters: doubly,
    explanation: 'Parameter values were percent-encoded twice (once by hand, once by the signer).' });
  list.push({ code: 'double-encoding', base: [request.method, percentEncode(percentEncode(normalizeUrl(request.url))), percentEncode(percentEncode(parameterString(request.signed)))].join('&'),
    explanation: 'The URL and parameter string were percent-encoded twice in the base string.' });
  const otherMethod = request.method === 'GET' ? 'POST' : 'GET';
  list.push({ code: 'wrong-method', method: otherMethod, explanation: `The request was signed as ${otherMethod} but sent as ${request.method}.` });
  return list;
}

function jsonFields(body: string | undefined): Parameter[] {
  if (!body) return [];
  try {
    const value = JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
    return Object.entries(value).map(([name, field]) => [name, typeof field === 'string' ? field : JSON.stringify(field)]);
  } catch {
    return [];
  }
}
