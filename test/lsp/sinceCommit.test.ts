// The editor's `lint --base HEAD`: an open integration file compared with the last commit, over stdio with a
// real git repository. A grant added is said on the <integration> line as the reset every store will do; taken
// back, the warning goes; the legacy pair's change is said as never applied; the setting turns it off.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

function git(folder: string, ...args: string[]): void {
  const done = spawnSync('git', ['-C', folder, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' });
  assert.equal(done.status, 0, done.stderr);
}

/** The fixture copied, the server started on it, and the copy committed as it is (a release). */
async function committedFixture(capabilities: Parameters<typeof startOnFixtureCopy>[1] = {}) {
  const started = await startOnFixtureCopy(FIXTURE, capabilities);
  git(started.workspace, 'init', '-q');
  git(started.workspace, 'add', '.');
  git(started.workspace, 'commit', '-q', '-m', 'released');
  return started;
}

describe('an open integration file compared with the last commit', function () {
  this.timeout(60_000);

  it('says on the <integration> line what a grant change since the last commit does, and nothing once it is taken back', async () => {
    const { workspace, client, dispose } = await committedFixture();
    try {
      const file = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const committed = readFileSync(file, 'utf8');
      const uri = await client.open(file, committed);
      await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
      const edited = committed.replace('<resource name="Acme_Sync::sync_orders"/>', '<resource name="Acme_Sync::sync_orders"/>\n            <resource name="Magento_Customer::manage"/>');
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
      const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'integration/reset-on-upgrade'), 30_000);
      const reset = diagnostics.find((d) => d.code === 'integration/reset-on-upgrade')!;
      assert.equal(reset.range.start.line, committed.split('\n').findIndex((l) => l.includes('<integration name="AcmeSync">')));
      assert.match(String(reset.message), /^"AcmeSync" changed since the last commit: it now grants Magento_Customer::customer, Magento_Customer::manage\. The next setup:upgrade on every store that has it deletes it and creates it again/);
      assert.equal(reset.codeDescription?.href.endsWith('/integration/reset-on-upgrade.md'), true);
      // Taken back: as committed, nothing to say.
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 3 }, contentChanges: [{ text: committed }] });
      await client.diagnosticsFor(uri, (p) => p.version === 3 && p.diagnostics.length > 0 && !p.diagnostics.some((d) => d.code === 'integration/reset-on-upgrade'), 30_000);
      // The same change with the comparison turned off: not said.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { magentoIntegrationKit: { diagnostics: { sinceCommit: false } } } });
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 4 }, contentChanges: [{ text: edited }] });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const off = await client.diagnosticsFor(uri, (p) => p.version === 4);
      assert.ok(!off.diagnostics.some((d) => d.code === 'integration/reset-on-upgrade'), JSON.stringify(off.diagnostics.map((d) => d.code)));
    } finally {
      await dispose();
    }
  });

  it('says that a legacy api.xml change since the last commit is never applied to installed stores, on both files of the pair', async () => {
    const { workspace, client, dispose } = await committedFixture();
    try {
      const api = path.join(workspace, 'app/code/Acme/Legacy/etc/integration/api.xml');
      const config = path.join(workspace, 'app/code/Acme/Legacy/etc/integration/config.xml');
      const configUri = await client.open(config);
      const text = readFileSync(api, 'utf8');
      const apiUri = await client.open(api, text);
      await client.diagnosticsFor(apiUri);
      const edited = text.replace('</resources>', '    <resource name="Magento_Customer::customer"/>\n        </resources>');
      assert.notEqual(edited, text);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: apiUri, version: 2 }, contentChanges: [{ text: edited }] });
      for (const uri of [apiUri, configUri]) {
        const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'integration/change-not-applied'), 30_000);
        assert.match(String(diagnostics.find((d) => d.code === 'integration/change-not-applied')!.message), /changed since the last commit: it now grants Magento_Customer::customer\. On stores that installed the module, setup:upgrade does not apply it/);
      }
    } finally {
      await dispose();
    }
  });

  it('where the editor pulls diagnostics (VS Code): asks for a new pull once git has answered, and the pulled report says it', async () => {
    const pull = { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { diagnostics: { refreshSupport: true } } };
    const { workspace, client, dispose } = await committedFixture(pull);
    try {
      const file = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const text = readFileSync(file, 'utf8');
      const uri = await client.open(file, text);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('<email>dev@acme.example</email>', '<email>erp@acme.example</email>') }] });
      let codes: string[] = [];
      for (let attempt = 0; attempt < 200 && !codes.includes('integration/reset-on-upgrade'); attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!client.serverRequests.includes('workspace/diagnostic/refresh')) continue;
        const pulled = await client.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
        codes = pulled.kind === 'full' ? pulled.items.map((d) => String(d.code)) : [];
      }
      assert.ok(codes.includes('integration/reset-on-upgrade'), codes.join(', '));
    } finally {
      await dispose();
    }
  });

  it('says nothing outside a git repository', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const file = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
      const text = readFileSync(file, 'utf8');
      const uri = await client.open(file, text);
      await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('Acme_Sync::sync_orders', 'Magento_Customer::manage') }] });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.version === 2);
      assert.ok(!diagnostics.some((d) => /integration\/(reset-on-upgrade|change-not-applied)/.test(String(d.code))));
    } finally {
      await dispose();
    }
  });
});
