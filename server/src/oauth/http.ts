// Node's http for the tester's two servers and its outgoing calls. The servers face whatever the app
// under test sends: 127.0.0.1 only, bodies capped at 1 MB (413), slow clients timed out, malformed
// requests answered 400, and a handler failure answered 500 without taking the server down.
import * as http from 'node:http';
import * as https from 'node:https';
import { AddressInfo } from 'node:net';

export const MAX_BODY_BYTES = 1024 * 1024;
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface IncomingCall {
  method: string;
  /** Path and query, as sent. */
  target: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export class BodyTooLarge extends Error {}

export interface ServeOptions {
  /** A client must send its headers within this time, and the whole request within twice it. */
  slowClientMs?: number;
}

/** Starts a server on 127.0.0.1:port (0 = any free port) and resolves with the port it got. */
export async function serveLocal(port: number, handle: (call: IncomingCall) => Promise<Reply> | Reply, options: ServeOptions = {}, onError: (error: unknown) => void = () => {}): Promise<{ server: http.Server; port: number }> {
  const headersTimeout = options.slowClientMs ?? HEADERS_TIMEOUT_MS;
  const server = http.createServer({
    headersTimeout,
    requestTimeout: options.slowClientMs ? headersTimeout * 2 : REQUEST_TIMEOUT_MS,
    // How often Node looks for clients over those limits (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, headersTimeout),
  }, (request, response) => {
    void respond(request, response, handle).catch(onError);
  });
  server.keepAliveTimeout = 1_000;
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = timedOut ? '408 Request Timeout' : '400 Bad Request';
    const text = timedOut ? 'The request was not received in time.' : 'Malformed HTTP request.';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${text}\n`);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use on 127.0.0.1; choose another with --port.`) : error);
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  server.on('error', onError);
  return { server, port: (server.address() as AddressInfo).port };
}

async function respond(request: http.IncomingMessage, response: http.ServerResponse, handle: (call: IncomingCall) => Promise<Reply> | Reply): Promise<void> {
  let reply: Reply;
  try {
    const body = await readBody(request);
    reply = await handle({ method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers, body });
  } catch (error) {
    reply = error instanceof BodyTooLarge
      ? { status: 413, body: `Request bodies are limited to ${MAX_BODY_BYTES} bytes.\n` }
      : { status: 500, body: `Internal error: ${error instanceof Error ? error.message : String(error)}\n` };
    response.setHeader('Connection', 'close');
  }
  if (response.headersSent || response.destroyed) return;
  response.writeHead(reply.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...reply.headers });
  response.end(reply.body);
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      request.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export interface OutgoingCall {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP(S) request; redirects are returned, never followed (Magento follows none). */
export function send(call: OutgoingCall): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const url = new URL(call.url);
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { ...call.headers };
    if (call.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(call.body));
    const request = transport.request(url, { method: call.method, headers, timeout: call.timeoutMs ?? 10_000 }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${(call.timeoutMs ?? 10_000) / 1000} s`)));
    request.on('error', reject);
    request.end(call.body);
  });
}
