// The tester panel's page (runs in the webview): the handshake's steps, each with a state (waiting,
// running, passed, failed, not reached), what happened in words, its raw request and response with copy
// buttons, and what to do next; the run can be stopped (the result stays) and run again. The signature
// explainer's rows and verdict render here too. All data is set with textContent, never as HTML.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface TesterEvent {
  event: string;
  /** The event in words, added by the extension. */
  title?: string;
  step?: string;
  ok?: boolean;
  status?: number;
  problem?: string;
  hint?: string;
  expectedBaseString?: string;
  receivedBaseString?: string;
  mistake?: { code: string; explanation: string };
  request?: { method: string; url: string; headers?: Record<string, string>; body?: string };
  response?: { status: number; body: string };
}

type StepState = 'waiting' | 'running' | 'passed' | 'failed' | 'not-reached';
const STATE_LABEL: Record<StepState, string> = { waiting: 'Waiting', running: 'Running', passed: 'Passed', failed: 'Failed', 'not-reached': 'Not reached' };
const STATE_MARK: Record<StepState, string> = { waiting: '○', running: '◌', passed: '✓', failed: '✗', 'not-reached': '–' };

interface Step {
  key: string;
  title: string;
  nextAction?: string;
  events: TesterEvent[];
}

interface Init {
  title: string;
  intro: string[];
  copyables: Array<{ label: string; value: string }>;
  steps: Array<{ key: string; title: string; nextAction?: string }>;
  canRunAgain: boolean;
  /** The simulated store can play the admin's Reauthorize once the app holds its token. */
  canReauthorize?: boolean;
  /** The run can hand its consumer and token secrets to "Explain OAuth Signature…". */
  canExplain?: boolean;
}

interface Explanation {
  rows: Array<{ label: string; value: string }>;
  notes: string[];
  comparison?: { matches: boolean; received: string; mistake?: { code: string; explanation: string }; expectedBaseString: string; receivedBaseString: string };
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let init: Init = { title: '', intro: [], copyables: [], steps: [], canRunAgain: false };
let steps: Step[] = [];
let result: { ok: boolean; text: string } | undefined;
/** The REST calls so far, judged against an integration's grants. */
let summary: string | undefined;
/** The run is over: by its result, or because the user stopped it. */
let ended = false;
/** The user stopped the servers (the result stays on screen). */
let stopped = false;
let explanation: Explanation | undefined;

window.addEventListener('message', ({ data }) => {
  if (data.type === 'init') {
    init = data.init;
    steps = init.steps.map((s) => ({ ...s, events: [] }));
    result = undefined;
    summary = undefined;
    ended = false;
    stopped = false;
    explanation = undefined;
  } else if (data.type === 'event') {
    const event = data.event as TesterEvent;
    steps.find((s) => s.key === event.step)?.events.push(event);
  } else if (data.type === 'summary') {
    summary = data.text;
  } else if (data.type === 'result') {
    result = data.result;
    ended = true;
  } else if (data.type === 'stopped') {
    ended = true;
    stopped = true;
  } else if (data.type === 'explain') {
    explanation = data.explanation;
  }
  render();
});

/** Each step's state: its last verdict, else where it stands in the run, and whether the run is over. */
function statesOf(): StepState[] {
  let earlierPassed = true;
  return steps.map((step) => {
    const last = [...step.events].reverse().find((e) => e.ok !== undefined);
    const state: StepState = last?.ok === true ? 'passed' : last?.ok === false ? 'failed' : ended ? 'not-reached' : earlierPassed ? 'running' : 'waiting';
    earlierPassed &&= state === 'passed';
    return state;
  });
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(label: string, message: unknown, secondary = false): HTMLElement {
  const node = document.createElement('vscode-button');
  if (secondary) node.setAttribute('secondary', '');
  node.textContent = label;
  node.addEventListener('click', () => vscode.postMessage(message));
  return node;
}

const copyButton = (label: string, text: string) => button(label, { type: 'copy', text }, true);

function render(): void {
  app.replaceChildren();
  app.append(element('h1', init.title));
  for (const line of init.intro) app.append(element('p', line));
  for (const { label, value } of init.copyables) {
    const row = element('div', undefined, 'copyable');
    row.append(element('span', label, 'label'), element('code', value), copyButton('Copy', value));
    app.append(row);
  }
  if (explanation) renderExplanation(explanation);
  const states = statesOf();
  if (steps.length > 0) {
    const timeline = element('ol', undefined, 'timeline');
    steps.forEach((step, i) => timeline.append(renderStep(step, states[i])));
    app.append(timeline);
  }
  if (summary) app.append(element('p', summary, 'summary'));
  if (result) app.append(element('p', result.text, result.ok ? 'result passed' : 'result failed'));
  if (stopped) app.append(element('p', 'Stopped: the servers are closed. The steps above are kept as they were.', 'stopped muted'));
  const actions = element('div', undefined, 'actions');
  if (steps.some((s, i) => s.key === 'api-call' && states[i] === 'passed')) actions.append(button('Copy as curl', { type: 'copyCurl' }));
  const tokenIssued = steps.some((s, i) => s.key === 'access-token' && states[i] === 'passed');
  if (init.canReauthorize && tokenIssued && !stopped) actions.append(button('Reauthorize', { type: 'reauthorize' }, true));
  if (init.canExplain && !stopped) actions.append(button('Explain a Signature…', { type: 'explainSignature' }, true));
  if (steps.length > 0 && init.canRunAgain) actions.append(button('Run again', { type: 'runAgain' }, !ended));
  if (steps.length > 0 && !stopped) actions.append(button('Stop', { type: 'stop' }, true));
  app.append(actions);
  vscode.postMessage({
    type: 'rendered',
    report: { steps: steps.map((s, i) => ({ key: s.key, status: states[i] })), ended, stopped, verdict: app.querySelector('.verdict')?.textContent ?? undefined, summary },
  });
}

function renderStep(step: Step, state: StepState): HTMLElement {
  const item = element('li', undefined, `step ${state}`);
  item.dataset.step = step.key;
  item.dataset.status = state;
  const collapsible = document.createElement('vscode-collapsible');
  collapsible.setAttribute('heading', `${STATE_MARK[state]} ${step.title}`);
  collapsible.setAttribute('description', STATE_LABEL[state]);
  if (state === 'failed') collapsible.setAttribute('open', '');
  for (const event of step.events) collapsible.append(renderEvent(event));
  if (step.events.length === 0) {
    const waiting = state === 'running' ? 'Waiting for this now.' : state === 'not-reached' ? 'The run ended before this step.' : 'Comes after the steps above.';
    collapsible.append(element('p', waiting, 'muted'));
  }
  if (state === 'failed' && step.nextAction) collapsible.append(element('p', `Next: ${step.nextAction}`, 'next'));
  item.append(collapsible);
  return item;
}

function renderEvent(event: TesterEvent): HTMLElement {
  const box = element('div', undefined, 'event');
  box.append(element('div', event.title ?? event.event, 'event-name'));
  if (event.problem && !event.title?.includes(event.problem)) box.append(element('p', `oauth_problem: ${event.problem}`, 'problem'));
  if (event.mistake) box.append(element('p', `Likely mistake: ${event.mistake.explanation}`, 'mistake'));
  else if (event.hint) box.append(element('p', event.hint, 'hint'));
  if (event.expectedBaseString && event.receivedBaseString) box.append(baseStringDiff(event.expectedBaseString, event.receivedBaseString, ['Expected by the store', 'the store\'s'], ['Signed by the client', 'the client\'s']));
  const copies = element('div', undefined, 'actions');
  if (event.request) {
    const text = [`${event.request.method} ${event.request.url}`, ...Object.entries(event.request.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', event.request.body ?? ''].join('\n').trim();
    box.append(element('div', 'Request', 'label'), element('pre', text));
    copies.append(copyButton('Copy request', text));
  }
  if (event.response) {
    const text = `${event.response.status}\n\n${event.response.body}`.trim();
    box.append(element('div', 'Response', 'label'), element('pre', text));
    copies.append(copyButton('Copy response', text));
  }
  if (copies.childElementCount > 0) box.append(copies);
  return box;
}

function renderExplanation({ rows, notes, comparison }: Explanation): void {
  if (comparison) {
    const verdict = comparison.matches
      ? 'The pasted signature matches the one Magento computes.'
      : `The pasted signature differs from the one Magento computes. ${comparison.mistake ? `Likely mistake: ${comparison.mistake.explanation}` : 'No common mistake reproduces it: check the consumer secret and the token secret, which are the signing key.'}`;
    app.append(element('p', verdict, `verdict ${comparison.matches ? 'result passed' : 'result failed'}`));
    if (!comparison.matches && comparison.mistake) app.append(baseStringDiff(comparison.expectedBaseString, comparison.receivedBaseString, ['Signed by Magento', 'Magento\'s'], ['Signed by your client', 'your client\'s']));
  }
  for (const note of notes) app.append(element('p', note, 'hint'));
  for (const { label, value } of rows) {
    const row = element('div', undefined, 'explain');
    row.append(element('div', label, 'label'), element('pre', value), copyButton(`Copy ${label.charAt(0).toLowerCase()}${label.slice(1)}`, value));
    app.append(row);
  }
}

/** Two base strings side by side, split into method, URL and parameters; differences marked. */
function baseStringDiff(expected: string, received: string, [leftTitle, leftOwner]: [string, string], [rightTitle, rightOwner]: [string, string]): HTMLElement {
  const parts = (base: string) => {
    const [method = '', url = '', params = ''] = base.split('&');
    const decode = (value: string) => {
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    };
    return [method, decode(url), ...decode(params).split('&')];
  };
  const left = parts(expected);
  const right = parts(received);
  const grid = element('div', undefined, 'diff');
  grid.append(element('div', leftTitle, 'label'), element('div', rightTitle, 'label'));
  const column = (items: string[], others: string[]) => {
    const list = element('div', undefined, 'column');
    for (const item of items) list.append(element('code', item, others.includes(item) ? 'same' : 'changed'));
    return list;
  };
  grid.append(column(left, right), column(right, left));
  const copies = element('div', undefined, 'actions');
  copies.append(copyButton(`Copy ${leftOwner} base string`, expected), copyButton(`Copy ${rightOwner} base string`, received));
  grid.append(copies);
  return grid;
}

vscode.postMessage({ type: 'ready' });
