// The .vsix as users install it: it activates from the installed folder and its server answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { completionsAt, EXTENSION_ID, labelOf, positionAfter, waitFor, workspaceFile } from './helpers';

describe('the packaged extension', () => {
  it('is installed, activates and answers completion', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.ok(!extension.extensionPath.includes('/test/e2e/'), 'loaded from the extensions folder');
    const document = await vscode.workspace.openTextDocument(workspaceFile('app/code/Acme/Sync/etc/integration.xml'));
    await vscode.window.showTextDocument(document);
    const items = await waitFor(() => completionsAt(document.uri, positionAfter(document, '<resource name="')), (list) => list.length > 0, 'completion from the packaged server');
    assert.ok(items.some((i) => labelOf(i) === 'Magento_Catalog::products'));
    assert.equal(extension.isActive, true);
  });
});
