// The store doctor: a live store held against the workspace. It reads the store's database (from the Magento
// root's env.php, or a URL), read-only, and probes the store over HTTP with no one's credentials; the
// judgement itself is magento/storeDoctor's.
import { DatabaseTarget, readDatabaseUrl, readDeploymentConfig, readModuleStatus } from '../magento/deploymentConfig';
import { diagnoseStore, DoctorReport, StoreFinding } from '../magento/storeDoctor';
import type { WorkspaceFileSystem } from '../workspace/fileSystem';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { integrationsForStore, readDeploymentFiles } from '../workspace/storeInputs';
import { HEADER_FIXES, probeAuthorizationHeader, ProbeVerdict } from './authorizationProbe';
import { readStoreSnapshot, StoreDatabaseError } from './storeDatabase';
import type { StoreCheckReport } from '../../../shared/protocol';

export interface DoctorOptions {
  /** The Magento root: its env.php names the database, its modules are the workspace. */
  root: string;
  /** A database URL instead of env.php's. */
  databaseUrl?: string;
  /** The password for `databaseUrl`, given apart (the editor keeps it in SecretStorage). */
  password?: string;
  /** The database, already resolved (the editor passes it, its password from SecretStorage). */
  database?: DatabaseTarget;
  /** The store's base URL instead of core_config_data's. */
  storeUrl?: string;
  /** Skip the HTTP probe. */
  noProbe?: boolean;
  timeoutMs?: number;
}

export interface DoctorResult extends DoctorReport {
  database: string;
  probe?: ProbeVerdict;
}

/** A failure that stops the doctor, and what would get past it: a database, its credentials, the store's URL. */
export class DoctorFailure extends Error {
  constructor(message: string, readonly needs?: 'database' | 'credentials' | 'store-url') {
    super(message);
  }
}

export async function runDoctor(options: DoctorOptions, fs: WorkspaceFileSystem, workspace?: MagentoWorkspace): Promise<DoctorResult> {
  const files = readDeploymentFiles(fs, options.root);
  const deployment = files.env ? readDeploymentConfig(files.env) : undefined;
  let target = options.database;
  if (!target && options.databaseUrl) {
    const parsed = readDatabaseUrl(options.databaseUrl);
    if (typeof parsed === 'string') throw new DoctorFailure(parsed, 'database');
    target = options.password !== undefined ? { ...parsed, password: options.password } : parsed;
  }
  if (!target) {
    if (!deployment) throw new DoctorFailure(`${files.envProblem ?? 'app/etc/env.php could not be read'}: give the database with --db mysql://user:password@host:port/database.`, 'database');
    if (!deployment.database) throw new DoctorFailure(`${deployment.databaseProblem}: give it with --db.`, 'database');
    target = deployment.database;
  }

  let model = workspace;
  if (!model) {
    model = new MagentoWorkspace(fs);
    await model.index([options.root]);
  }
  const integrations = integrationsForStore(model, fs);

  let snapshot;
  try {
    snapshot = await readStoreSnapshot(target, { timeoutMs: options.timeoutMs });
  } catch (error) {
    if (!(error instanceof StoreDatabaseError)) throw error;
    throw new DoctorFailure(error.message, error.kind === 'refused' ? 'credentials' : 'database');
  }
  const report = diagnoseStore(snapshot, integrations, { moduleStatus: files.config ? readModuleStatus(files.config) : undefined, systemDefaults: deployment?.systemDefaults });
  const result: DoctorResult = { ...report, database: `${target.database}${target.socketPath ? ` (socket ${target.socketPath})` : ` on ${target.host}:${target.port}`}` };

  if (!options.noProbe) {
    const base = options.storeUrl ?? report.store.baseUrl;
    if (!base) throw new DoctorFailure('The store has no web/unsecure/base_url in core_config_data: give its URL with --store-url.', 'store-url');
    if (!/^https?:\/\//i.test(base)) throw new DoctorFailure(`The store URL "${base}" is not an http(s) URL: give it with --store-url.`, 'store-url');
    const probe = await probeAuthorizationHeader(base, { timeoutMs: options.timeoutMs });
    result.probe = probe;
    if (probe.verdict === 'unreachable') throw new DoctorFailure(`Cannot reach the store at ${probe.url}: ${probe.error}. Give its URL with --store-url if the database's base URL is not the one this machine reaches.`, 'store-url');
    result.findings.push(...probeFindings(probe));
  }
  return result;
}

function probeFindings(probe: ProbeVerdict): StoreFinding[] {
  if (probe.verdict === 'stripped') {
    return [{
      code: 'store/authorization-header-stripped', severity: 'error',
      message: `The web server drops the Authorization header before Magento sees it: GET ${probe.url} with an OAuth header came back as a guest's 401 ("The consumer isn't authorized…"), where Magento answers such a header itself. Every signed call of every app is then refused as "The consumer isn't authorized to access %resources" (magento/magento2#38426). Fix: ${HEADER_FIXES.join('; ')}.`,
    }];
  }
  if (probe.verdict === 'unknown') {
    return [{ code: 'store/authorization-header-unknown', severity: 'info', message: `Could not tell whether the Authorization header reaches Magento: GET ${probe.url} answered ${probe.guest.status} without it and ${probe.withHeader.status} with it (not Magento's REST answers; is --store-url the store's?).` }];
  }
  return [];
}

/** The report as `doctor --format json` prints it and the editor receives it. */
export function doctorJson(result: DoctorResult): StoreCheckReport {
  return {
    store: {
      database: result.database, baseUrl: result.store.baseUrl, secureBaseUrl: result.store.secureBaseUrl,
      bearerTokens: result.store.bearerTokens, consumerExpirySeconds: result.store.consumerExpirySeconds,
      authorizationHeader: result.probe ? (result.probe.verdict === 'passes' ? 'passes' : result.probe.verdict === 'stripped' ? 'stripped' : 'unknown') : 'not probed',
    },
    integrations: result.integrations.map((i) => ({ name: i.name, status: i.status, setupType: i.setupType, tokens: i.tokens, inWorkspace: i.inWorkspace, ...(i.grants ? { grants: i.grants } : {}) })),
    findings: result.findings.map((f) => ({ code: f.code, severity: f.severity, integration: f.integration, message: f.message, ...(f.uri ? { uri: f.uri, line: f.line } : {}) })),
  };
}
