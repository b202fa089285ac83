// `magento-integration-kit sign …`: every step of an OAuth 1.0a signature, for debugging any client.
import { randomBytes } from 'node:crypto';
import {
  authorizationHeader, baseString, collectParameters, computeSignature, normalizeUrl, Parameter, parameterString, signingKey, SignatureMethod,
} from '../oauth/signature';
import { UsageError } from './args';

export interface SignResult {
  normalizedUrl: string;
  parameterString: string;
  baseString: string;
  signature: string;
  authorizationHeader: string;
}

export function runSign(args: string[]): SignResult & { json: boolean } {
  const single = new Map<string, string>();
  const params: Parameter[] = [];
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`sign: unexpected argument "${arg}"`);
    const value = args[++i];
    if (value === undefined) throw new UsageError(`sign: ${arg} needs a value`);
    if (arg === '--param') {
      const equals = value.indexOf('=');
      if (equals <= 0) throw new UsageError(`sign: --param takes name=value, not "${value}"`);
      params.push([value.slice(0, equals), value.slice(equals + 1)]);
    } else if (['--method', '--url', '--consumer-key', '--consumer-secret', '--token', '--token-secret', '--nonce', '--timestamp', '--signature-method'].includes(arg)) {
      single.set(arg.slice(2), value);
    } else {
      throw new UsageError(`sign: unknown option "${arg}"`);
    }
  }
  for (const required of ['method', 'url', 'consumer-key', 'consumer-secret']) {
    if (!single.has(required)) throw new UsageError(`sign: --${required} is required`);
  }
  const signatureMethod = (single.get('signature-method') ?? 'HMAC-SHA256') as SignatureMethod;
  if (signatureMethod !== 'HMAC-SHA256' && signatureMethod !== 'HMAC-SHA1') throw new UsageError(`sign: --signature-method takes HMAC-SHA256 or HMAC-SHA1`);
  if (single.has('token-secret') && !single.has('token')) throw new UsageError('sign: --token-secret goes with --token');
  const url = single.get('url')!;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`sign: "${url}" is not an absolute URL`);
  }
  const oauthParameters: Parameter[] = [
    ['oauth_consumer_key', single.get('consumer-key')!],
    ['oauth_nonce', single.get('nonce') ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', signatureMethod],
    ['oauth_timestamp', single.get('timestamp') ?? String(Math.floor(Date.now() / 1000))],
    ['oauth_version', '1.0'],
  ];
  if (single.has('token')) oauthParameters.push(['oauth_token', single.get('token')!]);
  // --param values are signed like a form body; oauth_* ones (oauth_verifier) travel in the header.
  const headerExtras = params.filter(([name]) => name.startsWith('oauth_'));
  const bodyParams = params.filter(([name]) => !name.startsWith('oauth_'));
  const input = {
    method: single.get('method')!,
    url,
    oauthParameters: [...oauthParameters, ...headerExtras],
    formBody: bodyParams.length > 0 ? new URLSearchParams(bodyParams).toString() : undefined,
  };
  const base = baseString(input);
  const signature = computeSignature(signatureMethod, base, signingKey(single.get('consumer-secret')!, single.get('token-secret') ?? ''));
  return {
    json,
    normalizedUrl: normalizeUrl(url),
    parameterString: parameterString(collectParameters(input)),
    baseString: base,
    signature,
    authorizationHeader: authorizationHeader([...oauthParameters, ...headerExtras, ['oauth_signature', signature]]),
  };
}

export function formatSign(result: SignResult): string {
  return [
    `Normalized URL:       ${result.normalizedUrl}`,
    `Parameter string:     ${result.parameterString}`,
    `Base string:          ${result.baseString}`,
    `Signature:            ${result.signature}`,
    `Authorization header: ${result.authorizationHeader}`,
    '',
  ].join('\n');
}
