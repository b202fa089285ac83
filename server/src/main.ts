// The one bundle behind both commands, dist/main.js: the language server and the CLI share every module
// (the store doctor's MariaDB client is most of the size), so the package carries them once. dist/server.js
// (`node dist/server.js --stdio`, or --node-ipc) loads it and serves LSP; dist/cli.js loads it and calls cliMain.
import { cliMain } from './cli/main';
import { serveLanguageServer } from './lsp/main';

export { cliMain, serveLanguageServer };
