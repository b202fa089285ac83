// Does the store's web server pass the Authorization header to Magento? Two GETs of a route that needs a
// resource (/rest/V1/store/storeConfigs), with no one's credentials: without a header Magento answers as to a
// guest (401 "The consumer isn't authorized…"); with an incomplete OAuth header that reaches Magento, its OAuth
// validator answers first (400, the missing oauth_* fields), before any lookup or write. The same 401 for both
// means the header was dropped on the way (Apache's CGI/FPM default, a proxy).
import * as http from 'node:http';
import * as https from 'node:https';

export const PROBE_PATH = 'rest/V1/store/storeConfigs';
/** Incomplete on purpose: Magento rejects it for its missing fields, touching no table. */
export const PROBE_HEADER = 'OAuth oauth_consumer_key="magento-integration-kit-probe"';

export interface ProbeAnswer {
  status: number;
  body: string;
}

export type ProbeVerdict =
  | { verdict: 'passes'; url: string }
  | { verdict: 'stripped'; url: string; guest: ProbeAnswer; withHeader: ProbeAnswer }
  | { verdict: 'unknown'; url: string; guest: ProbeAnswer; withHeader: ProbeAnswer }
  | { verdict: 'unreachable'; url: string; error: string };

export async function probeAuthorizationHeader(baseUrl: string, options: { timeoutMs?: number } = {}): Promise<ProbeVerdict> {
  const url = new URL(PROBE_PATH, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).toString();
  try {
    const guest = await get(url, {}, options.timeoutMs ?? 15000);
    const withHeader = await get(url, { authorization: PROBE_HEADER }, options.timeoutMs ?? 15000);
    if (isOAuthRefusal(withHeader)) return { verdict: 'passes', url };
    if (isGuestRefusal(guest) && isGuestRefusal(withHeader)) return { verdict: 'stripped', url, guest, withHeader };
    return { verdict: 'unknown', url, guest, withHeader };
  } catch (error) {
    return { verdict: 'unreachable', url, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Magento's OAuth validator on the incomplete header: 400, the oauth_* fields it lacks. */
export function isOAuthRefusal(answer: ProbeAnswer): boolean {
  return answer.status === 400 && /oauth_signature|oauth_nonce|oauth_token|"%fieldName" is required/.test(answer.body);
}

/** Magento's answer to a guest on a guarded route. */
export function isGuestRefusal(answer: ProbeAnswer): boolean {
  return answer.status === 401 && answer.body.includes("The consumer isn't authorized to access");
}

/** What to change in the web server, for the finding. */
export const HEADER_FIXES = [
  'Apache (.htaccess or the vhost): SetEnvIf Authorization "(.*)" HTTP_AUTHORIZATION=$1 (or, from Apache 2.4.13, CGIPassAuth On)',
  'Apache with PHP-FPM (proxy_fcgi): SetEnvIfNoCase ^Authorization$ "(.+)" HTTP_AUTHORIZATION=$1',
  'nginx with PHP-FPM: fastcgi_param HTTP_AUTHORIZATION $http_authorization; in the PHP location',
  'a proxy or load balancer in front (Varnish, a CDN): let it forward the Authorization header',
];

/** GET with a few redirects followed (http to https, a trailing slash); the body read up to 64 KiB. */
function get(url: string, headers: Record<string, string>, timeoutMs: number, redirects = 3): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    // No credential of anyone's is sent, so a development store's self-signed certificate is accepted.
    const request = client.get(target, { headers: { accept: 'application/json', 'user-agent': 'magento-integration-kit doctor', ...headers }, timeout: timeoutMs, rejectUnauthorized: false }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location && redirects > 0) {
        response.resume();
        resolve(get(new URL(response.headers.location, target).toString(), headers, timeoutMs, redirects - 1));
        return;
      }
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        if (body.length < 65536) body += chunk;
      });
      response.on('end', () => resolve({ status, body: body.slice(0, 65536) }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    request.on('error', reject);
  });
}
