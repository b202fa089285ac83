// Drives dist/server.js over stdio the way an editor does: spawn, initialize, open documents, ask.
import { ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  ShutdownRequest,
  ExitNotification,
  DidOpenTextDocumentNotification,
  RegistrationRequest,
  WorkDoneProgressCreateRequest,
  InitializeResult,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';

export const SERVER = path.resolve(__dirname, '../../dist/server.js');
export const INDEX_STATE = 'magentoIntegrationKit/indexState';

export class LspTestClient {
  readonly connection: ProtocolConnection;
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly diagnosticWaiters: Array<() => void> = [];
  readonly indexStates: Array<{ state: string; resources: number }> = [];
  readonly registrations: unknown[] = [];
  readonly logs: string[] = [];
  /** Work-done progress the server reported, by token: the kinds in order (begin, report…, end). */
  readonly progress = new Map<string, string[]>();

  private constructor(private readonly child: ChildProcess) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.diagnosticWaiters.splice(0).forEach((wake) => wake());
    });
    this.connection.onNotification(INDEX_STATE, (state) => {
      this.indexStates.push(state);
    });
    this.connection.onNotification('window/logMessage', (message: { message: string }) => {
      this.logs.push(message.message);
    });
    this.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    this.connection.onRequest(WorkDoneProgressCreateRequest.method, () => null);
    this.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
      const kinds = this.progress.get(String(params.token)) ?? [];
      kinds.push(params.value.kind);
      this.progress.set(String(params.token), kinds);
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.serverRequests.push('workspace/diagnostic/refresh');
      return null;
    });
    this.connection.listen();
  }

  initializeResult?: InitializeResult;

  /** The server process's id (its CPU time is read from /proc by scaling tests). */
  get pid(): number {
    return this.child.pid!;
  }

  /** Requests the server sent that this client answers with null (workspace/diagnostic/refresh, …), by method. */
  readonly serverRequests: string[] = [];

  /** `server`: the script to run with Node (the built one by default; the package test runs an installed one); `env`: its environment. */
  static async start(workspace: string, capabilities: { textDocument?: object; workspace?: object } = {}, server = SERVER, env: NodeJS.ProcessEnv = process.env): Promise<LspTestClient> {
    const child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const client = new LspTestClient(child);
    client.initializeResult = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: URI.file(workspace).toString(),
      workspaceFolders: [{ uri: URI.file(workspace).toString(), name: 'fixture' }],
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, ...capabilities.workspace },
        textDocument: { completion: { completionItem: { snippetSupport: true } }, ...capabilities.textDocument },
      },
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  async waitForIndex(timeoutMs = 10000): Promise<void> {
    await this.until(() => this.indexStates.some((s) => s.state === 'ready'), timeoutMs, 'the index to be ready');
  }

  /** Every URI diagnostics were published for so far. */
  publishedUris(): string[] {
    return [...this.diagnostics.keys()];
  }

  async open(file: string, text = readFileSync(file, 'utf8')): Promise<string> {
    const uri = URI.file(file).toString();
    const languageId = file.endsWith('.php') ? 'php' : 'xml';
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** Waits until diagnostics for `uri` satisfy `accept` (they may be republished as the index fills). */
  async diagnosticsFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10000): Promise<PublishDiagnosticsParams> {
    await this.until(() => {
      const current = this.diagnostics.get(uri);
      return !!current && accept(current);
    }, timeoutMs, `diagnostics for ${uri}`);
    return this.diagnostics.get(uri)!;
  }

  private async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.diagnosticWaiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}

/** The server on a scratch copy of a fixture, with its index complete; `dispose` stops it and removes the copy. */
export async function startOnFixtureCopy(fixture: string, capabilities: Parameters<typeof LspTestClient.start>[1] = {}): Promise<{ workspace: string; client: LspTestClient; dispose(): Promise<void> }> {
  const workspace = mkdtempSync(path.join(tmpdir(), 'mik-lsp-'));
  cpSync(fixture, workspace, { recursive: true });
  const client = await LspTestClient.start(workspace, capabilities);
  await client.waitForIndex();
  return {
    workspace,
    client,
    dispose: async () => {
      await client.stop();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}
