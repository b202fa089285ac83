// The magento-integration-kit command (dist/cli.js). Exit codes: 0 ok, 1 errors found or flow failed, 2 bad usage.
import packageJson from '../../../package.json';
import { formatGithub, formatText, lint } from './lint';
import { formatSarif } from './sarif';
import { UsageError } from './args';
import { runScaffold } from './scaffold';
import { NEXT_STEPS } from '../scaffold/nextSteps';
import { formatSign, runSign } from './sign';
import type { Output } from './output';
import { runRoutes } from './routes';
import { runConnect, runMockStore } from './tester';
import { runDoctorCommand } from './doctor';
import { runCollection } from './collection';
import * as path from 'node:path';
import { existsSync } from 'node:fs';

const USAGE = `Usage: magento-integration-kit <command> [options]

Tools for Magento 2 / Adobe Commerce integration modules.

Commands:
  lint [PATH…] [--format text|json|github|sarif] [--max-warnings N] [--base REF]
               Checks the module trees under each PATH (default: the current folder) with the
               language server's diagnostics. Exits 1 when any error is found, or more than N
               warnings. github: GitHub Actions annotations (::error file=…,line=…::…);
               sarif: SARIF 2.1.0 for code scanning, paths relative to the current folder.
               --base REF (a git branch, tag or commit): also says where an integration's
               config changed since REF in a way every store feels on the next setup:upgrade
               (integration/reset-on-upgrade; integration/change-not-applied for the legacy pair).

  scaffold --root DIR --vendor V --module M --integration NAME --email E
           [--endpoint-url URL] [--identity-link-url URL] [--resource ID]…
           [--layout current|legacy] [--setup data-patch|install-data]
               Writes an installable integration module to DIR/app/code/V/M and prints the
               files it created. Writes nothing, and exits 1, if any file exists or any
               value is invalid.

  routes [PATH] --integration NAME [--call "GET /V1/orders"]… [--format text|json]
  routes [PATH] --call "GET /V1/orders"… [--legacy] [--format text|json]
               The REST routes an integration can call (as Magento checks them: every resource of
               a route allowed, self never, Magento_Backend::all everything), and a verdict for each
               call; or, for the calls an app makes, the fewest resources to grant (with parents
               for api.xml: --legacy) and the calls no grant opens. Exits 1 when a call cannot be made.

  collection --integration NAME [--root DIR] [--format postman|bruno] [--out PATH]
             [--store-url URL] [--store-code CODE]
               Writes the REST routes an integration can call as a Postman collection (v2.1.0,
               one file) or a Bruno collection (a folder): OAuth 1.0a HMAC-SHA256 preset, the
               store URL and store code as variables, the four credentials as empty variables
               you fill (no secret in the files). Never writes over an existing file or folder.

  mock-store --endpoint-url URL --identity-link-url URL [--port N] [--timeout S]
             [--require-api-call] [--magento 2.4.4|2.3|latest] [--consumer-expiry S] [--json]
             [--integration NAME [--root DIR] [--idle S]] [--bearer] [--reauthorize]
               Plays Magento on 127.0.0.1: activates your integration app, then serves the
               token endpoints and GET /rest/V1/store/storeViews, checking every request
               as Magento does and explaining signature mistakes. Exits 0 once an access
               token is issued (and an API call accepted, with --require-api-call).
               With --integration, every REST route of the project at --root (default: here)
               is served with that integration's grants (401 with Magento's body when a
               resource is missing, a placeholder 200 otherwise); the run ends once the app
               has been quiet for --idle seconds (10) and prints the calls refused and the
               resources to add; it exits 0 when every call was allowed.
               --bearer: the store takes the access token as a standalone Bearer token (off by
               default from 2.4.4, as in Magento). --reauthorize: once the app holds its token,
               the admin's Reauthorize (old token revoked, same consumer, fresh verifier); the
               run succeeds when the app completes that second handshake too.

  connect --port N [--store-url URL | --any-store] [--save FILE] [--timeout S] [--json]
               Plays your integration app against a store: /callback takes the activation
               POST, /login is the identity link; it then runs the token exchange and one
               signed API call. --store-url takes only that store's activation (others are
               refused); without it any store's is taken, a forged one too. --save writes
               the credentials with mode 0600 (a new file, made before listening) and needs
               --store-url, or --any-store to take any.

  doctor [--root DIR] [--db URL] [--store-url URL] [--format text|json] [--no-probe]
         [--timeout S]
               Checks a live store against the workspace, read-only: reads the database that
               DIR/app/etc/env.php names (default: the current folder), or --db
               mysql://user:password@host:port/database (?socket=/path for a socket), in a
               read-only transaction, and probes the store at its base URL (or --store-url)
               with no credentials. Says, for each integration of the workspace, whether the
               store has it, its state and tokens, and whether its grants differ from the
               files'; whether the web server passes the Authorization header; and the
               settings that decide how apps authenticate. Prints no key, token or secret.
               Exits 1 when a finding is an error, 2 when the store cannot be reached.

  mcp [--root DIR]
               A Model Context Protocol server over stdio, for agents (Claude Code, VS Code,
               Cursor): the REST routes an integration can call, the resources a list of calls
               needs, diagnostics, ACL lookup, signature explanations, scaffolding (writes files),
               and the read-only store check, on the Magento project at DIR (default: here).

  sign --method M --url URL [--param k=v]… --consumer-key K --consumer-secret S
       [--token T --token-secret TS] [--nonce N --timestamp T]
       [--signature-method HMAC-SHA256|HMAC-SHA1] [--json]
               Prints the normalized URL, the parameter string, the base string, the
               signature and the Authorization header of an OAuth 1.0a request.

Options:
  --help       Show this help.
  --version    Print the version.

The language server runs on its own as: node dist/server.js --stdio
`;

export type { Output } from './output';

export async function run(argv: string[], io: Output): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${packageJson.version}\n`);
    return 0;
  }
  try {
    if (command === 'lint') return await runLint(rest, io);
    if (command === 'scaffold') {
      const { created, warnings } = await runScaffold(rest);
      for (const warning of warnings) io.err(`warning: ${warning}\n`);
      io.out(`${created.map((file) => `created ${file}\n`).join('')}\n${NEXT_STEPS}\n`);
      return 0;
    }
    if (command === 'routes') return await runRoutes(rest, io);
    if (command === 'mock-store') return await runMockStore(rest, io);
    if (command === 'connect') return await runConnect(rest, io);
    if (command === 'doctor') return await runDoctorCommand(rest, io);
    if (command === 'collection') return await runCollection(rest, io);
    if (command === 'mcp') {
      const rootAt = rest.indexOf('--root');
      if (rest.some((arg, i) => arg !== '--root' && i !== rootAt + 1)) throw new UsageError('mcp takes only --root DIR');
      if (rootAt >= 0 && rest[rootAt + 1] === undefined) throw new UsageError('mcp: --root needs a folder');
      // The built CLI loads dist/mcp.js beside it (the language server's bundle, which the CLI shares, does not
      // carry the MCP SDK); run from source, the module itself.
      const bundle = path.join(__dirname, 'mcp.js');
      if (process.env.MIK_BUNDLE === '1' && !existsSync(bundle)) throw new UsageError('mcp: the MCP server ships with the npm package (npm install --global magento-integration-kit), not inside the VS Code extension');
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle beside this one, found at run time
      const { serveMcp } = (process.env.MIK_BUNDLE === '1' ? require(bundle) : await import('../mcp/mcpServer')) as typeof import('../mcp/mcpServer');
      await serveMcp(path.resolve(rootAt >= 0 ? rest[rootAt + 1] : '.'));
      return 0;
    }
    if (command === 'sign') {
      const { json, ...result } = runSign(rest);
      io.out(json ? `${JSON.stringify(result)}\n` : formatSign(result));
      return 0;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`magento-integration-kit: ${error.message}\n`);
      return 2;
    }
    io.err(`magento-integration-kit: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.err(`magento-integration-kit: unknown command or option "${command}"; see --help.\n`);
  return 2;
}

async function runLint(args: string[], io: Output): Promise<number> {
  let format = 'text';
  let maxWarnings: number | undefined;
  let base: string | undefined;
  const paths: string[] = [];
  const formats = ['text', 'json', 'github', 'sarif'];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      format = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (!formats.includes(format)) throw new UsageError(`--format takes text, json, github or sarif, not "${format ?? ''}"`);
    } else if (arg === '--base') {
      base = args[++i];
      if (base === undefined || base.startsWith('-')) throw new UsageError('lint: --base takes a git revision (a branch, tag or commit)');
    } else if (arg === '--max-warnings') {
      const value = args[++i];
      if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`lint: --max-warnings takes a whole number, not "${value ?? ''}"`);
      maxWarnings = Number(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`lint: unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  const diagnostics = await lint(paths, undefined, { base });
  const tool = { name: packageJson.name, version: packageJson.version, informationUri: packageJson.homepage };
  io.out(format === 'json' ? `${JSON.stringify({ diagnostics })}\n` : format === 'github' ? formatGithub(diagnostics) : format === 'sarif' ? formatSarif(diagnostics, tool) : formatText(diagnostics));
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.err(`magento-integration-kit: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** The command line's start (dist/cli.js). */
export function cliMain(): void {
  // A reader that stops early (`… | head`) closes the pipe: stop quietly, as Unix tools do, instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void run(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then((code) => {
    process.exitCode = code;
  });
}
