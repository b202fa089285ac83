// `mock-store` and `connect`: the OAuth tester from the command line. Events are printed as they happen,
// secrets redacted; `--json` prints one object per line, ending with {"event":"result","ok":…}.
import * as path from 'node:path';
import { CallbackReceiver } from '../oauth/callbackReceiver';
import { eventTitle, redactEvent, TesterEvent } from '../oauth/events';
import { apiFromVerdicts, MagentoVersion, MockStore, MockStoreOptions, summarizeRestCalls } from '../oauth/mockStore';
import { integrationAccess } from '../workspace/routeIndex';
import { loadProject } from './project';
import { oneOf, parseOptions, required, UsageError } from './args';
import { CredentialsFile } from './credentialsFile';
import { count } from '../../../shared/words';

export interface Printer {
  out(text: string): void;
}

function printerFor(json: boolean, io: Printer, secrets: () => string[]) {
  return (event: TesterEvent) => {
    const safe = redactEvent(event, secrets());
    io.out(json ? `${JSON.stringify(safe)}\n` : formatEvent(safe));
  };
}

export function formatEvent(event: TesterEvent): string {
  const mark = event.ok === false ? '✗' : '✓';
  const lines: string[] = [];
  switch (event.event) {
    case 'listening':
      lines.push(event.storeBaseUrl ? `Simulated store (Magento ${event.magento}) at ${event.storeBaseUrl}` : `Listening: endpoint ${event.endpointUrl}, identity link ${event.identityLinkUrl}`);
      break;
    case 'summary':
      lines.push(`Calls: ${event.calls}, refused: ${event.refused}${Array.isArray(event.resourcesToAdd) && event.resourcesToAdd.length > 0 ? `; resources to add: ${event.resourcesToAdd.join(', ')}` : ''}`);
      break;
    case 'result':
      lines.push(event.ok ? 'Result: the handshake succeeded.' : `Result: the handshake did not complete${event.reason ? ` (${event.reason})` : ''}.`);
      if (typeof event.saved === 'string' && !event.hint) lines.push(`  Credentials saved to ${event.saved} (mode 0600).`);
      break;
    case 'warning':
      return `Warning: ${event.hint}\n`;
    default:
      lines.push(`${mark} ${event.step ? `${event.step}: ` : ''}${eventTitle(event)}`);
  }
  if (event.hint) lines.push(`  ${event.hint}`);
  if (event.mistake) lines.push(`  Likely mistake: ${event.mistake.explanation}`);
  if (event.expectedBaseString) {
    lines.push(`  expected base string: ${event.expectedBaseString}`);
    if (event.receivedBaseString !== event.expectedBaseString) lines.push(`  client's base string: ${event.receivedBaseString}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Node's timers hold at most 2^31 - 1 ms (about 24.8 days); a longer wait would fire at once. */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function seconds(command: string, name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new UsageError(`${command}: --${name} takes a positive number of seconds`);
  if (parsed > MAX_TIMER_SECONDS) throw new UsageError(`${command}: --${name} takes at most ${MAX_TIMER_SECONDS} seconds (about 24 days), not ${value}`);
  return parsed;
}

function port(command: string, value: string | undefined, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const parsed = /^\d{1,5}$/.test(value ?? '') ? Number(value) : NaN;
  if (!(parsed <= 65535)) throw new UsageError(`${command}: --port takes a whole number from 0 to 65535 (0 picks a free one), not ${JSON.stringify(value ?? '')}`);
  return parsed;
}

function checkedUrl(command: string, name: string, value: string): string {
  try {
    if (!/^https?:$/.test(new URL(value).protocol)) throw new Error();
  } catch {
    throw new UsageError(`${command}: --${name} must be an http(s) URL`);
  }
  return value;
}

/** Resolves with `ok` when `work` resolves truthy before the deadline; false at the deadline. */
function withDeadline<T>(work: Promise<T>, timeoutSeconds: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutSeconds * 1000)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function runMockStore(args: string[], io: Printer): Promise<number> {
  const values = parseOptions('mock-store', args, {
    'endpoint-url': { type: 'string' },
    'identity-link-url': { type: 'string' },
    port: { type: 'string' },
    timeout: { type: 'string' },
    'require-api-call': { type: 'boolean' },
    magento: { type: 'string' },
    'consumer-expiry': { type: 'string' },
    integration: { type: 'string' },
    root: { type: 'string' },
    idle: { type: 'string' },
    bearer: { type: 'boolean' },
    reauthorize: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  required('mock-store', values, ['endpoint-url', 'identity-link-url']);
  const api = values.integration !== undefined ? await integrationApi(values.integration, values.root ?? '.') : undefined;
  const idle = seconds('mock-store', 'idle', values.idle, 10);
  const json = !!values.json;
  // eslint-disable-next-line prefer-const -- the printer reads it before it is set (secrets to redact)
  let store: MockStore | undefined;
  const print = printerFor(json, io, () => store?.secrets ?? []);
  store = new MockStore({
    endpointUrl: checkedUrl('mock-store', 'endpoint-url', values['endpoint-url']!),
    identityLinkUrl: checkedUrl('mock-store', 'identity-link-url', values['identity-link-url']!),
    port: port('mock-store', values.port, 0),
    magento: oneOf<MagentoVersion>('mock-store', 'magento', values.magento, ['2.4.4', '2.3', 'latest'], '2.4.4'),
    consumerExpirySeconds: seconds('mock-store', 'consumer-expiry', values['consumer-expiry'], 300),
    onEvent: print,
    api,
    bearer: !!values.bearer,
  });
  const timeout = seconds('mock-store', 'timeout', values.timeout, 300);
  await store.start();
  try {
    await store.activate();
    if (api) {
      // Every call the app makes is judged; the run ends once the app has been quiet for --idle seconds.
      const current = store;
      await withDeadline(untilQuiet(() => current.restCalls.length, idle), timeout);
      const { calls, refused, resourcesToAdd } = summarizeRestCalls(current.restCalls);
      print({ event: 'summary', calls, refused, resourcesToAdd, hint: resourcesToAdd.length > 0 ? `Grant ${resourcesToAdd.join(', ')} to ${values.integration}.` : undefined });
      const ok = calls > 0 && refused === 0;
      print({ event: 'result', ok, reason: ok ? undefined : calls === 0 ? `no REST call within ${timeout} s` : `${refused} of ${count(calls, 'call')} refused` });
      return ok ? 0 : 1;
    }
    const handshake = () => store.done(!!values['require-api-call']).then(() => true);
    let ok = (await withDeadline(handshake(), timeout)) === true;
    if (ok && values.reauthorize) {
      // The admin's Reauthorize: the app must take the new verifier and get a new token with the same consumer.
      await store.reauthorize();
      ok = (await withDeadline(handshake(), timeout)) === true;
    }
    print({ event: 'result', ok, reason: ok ? undefined : `no ${values['require-api-call'] ? 'accepted API call' : 'access token'}${values.reauthorize ? ' after Reauthorize' : ''} within ${timeout} s` });
    return ok ? 0 : 1;
  } finally {
    await store.stop();
  }
}

export async function runConnect(args: string[], io: Printer): Promise<number> {
  const values = parseOptions('connect', args, {
    port: { type: 'string' },
    save: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean' },
    'store-url': { type: 'string' },
    'any-store': { type: 'boolean' },
  });
  required('connect', values, ['port']);
  const json = !!values.json;
  const storeUrl = values['store-url'];
  if (storeUrl !== undefined) checkedUrl('connect', 'store-url', storeUrl);
  if (storeUrl !== undefined && values['any-store']) throw new UsageError('connect: --store-url and --any-store exclude each other');
  // Kept credentials must be the store's: without --store-url, anyone who reaches the port could plant theirs.
  if (values.save && storeUrl === undefined && !values['any-store']) {
    throw new UsageError('connect: --save keeps the credentials of the store that activates: name it with --store-url URL (its base URL, as in the admin), so that a forged activation cannot be saved; --any-store takes any store');
  }
  const portNumber = port('connect', values.port);
  const timeout = seconds('connect', 'timeout', values.timeout, 900);
  // Created before listening: a folder that cannot take the file is said now, not after the tokens are issued.
  const save = values.save ? new CredentialsFile(path.resolve(values.save)) : undefined;
  const print = printerFor(json, io, () => []);
  const receiver = new CallbackReceiver({ port: portNumber, onEvent: print, expectedStoreUrl: storeUrl });
  try {
    await receiver.start();
  } catch (error) {
    save?.discard();
    throw error;
  }
  if (storeUrl === undefined) print({ event: 'warning', hint: ANY_STORE_WARNING });
  if (!json) {
    io.out(`In the Magento admin (System > Extensions > Integrations), set\n  Callback URL:      ${receiver.endpointUrl}\n  Identity link URL: ${receiver.identityLinkUrl}\n` +
      'then Activate. The store must be able to reach this machine at that address (a tunnel or port forward for a remote store).\n');
  }
  try {
    const credentials = await withDeadline(receiver.done(), timeout);
    const saved = credentials && save ? save.save(credentials) : undefined;
    if (!credentials) save?.discard();
    const failures = receiver.failures;
    print({ event: 'result', ok: !!credentials, saved: saved?.file, hint: saved?.fallback,
      reason: credentials ? undefined : `no activation completed within ${timeout} s${failures ? ` (${failures} failed or refused)` : ''}` });
    return credentials ? 0 : 1;
  } finally {
    await receiver.stop();
  }
}

const ANY_STORE_WARNING = 'No --store-url: an activation from any store is taken, a forged one included (anyone who can reach this port can post one). Pass --store-url with your store\'s base URL to take only its activation.';

/** The workspace's routes judged against one of its integrations' grants (mock-store --integration). */
async function integrationApi(name: string, root: string): Promise<NonNullable<MockStoreOptions['api']>> {
  const workspace = await loadProject([path.resolve(root)]);
  const access = integrationAccess(workspace, name);
  if (!access) throw new UsageError(`mock-store: no integration named "${name}" is configured under ${path.resolve(root)} (--root)`);
  return apiFromVerdicts(access.routes);
}

/** Resolves once `count` has grown and then stayed the same for `idleSeconds`. */
async function untilQuiet(count: () => number, idleSeconds: number): Promise<void> {
  let last = count();
  let since = Date.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (now > 0 && Date.now() - since >= idleSeconds * 1000) {
      return;
    }
  }
}
