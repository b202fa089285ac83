// The pulled workspace report: a result id per file that changes with its diagnostics, and on a file's
// close, so the client replaces what the file's editor showed even when the disk says the same as before.
import * as assert from 'node:assert/strict';
import { DiagnosticReports } from '../../server/src/lsp/diagnosticReports';

describe('DiagnosticReports', () => {
  const uri = 'file:///p/etc/webapi.xml';

  it('answers "unchanged" while a file\'s diagnostics stay the same, in full once they change', () => {
    const reports = new DiagnosticReports();
    reports.set(uri, []);
    const [first] = reports.workspaceReport([]);
    assert.equal(first.kind, 'full');
    reports.set(uri, []);
    assert.equal(reports.workspaceReport([{ uri, value: first.resultId! }])[0].kind, 'unchanged');
  });

  it('answers in full after a file is closed, even with the same diagnostics', () => {
    const reports = new DiagnosticReports();
    reports.set(uri, []);
    const [first] = reports.workspaceReport([]);
    reports.set(uri, [], true);
    const [after] = reports.workspaceReport([{ uri, value: first.resultId! }]);
    assert.equal(after.kind, 'full');
    assert.notEqual(after.resultId, first.resultId);
  });
});
