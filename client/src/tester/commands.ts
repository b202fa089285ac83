// The tester's commands: the simulated store, a real store's activation, and the signature explainer. The
// servers and the OAuth logic live in server/src/oauth; this file asks, shows the panel and keeps secrets
// in SecretStorage. Invoked with an answers object, the same steps run with those values filled in.
import * as vscode from 'vscode';
import type { ScaffoldContext } from '../../../server/src/lsp/protocol';
import { SCAFFOLD_CONTEXT_REQUEST } from '../../../server/src/lsp/protocol';
import { CallbackReceiver } from '../../../server/src/oauth/callbackReceiver';
import { redactEvent, TesterEvent } from '../../../server/src/oauth/events';
import { explainSignature, signedCurl } from '../../../server/src/oauth/explain';
import { MockStore } from '../../../server/src/oauth/mockStore';
import { Parameter, parseFormEncoded, SignatureMethod } from '../../../server/src/oauth/signature';
import { checkUrl } from '../../../server/src/scaffold/inputs';
import type { ScaffoldServices } from '../scaffold/commands';
import { MultiStepInput, Step } from '../scaffold/multiStepInput';
import { RenderedStep, TesterPanel } from './testerPanel';

export interface TesterServices extends ScaffoldServices {
  extensionUri: vscode.Uri;
  secrets: vscode.SecretStorage;
}

type Answers = Record<string, unknown>;

const HANDSHAKE_STEPS = [
  { key: 'activation', title: 'Activation POST to the endpoint URL' },
  { key: 'identity-link', title: 'Identity link opened' },
  { key: 'request-token', title: 'Request token' },
  { key: 'access-token', title: 'Access token' },
  { key: 'api-call', title: 'Signed API call: GET /rest/V1/store/storeViews' },
];
const allPassed = (steps: RenderedStep[]) => steps.length > 0 && steps.every((s) => s.status === 'passed');
/** How long an automated run waits for the handshake before returning what the panel shows. */
const AUTOMATED_WAIT_MS = 30_000;

export async function testWithSimulatedStore(services: TesterServices, answers?: Answers): Promise<{ storeBaseUrl: string; steps: RenderedStep[] } | undefined> {
  const context = await services.client.sendRequest<ScaffoldContext>(SCAFFOLD_CONTEXT_REQUEST).catch(() => undefined);
  const configured = (context?.integrations ?? []).filter((i) => i.endpointUrl || i.identityLinkUrl);
  const state = { endpointUrl: '', identityLinkUrl: '' };
  const urlStep = (key: 'endpointUrl' | 'identityLinkUrl', prompt: string, next?: Step): Step => async (flow) => {
    state[key] = await flow.inputBox({ key, prompt, value: state[key], placeholder: 'http://127.0.0.1:8000/magento/…', validate: (v) => (v ? checkUrl(v, 'URL') : 'Enter the URL your app serves.') });
    return next;
  };
  const identity = urlStep('identityLinkUrl', 'Identity link URL of your app (the login page)');
  const endpoint = urlStep('endpointUrl', 'Endpoint URL of your app (receives the activation POST)', identity);
  const pick: Step = async (flow) => {
    if (configured.length === 0) return endpoint;
    const items = [
      ...configured.map((i) => ({ label: i.name, description: i.module, detail: `${i.endpointUrl ?? '(no endpoint_url)'} · ${i.identityLinkUrl ?? '(no identity_link_url)'}`, integration: i })),
      { label: 'Enter the URLs…', description: '', detail: 'For an app that is not configured in this workspace yet.', integration: undefined },
    ];
    const chosen = await flow.pick({ key: 'integration', placeholder: 'Integration whose app to test', items, matches: (i, a) => i.label === a });
    state.endpointUrl = chosen.integration?.endpointUrl ?? state.endpointUrl;
    state.identityLinkUrl = chosen.integration?.identityLinkUrl ?? state.identityLinkUrl;
    return endpoint;
  };
  if (!(await MultiStepInput.run('Test Integration App with Simulated Store', () => 3, pick, answers))) return undefined;

  let store: MockStore | undefined;
  const panel = new TesterPanel(services.extensionUri, {
    title: 'Simulated Magento store',
    intro: ['The simulated store plays Magento 2.4.4+ on this machine: it activates your app as the admin\'s Activate does, then checks every request as Magento does.'],
    copyables: [{ label: 'Endpoint URL', value: state.endpointUrl }, { label: 'Identity link URL', value: state.identityLinkUrl }],
    steps: HANDSHAKE_STEPS,
  }, () => void store?.stop());
  store = new MockStore({
    endpointUrl: state.endpointUrl, identityLinkUrl: state.identityLinkUrl,
    onEvent: (event) => show(panel, services, event, store?.secrets ?? []),
  });
  const storeBaseUrl = await store.start();
  panel.curl = () => {
    const credentials = store?.accessCredentials;
    return credentials ? signedCurl(`${storeBaseUrl}rest/V1/store/storeViews`, credentials) : undefined;
  };
  await store.activate();
  void store.done(true).then(() => panel.result(true, 'Your app completed the handshake and made a signed API call.'));
  const steps = answers ? await panel.whenRendered(allPassed, AUTOMATED_WAIT_MS) : panel.renderedSteps;
  return { storeBaseUrl, steps };
}

export async function activateAgainstRealStore(services: TesterServices, answers?: Answers): Promise<{ endpointUrl: string } | undefined> {
  let port = '8765';
  const ask: Step = async (flow) => {
    port = await flow.inputBox({
      key: 'port', prompt: 'Port on this machine for the callback (0 picks a free one)', value: port,
      validate: (v) => (/^\d+$/.test(v) && Number(v) <= 65535 ? undefined : 'Enter a port number from 0 to 65535.'),
    });
    return undefined;
  };
  if (!(await MultiStepInput.run('Activate Against a Real Store', () => 1, ask, answers))) return undefined;
  let receiver: CallbackReceiver | undefined;
  const panelRef: { panel?: TesterPanel } = {};
  receiver = new CallbackReceiver({ port: Number(port), onEvent: (event) => panelRef.panel && show(panelRef.panel, services, event, receiver?.secrets ?? []) });
  try {
    await receiver.start();
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    return undefined;
  }
  const panel = new TesterPanel(services.extensionUri, {
    title: 'Activate against a real store',
    intro: [
      'In the Magento admin, open System > Extensions > Integrations, set these two URLs on your integration, save, then click Activate.',
      `The store must be able to reach this machine: ${receiver.endpointUrl} only answers on this machine, so for a remote store forward the port (for example ssh -R ${port}:127.0.0.1:${port} you@store) and use the address the store sees.`,
    ],
    copyables: [{ label: 'Callback URL', value: receiver.endpointUrl }, { label: 'Identity link URL', value: receiver.identityLinkUrl }],
    steps: HANDSHAKE_STEPS.filter((s) => s.key !== 'identity-link'),
  }, () => void receiver?.stop());
  panelRef.panel = panel;
  void receiver.done().then(async (credentials) => {
    if (!credentials) return;
    await services.secrets.store(`magentoIntegrationKit.credentials.${credentials.storeBaseUrl}`, JSON.stringify(credentials));
    panel.curl = () => signedCurl(`${credentials.storeBaseUrl}rest/V1/store/storeViews`, { ...credentials, token: credentials.accessToken, tokenSecret: credentials.accessTokenSecret });
    panel.result(true, `Activated. The credentials for ${credentials.storeBaseUrl} are in VS Code's secret storage.`);
    services.output.info(`Activated against ${credentials.storeBaseUrl}; credentials saved to the secret storage.`);
  });
  return { endpointUrl: receiver.endpointUrl };
}

export async function explainOAuthSignature(services: TesterServices, answers?: Answers): Promise<{ baseString: string } | undefined> {
  const state = { method: 'GET', url: '', consumerKey: '', consumerSecret: '', token: '', tokenSecret: '', params: '' };
  const text = (key: keyof typeof state, prompt: string, next: Step | undefined, options: { optional?: boolean; password?: boolean; validate?: (v: string) => string | undefined } = {}): Step => async (flow) => {
    state[key] = await flow.inputBox({
      key, prompt, value: state[key], password: options.password,
      validate: (v) => (!v && !options.optional ? 'Required.' : v ? options.validate?.(v) : undefined),
    });
    return next;
  };
  const params = text('params', 'Form fields and oauth_verifier, as k=v&k2=v2 (optional)', undefined, { optional: true });
  const tokenSecret = text('tokenSecret', 'Token secret (optional)', params, { optional: true, password: true });
  const token = text('token', 'Token: request or access token (optional)', tokenSecret, { optional: true });
  const secret = text('consumerSecret', 'Consumer secret (never stored)', token, { password: true });
  const key = text('consumerKey', 'Consumer key', secret);
  const url = text('url', 'Request URL, exactly as the store sees it (scheme, host, port, path, query)', key, { validate: (v) => checkUrl(v, 'URL') });
  const method: Step = async (flow) => {
    const items = ['GET', 'POST', 'PUT', 'DELETE'].map((label) => ({ label }));
    state.method = (await flow.pick({ key: 'method', placeholder: 'HTTP method', items, matches: (i, a) => i.label === a })).label;
    return url;
  };
  if (!(await MultiStepInput.run('Explain OAuth Signature', () => 7, method, answers))) return undefined;
  const extra: Parameter[] = state.params ? parseFormEncoded(state.params) : [];
  const result = explainSignature({
    method: state.method, url: state.url, consumerKey: state.consumerKey, consumerSecret: state.consumerSecret,
    token: state.token || undefined, tokenSecret: state.tokenSecret || undefined, signatureMethod: 'HMAC-SHA256' as SignatureMethod, params: extra,
  });
  const panel = new TesterPanel(services.extensionUri, {
    title: 'OAuth 1.0a signature, step by step',
    intro: ['Computed as Magento 2.4.4+ checks it (HMAC-SHA256). Compare each line with what your client logs.'],
    copyables: [], steps: [],
  }, () => undefined);
  panel.explain([
    { label: 'Normalized URL', value: result.normalizedUrl },
    { label: 'Parameter string', value: result.parameterString },
    { label: 'Base string', value: result.baseString },
    { label: 'Signature', value: result.signature },
    { label: 'Authorization header', value: result.authorizationHeader },
  ]);
  return { baseString: result.baseString };
}

/** Shows an event in the panel and a one-line summary in the log, with every secret redacted. */
function show(panel: TesterPanel, services: TesterServices, event: TesterEvent, secrets: string[]): void {
  const safe = redactEvent(event, secrets);
  panel.event(safe);
  if (event.step) services.output.info(`Tester: ${safe.step} ${safe.ok === false ? 'failed' : 'passed'}${safe.problem ? `: ${safe.problem}` : ''}`);
}
