// The project's own lint keeps the layers apart (eslint.config.mjs): each rule is shown to catch the
// import it forbids, and to let the allowed one through.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const ROOT = path.resolve(__dirname, '../..');

async function restricted(file: string, source: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(source, { filePath: path.join(ROOT, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layers (eslint no-restricted-imports)', function () {
  this.timeout(60_000);

  const cases: Array<[string, string, RegExp | undefined]> = [
    ['server/src/magento/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", /No disk access here/],
    ['server/src/language/probe.ts', "import * as vscode from 'vscode';\nexport const x = vscode;\n", /run outside VS Code/],
    ['server/src/language/probe.ts', "import { guard } from '../lsp/safe';\nexport const x = guard;\n", /LSP wiring depends on the language service/],
    ['server/src/lsp/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", undefined],
    ['client/src/probe.ts', "import { MockStore } from '../../server/src/oauth/mockStore';\nexport const x = MockStore;\n", /only through shared/],
    ['client/src/probe.ts', "import { MockStore } from '../../shared/tester';\nexport const x = MockStore;\n", undefined],
    ['server/src/language/probe.ts', "import { planAddResources } from '../scaffold/editModule';\nexport const x = planAddResources;\n", /pure XML edits live in magento/],
    ['server/src/language/probe.ts', "import { integrationSequenceEdit } from '../magento/xmlEdits';\nexport const x = integrationSequenceEdit;\n", undefined],
    ['server/src/workspace/probe.ts', "import { createLanguageService } from '../language/languageService';\nexport const x = createLanguageService;\n", /workspace model imports nothing above it/],
    ['server/src/workspace/probe.ts', "import { collectProjectFacts } from '../scaffold/projectChecks';\nexport const x = collectProjectFacts;\n", /workspace model imports nothing above it/],
    ['server/src/magento/probe.ts', "import { MagentoWorkspace } from '../workspace/magentoWorkspace';\nexport const x = MagentoWorkspace;\n", /pure domain/],
    ['server/src/service/probe.ts', "import { createLanguageService } from '../language/languageService';\nexport const x = createLanguageService;\n", undefined],
  ];
  for (const [file, source, expected] of cases) {
    it(`${expected ? 'refuses' : 'allows'} ${source.split('\n')[0]} in ${file}`, async () => {
      const messages = await restricted(file, source);
      if (expected) assert.ok(messages.some((m) => expected.test(m)), messages.join('\n') || 'no restricted-import error');
      else assert.deepEqual(messages, []);
    });
  }
});

describe('no import cycle (eslint import-x/no-cycle)', function () {
  this.timeout(60_000);

  it('refuses two modules that import each other, and passes the product as it is', async () => {
    const folder = path.join(ROOT, 'server/src/cycleprobe');
    mkdirSync(folder, { recursive: true });
    try {
      writeFileSync(path.join(folder, 'a.ts'), "import { b } from './b';\nexport const a = (): number => b() + 1;\n");
      writeFileSync(path.join(folder, 'b.ts'), "import { a } from './a';\nexport const b = (): number => (a ? 0 : 1);\n");
      const eslint = new ESLint({ cwd: ROOT });
      const results = await eslint.lintFiles([path.join(folder, '*.ts')]);
      const cycles = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map(() => path.basename(r.filePath)));
      assert.deepEqual(cycles.sort(), ['a.ts', 'b.ts']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    const product = await new ESLint({ cwd: ROOT }).lintFiles(['server/src', 'client', 'shared']);
    assert.deepEqual(product.flatMap((r) => r.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => `${r.filePath}:${m.line}`)), []);
  });
});
