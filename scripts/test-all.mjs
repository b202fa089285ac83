// `npm test`: every suite in turn (type check, lint, build, the unit/OAuth/LSP suites, then the end-to-end
// suites in a real VS Code), each suite's output as it runs, and one last line over all of them, so the
// last line is the whole truth. A failed suite does not stop the later ones; a failed type check or build does.
import { spawn } from 'node:child_process';
import { ensurePrerequisites } from './prerequisites.mjs';

// The independent checkers and clients the suites use: installed (as root with apt-get) or asked for, first.
ensurePrerequisites('test');

const STEPS = [
  { name: 'type check (server, client, webview, tests)', command: ['npm', 'run', '--silent', 'typecheck'], gate: true },
  { name: 'lint (eslint, the layers kept apart)', command: ['npm', 'run', '--silent', 'lint'], gate: true },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'], gate: true },
  {
    name: 'unit, OAuth, language server, store doctor and MCP suites',
    command: ['npx', 'mocha', '--require', 'tsx/cjs', '--reporter', './test/summaryReporter.cjs', 'test/unit/**/*.test.ts', 'test/oauth/**/*.test.ts', 'test/lsp/**/*.test.ts', 'test/store/**/*.test.ts', 'test/mcp/**/*.test.ts'],
  },
  { name: 'end-to-end suites', command: ['npm', 'run', '--silent', 'test:e2e'] },
  // Last: `npm start` itself, driven with the keyboard and the mouse (it packages the .vsix again, as npm start does).
  { name: 'the workbench npm start opens, driven as a user drives it', command: ['npm', 'run', '--silent', 'test:workbench'] },
];
const SUMMARY = /^(\d+) passed, (\d+) failed/;

function run(command) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: ['inherit', 'pipe', 'inherit'] });
    const counts = { passed: 0, failed: 0, summaries: 0 };
    let pending = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const lines = (pending + chunk).split('\n');
      pending = lines.pop();
      for (const line of lines) {
        // eslint-disable-next-line no-control-regex -- strips the reporters' colour codes (ESC [ … m)
        const match = SUMMARY.exec(line.replace(/\x1b\[[0-9;]*m/g, '').trim());
        if (!match) continue;
        counts.passed += Number(match[1]);
        counts.failed += Number(match[2]);
        counts.summaries++;
      }
    });
    child.on('close', (code) => resolve({ code, ...counts }));
  });
}

let passed = 0;
let failed = 0;
const broken = [];
for (const step of STEPS) {
  console.log(`\n== ${step.name}`);
  const result = await run(step.command);
  passed += result.passed;
  failed += result.failed;
  // A suite that failed without a summary line (it crashed, or could not start) counts as one failure.
  if (result.code !== 0 && result.failed === 0) {
    failed++;
    broken.push(step.name);
  }
  if (result.code !== 0 && step.gate) break;
}
const notes = broken.length > 0 ? ` (${broken.join(', ')} did not finish)` : '';
console.log(`\nAll suites: ${passed} passed, ${failed} failed${notes}`);
process.exit(failed > 0 ? 1 : 0);
