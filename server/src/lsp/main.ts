// Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it).
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

/** No request this server takes comes near this; a larger Content-Length means the stream is broken. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

// A failure outside every handler is logged and the server keeps serving (stderr: stdout carries the protocol).
process.on('uncaughtException', (error) => process.stderr.write(`Uncaught exception: ${error.stack ?? error.message}\n`));
process.on('unhandledRejection', (reason) => process.stderr.write(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`));

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
  // The reader keeps the declared length of the message it waits for; it has no limit of its own.
  const internals = reader as unknown as { onData(data: Uint8Array): void; nextMessageLength: number };
  const onData = internals.onData.bind(reader);
  internals.onData = (data) => {
    onData(data);
    const length = internals.nextMessageLength;
    if (length > MAX_MESSAGE_BYTES || length < -1) broken(`Content-Length ${length}`);
  };
  return reader;
}

if (process.argv.includes('--stdio')) {
  startServer(createConnection(ProposedFeatures.all, stdioReader(), new StreamMessageWriter(process.stdout)));
} else {
  startServer(createConnection(ProposedFeatures.all));
}
