// The Explorer's "Magento ACL" and "Integrations" views, clicked and typed into as a user does: the filter,
// a node's context menu (copy id, grant to integration), a row's click (go to declaration), and an
// integration's inline actions (the simulated store starting from its URLs, Add ACL Resources).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CallbackReceiver } from '../../../server/src/oauth/callbackReceiver';
import { restoreFile, typeInWorkbench, waitFor, workspaceFile } from './helpers';

const ACL = 'Magento ACL';
const INTEGRATIONS = 'Integrations';

describe('the Magento ACL and Integrations views', () => {
  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('magentoIntegrationKit.aclView.focus');
    await vscode.commands.executeCommand('magentoIntegrationKit.integrationsView.focus');
  });

  it('filters the ACL tree, copies an id, goes to its declaration and grants it to an integration', async () => {
    const apiXml = workspaceFile('app/code/Acme/Legacy/etc/integration/api.xml').fsPath;
    const before = readFileSync(apiXml, 'utf8');
    try {
      await typeInWorkbench([{ clickViewTitleAction: { view: ACL, action: 'Filter ACL Resources…' } }, { waitForText: 'Part of an id or a title' },
        { type: 'Acme_Sync' }, { press: 'Enter' }, { waitForViewRow: { view: ACL, row: 'Order Export' } },
        { contextViewRow: { view: ACL, row: 'Order Export', item: 'Copy ACL Id' } }]);
      await waitFor(() => vscode.env.clipboard.readText(), (text) => text === 'Acme_Sync::sync_orders', 'the id on the clipboard');
      await typeInWorkbench([{ clickViewRow: { view: ACL, row: 'Order Export' } }]);
      const editor = await waitFor(() => vscode.window.activeTextEditor, (e) => !!e && e.document.uri.fsPath.endsWith('Acme/Sync/etc/acl.xml'), 'acl.xml open at the declaration');
      assert.match(editor!.document.lineAt(editor!.selection.start.line).text, /id="Acme_Sync::sync_orders"/);
      // The legacy integration does not grant it yet: grant it from the node's menu.
      await typeInWorkbench([{ contextViewRow: { view: ACL, row: 'Order Export', item: 'Grant to Integration…' } }, { waitForTitle: 'Add ACL Resources to Integration (1/1)' }, { waitForText: 'AcmeLegacy' },
        { type: 'AcmeLegacy' }, { press: 'Enter' }]);
      await waitFor(() => readFileSync(apiXml, 'utf8'), (text) => text.includes('Acme_Sync::sync_orders'), 'the grant in api.xml');
      assert.match(readFileSync(apiXml, 'utf8'), /<resource name="Acme_Sync::sync"\/>\s*<resource name="Acme_Sync::sync_orders"\/>/, 'the legacy format gets the parent too');
      await vscode.commands.executeCommand('magentoIntegrationKit.aclView.clearFilter');
    } finally {
      await restoreFile(vscode.Uri.file(apiXml), before);
    }
  });

  it('tests an integration from its row: the store starts from its URLs, warns they are not local, and runs against the local app', async () => {
    // The app calls a route AcmeSync's grants open (the store grants exactly the integration's resources).
    const app = new CallbackReceiver({ onEvent: () => {}, apiPath: 'rest/V1/acme/orders' });
    await app.start();
    try {
      await typeInWorkbench([{ waitForViewRow: { view: INTEGRATIONS, row: 'AcmeSync' } }, { clickViewRowAction: { view: INTEGRATIONS, row: 'AcmeSync', action: 'Test with Simulated Store' } },
        { waitForTitle: 'Simulated Store (1/2)' }, { press: 'Enter' }, { waitForText: 'erp.acme.example is not this machine' },
        { press: 'Control+A' }, { type: app.endpointUrl }, { press: 'Enter' },
        { waitForTitle: 'Simulated Store (2/2)' }, { press: 'Control+A' }, { type: app.identityLinkUrl }, { press: 'Enter' },
        { webviewWaitFor: 'p:has-text("AcmeSync"):has-text("92 of the workspace\'s 296 REST routes are open to it")' },
        { webviewWaitFor: '[data-step="api-call"][data-status="passed"]' }, { webviewWaitFor: '.summary:has-text("1 REST call, 0 refused.")' }]);
      assert.ok(await app.done(), 'the local app completed the handshake');
    } finally {
      await app.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('shows a call the integration\'s grants refuse, with the resource it lacks, in the panel', async () => {
    // AcmeLegacy's api.xml does not grant Acme_Sync::sync_orders, which GET /V1/acme/orders needs.
    const app = new CallbackReceiver({ onEvent: () => {}, apiPath: 'rest/V1/acme/orders' });
    await app.start();
    try {
      await typeInWorkbench([{ waitForViewRow: { view: INTEGRATIONS, row: 'AcmeLegacy' } }, { clickViewRowAction: { view: INTEGRATIONS, row: 'AcmeLegacy', action: 'Test with Simulated Store' } },
        { waitForTitle: 'Simulated Store (1/2)' }, { press: 'Control+A' }, { type: app.endpointUrl }, { press: 'Enter' },
        { waitForTitle: 'Simulated Store (2/2)' }, { press: 'Control+A' }, { type: app.identityLinkUrl }, { press: 'Enter' },
        { webviewWaitFor: '[data-step="api-call"][data-status="failed"]' },
        { webviewWaitFor: '[data-step="api-call"] .event-name:has-text("Refused with 401: The consumer isn\'t authorized to access Acme_Sync::sync_orders.")' },
        { webviewWaitFor: '[data-step="api-call"] .hint:has-text("GET /V1/acme/orders needs Acme_Sync::sync_orders, which the integration does not grant.")' },
        { webviewWaitFor: '.summary:has-text("1 REST call, 1 refused. Grant Acme_Sync::sync_orders to AcmeLegacy to open them.")' }]);
    } finally {
      await app.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('opens Add ACL Resources for the integration of a row, at its resource step', async () => {
    await typeInWorkbench([{ clickViewRowAction: { view: INTEGRATIONS, row: 'AcmeSync', action: 'Add ACL Resources…' } }, { waitForTitle: 'Add ACL Resources to Integration (1/1)' }, { press: 'Escape' }]);
  });

  it('lists the REST routes an integration can call from its row\'s menu', async () => {
    await typeInWorkbench([{ contextViewRow: { view: INTEGRATIONS, row: 'AcmeSync', item: 'Show REST Routes This Integration Can Call…' } },
      { waitForTitle: 'AcmeSync can call 92 REST routes' }, { waitForText: 'GET /V1/acme/orders' }, { waitForText: 'GET /V1/acme/ping' }, { press: 'Escape' }]);
  });

  it('grants access to the REST routes an app calls: their resources, with parents in the legacy api.xml', async () => {
    const apiXml = workspaceFile('app/code/Acme/Legacy/etc/integration/api.xml').fsPath;
    const before = readFileSync(apiXml, 'utf8');
    try {
      await vscode.commands.executeCommand('magentoIntegrationKit.grantRouteAccess', { routes: ['GET /V1/acme/orders', 'GET /V1/acme/ping'], integration: 'AcmeLegacy' });
      const after = await waitFor(() => readFileSync(apiXml, 'utf8'), (text) => text.includes('Acme_Sync::sync_orders'), 'the grant in api.xml');
      assert.match(after, /<resource name="Acme_Sync::sync"\/>\s*<resource name="Acme_Sync::sync_orders"\/>/);
      assert.ok(!after.includes('anonymous'), 'an anonymous route needs no grant');
    } finally {
      await restoreFile(vscode.Uri.file(apiXml), before);
    }
  });

  it('exports an integration\'s API collection as Postman and as Bruno, and never over an existing file', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mik-e2e-collection-'));
    try {
      const postman = path.join(folder, 'acme.postman_collection.json');
      await vscode.commands.executeCommand('magentoIntegrationKit.exportApiCollection', { integration: 'AcmeSync', format: 'postman', target: postman });
      const collection = JSON.parse(readFileSync(postman, 'utf8'));
      assert.equal(collection.info.schema, 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
      assert.equal(collection.item.flatMap((f: { item: unknown[] }) => f.item).length, 92);
      assert.equal(collection.auth.type, 'oauth1');
      const written = readFileSync(postman, 'utf8');
      assert.equal(await vscode.commands.executeCommand('magentoIntegrationKit.exportApiCollection', { integration: 'AcmeSync', format: 'postman', target: postman }), undefined);
      assert.equal(readFileSync(postman, 'utf8'), written, 'the existing file is untouched');
      const bruno = path.join(folder, 'acme-bruno');
      await vscode.commands.executeCommand('magentoIntegrationKit.exportApiCollection', { integration: 'AcmeSync', format: 'bruno', target: bruno });
      assert.match(readFileSync(path.join(bruno, 'collection.bru'), 'utf8'), /mode: oauth1/);
      assert.match(readFileSync(path.join(bruno, 'environments', 'Store.bru'), 'utf8'), /vars:secret \[\n {2}consumer_key,/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('grants a queued bulk call the resources of the route it queues', async () => {
    const apiXml = workspaceFile('app/code/Acme/Legacy/etc/integration/api.xml').fsPath;
    const before = readFileSync(apiXml, 'utf8');
    try {
      await vscode.commands.executeCommand('magentoIntegrationKit.grantRouteAccess', { routes: ['PUT /async/bulk/V1/customerGroups/byId'], integration: 'AcmeLegacy' });
      const after = await waitFor(() => readFileSync(apiXml, 'utf8'), (text) => text.includes('Magento_Customer::group'), 'the grant in api.xml');
      assert.match(after, /<resource name="Magento_Customer::customer"\/>\s*<resource name="Magento_Customer::group"\/>/);
    } finally {
      await restoreFile(vscode.Uri.file(apiXml), before);
    }
  });
});
