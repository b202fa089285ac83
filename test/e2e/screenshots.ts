// extensionTestsPath for `npm run screenshots`: puts the workbench in each state the README shows, then
// asks the harness (outside, with Playwright) to take the picture, through files in a shared folder.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { completionsAt, positionAfter, waitFor, workspaceFile } from './suite/helpers';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { randomToken } from '../../server/src/oauth/events';
import { send, serveLocal } from '../../server/src/oauth/http';
import { authorizationHeader, baseStringOf, computeSignature, Parameter, signingKey } from '../../server/src/oauth/signature';

async function shoot(name: string): Promise<void> {
  const folder = path.dirname(process.env.MIK_E2E_REPORT!);
  writeFileSync(path.join(folder, `ready-${name}`), '');
  await waitFor(() => existsSync(path.join(folder, `taken-${name}`)), Boolean, `the ${name} screenshot`, 60000);
}

export async function run(): Promise<void> {
  try {
    await takeAll();
  } catch (error) {
    // The harness prints the report: say which picture failed and why, instead of "exited 1 without a report".
    writeFileSync(process.env.MIK_E2E_REPORT!, `screenshots failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    throw error;
  }
}

async function takeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeSidebar');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  const integrationPath = workspaceFile('app/code/Acme/Sync/etc/integration.xml').fsPath;
  const original = readFileSync(integrationPath, 'utf8');
  const integration = await vscode.workspace.openTextDocument(workspaceFile('app/code/Acme/Sync/etc/integration.xml'));
  const editor = await vscode.window.showTextDocument(integration);
  const position = positionAfter(integration, '<resource name="Magento_Catalog::pro');
  await waitFor(() => completionsAt(integration.uri, position), (items) => items.length > 0, 'the language server');
  const line = integration.lineAt(position.line).range.end.line;
  // A fresh line with a half-typed id, then the suggest widget on it.
  await editor.edit((edit) => edit.insert(new vscode.Position(line + 1, 0), '            <resource name="Magento_Sales"/>\n'));
  const typed = new vscode.Position(line + 1, '            <resource name="Magento_Sales'.length);
  editor.selection = new vscode.Selection(typed, typed);
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Show the selected item's details: the breadcrumb.
  await vscode.commands.executeCommand('toggleSuggestionDetails');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await shoot('completion');
  await vscode.commands.executeCommand('hideSuggestWidget');
  await vscode.commands.executeCommand('workbench.action.files.revert');
  // The half-typed line is for the picture only: whatever the suggest widget did, the file is as it was.
  if (readFileSync(integrationPath, 'utf8') !== original) writeFileSync(integrationPath, original);

  const legacy = await vscode.workspace.openTextDocument(workspaceFile('app/code/Acme/Legacy/etc/integration/api.xml'));
  const legacyEditor = await vscode.window.showTextDocument(legacy);
  const [diagnostic] = await waitFor(() => vscode.languages.getDiagnostics(legacy.uri).filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'acl/missing-parent'), (d) => d.length > 0, 'the missing-parent diagnostic');
  legacyEditor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
  await vscode.commands.executeCommand('editor.action.quickFix');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await shoot('quick-fix');
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.window.showTextDocument(legacy);
  await vscode.commands.executeCommand('editor.action.showHover');
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await shoot('diagnostic');

  // The wizard at its resources step: the first steps take answers, this one waits for the user.
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  void vscode.commands.executeCommand('magentoIntegrationKit.createIntegrationModule', {
    vendor: 'Acme', module: 'Erp', integration: 'Acme ERP', email: 'erp@acme.example',
    endpointUrl: 'https://erp.acme.example/magento/callback', identityLinkUrl: 'https://erp.acme.example/magento/login',
  }).then(undefined, () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  await shoot('scaffold-wizard');
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');

  // The tester panel on an app that signs the URL without the store's port: the named mistake and the diff.
  const faultyApp = await serveLocal(0, (call) => {
    if (call.method === 'POST' && call.target === '/callback') {
      const form = new URLSearchParams(call.body);
      setTimeout(() => void signWithoutPort(form), 100);
    }
    return { status: 200, body: 'OK' };
  });
  void vscode.commands.executeCommand('magentoIntegrationKit.testWithSimulatedStore', {
    integration: 'Enter the URLs…', endpointUrl: `http://127.0.0.1:${faultyApp.port}/callback`, identityLinkUrl: `http://127.0.0.1:${faultyApp.port}/login`,
  }).then(undefined, () => undefined);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  await shoot('tester');
  faultyApp.server.close();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  // A passing run, against a working app.
  const app = new CallbackReceiver({ onEvent: () => {} });
  await app.start();
  await vscode.commands.executeCommand('magentoIntegrationKit.testWithSimulatedStore', { integration: 'Enter the URLs…', endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await shoot('tester-success');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await app.stop();

  // The store with an integration's grants: AcmeLegacy's app calls a route its api.xml does not open.
  const refusedApp = new CallbackReceiver({ onEvent: () => {}, apiPath: 'rest/V1/acme/orders' });
  await refusedApp.start();
  await vscode.commands.executeCommand('magentoIntegrationKit.testWithSimulatedStore', { integration: 'AcmeLegacy', endpointUrl: refusedApp.endpointUrl, identityLinkUrl: refusedApp.identityLinkUrl });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await shoot('tester-grants');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await refusedApp.stop();

  // The signature explainer on a pasted curl command whose client signed without the port.
  const consumerSecret = 'consumer-secret-for-the-demo-0001';
  const oauth: Parameter[] = [['oauth_consumer_key', 'ck'.repeat(16)], ['oauth_nonce', randomToken()], ['oauth_signature_method', 'HMAC-SHA256'], ['oauth_timestamp', String(Math.floor(Date.now() / 1000))], ['oauth_version', '1.0']];
  const signature = computeSignature('HMAC-SHA256', baseStringOf('GET', 'https://store.example/rest/V1/products', [...oauth, ['searchCriteria[pageSize]', '1']]), signingKey(consumerSecret));
  await vscode.commands.executeCommand('magentoIntegrationKit.explainOAuthSignature', {
    source: 'paste', pasted: `curl -g 'https://store.example:8443/rest/V1/products?searchCriteria[pageSize]=1' -H 'Authorization: ${authorizationHeader([...oauth, ['oauth_signature', signature]])}'`, consumerSecret,
  });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await shoot('explain');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');

  // The Explorer's views and the Problems panel, filled by the workspace check without opening files.
  await vscode.commands.executeCommand('workbench.view.explorer');
  await vscode.commands.executeCommand('magentoIntegrationKit.aclView.focus');
  await vscode.commands.executeCommand('magentoIntegrationKit.aclView.filter', 'Acme');
  await vscode.commands.executeCommand('magentoIntegrationKit.integrationsView.focus');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  await waitFor(() => vscode.languages.getDiagnostics().filter(([, d]) => d.length > 0).length, (n) => n > 1, 'problems in closed files');
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await shoot('views-and-problems');
}

/** Signs the request-token call for http://127.0.0.1/… while sending it to http://127.0.0.1:PORT/…. */
async function signWithoutPort(form: URLSearchParams): Promise<void> {
  const url = `${form.get('store_base_url')}oauth/token/request`;
  const oauth: Parameter[] = [['oauth_consumer_key', form.get('oauth_consumer_key')!], ['oauth_nonce', randomToken()], ['oauth_signature_method', 'HMAC-SHA256'],
    ['oauth_timestamp', String(Math.floor(Date.now() / 1000))], ['oauth_version', '1.0']];
  const signedUrl = url.replace(/:\d+\//, '/');
  const signature = computeSignature('HMAC-SHA256', baseStringOf('POST', signedUrl, oauth), signingKey(form.get('oauth_consumer_secret')!));
  await send({ method: 'POST', url, headers: { Authorization: authorizationHeader([...oauth, ['oauth_signature', signature]]) } });
}
