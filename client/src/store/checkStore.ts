// "Check Integrations Against Store…": the store doctor, run by the language server on the workspace's own
// model. The Magento root's env.php names the database; when it cannot (a store in Docker, another machine),
// the user gives its URL and password: the URL (no password) is remembered for the workspace, the password
// in SecretStorage. Findings about an integration go to Problems on its file and the Integrations view.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CHECK_STORE_REQUEST, CheckStoreParams, CheckStoreResult, StoreCheckReport } from '../../../shared/protocol';
import { count } from '../../../shared/words';

export interface StoreServices {
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  secrets: vscode.SecretStorage;
  state?: vscode.Memento;
  indexReady(): Promise<void>;
}

type Answers = Record<string, unknown>;

const CONNECTION_KEY = 'magentoIntegrationKit.store.connection';
const passwordKey = (databaseUrl: string) => `magentoIntegrationKit.store.password:${databaseUrl}`;
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

/** What the last check found, for the Integrations view. */
export class StoreCheckResults {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly diagnostics = vscode.languages.createDiagnosticCollection('magento-store');
  report?: StoreCheckReport;

  show(report: StoreCheckReport): void {
    this.report = report;
    const byUri = new Map<string, vscode.Diagnostic[]>();
    for (const finding of report.findings) {
      if (!finding.uri) continue;
      const line = finding.line ?? 0;
      const diagnostic = new vscode.Diagnostic(new vscode.Range(line, 0, line, 1000), finding.message, SEVERITY[finding.severity]);
      diagnostic.source = 'Magento store';
      diagnostic.code = finding.code;
      byUri.set(finding.uri, [...(byUri.get(finding.uri) ?? []), diagnostic]);
    }
    this.diagnostics.clear();
    for (const [uri, diagnostics] of byUri) this.diagnostics.set(vscode.Uri.parse(uri), diagnostics);
    this.changed.fire();
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

/** A database URL the server can read: mysql:// or mariadb://, a host, a database; no password in it. */
export function databaseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter mysql://user@host:port/database (add ?socket=/path for a socket, &prefix=… for a table prefix).';
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') return 'Start with mysql:// or mariadb://.';
  if (url.password) return 'Leave the password out: it is asked next and kept in VS Code\'s secret storage.';
  if (!url.username) return 'Put the database user before the host: mysql://user@host:port/database.';
  if (url.pathname.replace(/^\//, '') === '') return 'End with the database name: mysql://user@host:port/database.';
  return undefined;
}

export async function checkIntegrationsAgainstStore(services: StoreServices, results: StoreCheckResults, answers?: Answers): Promise<StoreCheckReport | undefined> {
  const automated = answers !== undefined;
  const saved = services.state?.get<{ databaseUrl?: string; storeUrl?: string }>(CONNECTION_KEY) ?? {};
  const params: CheckStoreParams = {
    databaseUrl: (answers?.databaseUrl as string | undefined) ?? saved.databaseUrl,
    storeUrl: (answers?.storeUrl as string | undefined) ?? saved.storeUrl,
  };
  params.password = (answers?.password as string | undefined) ?? (params.databaseUrl ? await services.secrets.get(passwordKey(params.databaseUrl)) : undefined);

  for (let attempt = 0; attempt < 4; attempt++) {
    await services.indexReady();
    const result: CheckStoreResult = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Checking the integrations against the store (read-only)…' },
      () => services.client.sendRequest(CHECK_STORE_REQUEST, params),
    );
    if ('report' in result) {
      await remember(services, params);
      results.show(result.report);
      summarize(services, result.report);
      return result.report;
    }
    services.output.warn(`Store check: ${result.error}`);
    if (automated || !result.needs) {
      void vscode.window.showErrorMessage(result.error);
      if (automated) throw new Error(result.error);
      return undefined;
    }
    if (!(await ask(result, params))) return undefined;
  }
  return undefined;
}

/** Asks for what the last failure needs; false when the user gives up. */
async function ask(result: { error: string; needs?: string }, params: CheckStoreParams): Promise<boolean> {
  if (result.needs === 'store-url') {
    const storeUrl = await vscode.window.showInputBox({
      title: 'Check Integrations Against Store', prompt: `${result.error} The store's base URL, as this machine reaches it:`, value: params.storeUrl ?? 'http://127.0.0.1/', ignoreFocusOut: true,
      validateInput: (value) => (/^https?:\/\/[^/]/i.test(value) ? undefined : 'Enter an http:// or https:// URL.'),
    });
    if (!storeUrl) return false;
    params.storeUrl = storeUrl;
    return true;
  }
  if (result.needs === 'database' || !params.databaseUrl) {
    const databaseUrl = await vscode.window.showInputBox({
      title: 'Check Integrations Against Store (1/2)', prompt: `${result.error} The store's database (read-only access is enough):`, value: params.databaseUrl ?? 'mysql://magento@127.0.0.1:3306/magento', ignoreFocusOut: true,
      validateInput: databaseUrlProblem,
    });
    if (!databaseUrl) return false;
    params.databaseUrl = databaseUrl;
  }
  const user = new URL(params.databaseUrl).username;
  const password = await vscode.window.showInputBox({
    title: `Check Integrations Against Store (${result.needs === 'database' ? '2/2' : '1/1'})`, prompt: `${result.needs === 'credentials' ? `${result.error} ` : ''}Password of ${decodeURIComponent(user)} (kept in VS Code's secret storage)`, password: true, ignoreFocusOut: true,
  });
  if (password === undefined) return false;
  params.password = password;
  return true;
}

async function remember(services: StoreServices, params: CheckStoreParams): Promise<void> {
  await services.state?.update(CONNECTION_KEY, { databaseUrl: params.databaseUrl, storeUrl: params.storeUrl });
  if (params.databaseUrl && params.password !== undefined) await services.secrets.store(passwordKey(params.databaseUrl), params.password);
}

function summarize(services: StoreServices, report: StoreCheckReport): void {
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  services.output.info(`Store check of ${report.store.baseUrl ?? 'the store'} (database ${report.store.database}): ${count(errors, 'error')}, ${count(warnings, 'warning')}.`);
  for (const finding of report.findings) services.output.info(`  ${finding.severity} ${finding.code}${finding.integration ? ` [${finding.integration}]` : ''}: ${finding.message}`);
  const message = `Store check: ${count(errors, 'error')}, ${count(warnings, 'warning')}. ${report.integrations.filter((i) => i.inWorkspace && i.status !== 'missing').length} of ${report.integrations.filter((i) => i.inWorkspace).length} integrations of the workspace are in the store.`;
  const show = errors > 0 ? vscode.window.showErrorMessage : warnings > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, 'Show Problems', 'Show Output').then((choice) => {
    if (choice === 'Show Problems') return vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Output') services.output.show();
    return undefined;
  });
}
