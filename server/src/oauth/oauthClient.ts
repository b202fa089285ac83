// The app's side of a signed call: builds the oauth_* parameters, signs with RFC 5849, sends the
// parameters in the Authorization header (where Magento reads them), and returns what was signed.
import { randomToken } from './events';
import { Answer, send } from './http';
import { authorizationHeader, baseString, computeSignature, Parameter, protocolParameters, SignatureMethod, signingKey } from './signature';

export interface Credentials {
  consumerKey: string;
  consumerSecret: string;
  token?: string;
  tokenSecret?: string;
}

export interface SignedCall {
  method: string;
  url: string;
  credentials: Credentials;
  /** More oauth_* parameters, such as oauth_verifier; signed and sent in the header. */
  extraOAuth?: Parameter[];
  formBody?: string;
  signatureMethod?: SignatureMethod;
  headers?: Record<string, string>;
  /** Replaces (or adds) oauth_* parameters by name: a chosen nonce or timestamp, a wrong version. */
  overrides?: Parameter[];
}

export interface SignedResult {
  answer: Answer;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  baseString: string;
}

export async function signedRequest(call: SignedCall): Promise<SignedResult> {
  const { credentials } = call;
  const signatureMethod = call.signatureMethod ?? 'HMAC-SHA256';
  const oauth: Parameter[] = [
    ...protocolParameters({
      consumerKey: credentials.consumerKey, signatureMethod, nonce: randomToken(), timestamp: String(Math.floor(Date.now() / 1000)), token: credentials.token,
    }),
    ...(call.extraOAuth ?? []),
  ];
  for (const [name, value] of call.overrides ?? []) {
    const at = oauth.findIndex(([existing]) => existing === name);
    if (at >= 0) oauth[at] = [name, value];
    else oauth.push([name, value]);
  }
  const base = baseString({ method: call.method, url: call.url, oauthParameters: oauth, formBody: call.formBody });
  const signature = computeSignature(signatureMethod, base, signingKey(credentials.consumerSecret, credentials.tokenSecret));
  const headers: Record<string, string> = { Authorization: authorizationHeader([...oauth, ['oauth_signature', signature]]), ...call.headers };
  if (call.formBody !== undefined) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const request = { method: call.method, url: call.url, headers, body: call.formBody };
  const answer = await send({ ...request, timeoutMs: 10_000 });
  return { answer, request, baseString: base };
}

/** `oauth_token=…&oauth_token_secret=…`, or Magento's `oauth_problem=…`. */
export function parseTokenReply(body: string): { token?: string; secret?: string; problem?: string } {
  const fields = new URLSearchParams(body);
  return { token: fields.get('oauth_token') ?? undefined, secret: fields.get('oauth_token_secret') ?? undefined, problem: fields.get('oauth_problem') ?? undefined };
}
