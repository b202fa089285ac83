// The server against a hostile client: broken frames, URIs vscode-uri rejects, odd code-action input.
// A broken stream cannot recover, so the server must say so and exit non-zero (the client restarts it);
// everything else must be answered and the server must keep serving.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CodeActionRequest, DidOpenTextDocumentNotification, DocumentSymbolRequest } from 'vscode-languageserver-protocol/node';
import { SERVER, startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/standalone-module');
const INITIALIZE = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

/** Starts the server, initializes it, writes `bytes`, then asks it to shut down; resolves with how it ended. */
function afterWriting(bytes: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data) => {
      stdout += data;
      // Once initialize is answered: the hostile bytes, then a well-formed shutdown and exit.
      if (stdout.includes('"id":1') && !child.stdin.writableEnded) {
        // In one write, so the reader meets the bytes after the bad header in the same chunk.
        child.stdin.end(bytes + frame(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'shutdown' })) + frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
      }
    });
    child.stderr.on('data', (data) => (stderr += data));
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the server neither exited nor answered within 20 s; stderr: ${stderr}`));
    }, 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
    child.stdin.write(frame(INITIALIZE));
  });
}

describe('language server against hostile input', function () {
  this.timeout(60000);

  for (const [what, bytes] of [
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc\r\n\r\n{}'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n'],
    ['a huge Content-Length', 'Content-Length: 99999999999\r\n\r\n{}'],
  ]) {
    it(`exits non-zero on ${what}, saying the stream is broken`, async () => {
      const ended = await afterWriting(bytes);
      assert.equal(ended.code, 1);
      assert.match(ended.stderr, /The LSP message stream is broken/);
    });
  }

  it('drops a well-framed body that is not JSON and keeps serving', async () => {
    const ended = await afterWriting(frame('{"jsonrpc": "2.0", ]'));
    assert.equal(ended.code, 0, 'exit code 0: the shutdown after the bad body was read (an exit without it gives 1)');
    assert.match(ended.stderr, /Dropped a message that is not JSON/);
  });

  it('validates documents whose URIs vscode-uri rejects, answers odd code-action input, and keeps serving', async () => {
    const { client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const acl = '<config><acl><resources><resource id="Bad"/></resources></acl></config>';
      for (const uri of ['x:////etc/acl.xml', 'file:///p/\ud800/etc/acl.xml', '-bad:/etc/acl.xml']) {
        await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text: acl } });
        const published = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
        assert.ok(published.diagnostics.some((d) => d.code === 'acl/invalid-id'), uri);
      }
      const uri = 'file:///p/app/code/Acme/Sync/etc/integration.xml';
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'xml', version: 1, text: '<config/>' } });
      const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
      const actions = await client.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range,
        context: { diagnostics: [{ range, message: 'x', code: 'acl/unknown-resource', data: null }, { range, message: 'y', code: 'acl/missing-parent', data: null }] },
      });
      assert.deepEqual(actions, []);
      // Still serving.
      assert.deepEqual(await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }), []);
    } finally {
      await dispose();
    }
  });
});
