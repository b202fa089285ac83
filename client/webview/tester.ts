// The tester panel's page (runs in the webview): a timeline of the handshake's steps, each expandable to
// its raw request and response; signature rejections as a side-by-side base-string diff. All data is set
// with textContent, never as HTML.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface TesterEvent {
  event: string;
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

interface Step {
  key: string;
  title: string;
  status: 'pending' | 'passed' | 'failed';
  events: TesterEvent[];
}

interface Init {
  title: string;
  intro: string[];
  copyables: Array<{ label: string; value: string }>;
  steps: Array<{ key: string; title: string }>;
}

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;
let init: Init = { title: '', intro: [], copyables: [], steps: [] };
let steps: Step[] = [];
let result: { ok: boolean; text: string } | undefined;
let explanation: Array<{ label: string; value: string }> | undefined;

window.addEventListener('message', ({ data }) => {
  if (data.type === 'init') {
    init = data.init;
    steps = init.steps.map((s) => ({ ...s, status: 'pending', events: [] }));
    result = undefined;
    explanation = undefined;
  } else if (data.type === 'event') {
    const event = data.event as TesterEvent;
    const step = steps.find((s) => s.key === event.step);
    if (step) {
      step.events.push(event);
      if (event.ok === false) step.status = 'failed';
      else if (event.ok === true && step.status !== 'failed') step.status = 'passed';
    }
  } else if (data.type === 'result') {
    result = data.result;
  } else if (data.type === 'explain') {
    explanation = data.rows;
  }
  render();
});

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function copyButton(label: string, text: string): HTMLElement {
  const button = document.createElement('vscode-button');
  button.setAttribute('secondary', '');
  button.textContent = label;
  button.addEventListener('click', () => vscode.postMessage({ type: 'copy', text }));
  return button;
}

function render(): void {
  app.replaceChildren();
  app.append(element('h1', init.title));
  for (const line of init.intro) app.append(element('p', line));
  for (const { label, value } of init.copyables) {
    const row = element('div', undefined, 'copyable');
    row.append(element('span', label, 'label'), element('code', value), copyButton('Copy', value));
    app.append(row);
  }
  if (explanation) {
    for (const { label, value } of explanation) {
      const row = element('div', undefined, 'explain');
      row.append(element('div', label, 'label'), element('pre', value), copyButton(`Copy ${label.toLowerCase()}`, value));
      app.append(row);
    }
  }
  const timeline = element('ol', undefined, 'timeline');
  for (const step of steps) timeline.append(renderStep(step));
  if (steps.length > 0) app.append(timeline);
  if (result) app.append(element('p', result.text, result.ok ? 'result passed' : 'result failed'));
  const actions = element('div', undefined, 'actions');
  if (steps.some((s) => s.key === 'api-call' && s.status === 'passed')) {
    const curl = document.createElement('vscode-button');
    curl.textContent = 'Copy as curl';
    curl.addEventListener('click', () => vscode.postMessage({ type: 'copyCurl' }));
    actions.append(curl);
  }
  if (steps.length > 0) {
    const stop = document.createElement('vscode-button');
    stop.setAttribute('secondary', '');
    stop.textContent = 'Stop';
    stop.addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
    actions.append(stop);
  }
  app.append(actions);
  vscode.postMessage({ type: 'rendered', steps: [...app.querySelectorAll<HTMLElement>('[data-step]')].map((n) => ({ key: n.dataset.step, status: n.dataset.status })) });
}

function renderStep(step: Step): HTMLElement {
  const item = element('li', undefined, `step ${step.status}`);
  item.dataset.step = step.key;
  item.dataset.status = step.status;
  const mark = step.status === 'passed' ? '✓' : step.status === 'failed' ? '✗' : '…';
  const collapsible = document.createElement('vscode-collapsible');
  collapsible.setAttribute('title', `${mark} ${step.title}`);
  if (step.status === 'failed') collapsible.setAttribute('open', '');
  for (const event of step.events) collapsible.append(renderEvent(event));
  if (step.events.length === 0) collapsible.append(element('p', 'Waiting…', 'muted'));
  item.append(collapsible);
  return item;
}

function renderEvent(event: TesterEvent): HTMLElement {
  const box = element('div', undefined, 'event');
  box.append(element('div', `${event.event}${event.status ? ` (${event.status})` : ''}`, 'event-name'));
  if (event.problem) box.append(element('p', `oauth_problem: ${event.problem}`, 'problem'));
  if (event.mistake) box.append(element('p', `Likely mistake (${event.mistake.code}): ${event.mistake.explanation}`, 'mistake'));
  else if (event.hint) box.append(element('p', event.hint, 'hint'));
  if (event.expectedBaseString && event.receivedBaseString) box.append(baseStringDiff(event.expectedBaseString, event.receivedBaseString));
  if (event.request) {
    const text = [`${event.request.method} ${event.request.url}`, ...Object.entries(event.request.headers ?? {}).map(([k, v]) => `${k}: ${v}`), '', event.request.body ?? ''].join('\n');
    box.append(element('div', 'Request', 'label'), element('pre', text.trim()));
  }
  if (event.response) box.append(element('div', 'Response', 'label'), element('pre', `${event.response.status}\n\n${event.response.body}`.trim()));
  return box;
}

/** Expected and received base strings side by side, split into method, URL and parameters; differences marked. */
function baseStringDiff(expected: string, received: string): HTMLElement {
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
  grid.append(element('div', 'Expected by the store', 'label'), element('div', 'Signed by the client', 'label'));
  const column = (items: string[], others: string[]) => {
    const list = element('div', undefined, 'column');
    for (const item of items) list.append(element('code', item, others.includes(item) ? 'same' : 'changed'));
    return list;
  };
  grid.append(column(left, right), column(right, left));
  const copies = element('div', undefined, 'actions');
  copies.append(copyButton('Copy expected base string', expected), copyButton('Copy received base string', received));
  grid.append(copies);
  return grid;
}

vscode.postMessage({ type: 'ready' });
