// The tester's commands: the simulated store, a real store's activation, and the signature explainer. The
// servers and the OAuth logic live in server/src/oauth (reached through shared/tester); this file asks, shows the panel and keeps secrets
// in SecretStorage. Invoked with an answers object, the same steps run with those values filled in.
import * as vscode from 'vscode';
import { INTEGRATION_ACCESS_REQUEST, SCAFFOLD_CONTEXT_REQUEST } from '../../../shared/protocol';
import {
  apiFromVerdicts, authorizationFromFields, CallbackReceiver, eventTitle, explainRequest, GRANTED_CALLS_STEP, HANDSHAKE_STEPS, MockStore, nextAction, parseFormEncoded,
  readPastedRequest, redactEvent, requestUrlProblem, signedCurl, summarizeRestCalls, versionLabel,
} from '../../../shared/tester';
import type { MagentoVersion, Parameter, PastedRequest, SignatureMethod, TesterEvent } from '../../../shared/tester';
import { notLocalAppWarning } from '../../../shared/inputs';
import type { ScaffoldServices } from '../scaffold/commands';
import { MultiStepInput, Step } from '../scaffold/multiStepInput';
import { RenderedReport, RenderedStep, TesterPanel } from './testerPanel';
import { count } from '../../../shared/words';

export interface TesterServices extends ScaffoldServices {
  extensionUri: vscode.Uri;
  secrets: vscode.SecretStorage;
  /** The workspace's memory (the tester's last local URLs). */
  state?: vscode.Memento;
}

type Answers = Record<string, unknown>;

const REAL_STORE_STEPS = [
  { key: 'activation', title: 'Activation: the store posts the credentials to the callback URL' },
  ...HANDSHAKE_STEPS.filter((s) => s.key !== 'activation' && s.key !== 'identity-link'),
];
const withNextActions = (steps: ReadonlyArray<{ key: string; title: string }>) => steps.map((s) => ({ ...s, nextAction: nextAction(s.key) }));
const allPassed = (report: RenderedReport) => report.steps.length > 0 && report.steps.every((s) => s.status === 'passed');
/** How long an automated run waits for the handshake before returning what the panel shows. */
const AUTOMATED_WAIT_MS = 30_000;

/**
 * Tests an app against the simulated store; `preset` (from the Integrations view) starts from that
 * integration's URLs. With an integration of the workspace, the store grants exactly its resources and
 * answers every REST route of the workspace as Magento would.
 */
export async function testWithSimulatedStore(services: TesterServices, answers?: Answers, preset: { endpointUrl?: string; identityLinkUrl?: string; integration?: string } = {}): Promise<{ storeBaseUrl: string; steps: RenderedStep[]; summary?: string } | undefined> {
  const context = await services.client.sendRequest(SCAFFOLD_CONTEXT_REQUEST).catch(() => undefined);
  const fromView = preset.endpointUrl !== undefined || preset.identityLinkUrl !== undefined;
  const configured = fromView ? [] : (context?.integrations ?? []).filter((i) => i.endpointUrl || i.identityLinkUrl);
  // The local URLs of the last test (of this integration, or entered by hand) are offered again.
  const remembered = (name?: string) => services.state?.get<{ endpointUrl: string; identityLinkUrl: string }>(`${URLS_KEY}.${name ?? ''}`);
  const state: { endpointUrl: string; identityLinkUrl: string; integration?: string } = {
    endpointUrl: preset.endpointUrl ?? remembered(preset.integration)?.endpointUrl ?? '', identityLinkUrl: preset.identityLinkUrl ?? remembered(preset.integration)?.identityLinkUrl ?? '', integration: preset.integration,
  };
  const urlStep = (key: 'endpointUrl' | 'identityLinkUrl', prompt: string, next?: Step): Step => async (flow) => {
    state[key] = await flow.inputBox({
      key, prompt, value: state[key], placeholder: 'http://127.0.0.1:8000/magento/…',
      validate: (v) => {
        if (!v) return 'Enter the URL your app serves.';
        const problem = requestUrlProblem(v);
        if (problem) return problem;
        const remote = notLocalAppWarning(v);
        return remote ? { warning: remote } : undefined;
      },
    });
    return next;
  };
  const identity = urlStep('identityLinkUrl', 'Identity link URL of your app (its login page), as it runs on this machine');
  const endpoint = urlStep('endpointUrl', 'Endpoint URL of your app (receives the activation POST), as it runs on this machine', identity);
  const pick: Step = async (flow) => {
    const items = [
      ...configured.map((i) => ({ label: i.name, description: i.module, detail: `${i.endpointUrl ?? '(no endpoint_url)'} · ${i.identityLinkUrl ?? '(no identity_link_url)'} · change them to your local app next`, integration: i })),
      { label: 'Enter the URLs…', description: '', detail: 'For an app that is not configured in this workspace yet.', integration: undefined },
    ];
    const chosen = await flow.pick({ key: 'integration', placeholder: 'Integration whose app to test (its URLs are a starting point: point them at your app on this machine)', items, matches: (i, a) => i.label === a });
    const last = remembered(chosen.integration?.name);
    state.endpointUrl = last?.endpointUrl ?? chosen.integration?.endpointUrl ?? state.endpointUrl;
    state.identityLinkUrl = last?.identityLinkUrl ?? chosen.integration?.identityLinkUrl ?? state.identityLinkUrl;
    state.integration = chosen.integration?.name;
    return endpoint;
  };
  const steps = configured.length > 0 ? 3 : 2;
  if (!(await MultiStepInput.run('Test Integration App with Simulated Store', () => steps, configured.length > 0 ? pick : endpoint, answers))) return undefined;

  rememberUrls(services, state);
  // The integration's grants, judged route by route by the language server (the same verdicts as the CLI's),
  // read again on each Run again: a grant added meanwhile ("Grant Access to REST Routes…") counts at once.
  let access: Awaited<ReturnType<typeof readAccess>> = null;
  let api: ReturnType<typeof apiFromVerdicts> | undefined;
  const readAccess = () => (state.integration ? services.client.sendRequest(INTEGRATION_ACCESS_REQUEST, { name: state.integration }).catch(() => null) : Promise.resolve(null));
  const loadGrants = async () => {
    access = await readAccess();
    api = access && access.routes.length > 0 ? apiFromVerdicts(access.routes) : undefined;
  };
  await loadGrants();
  const panelInit = () => {
    const opened = access?.routes.filter((r) => r.verdict.allowed).length ?? 0;
    return {
      title: 'Simulated Magento store',
      intro: [
        `The simulated store plays Magento ${versionLabel(magentoVersion())} on this machine (the magentoIntegrationKit.magentoVersion setting): it activates your app as the admin's Activate does, then checks every request as Magento does.`,
        ...(api && access ? [`It grants exactly the resources of the integration "${access.name}": ${opened} of the workspace's ${count(access.routes.length, 'REST route')} ${opened === 1 ? 'is' : 'are'} open to it. Each call is answered as Magento would (401 with Magento's message when a resource is missing, a placeholder 200 when allowed, 404 for an unknown URL).`] : []),
      ],
      copyables: [{ label: 'Endpoint URL', value: state.endpointUrl }, { label: 'Identity link URL', value: state.identityLinkUrl }],
      // With grants, the last step is every REST call the app makes, and its next action is about the grants.
      steps: api ? [...withNextActions(HANDSHAKE_STEPS.slice(0, -1)), { ...GRANTED_CALLS_STEP, nextAction: nextAction('grants') }] : withNextActions(HANDSHAKE_STEPS),
    };
  };
  let store: MockStore | undefined;
  let storeBaseUrl = '';
  // One tab for the simulated store: a new test replaces the last one (its servers stopped).
  simulatedPanel?.dispose();
  const panel: TesterPanel = new TesterPanel(services.extensionUri, panelInit(), {
    stop: async () => {
      await store?.stop();
      store = undefined;
    },
    refresh: async () => {
      await loadGrants();
      return panelInit();
    },
    runAgain: () => run(),
    // The admin's Reauthorize: same store, same consumer, a fresh verifier; the app must go through the handshake again.
    reauthorize: async () => {
      const current = store;
      if (!current) return;
      await current.reauthorize();
      void current.done(true).then(() => {
        if (store === current) panel.result(true, 'After Reauthorize, your app took the fresh verifier and made a signed API call with its new token.');
      });
    },
    // The secrets the explainer asks for are this run's: offered filled in (still never stored).
    explainSignature: async () => {
      await explainOAuthSignature(services, undefined, store?.signingSecrets ?? {});
    },
  });
  simulatedPanel = panel;
  // One run: a fresh store (new port, new consumer), the activation, then the app's requests.
  const run = async () => {
    const current: MockStore = new MockStore({
      endpointUrl: state.endpointUrl, identityLinkUrl: state.identityLinkUrl, magento: magentoVersion(), api,
      bearer: vscode.workspace.getConfiguration('magentoIntegrationKit').get<boolean>('simulatedStore.allowBearerTokens') === true,
      onEvent: (event) => {
        show(panel, services, event, current.secrets);
        if (access && event.step === 'api-call' && store === current) panel.summary(restCallSummaryText(summarizeRestCalls(current.restCalls), access.name));
      },
    });
    store = current;
    storeBaseUrl = await current.start();
    panel.curl = () => {
      const credentials = current.accessCredentials;
      return credentials ? signedCurl(`${storeBaseUrl}rest/V1/store/storeViews`, credentials) : undefined;
    };
    await current.activate();
    if (store !== current) return;
    if (!current.activationDelivered) {
      panel.result(false, 'The activation POST did not reach your app, so the handshake cannot go on. See the first step, then Run again.');
      return;
    }
    void current.done(true).then(() => {
      if (store === current) panel.result(true, 'Your app completed the handshake and made a signed API call.');
    });
  };
  await run();
  const report = answers ? await panel.whenRendered((r) => allPassed(r) || r.ended, AUTOMATED_WAIT_MS) : undefined;
  return { storeBaseUrl, steps: report?.steps ?? panel.renderedSteps, summary: report?.summary };
}

const URLS_KEY = 'magentoIntegrationKit.tester.urls';
/** The simulated store's tab, reused: one at a time. */
let simulatedPanel: TesterPanel | undefined;
let realStorePanel: TesterPanel | undefined;

/** Keeps the URLs a test used, for the next test of the same integration (workspace state, not settings). */
function rememberUrls(services: TesterServices, state: { endpointUrl: string; identityLinkUrl: string; integration?: string }): void {
  void services.state?.update(`${URLS_KEY}.${state.integration ?? ''}`, { endpointUrl: state.endpointUrl, identityLinkUrl: state.identityLinkUrl });
}

/** "3 REST calls, 1 refused. Grant Magento_Sales::sales to Acme to open them." */
function restCallSummaryText(summary: ReturnType<typeof summarizeRestCalls>, integration: string): string {
  const calls = `${count(summary.calls, 'REST call')}, ${summary.refused} refused.`;
  if (summary.resourcesToAdd.length > 0) return `${calls} Grant ${summary.resourcesToAdd.join(', ')} to ${integration} to open them.`;
  return summary.refused > 0 ? `${calls} No grant opens the refused ones (a customer's own data, or an unknown URL).` : calls;
}

export async function activateAgainstRealStore(services: TesterServices, answers?: Answers): Promise<{ endpointUrl: string } | undefined> {
  let port = '8765';
  const ask: Step = async (flow) => {
    port = await flow.inputBox({
      key: 'port', prompt: 'Port on this machine for the callback (0 picks a free one)', value: port,
      validate: (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : 'Enter a port number from 0 to 65535.'),
    });
    return askStore;
  };
  // Only the named store's activation is taken: anyone who reaches the port could post a forged one.
  let storeUrl = '';
  const askStore: Step = async (flow) => {
    storeUrl = (await flow.inputBox({
      key: 'storeUrl', prompt: 'Your store\'s base URL, as in the admin (only its activation is taken)', placeholder: 'https://store.example/', value: storeUrl,
      validate: (v) => {
        if (!v.trim()) return { warning: 'Empty: an activation from any store is taken, a forged one included.' };
        return /^https?:\/\/[^/\s]+/i.test(v.trim()) ? undefined : 'Enter the store\'s http(s) base URL, or leave it empty to take any store.';
      },
    })).trim();
    return undefined;
  };
  if (!(await MultiStepInput.run('Activate Against a Real Store', () => 2, ask, answers))) return undefined;
  const panelRef: { panel?: TesterPanel } = {};
  let receiver: CallbackReceiver | undefined;
  /** Listens for the store; a run again listens on the port the first run got, so the admin's URLs stay right. */
  const listen = async () => {
    const current: CallbackReceiver = new CallbackReceiver({ port: Number(port), expectedStoreUrl: storeUrl || undefined, onEvent: (event) => panelRef.panel && show(panelRef.panel, services, event, []) });
    await current.start();
    receiver = current;
    port = new URL(current.endpointUrl).port;
    void current.done().then(async (credentials) => {
      const panel = panelRef.panel;
      if (!credentials || !panel || receiver !== current) return;
      await services.secrets.store(`magentoIntegrationKit.credentials.${credentials.storeBaseUrl}`, JSON.stringify(credentials));
      panel.curl = () => signedCurl(`${credentials.storeBaseUrl}rest/V1/store/storeViews`, { ...credentials, token: credentials.accessToken, tokenSecret: credentials.accessTokenSecret });
      panel.result(true, `Activated. The credentials for ${credentials.storeBaseUrl} are in VS Code's secret storage.`);
      services.output.info(`Activated against ${credentials.storeBaseUrl}; credentials saved to the secret storage.`);
    });
    return current;
  };
  let first: CallbackReceiver;
  try {
    first = await listen();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return undefined;
  }
  // One tab for the real store too: a new activation replaces the last one (its receiver stopped).
  realStorePanel?.dispose();
  realStorePanel = panelRef.panel = new TesterPanel(services.extensionUri, {
    title: 'Activate against a real store',
    intro: [
      'In the Magento admin, open System > Extensions > Integrations, set these two URLs on your integration, save, then click Activate.',
      storeUrl ? `Only an activation from ${storeUrl} is taken; others are refused.` : 'No store URL was given: an activation from any store is taken, a forged one included. Run the command again with your store\'s base URL to take only its activation.',
      `The store must be able to reach this machine: ${first.endpointUrl} only answers on this machine, so for a remote store forward the port (for example ssh -R ${port}:127.0.0.1:${port} you@store) and use the address the store sees.`,
    ],
    copyables: [{ label: 'Callback URL', value: first.endpointUrl }, { label: 'Identity link URL', value: first.identityLinkUrl }],
    steps: withNextActions(REAL_STORE_STEPS),
  }, {
    stop: async () => {
      await receiver?.stop();
      receiver = undefined;
    },
    runAgain: async () => {
      await listen();
    },
  });
  return { endpointUrl: first.endpointUrl };
}

export interface ExplainReport {
  baseString: string;
  signature: string;
  notes: string[];
  matches?: boolean;
  mistake?: string;
  /** The verdict as the panel shows it. */
  verdict?: string;
}

/**
 * Explains a signature from what the developer has: a pasted curl command or Authorization header (the
 * clipboard's, when it holds one), or the fields one by one (nonce, timestamp and method included); a
 * signature found or typed in is compared as Magento compares it, and a difference named.
 */
/** `given`: secrets a tester run holds, filled in (the user still confirms each; they are never stored). */
export async function explainOAuthSignature(services: TesterServices, answers?: Answers, given: { consumerSecret?: string; tokenSecret?: string } = {}): Promise<ExplainReport | undefined> {
  // A request on the clipboard is offered; not from a tester run (its secrets are what it brings), and never
  // waited on: in a browser, reading the clipboard can wait for a permission the user never gives.
  const fromRun = given.consumerSecret !== undefined;
  const clipboard = fromRun ? '' : await Promise.race([
    vscode.env.clipboard.readText().then((text) => text, () => ''),
    new Promise<string>((resolve) => setTimeout(() => resolve(''), 1500)),
  ]);
  const fromClipboard = clipboard && !('error' in readPastedRequest(clipboard)) ? clipboard : '';
  const state = {
    source: 'paste' as 'paste' | 'fields', pasted: fromClipboard, reading: undefined as PastedRequest | undefined,
    method: 'GET', url: '', consumerKey: '', consumerSecret: given.consumerSecret ?? '', token: '', tokenSecret: given.tokenSecret ?? '', signatureMethod: 'HMAC-SHA256' as SignatureMethod,
    nonce: '', timestamp: '', params: '', signature: '',
  };
  type TextKey = 'url' | 'consumerKey' | 'consumerSecret' | 'token' | 'tokenSecret' | 'nonce' | 'timestamp' | 'params' | 'signature';
  const text = (key: TextKey, prompt: string, next: () => Step | undefined, options: { optional?: boolean; password?: boolean; placeholder?: string; validate?: (v: string) => string | undefined } = {}): Step => async (flow) => {
    state[key] = await flow.inputBox({
      key, prompt, value: state[key], password: options.password, placeholder: options.placeholder,
      validate: (v) => (!v && !options.optional ? 'Required.' : v ? options.validate?.(v) : undefined),
    });
    return next();
  };
  const pickMethod = (next: () => Step | undefined): Step => async (flow) => {
    const items = ['GET', 'POST', 'PUT', 'DELETE'].map((label) => ({ label }));
    state.method = (await flow.pick({ key: 'method', placeholder: 'HTTP method', items, matches: (i, a) => i.label === a })).label;
    return next();
  };
  const hasToken = () => !!state.reading?.authorization && /oauth_token\s*=/.test(state.reading.authorization);

  // Pasted: what the paste lacks is asked for; the secrets always are (they are never in a request).
  const pastedTokenSecret = text('tokenSecret', 'Token secret (of the request or access token in the header; never stored)', () => undefined, { optional: true, password: true });
  const pastedSecret = text('consumerSecret', 'Consumer secret (never stored)', () => (hasToken() ? pastedTokenSecret : undefined), { password: true });
  const pastedUrl = text('url', 'Request URL, exactly as the store sees it (the header does not say)', () => (state.reading?.method ? pastedSecret : pastedMethod), { validate: requestUrlProblem });
  const pastedMethod = pickMethod(() => pastedSecret);
  const paste: Step = async (flow) => {
    state.pasted = await flow.inputBox({
      key: 'pasted', prompt: 'Paste the curl command or the Authorization header your client sent', value: state.pasted,
      placeholder: 'curl -X POST \'https://store.example/oauth/token/request\' -H \'Authorization: OAuth oauth_consumer_key="…", …\'',
      validate: (v) => {
        const reading = readPastedRequest(v);
        if ('error' in reading) return v ? reading.error : 'Paste a curl command or an Authorization header.';
        return reading.url ? requestUrlProblem(reading.url) : undefined;
      },
    });
    state.reading = readPastedRequest(state.pasted) as PastedRequest;
    if (state.reading.url) state.url = state.reading.url;
    if (state.reading.method) state.method = state.reading.method;
    return state.reading.url ? pastedSecret : pastedUrl;
  };

  // Field by field, in the order a client's log prints them.
  const signature = text('signature', 'Signature your client computed, to compare (optional)', () => undefined, { optional: true });
  const params = text('params', 'Form body fields and oauth_verifier, as k=v&k2=v2 (optional)', () => signature, {
    optional: true,
    validate: (v) => (['GET', 'DELETE'].includes(state.method) && [...new URLSearchParams(v).keys()].some((k) => !k.startsWith('oauth_')) ? `A ${state.method} has no form body: put those fields in the URL's query.` : undefined),
  });
  const timestamp = text('timestamp', 'oauth_timestamp (optional: now)', () => params, { optional: true, validate: (v) => (/^\d+$/.test(v) ? undefined : 'A timestamp is a number of seconds.') });
  const nonce = text('nonce', 'oauth_nonce (optional: a fresh one)', () => timestamp, { optional: true });
  const signatureMethod: Step = async (flow) => {
    const items = [{ label: 'HMAC-SHA256', description: 'Magento 2.4.4 and later' }, { label: 'HMAC-SHA1', description: 'Magento 2.4.3 and earlier' }];
    state.signatureMethod = (await flow.pick({ key: 'signatureMethod', placeholder: 'oauth_signature_method', items, matches: (i, a) => i.label === a })).label as SignatureMethod;
    return nonce;
  };
  const tokenSecret = text('tokenSecret', 'Token secret (optional; never stored)', () => signatureMethod, { optional: true, password: true });
  const token = text('token', 'Token: request or access token (optional)', () => tokenSecret, { optional: true });
  const secret = text('consumerSecret', 'Consumer secret (never stored)', () => token, { password: true });
  const key = text('consumerKey', 'Consumer key', () => secret);
  const url = text('url', 'Request URL, exactly as the store sees it (scheme, host, port, path, query)', () => key, { validate: requestUrlProblem });
  const method = pickMethod(() => url);

  const source: Step = async (flow) => {
    const items = [
      { label: 'Paste a curl command or an Authorization header', detail: fromClipboard ? 'The clipboard holds one: it is filled in.' : 'From your client\'s log, Postman\'s or a browser\'s "Copy as cURL".', source: 'paste' as const },
      { label: 'Enter the request field by field', detail: 'Method, URL, key, secrets, token, signature method, nonce, timestamp and fields.', source: 'fields' as const },
    ];
    state.source = (await flow.pick({ key: 'source', placeholder: 'What do you have?', items, matches: (i, a) => i.source === a || i.label === a })).source;
    return state.source === 'paste' ? paste : method;
  };
  const total = () => (state.source === 'fields' ? 12 : 3 + (state.reading && !state.reading.url ? 2 : 0) + (hasToken() ? 1 : 0));
  if (!(await MultiStepInput.run('Explain OAuth Signature', total, source, answers))) return undefined;

  const extra: Parameter[] = state.params ? parseFormEncoded(state.params) : [];
  const body = extra.filter(([name]) => !name.startsWith('oauth_'));
  const request = state.source === 'paste'
    ? { method: state.method, url: state.url, authorization: state.reading!.authorization ?? '', contentType: state.reading!.contentType, body: state.reading!.body }
    : {
      method: state.method, url: state.url,
      authorization: authorizationFromFields({ consumerKey: state.consumerKey, token: state.token || undefined, signatureMethod: state.signatureMethod, nonce: state.nonce, timestamp: state.timestamp, extra, signature: state.signature }),
      contentType: body.length > 0 ? 'application/x-www-form-urlencoded' : undefined, body: body.length > 0 ? new URLSearchParams(body).toString() : undefined,
    };
  const result = explainRequest({ ...request, consumerSecret: state.consumerSecret, tokenSecret: state.tokenSecret || undefined }, undefined, magentoVersion());
  const panel = new TesterPanel(services.extensionUri, {
    title: 'OAuth 1.0a signature, step by step',
    intro: [`Computed as Magento ${versionLabel(magentoVersion())} reads and checks the request (the magentoIntegrationKit.magentoVersion setting). Compare each line with what your client logs.`],
    copyables: [], steps: [],
  }, { stop: () => undefined });
  const notes = [...(state.reading?.notes ?? []), ...result.notes];
  panel.explain({
    notes,
    comparison: result.comparison && { ...result.comparison, expectedBaseString: result.baseString },
    rows: [
      { label: 'Request', value: `${request.method} ${request.url}` },
      { label: 'Normalized URL', value: result.normalizedUrl },
      { label: 'Parameter string', value: result.parameterString },
      { label: 'Base string', value: result.baseString },
      { label: `Signature (${result.signatureMethod})`, value: result.signature },
      { label: 'Authorization header', value: result.authorizationHeader },
    ],
  });
  const rendered = await panel.whenRendered((r) => !result.comparison || !!r.verdict, AUTOMATED_WAIT_MS);
  return {
    baseString: result.baseString, signature: result.signature, notes,
    matches: result.comparison?.matches, mistake: result.comparison?.mistake?.code, verdict: rendered.verdict,
  };
}

/** The Magento version the tester follows (a setting). */
function magentoVersion(): MagentoVersion {
  const setting = vscode.workspace.getConfiguration('magentoIntegrationKit').get<string>('magentoVersion');
  return setting === '2.3' || setting === 'latest' ? setting : '2.4.4';
}

/** Shows an event in the panel and a one-line summary in the log, with every secret redacted. */
function show(panel: TesterPanel, services: TesterServices, event: TesterEvent, secrets: string[]): void {
  const safe = redactEvent(event, secrets);
  panel.event({ ...safe, title: eventTitle(safe) });
  if (event.step) services.output.info(`Tester: ${safe.step} ${safe.ok === false ? 'failed' : 'passed'}${safe.problem ? `: ${safe.problem}` : ''}`);
}
