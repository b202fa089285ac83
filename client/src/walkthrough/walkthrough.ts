// The walkthrough: opened once, on the first activation, and its "try it" steps tick only when the user
// does the thing (a command that does it with them), not when the step is merely looked at.
import * as vscode from 'vscode';

export const WALKTHROUGH = 'magento-integration-kit.magento-integration-kit#firstIntegration';
const SHOWN_KEY = 'magentoIntegrationKit.walkthroughShown';

export async function openWalkthroughOnce(context: vscode.ExtensionContext): Promise<void> {
  if (context.globalState.get<boolean>(SHOWN_KEY)) return;
  await context.globalState.update(SHOWN_KEY, true);
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false);
}

/** Opens the workspace's first integration.xml inside a resource name and asks for completion there. */
export async function tryAclCompletion(): Promise<boolean> {
  const [file] = await vscode.workspace.findFiles('**/etc/integration.xml', '**/vendor/**', 1);
  if (!file) {
    void vscode.window.showInformationMessage('This workspace has no etc/integration.xml yet: create one with "Create Integration Module…", then try completion inside <resource name="…">.');
    return false;
  }
  const editor = await vscode.window.showTextDocument(file);
  const text = editor.document.getText();
  const marker = text.indexOf('<resource name="');
  if (marker < 0) return false;
  const position = editor.document.positionAt(marker + '<resource name="'.length);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position));
  await vscode.commands.executeCommand('editor.action.triggerSuggest');
  return true;
}

/** Opens the first file with a missing parent resource at that problem and shows its quick fixes. */
export async function tryMissingParentFix(): Promise<boolean> {
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const problem = diagnostics.find((d) => (typeof d.code === 'object' ? d.code.value : d.code) === 'acl/missing-parent');
    if (!problem) continue;
    const editor = await vscode.window.showTextDocument(uri, { selection: problem.range });
    editor.revealRange(problem.range);
    await vscode.commands.executeCommand('editor.action.quickFix');
    return true;
  }
  void vscode.window.showInformationMessage('No legacy api.xml in this workspace lacks a parent resource: the quick fix appears where one does (Problems panel).');
  return false;
}
