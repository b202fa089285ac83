// Every step of an OAuth 1.0a signature, for debugging any client: shared by `sign` and the editor's
// "Explain OAuth Signature…".
import { randomBytes } from 'node:crypto';
import {
  authorizationHeader, baseString, collectParameters, computeSignature, normalizeUrl, Parameter, parameterString, protocolParameters, signingKey, SignatureMethod,
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
