// Neovim's built-in LSP client (Debian's neovim 0.7.2), headless, driving the server on the fixture project
// (neovim.lua): for the built server and for the installed npm package.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVER } from './lspClient';

export interface NeovimResult {
  completion: Array<{ label: string; description?: string }>;
  diagnostics: Array<{ code: string; line: number; message: string }>;
}

/**
 * Opens the fixture's integration.xml in headless Neovim with the server attached; what Neovim saw.
 * `server` is a command (the installed package's) or, by default, `node dist/server.js`.
 */
export function driveNeovim(server?: { command: string[]; path: string }): NeovimResult {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mik-nvim-'));
  try {
    const workspace = path.join(scratch, 'workspace');
    cpSync(path.resolve(__dirname, '../fixtures/magento-project'), workspace, { recursive: true });
    const resultFile = path.join(scratch, 'result.json');
    const run = spawnSync(NVIM, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim.lua')}`], {
      encoding: 'utf8',
      timeout: 45000,
      env: {
        ...process.env,
        ...(server ? { MIK_SERVER_CMD: JSON.stringify(server.command), PATH: server.path } : {}),
        MIK_SERVER: SERVER,
        MIK_WORKSPACE: workspace,
        MIK_RESULT: resultFile,
        XDG_CONFIG_HOME: path.join(scratch, 'config'),
        XDG_DATA_HOME: path.join(scratch, 'data'),
        XDG_STATE_HOME: path.join(scratch, 'state'),
        XDG_CACHE_HOME: path.join(scratch, 'cache'),
      },
    });
    assert.equal(run.error, undefined, `nvim could not run (Debian package neovim): ${run.error}`);
    assert.ok(existsSync(resultFile), `Neovim wrote no result: ${run.stderr}${run.stdout}`);
    return JSON.parse(readFileSync(resultFile, 'utf8')) as NeovimResult;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Neovim by its full path, so that a test can give the server a PATH of its own. */
const NVIM = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout.trim() || 'nvim';

/** The fixture's one problem, and a completion item with its title. */
export function assertNeovimSaw(result: NeovimResult): void {
  assert.deepEqual(result.diagnostics.map((d) => [d.code, d.line]), [['acl/unknown-resource', 10]]);
  const products = result.completion.find((i) => i.label === 'Magento_Catalog::products');
  assert.equal(products?.description, 'Products');
}

