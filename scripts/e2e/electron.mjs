// `npm run test:electron`: the same test/e2e suite through @vscode/test-electron, for machines that can
// download VS Code (not part of CI; see docs/testing-in-vscode.md).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = path.join(root, 'out', 'e2e');
await esbuild.build({ entryPoints: [path.join(root, 'test/e2e/index.ts')], outdir: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode', 'mocha'] });
const scratch = mkdtempSync(path.join(tmpdir(), 'mik-electron-'));
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(root, 'test', 'fixtures', 'magento-project'), workspace, { recursive: true });
try {
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { MIK_E2E_WORKSPACE: workspace },
  });
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
