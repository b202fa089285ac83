// dist/server.js has Node (22.1+, the Node of current VS Code) keep the bundle's compiled code between starts,
// in the folder MIK_COMPILE_CACHE names (the extension's storage), written once the first index is done; on
// an older Node it serves the same without one. Run by hand under Node 22 too (the README says how).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LspTestClient, SERVER } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const canCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/** Every file under a folder (Node keeps its cache in a subfolder per version). */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
}

async function until(condition: () => boolean, what: string, timeoutMs = 20000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`the server's compiled code kept between starts (Node ${process.versions.node}: ${canCache ? 'can' : 'cannot'} keep it)`, function () {
  this.timeout(60000);
  let cache: string;
  beforeEach(() => {
    cache = mkdtempSync(path.join(tmpdir(), 'mik-compile-cache-'));
  });
  afterEach(() => rmSync(cache, { recursive: true, force: true }));

  it('written to MIK_COMPILE_CACHE once the first index is done, while the server runs, where Node can; the next start serves with it', async () => {
    for (let start = 0; start < 2; start++) {
      const client = await LspTestClient.start(FIXTURE, {}, SERVER, { ...process.env, MIK_COMPILE_CACHE: cache });
      try {
        await client.waitForIndex(20000);
        if (canCache) await until(() => filesUnder(cache).length > 0, 'the compile cache to be written');
        else assert.deepEqual(filesUnder(cache), []);
        const completion = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere.xml' }, position: { line: 0, character: 0 } });
        assert.equal(completion, null);
      } finally {
        await client.stop();
      }
    }
  });

  for (const [setting, kept] of [['off', false], [undefined, canCache]] as const) {
    it(`${setting === undefined ? "in Node's default folder (the temporary folder's) without MIK_COMPILE_CACHE" : 'none with MIK_COMPILE_CACHE=off'}`, async () => {
      // Node's default folder is under TMPDIR.
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: cache, MIK_COMPILE_CACHE: setting };
      delete env.NODE_COMPILE_CACHE;
      if (setting === undefined) delete env.MIK_COMPILE_CACHE;
      const client = await LspTestClient.start(FIXTURE, {}, SERVER, env);
      try {
        await client.waitForIndex(20000);
        if (kept) await until(() => filesUnder(cache).length > 0, 'the compile cache to be written');
        else await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        await client.stop();
      }
      assert.equal(filesUnder(cache).length > 0, kept);
    });
  }
});
