// How Magento reads the OAuth parameters of a request (Framework\Oauth\Helper\Request): only from an
// `Authorization: OAuth …` header; form-body fields are signed, oauth_* ones in the body only when the
// header carried none; query parameters are signed; JSON bodies are not.
import { IncomingHttpHeaders } from 'node:http';
import { Parameter, parseAuthorizationHeader, parseFormEncoded } from './signature';

export interface ParsedOAuthRequest {
  method: string;
  /** The URL Magento signs: scheme://Host header + request target. */
  url: string;
  /** oauth_* protocol parameters, oauth_signature included. */
  protocol: Map<string, string>;
  /** Every parameter that goes into the base string (oauth_signature excluded). */
  signed: Parameter[];
  hasOAuthHeader: boolean;
  /** oauth_* fields of the body that Magento ignored because the header had its own. */
  ignoredBodyOAuth: string[];
  formBody?: string;
  jsonBody?: string;
}

const OAUTH_NAME = /^oauth_[a-z_-]+$/;

export function parseOAuthRequest(method: string, target: string, headers: IncomingHttpHeaders, body: string, scheme = 'http'): ParsedOAuthRequest {
  const url = `${scheme}://${headers.host ?? '127.0.0.1'}${target}`;
  const authorization = [headers.authorization].flat()[0];
  const headerParameters = authorization && /oauth /i.test(authorization) ? parseAuthorizationHeader(authorization.replace(/^.*?oauth /is, 'OAuth ')) ?? [] : undefined;
  const fromHeader = (headerParameters ?? []).filter(([name]) => OAUTH_NAME.test(name));
  const contentType = String(headers['content-type'] ?? '').toLowerCase();
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  const bodyParameters = isForm ? parseFormEncoded(body) : [];
  const bodyOAuth = bodyParameters.filter(([name]) => name.startsWith('oauth_'));

  const protocolList = headerParameters === undefined ? [] : fromHeader.length > 0 ? fromHeader : bodyOAuth;
  const protocol = new Map(protocolList);
  let query: Parameter[] = [];
  try {
    query = parseFormEncoded(new URL(url).search.slice(1));
  } catch {
    // An unparsable Host header: no query parameters.
  }
  const signed: Parameter[] = [
    ...protocolList.filter(([name]) => name !== 'oauth_signature'),
    ...bodyParameters.filter(([name]) => !name.startsWith('oauth_')),
    ...query.filter(([name]) => !name.startsWith('oauth_')),
  ];
  return {
    method: method.toUpperCase(),
    url,
    protocol,
    signed,
    hasOAuthHeader: headerParameters !== undefined,
    ignoredBodyOAuth: fromHeader.length > 0 ? bodyOAuth.map(([name]) => name) : headerParameters === undefined ? bodyOAuth.map(([name]) => name) : [],
    formBody: isForm ? body : undefined,
    jsonBody: contentType.includes('json') ? body : undefined,
  };
}
