// The VS Code side: starts the language server, shows the index state, and hosts the commands.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { COMPILE_CACHE_ENV, INDEX_STATE_NOTIFICATION, IndexState, REBUILD_INDEX_REQUEST, SERVER_NODE_FLAGS } from '../../shared/protocol';
import { addAclResources, addIntegrationToModule, createIntegrationModule } from './scaffold/commands';
import { activateAgainstRealStore, explainOAuthSignature, testWithSimulatedStore, TesterServices } from './tester/commands';
import { registerViews } from './views/views';
import { openWalkthroughOnce, tryAclCompletion, tryMissingParentFix } from './walkthrough/walkthrough';
import { count } from '../../shared/words';
import { CONFIRM_EDIT_COMMAND, confirmEdit, withConfirmation } from './edits/confirmEdits';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Magento Integration Kit', { log: true });
  const status = vscode.window.createStatusBarItem('magentoIntegrationKit.aclIndex', vscode.StatusBarAlignment.Left, 0);
  status.name = 'Magento ACL Index';
  status.text = '$(sync~spin) Magento ACL';
  status.tooltip = 'Indexing the ACL resources of this workspace';
  status.command = 'magentoIntegrationKit.showOutput';
  status.show();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server's compiled code is kept in the extension's own storage (Node 22.1+; dist/server.js).
  const env = { [COMPILE_CACHE_ENV]: path.join(context.globalStorageUri.fsPath, 'compile-cache') };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS, env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'], env } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'xml' },
      { scheme: 'file', language: 'php' },
      { scheme: 'file', pattern: '**/*.php' },
      { scheme: 'file', pattern: '**/composer.json' },
    ],
    outputChannel: output,
    // Settings reach the server as they change (it also pulls them at start).
    synchronize: { configurationSection: ['magentoIntegrationKit', 'files.exclude'] },
    // A code action the server marks (the legacy migration deletes files) is shown before it is applied.
    middleware: { provideCodeActions: async (document, range, context, token, next) => withConfirmation(await next(document, range, context, token)) },
  };
  client = new LanguageClient('magentoIntegrationKit', 'Magento Integration Kit', serverOptions, clientOptions);
  // Scaffolding waits for a complete index; a rebuild makes it wait again.
  let markReady: () => void = () => {};
  let isReady = false;
  let ready = new Promise<void>((resolve) => (markReady = resolve));
  let markProjectOpen: () => void = () => {};
  const projectOpen = new Promise<void>((resolve) => (markProjectOpen = resolve));
  const services: TesterServices = { client, output, indexReady: () => ready, extensionUri: context.extensionUri, secrets: context.secrets, state: context.workspaceState };
  const views = registerViews(context, services);
  const answerableCommand = (id: string, run: (services: TesterServices, answers?: Record<string, unknown>) => Promise<unknown>) =>
    vscode.commands.registerCommand(`magentoIntegrationKit.${id}`, (answers?: Record<string, unknown>) => run(services, typeof answers === 'object' && answers !== null && !(answers instanceof vscode.Uri) ? answers : undefined));
  context.subscriptions.push(
    client.onNotification(INDEX_STATE_NOTIFICATION, (state: IndexState) => {
      if (state.state === 'ready') {
        views.refresh();
        if (state.modules > 0) markProjectOpen();
        isReady = true;
        markReady();
        status.text = `$(shield) Magento ACL: ${state.resources}`;
        status.tooltip = `${count(state.resources ?? 0, 'ACL resource')} from ${count(state.aclFiles, 'acl.xml file')} in ${count(state.modules, 'module')}`;
      } else {
        if (isReady) {
          isReady = false;
          ready = new Promise<void>((resolve) => (markReady = resolve));
        }
        status.text = `$(sync~spin) Magento ACL: ${count(state.aclFiles, 'file')}`;
        status.tooltip = 'Indexing the ACL resources of this workspace…';
      }
    }),
    vscode.commands.registerCommand('magentoIntegrationKit.showOutput', () => output.show()),
    vscode.commands.registerCommand(CONFIRM_EDIT_COMMAND, confirmEdit),
    vscode.commands.registerCommand('magentoIntegrationKit.walkthrough.tryCompletion', tryAclCompletion),
    vscode.commands.registerCommand('magentoIntegrationKit.walkthrough.tryMissingParentFix', tryMissingParentFix),
    answerableCommand('createIntegrationModule', createIntegrationModule),
    answerableCommand('addIntegrationToModule', addIntegrationToModule),
    answerableCommand('addAclResources', addAclResources),
    answerableCommand('testWithSimulatedStore', testWithSimulatedStore),
    answerableCommand('activateAgainstRealStore', activateAgainstRealStore),
    answerableCommand('explainOAuthSignature', explainOAuthSignature),
    vscode.commands.registerCommand('magentoIntegrationKit.rebuildAclIndex', () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Rebuilding the Magento ACL index' },
        async () => {
          const result = await client?.sendRequest(REBUILD_INDEX_REQUEST);
          if (result) output.info(`Rebuilt the ACL index: ${result.resources} resources in ${Math.round(result.milliseconds)} ms.`);
          return result;
        },
      ),
    ),
  );
  await client.start();
  // The walkthrough's first step ticks on this context key once a Magento project is indexed. Set only after
  // the walkthrough is open: VS Code records a key that already holds when it registers the step, and then
  // never ticks the step (seen in code-server 4.100 under npm start).
  void openWalkthroughOnce(context).then(() => projectOpen).then(() => vscode.commands.executeCommand('setContext', 'magentoIntegrationKit.projectOpen', true));
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
