// Pull diagnostics over stdio, for clients that announce them (VS Code does): the server says it has
// inter-file dependencies and workspace diagnostics, answers workspace/diagnostic with the problems of the
// project's own modules' files (without opening them), "unchanged" for what the client already holds, asks the
// client to pull again when other files change, and pushes nothing.
import * as assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, DocumentDiagnosticReport, FileChangeType, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { LspTestClient, startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const PULL = { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { diagnostics: { refreshSupport: true } } };

describe('pull diagnostics over stdio', function () {
  this.timeout(60000);

  it('reports the workspace\'s problems when pulled, then only what changed, and pushes nothing', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE, PULL);
    try {
      assert.deepEqual(client.initializeResult?.capabilities.diagnosticProvider, { identifier: 'magento', interFileDependencies: true, workspaceDiagnostics: true });
      const integration = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const integrationUri = URI.file(integration).toString();
      const first = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const report = first.items.find((i) => i.uri === integrationUri);
      assert.ok(report && report.kind === 'full', 'the closed integration.xml is reported in full');
      assert.deepEqual(report.items.map((d) => d.code), ['acl/unknown-resource']);
      // Files without problems are not reported at all: thousands of empty reports would cost the editor more than the check.
      assert.ok(first.items.every((i) => i.kind === 'full' && i.items.length > 0), 'only files with problems');

      const held = first.items.map((i) => ({ uri: i.uri, value: (i as { resultId: string }).resultId }));
      const second = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: held });
      assert.deepEqual([...new Set(second.items.map((i) => i.kind))], ['unchanged']);

      // A fix on disk: that file comes back in full, without its problem; the rest stay unchanged.
      writeFileSync(integration, readFileSync(integration, 'utf8').replace('Magento_Catalog::prodcts', 'Magento_Catalog::catalog'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: integrationUri, type: FileChangeType.Changed }] });
      let third: WorkspaceDiagnosticReport | undefined;
      for (let attempt = 0; attempt < 100; attempt++) {
        third = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: held });
        if (third.items.some((i) => i.uri === integrationUri && i.kind === 'full')) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const fixed = third!.items.find((i) => i.uri === integrationUri)!;
      assert.deepEqual(fixed.kind === 'full' && fixed.items, []);
      assert.deepEqual(third!.items.filter((i) => i.kind === 'full').map((i) => i.uri), [integrationUri]);
      assert.deepEqual(client.publishedUris(), [], 'nothing was pushed');
    } finally {
      await dispose();
    }
  });

  it('answers a workspace pull sent the moment the server starts, as VS Code sends it, once the first check is done', async () => {
    // VS Code pulls at once; the pull waited on the check that was pending when it came, which a second
    // indexing (settings read at start) replaced: the answer never came and Problems stayed empty.
    const workspace = mkdtempSync(path.join(tmpdir(), 'mik-pull-early-'));
    cpSync(FIXTURE, workspace, { recursive: true });
    const client = await LspTestClient.start(workspace, PULL);
    try {
      const pulled = client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      // Settings pushed at once, as the client's synchronize does: the index is rebuilt.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { magentoIntegrationKit: { exclude: ['app/code/Nothing'] } } });
      const report = await Promise.race([pulled, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20000))]);
      assert.ok(report, 'the first workspace pull is answered');
      const integration = URI.file(path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml')).toString();
      assert.ok(report.items.some((i) => i.uri === integration && i.kind === 'full' && i.items.length > 0), JSON.stringify(report.items.map((i) => i.uri)));
    } finally {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('answers an open document\'s pull from its unsaved text, and asks for a new pull when a file it depends on changes', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE, PULL);
    try {
      const integration = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const uri = await client.open(integration, readFileSync(integration, 'utf8').replace('Magento_Sales::actions_view', 'Acme_Sync::not_yet'));
      const pulled = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.deepEqual(pulled.kind === 'full' && pulled.items.map((d) => String(d.message).match(/"([^"]+)"/)?.[1]), ['Acme_Sync::not_yet', 'Magento_Catalog::prodcts']);
      // The module's acl.xml gains the id on disk: the client is asked to pull again, and the id is known.
      const acl = path.join(workspace, 'app/code/Acme/Sync/etc/acl.xml');
      writeFileSync(acl, readFileSync(acl, 'utf8').replace('<resource id="Acme_Sync::sync_orders" title="Order Export"/>', '<resource id="Acme_Sync::sync_orders" title="Order Export"/><resource id="Acme_Sync::not_yet" title="Later"/>'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: URI.file(acl).toString(), type: FileChangeType.Changed }] });
      for (let attempt = 0; attempt < 100 && !client.serverRequests.includes('workspace/diagnostic/refresh'); attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(client.serverRequests.includes('workspace/diagnostic/refresh'), 'the server asked for a new pull');
      const again = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      // Now known, it is no longer unknown; no route names it and nothing of Acme_Sync uses it, which is said too (information).
      assert.deepEqual(again.kind === 'full' && again.items.map((d) => [d.code, String(d.message).match(/"([^"]+)"/)?.[1]]), [['integration/unused-grant', 'Acme_Sync::not_yet'], ['acl/unknown-resource', 'Magento_Catalog::prodcts']]);
      assert.deepEqual(client.publishedUris(), [], 'nothing was pushed');
    } finally {
      await dispose();
    }
  });

  it('drops an excluded folder from indexing and checking when the setting changes', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE, PULL);
    try {
      const integration = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const integrationUri = URI.file(integration).toString();
      const uri = await client.open(integration);
      const before = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.ok(before.kind === 'full' && before.items.length > 0);
      const readyBefore = client.indexStates.filter((s) => s.state === 'ready').length;
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { magentoIntegrationKit: { exclude: ['app/code/Acme/Sync'] } } });
      for (let i = 0; i < 100 && client.indexStates.filter((s) => s.state === 'ready').length === readyBefore; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(client.indexStates.filter((s) => s.state === 'ready').length > readyBefore, 're-indexed');
      const after = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
      assert.deepEqual(after.kind === 'full' && after.items, [], 'an open file of an excluded folder has no problems');
      const report = await client.connection.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const leftovers = report.items.filter((i) => i.uri.includes('/Acme/Sync/') && i.kind === 'full' && i.items.length > 0);
      assert.deepEqual(leftovers.map((i) => i.uri), []);
      assert.ok(!report.items.some((i) => i.uri === integrationUri && i.kind === 'full' && i.items.length > 0));
    } finally {
      await dispose();
    }
  });
});
