// The editor's `lint --base HEAD`: when an open integration file's configuration differs from the last commit in
// a way the stores feel, the `<integration>` line says so (integration/reset-on-upgrade, change-not-applied),
// so that the change is made on purpose. Git runs off the keystroke path; the result joins the document's
// other diagnostics when it arrives.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { fileKindOf, INTEGRATION_KINDS, isIntegrationKind, modulePathOf } from '../magento/fileKinds';
import { changeMessage } from '../magento/integrationChange';
import { DiagnosticCode } from '../language/diagnosticCodes';
import { withDescription } from '../language/diagnosticDocs';
import { changesSinceCommit } from '../workspace/committedChanges';
import { CommittedFiles } from '../workspace/gitBase';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { pathOfUri, uriOfPath } from '../workspace/uris';
import { Debouncer } from './debounce';
import { OpenFiles } from './openFiles';
import { guard, Logger } from './safe';
import * as path from 'node:path';

/** Git waits for a pause in typing this long. */
const COMPARE_DELAY_MS = 400;

export class CommittedDiagnostics {
  private readonly byUri = new Map<string, Diagnostic[]>();
  private readonly timers = new Debouncer();
  private readonly committed = new CommittedFiles();

  constructor(
    private readonly workspace: MagentoWorkspace,
    private readonly openFiles: OpenFiles,
    private readonly enabled: () => boolean,
    /** A document's diagnostics from here changed: publish them again. */
    private readonly republish: (uri: string) => void,
    private readonly logError: Logger,
  ) {}

  /** This document's diagnostics from the comparison (none until it has run). */
  diagnosticsOf(uri: string): Diagnostic[] {
    return this.enabled() ? this.byUri.get(uri) ?? [] : [];
  }

  /** An integration file was opened, edited or saved: its module is compared again after a pause. */
  changed(file: string): void {
    const kind = fileKindOf(file);
    if (!kind || !isIntegrationKind(kind) || !this.enabled()) return;
    // The module's root from the file's own place (no disk access on a keystroke).
    const suffix = path.join(...modulePathOf(kind).split('/'));
    if (!file.endsWith(path.sep + suffix)) return;
    const root = file.slice(0, -suffix.length - 1);
    const run = () => {
      // Compared once the index is complete: the grants are judged against the whole ACL tree.
      if (!this.workspace.isComplete) this.timers.schedule(root, COMPARE_DELAY_MS, run);
      else void guard(this.logError, 'changes since the last commit', undefined, (folder: string) => this.compare(folder))(root);
    };
    this.timers.schedule(root, COMPARE_DELAY_MS, run);
  }

  private async compare(root: string): Promise<void> {
    const files = INTEGRATION_KINDS.map((kind) => path.join(root, modulePathOf(kind)));
    const found = await changesSinceCommit(root, (file) => this.openFiles.document(file)?.getText() ?? this.workspace.readText(file), this.committed, () => this.workspace.acl.snapshot());
    const next = new Map<string, Diagnostic[]>(files.map((file) => [uriOfPath(file), []]));
    for (const change of found?.changes ?? []) {
      // Said on each file of the module that configures the integration (the legacy pair: both).
      for (const configuration of found!.now.filter((c) => c.name === change.name && c.lines)) {
        const line = configuration.lines!.start;
        const file = pathOfUri(configuration.uri);
        const text = (file !== undefined ? this.openFiles.document(file)?.getText() ?? this.workspace.readText(file) : undefined) ?? '';
        next.get(configuration.uri)?.push(withDescription({
          range: { start: { line, character: 0 }, end: { line, character: lineLength(text, line) } },
          severity: DiagnosticSeverity.Warning, source: 'magento',
          code: change.format === 'integration.xml' ? DiagnosticCode.resetOnUpgrade : DiagnosticCode.changeNotApplied,
          message: changeMessage(change, 'the last commit'),
        }));
      }
    }
    for (const [uri, diagnostics] of next) {
      const before = this.byUri.get(uri) ?? [];
      if (JSON.stringify(before) === JSON.stringify(diagnostics)) continue;
      if (diagnostics.length > 0) this.byUri.set(uri, diagnostics);
      else this.byUri.delete(uri);
      this.republish(uri);
    }
  }
}

function lineLength(text: string, line: number): number {
  return text.split('\n')[line]?.replace(/\r$/, '').length ?? 0;
}
