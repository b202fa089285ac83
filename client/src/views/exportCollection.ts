// "Export API Collection (Postman or Bruno)…": the REST routes an integration's grants open, as a Postman
// v2.1 collection (one file) or a Bruno collection (a new folder), OAuth 1.0a preset and no secret inside.
// Never writes over an existing file or folder.
import * as vscode from 'vscode';
import { API_COLLECTION_REQUEST, INTEGRATIONS_VIEW_REQUEST } from '../../../shared/protocol';
import { count } from '../../../shared/words';
import { safeFileName } from '../../../shared/fileNames';
import type { ScaffoldServices } from '../scaffold/commands';

type Format = 'postman' | 'bruno';

/** `answers` (tests, automation): integration, format and the target path, asked for when missing. */
export async function exportApiCollection(services: ScaffoldServices, answers: { integration?: string; format?: Format; target?: string } = {}): Promise<vscode.Uri | undefined> {
  await services.indexReady();
  let name = answers.integration;
  if (!name) {
    const integrations = await services.client.sendRequest(INTEGRATIONS_VIEW_REQUEST);
    if (integrations.length === 0) {
      void vscode.window.showInformationMessage('This workspace configures no integration yet.');
      return undefined;
    }
    name = (await vscode.window.showQuickPick(integrations.map((i) => ({ label: i.name, description: `${i.module ?? ''} · ${count(i.routes, 'REST route')}` })), { title: 'Export API Collection', placeHolder: 'Integration' }))?.label;
  }
  if (!name) return undefined;
  const format = answers.format ?? (await vscode.window.showQuickPick([
    { label: 'Postman', description: 'collection v2.1 (one .json file)', format: 'postman' as const },
    { label: 'Bruno', description: 'collection folder (.bru files)', format: 'bruno' as const },
  ], { title: `Export API Collection: ${name}`, placeHolder: 'Format' }))?.format;
  if (!format) return undefined;
  const collection = await services.client.sendRequest(API_COLLECTION_REQUEST, { name, format });
  if (!collection) {
    void vscode.window.showErrorMessage(`No integration named "${name}" is configured in this workspace.`);
    return undefined;
  }
  const [firstFile] = Object.keys(collection.files);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  let target = answers.target ? vscode.Uri.file(answers.target) : undefined;
  if (!target && format === 'postman') {
    target = await vscode.window.showSaveDialog({ title: `Save ${name}'s Postman collection`, defaultUri: folder ? vscode.Uri.joinPath(folder, firstFile) : undefined, filters: { 'Postman collection': ['json'] } });
  } else if (!target) {
    const parent = await vscode.window.showOpenDialog({ title: `Folder to create ${name}'s Bruno collection in`, canSelectFolders: true, canSelectFiles: false, defaultUri: folder, openLabel: 'Create the collection here' });
    if (parent?.[0]) target = vscode.Uri.joinPath(parent[0], `${safeFileName(name)}-bruno`);
  }
  if (!target) return undefined;
  if (await exists(target)) {
    void vscode.window.showErrorMessage(`${target.fsPath} already exists; nothing was written (choose a new ${format === 'postman' ? 'file' : 'folder'}).`);
    return undefined;
  }
  const writes = format === 'postman' ? [[target, collection.files[firstFile]] as const] : Object.entries(collection.files).map(([relative, text]) => [vscode.Uri.joinPath(target!, ...relative.split('/')), text] as const);
  for (const [uri, text] of writes) await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  services.output.info(`Exported ${count(collection.routes, 'REST route')} of ${name} as a ${format} collection to ${target.fsPath}.`);
  const fill = format === 'postman' ? 'the collection variables' : 'the secret variables of its Store environment';
  void vscode.window.showInformationMessage(`${name}: ${count(collection.routes, 'REST route')} written to ${target.fsPath}. Fill consumer_key, consumer_secret, access_token and access_token_secret (${fill}) and store_url; the file holds none of them.`);
  return target;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
