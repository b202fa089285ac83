// The language server's start: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

/** No request this server takes comes near this; a larger Content-Length means the stream is broken. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;


/**
 * A stdio stream whose frame header cannot be read (no Content-Length, not a number, negative, huge) cannot
 * recover: every later message would be read from the wrong offset, and the server would sit deaf to
 * shutdown and exit. Say why and exit non-zero, so the client restarts it.
 */
function stdioReader(): StreamMessageReader {
  const reader = new StreamMessageReader(process.stdin);
  const broken = (why: string) => {
    process.stderr.write(`The LSP message stream is broken (${why}); exiting so the client can restart the server.\n`);
    process.exit(1);
  };
  reader.onError((error) => {
    // A well-framed body that is not JSON loses only that message; the stream stays in step.
    if (error instanceof SyntaxError) process.stderr.write(`Dropped a message that is not JSON: ${error.message}\n`);
    else broken(error.message);
  });
  // Judge each frame header as it is read, before the reader goes on to the bytes after it (which may
  // already be in the same chunk): it has no limit of its own, and takes a negative length as given.
  const buffer = (reader as unknown as { buffer: { tryReadHeaders(lowerCaseKeys?: boolean): Map<string, string> | undefined } }).buffer;
  const readHeaders = buffer.tryReadHeaders.bind(buffer);
  buffer.tryReadHeaders = (lowerCaseKeys) => {
    const headers = readHeaders(lowerCaseKeys);
    if (headers) {
      const length = headers.get('content-length')?.trim();
      if (length === undefined) broken('no Content-Length header');
      else if (!/^\d+$/.test(length)) broken(`Content-Length ${JSON.stringify(length)} is not a number of bytes`);
      else if (Number(length) > MAX_MESSAGE_BYTES) broken(`Content-Length ${length} is more than any message this server takes`);
    }
    return headers;
  };
  return reader;
}

export function serveLanguageServer(): void {
  // A failure outside every handler is logged and the server keeps serving (stderr: stdout carries the protocol).
  process.on('uncaughtException', (error) => process.stderr.write(`Uncaught exception: ${error.stack ?? error.message}\n`));
  process.on('unhandledRejection', (reason) => process.stderr.write(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`));
  if (process.argv.includes('--stdio')) {
    startServer(createConnection(ProposedFeatures.all, stdioReader(), new StreamMessageWriter(process.stdout)));
  } else {
    startServer(createConnection(ProposedFeatures.all));
  }
}
