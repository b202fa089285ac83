// The tester's webview panel: theme-aware, a strict CSP with a per-load nonce, and nothing remote. It
// shows what the page reports it rendered (for tests), and stops its servers when closed.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TesterEvent } from '../../../server/src/oauth/events';

export interface PanelInit {
  title: string;
  intro: string[];
  copyables: Array<{ label: string; value: string }>;
  steps: Array<{ key: string; title: string }>;
}

export type RenderedStep = { key: string; status: 'pending' | 'passed' | 'failed' };

export class TesterPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly queue: unknown[] = [];
  private ready = false;
  private rendered: RenderedStep[] = [];
  private readonly renderedListeners: Array<(steps: RenderedStep[]) => void> = [];
  /** Builds the curl command on demand, so the access token never sits in the page. */
  curl?: () => string | undefined;

  constructor(extensionUri: vscode.Uri, init: PanelInit, onStop: () => void) {
    this.panel = vscode.window.createWebviewPanel('magentoIntegrationKit.tester', init.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    const script = this.panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'tester.js'));
    this.panel.webview.html = html(this.panel.webview.cspSource, script.toString(), randomBytes(16).toString('base64'));
    this.panel.webview.onDidReceiveMessage(async (message: { type: string; text?: string; steps?: RenderedStep[] }) => {
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
        this.panel.dispose();
      } else if (message.type === 'rendered' && message.steps) {
        this.rendered = message.steps;
        for (const listener of this.renderedListeners) listener(this.rendered);
      }
    });
    this.panel.onDidDispose(onStop);
    this.post({ type: 'init', init });
  }

  get renderedSteps(): RenderedStep[] {
    return this.rendered;
  }

  /** Resolves with the rendered steps once `accept` holds for them, or the last ones after `timeoutMs`. */
  whenRendered(accept: (steps: RenderedStep[]) => boolean, timeoutMs: number): Promise<RenderedStep[]> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.rendered), timeoutMs);
      const check = (steps: RenderedStep[]) => {
        if (!accept(steps)) return;
        clearTimeout(timer);
        resolve(steps);
      };
      this.renderedListeners.push(check);
      check(this.rendered);
    });
  }

  event(event: TesterEvent): void {
    this.post({ type: 'event', event });
  }

  result(ok: boolean, text: string): void {
    this.post({ type: 'result', result: { ok, text } });
  }

  explain(rows: Array<{ label: string; value: string }>): void {
    this.post({ type: 'explain', rows });
  }

  dispose(): void {
    this.panel.dispose();
  }

  private post(message: unknown): void {
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
  .step.pending { border-left: 3px solid var(--vscode-disabledForeground); }
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
