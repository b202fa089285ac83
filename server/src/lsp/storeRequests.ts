// "Check Integrations Against Store…": the store doctor on the editor's own workspace model. The database
// password arrives with the request (the extension keeps it in SecretStorage) and is never logged.
import { Connection } from 'vscode-languageserver';
import { CHECK_STORE_REQUEST, CheckStoreParams, CheckStoreResult } from '../../../shared/protocol';
import { DoctorFailure, doctorJson, runDoctor } from '../store/doctor';
import { nodeFileSystem } from '../workspace/fileSystem';
import { findMagentoRoot } from '../workspace/magentoRoot';
import type { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { guard, Logger } from './safe';

export function registerStoreRequests(connection: Connection, workspace: MagentoWorkspace, folders: () => readonly string[], logError: Logger): void {
  const failed: CheckStoreResult = { error: 'The store check failed; see "Magento: Show Output".' };
  connection.onRequest(CHECK_STORE_REQUEST, guard(logError, 'store check', failed, async (params: CheckStoreParams): Promise<CheckStoreResult> => {
    const roots = folders();
    const root = roots.map((folder) => findMagentoRoot(nodeFileSystem, folder)).find((found): found is string => !!found) ?? roots[0];
    if (!root) return { error: 'Open the Magento project first: the check compares its integrations with the store.' };
    try {
      const result = await runDoctor({ root, databaseUrl: params.databaseUrl, password: params.password, storeUrl: params.storeUrl }, nodeFileSystem, workspace);
      return { report: doctorJson(result) };
    } catch (error) {
      if (error instanceof DoctorFailure) return { error: inEditorWords(error.message), needs: error.needs };
      throw error;
    }
  }));
}

/** The CLI's advice (--db, --store-url) as the editor asks for the same things. */
function inEditorWords(message: string): string {
  return message
    .replace(/: give (?:the database|it) with --db[^.]*\./, '.')
    .replace(/: give its URL with --store-url\./, '.')
    .replace(/ Give its URL with --store-url if/, ' Enter its URL if');
}
