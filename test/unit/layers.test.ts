// The project's own lint keeps the layers apart (eslint.config.mjs): each rule is shown to catch the
// import it forbids, and to let the allowed one through.
import * as assert from 'node:assert/strict';
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
  ];
  for (const [file, source, expected] of cases) {
    it(`${expected ? 'refuses' : 'allows'} ${source.split('\n')[0]} in ${file}`, async () => {
      const messages = await restricted(file, source);
      if (expected) assert.ok(messages.some((m) => expected.test(m)), messages.join('\n') || 'no restricted-import error');
      else assert.deepEqual(messages, []);
    });
  }
});
