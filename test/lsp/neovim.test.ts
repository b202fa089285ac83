// The server outside VS Code: Neovim's built-in LSP client (Debian's neovim 0.7.2), headless.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SERVER } from './lspClient';

describe('the server driven by Neovim', function () {
  this.timeout(60000);

  it('shows completion items and published diagnostics for a fixture file', () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'mik-nvim-'));
    try {
      const workspace = path.join(scratch, 'workspace');
      cpSync(path.resolve(__dirname, '../fixtures/magento-project'), workspace, { recursive: true });
      const resultFile = path.join(scratch, 'result.json');
      const run = spawnSync('nvim', ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${path.join(__dirname, 'neovim.lua')}`], {
        encoding: 'utf8',
        timeout: 45000,
        env: {
          ...process.env,
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
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as {
        completion: Array<{ label: string; description?: string }>;
        diagnostics: Array<{ code: string; line: number; message: string }>;
      };
      assert.deepEqual(result.diagnostics.map((d) => [d.code, d.line]), [['acl/unknown-resource', 10]]);
      const products = result.completion.find((i) => i.label === 'Magento_Catalog::products');
      assert.equal(products?.description, 'Products');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
