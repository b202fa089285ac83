// The tester's webview panel: theme-aware, a strict CSP with a per-load nonce, and nothing remote. Stop
// closes the servers and keeps the result on screen; Run again starts a fresh run in the same panel;
// closing the panel stops everything. It reports what the page rendered (for tests and automation).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TesterEvent } from '../../../shared/tester';

export interface PanelInit {
  title: string;
  intro: string[];
  copyables: Array<{ label: string; value: string }>;
  steps: Array<{ key: string; title: string; nextAction?: string }>;
}

export type StepState = 'waiting' | 'running' | 'passed' | 'failed' | 'not-reached';
export type RenderedStep = { key: string; status: StepState };
/** What the page last showed: each step's state, whether the run is over, the explainer's verdict. */
export interface RenderedReport {
  steps: RenderedStep[];
  ended: boolean;
  stopped?: boolean;
  verdict?: string;
  /** The REST calls so far, when the store judges them against an integration's grants. */
  summary?: string;
}

export interface PanelRun {
  /** Stops the run's servers (Stop, a new run, or the panel closed). */
  stop(): void | Promise<void>;
  /** Starts a fresh run; absent for panels that show a single result. */
  runAgain?(): void | Promise<void>;
  /** The admin's Reauthorize on the same store and consumer (the simulated store only). */
  reauthorize?(): void | Promise<void>;
  /** What a fresh run shows (the integration's grants read again); the first run's when absent. */
  refresh?(): Promise<PanelInit>;
  /** "Explain OAuth Signature…" with this run's secrets filled in (the simulated store only). */
  explainSignature?(): void | Promise<void>;
}

export class TesterPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly queue: unknown[] = [];
  private ready = false;
  private disposed = false;
  private init: PanelInit;
  private report: RenderedReport = { steps: [], ended: false };
  private readonly reportListeners: Array<(report: RenderedReport) => void> = [];
  /** Builds the curl command on demand, so the access token never sits in the page. */
  curl?: () => string | undefined;

  constructor(extensionUri: vscode.Uri, init: PanelInit, private readonly run: PanelRun) {
    this.init = init;
    this.panel = vscode.window.createWebviewPanel('magentoIntegrationKit.tester', init.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    const script = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'tester.js'));
    this.panel.webview.html = html(this.panel.webview.cspSource, script.toString(), randomBytes(16).toString('base64'));
    this.panel.webview.onDidReceiveMessage(async (message: { type: string; text?: string; report?: RenderedReport }) => {
      try {
        await this.receive(message);
      } catch (error) {
        void vscode.window.showErrorMessage(`Magento tester: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      void this.run.stop();
    });
    this.start(init);
  }

  private async receive(message: { type: string; text?: string; report?: RenderedReport }): Promise<void> {
    if (message.type === 'ready') {
      this.ready = true;
      for (const queued of this.queue.splice(0)) void this.panel.webview.postMessage(queued);
    } else if (message.type === 'copy' && message.text) {
      await vscode.env.clipboard.writeText(message.text);
      void vscode.window.setStatusBarMessage('Copied', 2000);
    } else if (message.type === 'copyCurl') {
      const command = this.curl?.();
      if (command) await vscode.env.clipboard.writeText(command);
      void vscode.window.setStatusBarMessage(command ? 'Copied the curl command' : 'No verified API call yet', 2000);
    } else if (message.type === 'stop') {
      await this.run.stop();
      this.post({ type: 'stopped' });
    } else if (message.type === 'runAgain' && this.run.runAgain) {
      await this.run.stop();
      this.curl = undefined;
      this.start(this.run.refresh ? await this.run.refresh() : this.init);
      await this.run.runAgain();
    } else if (message.type === 'explainSignature' && this.run.explainSignature) {
      await this.run.explainSignature();
    } else if (message.type === 'reauthorize' && this.run.reauthorize) {
      this.curl = undefined;
      this.start(this.init);
      await this.run.reauthorize();
    } else if (message.type === 'rendered' && message.report) {
      this.report = message.report;
      for (const listener of [...this.reportListeners]) listener(this.report);
    }
  }

  /** Shows a fresh run (or the first one) with these steps. */
  private start(init: PanelInit): void {
    this.init = init;
    this.post({ type: 'init', init: { ...init, canRunAgain: !!this.run.runAgain, canReauthorize: !!this.run.reauthorize, canExplain: !!this.run.explainSignature } });
  }

  get renderedSteps(): RenderedStep[] {
    return this.report.steps;
  }

  /** Resolves with the page's report once `accept` holds for it, or the last one after `timeoutMs`. */
  whenRendered(accept: (report: RenderedReport) => boolean, timeoutMs: number): Promise<RenderedReport> {
    return new Promise((resolve) => {
      const done = (report: RenderedReport) => {
        clearTimeout(timer);
        this.reportListeners.splice(this.reportListeners.indexOf(check), 1);
        resolve(report);
      };
      const check = (report: RenderedReport) => {
        if (accept(report)) done(report);
      };
      const timer = setTimeout(() => done(this.report), timeoutMs);
      this.reportListeners.push(check);
      check(this.report);
    });
  }

  event(event: TesterEvent): void {
    this.post({ type: 'event', event });
  }

  /** The REST calls so far (shown under the steps; the run goes on). */
  summary(text: string): void {
    this.post({ type: 'summary', text });
  }

  /** The run's outcome: the steps not reached are shown so, and Run again is offered. */
  result(ok: boolean, text: string): void {
    this.post({ type: 'result', result: { ok, text } });
  }

  explain(explanation: unknown): void {
    this.post({ type: 'explain', explanation });
  }

  dispose(): void {
    this.panel.dispose();
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Brings the tab to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  private post(message: unknown): void {
    if (this.disposed) return;
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.queue.push(message);
  }
}

function html(cspSource: string, script: string, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource} 'nonce-${nonce}'; font-src ${cspSource}; img-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 20px; }
  h1 { font-size: 1.4em; font-weight: 600; }
  code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
  pre { background: var(--vscode-textCodeBlock-background); padding: 8px; white-space: pre-wrap; word-break: break-all; }
  .label { color: var(--vscode-descriptionForeground); margin: 6px 0 2px; }
  .copyable { display: flex; gap: 8px; align-items: center; margin: 4px 0; }
  .copyable .label { min-width: 140px; margin: 0; }
  .timeline { list-style: none; padding: 0; }
  .step { margin: 6px 0; }
  .step.passed { border-left: 3px solid var(--vscode-testing-iconPassed); }
  .step.failed { border-left: 3px solid var(--vscode-testing-iconFailed); }
  .step.running { border-left: 3px solid var(--vscode-progressBar-background); }
  .step.waiting, .step.not-reached { border-left: 3px solid var(--vscode-disabledForeground); }
  .step.not-reached { opacity: 0.75; }
  .next { font-weight: 600; }
  .event { padding: 4px 12px; }
  .event-name { font-weight: 600; }
  .problem, .result.failed { color: var(--vscode-errorForeground); }
  .result.passed { color: var(--vscode-testing-iconPassed); font-weight: 600; }
  .mistake, .hint { color: var(--vscode-editorWarning-foreground); }
  .muted { color: var(--vscode-descriptionForeground); }
  .diff { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 12px; margin: 8px 0; }
  .diff .column { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
  .diff code { padding: 1px 4px; word-break: break-all; }
  .diff .changed { background: var(--vscode-diffEditor-removedTextBackground); }
  .diff .column:last-of-type .changed { background: var(--vscode-diffEditor-insertedTextBackground); }
  .diff .actions, .actions { grid-column: 1 / -1; display: flex; gap: 8px; margin-top: 8px; }
</style>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
