import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'magento-integration-kit.magento-integration-kit';

export function workspaceFile(relative: string): vscode.Uri {
  const root = process.env.MIK_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
  return vscode.Uri.file(path.join(root, relative));
}

/** Polls `probe` until it returns a value `accept`s, instead of sleeping a fixed time. */
export async function waitFor<T>(probe: () => Thenable<T> | T, accept: (value: T) => boolean, what: string, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/**
 * Puts a file back as it was through the editor (replace and save), so that VS Code and the language server
 * see the change at once: a write behind the workbench's back waits for the file watcher, which a busy
 * machine may deliver after the next test has started.
 */
export async function restoreFile(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
  }
  await document.save();
}

export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

export function descriptionOf(item: vscode.CompletionItem): string | undefined {
  return typeof item.label === 'string' ? undefined : item.label.description;
}

/** The position just after `marker` in the document's text. */
export function positionAfter(document: vscode.TextDocument, marker: string): vscode.Position {
  const offset = document.getText().indexOf(marker);
  if (offset < 0) throw new Error(`"${marker}" not in ${document.uri.fsPath}`);
  return document.positionAt(offset + marker.length);
}

export async function completionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  // Resolved as the suggest widget resolves the items it shows (the breadcrumb comes by completionItem/resolve).
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, undefined, 200);
  return list?.items ?? [];
}

export type KeyAction = { waitForTitle: string } | { waitForText: string } | { type: string } | { press: string }
  /** In the tester panel's page: wait for an element (CSS selector), open a step by its key, click a button by its label. */
  | { webviewWaitFor: string } | { webviewOpen: string } | { webviewClick: string }
  /** In the Explorer's views: a row by its text, an inline action or a context-menu item by its title. */
  | { waitForViewRow: ViewRow } | { clickViewRow: ViewRow } | { clickViewRowAction: ViewRow & { action: string } }
  | { contextViewRow: ViewRow & { item: string } } | { clickViewTitleAction: { view: string; action: string } }
  /** In the quick-fix menu (Ctrl+. or the light bulb): an item by its title. */
  | { clickCodeAction: string }
  | { clickDialogButton: string };
type ViewRow = { view: string; row: string };
let keyBatch = 0;

/** Real keystrokes in the workbench, sent by the harness's browser driver (scripts/e2e/run.mjs). */
export async function typeInWorkbench(actions: KeyAction[]): Promise<void> {
  const folder = path.dirname(process.env.MIK_E2E_REPORT!);
  const base = path.join(folder, `keys-${++keyBatch}`);
  writeFileSync(`${base}.json.tmp`, JSON.stringify(actions));
  renameSync(`${base}.json.tmp`, `${base}.json`);
  await waitFor(() => existsSync(`${base}.done`) || existsSync(`${base}.error`), Boolean, `keystrokes ${JSON.stringify(actions).slice(0, 200)}`);
  if (existsSync(`${base}.error`)) throw new Error(`typing failed: ${readFileSync(`${base}.error`, 'utf8')}`);
}
