// Pull diagnostics (LSP 3.17) for clients that support them: the workspace check's results are kept here
// with a result id per file, and each workspace/diagnostic request gets what changed since the ids the
// client holds ("unchanged" for the rest). Clients without pull get the same results pushed.
import { Diagnostic, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver';

interface Report {
  resultId: string;
  diagnostics: Diagnostic[];
  /** The diagnostics as JSON, to tell a real change from a re-check with the same result. */
  key: string;
}

export class DiagnosticReports {
  private readonly reports = new Map<string, Report>();
  private next = 0;

  /**
   * Records a file's diagnostics; the result id changes only when they do, or when `fresh`: a file just
   * closed, whose editor's own (pulled per document) diagnostics the client must replace with these even
   * where they equal the last workspace report it holds.
   */
  set(uri: string, diagnostics: Diagnostic[], fresh = false): void {
    const key = JSON.stringify(diagnostics);
    if (!fresh && this.reports.get(uri)?.key === key) return;
    this.reports.set(uri, { resultId: `${++this.next}`, diagnostics, key });
  }

  get size(): number {
    return this.reports.size;
  }

  /** Every file's report: in full where the client's result id is not the current one, else "unchanged". */
  workspaceReport(previous: ReadonlyArray<{ uri: string; value: string }>): WorkspaceDocumentDiagnosticReport[] {
    const held = new Map(previous.map(({ uri, value }) => [uri, value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const [uri, report] of this.reports) {
      items.push(held.get(uri) === report.resultId
        ? { kind: 'unchanged', uri, resultId: report.resultId, version: null }
        : { kind: 'full', uri, resultId: report.resultId, items: report.diagnostics, version: null });
    }
    return items;
  }
}
