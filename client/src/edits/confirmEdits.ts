// Code actions the server marks as needing a look first (the legacy migration: it writes one file, deletes
// two, edits setup code) are shown before they are applied: a modal lists each change as the server
// describes it, and only "Apply" applies the whole edit as one undoable step. VS Code's own preview would
// show such changes unchecked (needsConfirmation); without a look, the files were gone at once.
import * as vscode from 'vscode';

export const CONFIRM_EDIT_COMMAND = 'magentoIntegrationKit.confirmEdit';

/** The code actions as the server sent them; those whose data asks for a confirmation apply through one. */
export function withConfirmation(actions: ReadonlyArray<vscode.Command | vscode.CodeAction> | null | undefined): Array<vscode.Command | vscode.CodeAction> | null | undefined {
  if (!actions) return actions as null | undefined;
  return actions.map((action) => {
    const confirm = action instanceof vscode.CodeAction ? (action as vscode.CodeAction & { data?: { confirm?: unknown } }).data?.confirm : undefined;
    if (!(action instanceof vscode.CodeAction) || !action.edit || !Array.isArray(confirm)) return action;
    const confirmed = new vscode.CodeAction(action.title, action.kind);
    confirmed.diagnostics = action.diagnostics;
    confirmed.isPreferred = action.isPreferred;
    confirmed.command = { command: CONFIRM_EDIT_COMMAND, title: action.title, arguments: [action.title, action.edit, confirm.map(String)] };
    return confirmed;
  });
}

/** Lists the changes in a modal; applies the edit only on "Apply". */
export async function confirmEdit(title: string, edit: vscode.WorkspaceEdit, changes: string[]): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(`${title}?`, { modal: true, detail: changes.map((line) => `• ${line}`).join('\n') }, 'Apply');
  if (choice !== 'Apply') return false;
  return vscode.workspace.applyEdit(edit);
}
