// The server's settings: the `magentoIntegrationKit` section and `files.exclude`, pulled where the client
// answers workspace/configuration, else as pushed with didChangeConfiguration. It holds the values and says
// what changed; it never touches the workspace (the caller applies new exclusions and re-indexes).
import { readSeveritySettings, SeveritySetting } from '../language/severitySettings';
import { Exclusions } from '../workspace/exclusions';

/** What didChangeConfiguration may carry. */
export interface PushedSettings {
  magentoIntegrationKit?: unknown;
  files?: { exclude?: unknown };
}

/** Reads a configuration section from the client (workspace/configuration); absent where it cannot. */
export type ConfigurationReader = (section: string) => Promise<unknown>;

export class SessionSettings {
  private severitiesRead: ReadonlyMap<string, SeveritySetting> = new Map();
  private workspaceCheck = true;
  private sinceCommit = true;
  private patterns: readonly string[] = [];

  constructor(private readonly pull?: ConfigurationReader) {}

  /** Each diagnostic code's severity or `off` (magentoIntegrationKit.diagnostics.severity). */
  get severities(): ReadonlyMap<string, SeveritySetting> {
    return this.severitiesRead;
  }

  /** Whether closed files of the project's own modules are checked too (magentoIntegrationKit.diagnostics.workspace). */
  get checkWorkspace(): boolean {
    return this.workspaceCheck;
  }

  /** Whether an open integration file is compared with the last commit (magentoIntegrationKit.diagnostics.sinceCommit). */
  get compareWithCommit(): boolean {
    return this.sinceCommit;
  }

  /** The folders kept out of indexing and checking (magentoIntegrationKit.exclude and files.exclude). */
  get excludePatterns(): readonly string[] {
    return this.patterns;
  }

  /** Reads the settings (pushed values first, the rest pulled); resolves whether the excluded folders changed. */
  async read(pushed?: PushedSettings): Promise<boolean> {
    let section = pushed?.magentoIntegrationKit;
    let filesExclude = pushed?.files?.exclude;
    if (this.pull) {
      section ??= await this.pull('magentoIntegrationKit');
      filesExclude ??= await this.pull('files.exclude');
    }
    const settings = section as { diagnostics?: { severity?: unknown; workspace?: unknown; sinceCommit?: unknown }; exclude?: unknown } | undefined;
    this.severitiesRead = readSeveritySettings(settings?.diagnostics?.severity);
    this.workspaceCheck = settings?.diagnostics?.workspace !== false;
    this.sinceCommit = settings?.diagnostics?.sinceCommit !== false;
    const patterns = Exclusions.patternsOf(settings?.exclude, filesExclude);
    if (patterns.join('\u0000') === this.patterns.join('\u0000')) return false;
    this.patterns = patterns;
    return true;
  }
}
