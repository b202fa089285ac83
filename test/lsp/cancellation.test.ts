// Cancellation reaches the work: a references request over a large workspace, cancelled by the client,
// stops at the next slice of its file reading and is answered RequestCancelled (LSP), instead of reading
// every file and then answering with a result nobody waits for.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
/** Enough PHP files mentioning the id that reading them all takes many slices. */
const FILES = 3000;

describe('cancellation over stdio', function () {
  this.timeout(120_000);

  it('a cancelled references request over a large workspace ends early, answered RequestCancelled', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const folder = path.join(workspace, 'app/code/Acme/Sync/Controller/Adminhtml');
      mkdirSync(folder, { recursive: true });
      const padding = `// ${'x'.repeat(2000)}\n`;
      for (let i = 0; i < FILES; i++) {
        writeFileSync(path.join(folder, `Action${i}.php`), `<?php\nclass Action${i} {\n${padding}  const ADMIN_RESOURCE = 'Acme_Sync::sync_orders';\n}\n`);
      }
      const aclFile = path.join(workspace, 'app/code/Acme/Sync/etc/acl.xml');
      const text = readFileSync(aclFile, 'utf8');
      const uri = await client.open(aclFile, text);
      const offset = text.indexOf('Acme_Sync::sync_orders') + 3;
      const before = text.slice(0, offset);
      const params = { textDocument: { uri }, position: { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 }, context: { includeDeclaration: false } };

      // Uncancelled, the request reads every file and finds every mention: the work is real.
      const all = await client.connection.sendRequest<unknown[]>('textDocument/references', params);
      assert.ok(all.length >= FILES, `${all.length} references`);

      // Cancelled at once, it stops at the next slice boundary and says so.
      const source = new CancellationTokenSource();
      const answer = client.connection.sendRequest<unknown[]>('textDocument/references', params, source.token).then(
        (result) => ({ result }),
        (error: { code?: number }) => ({ code: error.code }),
      );
      setImmediate(() => source.cancel());
      const outcome = await answer;
      assert.deepEqual(outcome, { code: LSPErrorCodes.RequestCancelled }, 'answered RequestCancelled, not with the full result');
      // And the server goes on answering.
      assert.ok((await client.connection.sendRequest<unknown[]>('textDocument/references', params)).length >= FILES);
    } finally {
      await dispose();
    }
  });
});
