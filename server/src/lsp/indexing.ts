// Indexing the workspace for the editor: the rebuild with its progress, the index state the extension
// shows, the rebuild request, and an "indexed" event that revalidation and the workspace check hang off.
import { Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { INDEX_STATE_NOTIFICATION, IndexState, REBUILD_INDEX_REQUEST } from '../../../shared/protocol';
import type { IndexingProgress, IndexingResult, MagentoWorkspace } from '../workspace/magentoWorkspace';
import { guard, Logger } from './safe';
import { Session } from './session';
import { count } from '../../../shared/words';

const NO_PROGRESS = { begin() {}, report() {}, done() {} } as unknown as WorkDoneProgressReporter;

export class Indexing {
  private progress?: WorkDoneProgressReporter;
  private readonly indexedListeners: Array<() => void> = [];

  constructor(
    private readonly connection: Connection,
    private readonly workspace: () => MagentoWorkspace,
    private readonly session: Session,
    private readonly log: Logger,
    private readonly logError: Logger,
    /** Run step by step once "ready" is announced, behind the requests waiting and those that come meanwhile. */
    private readonly warmUpSteps: () => Array<() => void>,
  ) {
    connection.onRequest(REBUILD_INDEX_REQUEST, guard(logError, 'rebuild', undefined, async () => {
      const result = await this.rebuild();
      return { resources: result.resources, aclFiles: result.aclFiles, modules: result.modules, milliseconds: result.milliseconds };
    }));
  }

  /** After every rebuild, once "ready" is announced. */
  onIndexed(listener: () => void): void {
    this.indexedListeners.push(listener);
  }

  /** The workspace model's progress hook. */
  progressed({ phase, done, total }: IndexingProgress): void {
    if (phase === 'reading') this.progress?.report(Math.round((100 * done) / Math.max(1, total)), `${done} of ${count(total, 'module')}`);
    this.sendState('indexing');
  }

  sendState(state: IndexState['state']): void {
    const workspace = this.workspace();
    const resources = state === 'ready' ? workspace.acl.snapshot().size : undefined;
    void this.connection.sendNotification(INDEX_STATE_NOTIFICATION, { state, resources, aclFiles: workspace.acl.fileCount, modules: workspace.modules.length });
  }

  async rebuild(): Promise<IndexingResult> {
    // Each rebuild ends its own progress: a rebuild started while another runs (a settings change at startup)
    // must not leave the first one's spinner in the status bar for good.
    const progress = await this.beginProgress('Indexing Magento ACL resources');
    this.progress = progress;
    try {
      const result = await this.workspace().index([...this.session.folders]);
      this.log(`ACL index: ${count(result.resources, 'resource')} from ${count(result.aclFiles, 'acl.xml file')} in ${count(result.modules, 'module')} (${Math.round(result.milliseconds)} ms).`);
      return result;
    } finally {
      progress.done();
      if (this.progress === progress) this.progress = undefined;
      // After the requests already waiting: a keystroke that came during the index's last slices is answered first.
      void guard(this.logError, 'warm-up', undefined, () => this.warmUp())();
      this.sendState('ready');
      for (const listener of this.indexedListeners) listener();
    }
  }

  /** A step at a time, each after the events queued meanwhile (a request waits for one step at most). */
  private async warmUp(): Promise<void> {
    for (const step of this.warmUpSteps()) {
      await new Promise((resolve) => setImmediate(resolve));
      step();
    }
  }

  private async beginProgress(title: string): Promise<WorkDoneProgressReporter> {
    if (!this.session.capabilities.progress) return NO_PROGRESS;
    try {
      const reporter = await this.connection.window.createWorkDoneProgress();
      reporter.begin(title, 0, 'Finding modules…');
      return reporter;
    } catch {
      return NO_PROGRESS;
    }
  }
}
