// The one bundle behind both commands, dist/server.js: the language server and the CLI share every module
// (the store doctor's MariaDB client is most of the size), so the package carries them once. Run as
// `node dist/server.js --stdio` (or --node-ipc) it serves LSP; dist/cli.js requires it and calls cliMain.
import { cliMain } from './cli/main';
import { serveLanguageServer } from './lsp/main';

export { cliMain };

if (require.main === module) serveLanguageServer();
