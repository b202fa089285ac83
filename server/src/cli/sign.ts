// `magento-integration-kit sign …`: every step of an OAuth 1.0a signature, for debugging any client.
import { explainSignature, SignResult } from '../oauth/explain';
import { Parameter, SignatureMethod } from '../oauth/signature';
import { UsageError } from './args';

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
  return {
    json,
    ...explainSignature({
      method: single.get('method')!, url, consumerKey: single.get('consumer-key')!, consumerSecret: single.get('consumer-secret')!,
      token: single.get('token'), tokenSecret: single.get('token-secret'), nonce: single.get('nonce'), timestamp: single.get('timestamp'),
      signatureMethod, params,
    }),
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
