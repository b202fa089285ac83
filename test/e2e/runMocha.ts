// Runs mocha inside the extension host and writes its spec output to the file the harness reads
// (MIK_E2E_REPORT); resolves on success, rejects on any failure, as extensionTestsPath modules do.
import { appendFileSync } from 'node:fs';
import { format } from 'node:util';

export function runMocha(loadSuites: () => void, timeoutMs = 60000): Promise<void> {
  // mocha 12 may expose its constructor under a property.
  const loaded = require('mocha');
  const Mocha = loaded.Mocha ?? loaded.default ?? loaded;
  const report = process.env.MIK_E2E_REPORT;
  const write = (...args: unknown[]) => {
    const line = `${format(...args)}\n`;
    if (report) appendFileSync(report, line);
    else process.stdout.write(line);
  };
  Mocha.reporters.Base.consoleLog = write;
  Mocha.reporters.Base.useColors = false;
  // E2E_GREP runs only the tests whose titles match (while working on one flow).
  const mocha = new Mocha({ ui: 'bdd', timeout: timeoutMs, reporter: 'spec', grep: process.env.E2E_GREP });
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  loadSuites();
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures: number) => {
        write(`${runner.stats.passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} e2e tests failed`));
        else resolve();
      });
    } catch (error) {
      write(`mocha crashed: ${String(error)}`);
      reject(error);
    }
  });
}
