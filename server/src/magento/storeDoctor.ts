// The doctor's judgement: a store's integration tables and settings (read elsewhere, read-only) held against
// the integrations the workspace's files configure, as Magento would reconcile them. Pure: the rows come in,
// findings go out. What Magento does is from Magento 2.4.6's Integration module (ConfigBasedIntegrationManager,
// Setup/Recurring, Plugin/Integration, the oauth_token and authorization_rule tables), checked on a real store.
import { count } from '../../../shared/words';

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface StoreFinding {
  code: string;
  severity: FindingSeverity;
  integration?: string;
  message: string;
  /** The integration file it is about, when there is one (a URI) and the line of its <integration>. */
  uri?: string;
  line?: number;
}

/** An integration row of the store (never its consumer's key or secret). */
export interface StoreIntegrationRow {
  id: number;
  name: string;
  email: string | null;
  endpoint: string | null;
  identityLinkUrl: string | null;
  /** 0 inactive, 1 active, 2 reset (recreated by setup:upgrade after its configuration changed). */
  status: number;
  /** 0 made in the admin, 1 from configuration files. */
  setupType: number;
  consumerId: number | null;
}

/** A token row (never the token, its secret or verifier). */
export interface StoreTokenRow {
  id: number;
  consumerId: number;
  /** verifier, request, access: one row per consumer, its type changed in place as the handshake goes on. */
  type: string;
  revoked: boolean;
  authorized: boolean;
  createdAt?: string;
}

export interface StoreSnapshot {
  integrations: StoreIntegrationRow[];
  /** By integration id: the resources its role allows, and every resource the role has a row for. */
  rules: ReadonlyMap<number, { allowed: readonly string[]; all: readonly string[] }>;
  /** Tokens of OAuth consumers (integrations' and any other consumer's). */
  tokens: StoreTokenRow[];
  /** core_config_data at the default scope, for the paths the doctor reads. */
  config: ReadonlyMap<string, string>;
  /** patch_list's class names. */
  appliedPatches: ReadonlySet<string>;
  /** setup_module's modules. */
  installedModules: ReadonlySet<string>;
}

/** One integration as the workspace configures it. */
export interface WorkspaceIntegration {
  name: string;
  format: 'integration.xml' | 'legacy';
  module?: string;
  uri: string;
  line?: number;
  email?: string;
  endpointUrl?: string;
  identityLinkUrl?: string;
  /** What Magento stores as allowed for it (parents and the root added for integration.xml). */
  allowed: ReadonlySet<string>;
  fullAccess: boolean;
  /** Legacy ones: the module's setup code that creates it. */
  setup?: { dataPatches: readonly string[]; installData: boolean };
}

export interface DoctorContext {
  /** config.php's modules (undefined when config.php could not be read). */
  moduleStatus?: ReadonlyMap<string, boolean>;
  /** env.php's system.default settings, which win over the database's. */
  systemDefaults?: ReadonlyMap<string, string>;
}

export type IntegrationState = 'missing' | 'inactive' | 'active' | 'reset';
/** The consumer's one token row, as Magento turns it: a verifier at Activate, then a request token, then the access token. */
export type TokenState = 'none' | 'verifier' | 'request-token' | 'access-token';

export interface IntegrationReport {
  name: string;
  status: IntegrationState;
  /** Where the store's row came from. */
  setupType?: 'config' | 'admin';
  tokens: TokenState;
  inWorkspace: boolean;
  grants?: { added: string[]; removed: string[]; unknownToStore: string[] };
}

export interface StoreSettings {
  baseUrl?: string;
  secureBaseUrl?: string;
  /** oauth/consumer/enable_integration_as_bearer: 0 by default from 2.4.4. */
  bearerTokens: boolean;
  /** oauth/consumer/expiration_period, seconds (300 by default). */
  consumerExpirySeconds: number;
}

export interface DoctorReport {
  store: StoreSettings;
  integrations: IntegrationReport[];
  findings: StoreFinding[];
}

const ALL = 'Magento_Backend::all';
const ROOT = 'Magento_Backend::admin';

export function storeSettings(snapshot: Pick<StoreSnapshot, 'config'>, context: DoctorContext = {}): StoreSettings {
  const setting = (path: string) => context.systemDefaults?.get(path) ?? snapshot.config.get(path);
  const expiry = Number(setting('oauth/consumer/expiration_period'));
  return {
    baseUrl: setting('web/unsecure/base_url'),
    secureBaseUrl: setting('web/secure/base_url'),
    bearerTokens: setting('oauth/consumer/enable_integration_as_bearer') === '1',
    consumerExpirySeconds: Number.isFinite(expiry) && expiry > 0 ? expiry : 300,
  };
}

/** The store held against the workspace: each integration's state, and what breaks the app. */
export function diagnoseStore(snapshot: StoreSnapshot, workspace: readonly WorkspaceIntegration[], context: DoctorContext = {}): DoctorReport {
  const findings: StoreFinding[] = [];
  const reports: IntegrationReport[] = [];
  const store = storeSettings(snapshot, context);
  const rows = new Map(snapshot.integrations.map((row) => [row.name, row]));
  const byConsumer = new Map<number, StoreTokenRow[]>();
  for (const token of snapshot.tokens) byConsumer.set(token.consumerId, [...(byConsumer.get(token.consumerId) ?? []), token]);

  for (const integration of workspace) {
    const at = { integration: integration.name, uri: integration.uri, line: integration.line };
    const row = rows.get(integration.name);
    if (!row) {
      reports.push({ name: integration.name, status: 'missing', tokens: 'none', inWorkspace: true });
      findings.push({ code: 'store/integration-missing', severity: 'error', ...at, message: missingMessage(integration, snapshot, context) });
      continue;
    }
    const tokens = tokenState(byConsumer.get(row.consumerId ?? -1) ?? []);
    const report: IntegrationReport = { name: row.name, status: stateOf(row), setupType: row.setupType === 1 ? 'config' : 'admin', tokens, inWorkspace: true };
    reports.push(report);
    if (row.setupType !== 1) {
      findings.push({ code: 'store/integration-made-in-admin', severity: 'warning', ...at, message: `The store's "${row.name}" was made in the admin, not from configuration files: Magento keeps the admin's resources and URLs for it and never applies this file's. Delete it in the admin and run setup:upgrade for the file's to be created.` });
    }
    const drift = grantsDrift(integration, snapshot.rules.get(row.id));
    if (drift && row.setupType === 1) {
      report.grants = drift;
      if (drift.added.length > 0 || drift.removed.length > 0) findings.push({ code: 'store/grants-drift', severity: drift.removed.length > 0 ? 'error' : 'warning', ...at, message: driftMessage(integration, drift) });
      if (drift.unknownToStore.length > 0) findings.push({ code: 'store/resource-not-in-store', severity: 'info', ...at, message: `The store's ACL has no ${drift.unknownToStore.join(', ')} (their modules are not installed or enabled there): Magento drops such ids from the grant, so routes guarded by them stay closed on this store.` });
    }
    const fields = fieldDrift(integration, row);
    if (fields.length > 0 && row.setupType === 1) {
      findings.push({ code: 'store/fields-drift', severity: 'warning', ...at, message: `The store's ${fields.map((f) => `${f.label} is "${f.store ?? ''}", the file's "${f.file ?? ''}"`).join('; ')}. ${integration.format === 'integration.xml' ? 'The next setup:upgrade applies the file\'s and, since the integration changed, resets it: its tokens go and every store\'s admin must Activate it again.' : LEGACY_NOT_REAPPLIED}` });
    }
    findings.push(...stateFindings(row, tokens, at, store.consumerExpirySeconds));
  }

  // Integrations of the store the workspace does not configure, and tokens nobody owns.
  const configured = new Set(workspace.map((i) => i.name));
  for (const row of snapshot.integrations) {
    if (configured.has(row.name)) continue;
    reports.push({ name: row.name, status: stateOf(row), setupType: row.setupType === 1 ? 'config' : 'admin', tokens: tokenState(byConsumer.get(row.consumerId ?? -1) ?? []), inWorkspace: false });
    if (row.setupType === 1) findings.push({ code: 'store/integration-not-in-workspace', severity: 'info', integration: row.name, message: `The store has "${row.name}" from a configuration file this workspace does not hold (another module's, or one removed: Magento keeps an integration when its file goes; delete it in the admin if it is no longer used).` });
  }
  const owned = new Set(snapshot.integrations.map((row) => row.consumerId).filter((id): id is number => id !== null));
  // Magento makes an OAuth consumer only for an integration (and deletes it with it): a token of a consumer no
  // integration owns was left by an interrupted deletion or by hand.
  const orphans = snapshot.tokens.filter((t) => !owned.has(t.consumerId));
  if (orphans.length > 0) findings.push({ code: 'store/tokens-left-behind', severity: 'info', message: `${count(orphans.length, 'OAuth token')} ${orphans.length === 1 ? 'belongs' : 'belong'} to a consumer no integration owns (left behind by a deletion); no app can use them.` });

  findings.push(...settingFindings(store));
  return { store, integrations: reports, findings };
}

const LEGACY_NOT_REAPPLIED = 'Magento reads config.xml and api.xml only when the module\'s setup code creates or updates the integration, which ran once: setup:upgrade does not apply this change. A new data patch that calls ConfigBasedIntegrationManager::processIntegrationConfig applies it (or move to etc/integration.xml, which every setup:upgrade applies).';

function stateOf(row: StoreIntegrationRow): IntegrationState {
  return row.status === 1 ? 'active' : row.status === 2 ? 'reset' : 'inactive';
}

function tokenState(tokens: readonly StoreTokenRow[]): TokenState {
  const live = tokens.filter((t) => !t.revoked);
  if (live.some((t) => t.type === 'access')) return 'access-token';
  if (live.some((t) => t.type === 'request')) return 'request-token';
  if (live.some((t) => t.type === 'verifier')) return 'verifier';
  return 'none';
}

function missingMessage(integration: WorkspaceIntegration, snapshot: StoreSnapshot, context: DoctorContext): string {
  const head = `The store has no integration "${integration.name}".`;
  const module = integration.module;
  if (module && context.moduleStatus) {
    const enabled = context.moduleStatus.get(module);
    if (enabled === undefined) return `${head} ${module} is not in app/etc/config.php: setup:upgrade has not run since the module was added. Run bin/magento setup:upgrade.`;
    if (!enabled) return `${head} ${module} is disabled in app/etc/config.php, so Magento reads none of its files. Run bin/magento module:enable ${module}, then setup:upgrade.`;
  }
  if (integration.format === 'integration.xml') return `${head} Magento creates etc/integration.xml's integrations on every setup:upgrade: it has not run since this one was added (or the file was malformed then). Run bin/magento setup:upgrade.`;
  const setup = integration.setup;
  if (setup && setup.dataPatches.length > 0) {
    const pending = setup.dataPatches.filter((patch) => !snapshot.appliedPatches.has(patch));
    if (pending.length > 0) return `${head} Its data patch ${pending.join(', ')} has not been applied. Run bin/magento setup:upgrade.`;
    return `${head} Its data patch ${setup.dataPatches.join(', ')} is recorded as applied (patch_list), so Magento will not run it again: the integration was deleted since, or the patch did not create it. A new data patch creates it again.`;
  }
  if (setup?.installData && module) {
    if (snapshot.installedModules.has(module)) return `${head} Setup/InstallData.php runs only when ${module} is first installed, and setup_module shows it was installed before: it will never run now. Move the creation to a data patch (Setup/Patch/Data), which setup:upgrade applies once.`;
    return `${head} ${module} has not been installed yet (not in setup_module): run bin/magento setup:upgrade, which runs its Setup/InstallData.php.`;
  }
  return `${head} The legacy config.xml + api.xml pair needs setup code that calls ConfigBasedIntegrationManager::processIntegrationConfig (a data patch): ${module ?? 'the module'} has none, so Magento never creates it.`;
}

/** What the store allows against what the files grant, over the resources the store's ACL knew. */
export function grantsDrift(integration: Pick<WorkspaceIntegration, 'allowed' | 'fullAccess'>, rules: { allowed: readonly string[]; all: readonly string[] } | undefined): IntegrationReport['grants'] {
  const storeAllowed = new Set(rules?.allowed ?? []);
  if (integration.fullAccess || storeAllowed.has(ALL)) {
    const same = integration.fullAccess === storeAllowed.has(ALL);
    return same ? { added: [], removed: [], unknownToStore: [] } : integration.fullAccess ? { added: [], removed: [ALL], unknownToStore: [] } : { added: [ALL], removed: [], unknownToStore: [] };
  }
  // Magento writes a row (allow or deny) for every resource its ACL held then: the rows tell what it knew.
  const known = new Set(rules?.all ?? []);
  const knows = (id: string) => known.size === 0 || known.has(id);
  const expected = [...integration.allowed];
  return {
    added: [...storeAllowed].filter((id) => !integration.allowed.has(id)).sort(),
    removed: expected.filter((id) => knows(id) && !storeAllowed.has(id) && id !== ROOT).sort(),
    unknownToStore: expected.filter((id) => !knows(id)).sort(),
  };
}

function driftMessage(integration: WorkspaceIntegration, drift: NonNullable<IntegrationReport['grants']>): string {
  const parts = [
    drift.removed.length > 0 ? `the files grant ${drift.removed.join(', ')}, which the store does not allow (the app's calls needing them are refused with 401)` : '',
    drift.added.length > 0 ? `the store allows ${drift.added.join(', ')}, which the files no longer grant` : '',
  ].filter(Boolean);
  const next = integration.format === 'integration.xml'
    ? 'The next setup:upgrade grants what the files say and, because the resources changed, deletes and recreates the integration (status Reset): its consumer and tokens go, and every store\'s admin must Activate it again.'
    : LEGACY_NOT_REAPPLIED;
  return `The store's grants differ from the files': ${parts.join('; ')}. ${next}`;
}

function fieldDrift(integration: WorkspaceIntegration, row: StoreIntegrationRow): Array<{ label: string; store: string | null; file?: string }> {
  const fields: Array<{ label: string; store: string | null; file?: string }> = [
    { label: 'email', store: row.email, file: integration.email },
    { label: 'endpoint URL', store: row.endpoint, file: integration.endpointUrl },
    { label: 'identity link URL', store: row.identityLinkUrl, file: integration.identityLinkUrl },
  ];
  // Magento keeps a stored value when the file leaves the field out.
  return fields.filter((f) => f.file !== undefined && (f.store ?? '') !== f.file);
}

function stateFindings(row: StoreIntegrationRow, state: TokenState, at: { integration: string; uri: string; line?: number }, expirySeconds: number): StoreFinding[] {
  const findings: StoreFinding[] = [];
  if (row.status === 2) {
    findings.push({ code: 'store/integration-reset', severity: 'warning', ...at, message: `setup:upgrade reset "${row.name}" after its configuration changed: Magento deleted it with its consumer and tokens and created it again (the admin shows Reset). The app's credentials no longer work until an admin clicks Activate and the app completes the handshake again.` });
  } else if (row.status === 0 && (state === 'verifier' || state === 'request-token')) {
    const held = state === 'verifier' ? 'a verifier: the app has not asked for a request token' : 'a request token: the app has not exchanged it for the access token';
    findings.push({ code: 'store/handshake-not-finished', severity: 'warning', ...at, message: `Activate posted the credentials to ${row.endpoint ?? 'the endpoint'}, but the handshake stopped there: the consumer holds ${held}. Magento takes the exchange within ${expirySeconds} seconds of Activate (oauth/consumer/expiration_period), then answers "Consumer key has expired": fix the app, then an admin clicks Reauthorize.` });
  } else if (row.status === 0) {
    const how = row.endpoint
      ? `Magento posts the consumer's credentials to its endpoint ${row.endpoint}, and the app exchanges them for an access token`
      : 'with no endpoint set, Magento issues the access token at once and shows it with its secret in the admin, to be given to the app';
    findings.push({ code: 'store/integration-inactive', severity: 'info', ...at, message: `"${row.name}" is not activated: an admin clicks Activate (System > Extensions > Integrations); ${how}.` });
  } else if (state !== 'access-token') {
    findings.push({ code: 'store/active-without-token', severity: 'warning', ...at, message: `"${row.name}" is active but its consumer holds no access token (deleted or revoked): the app's calls are refused. Reauthorize it in the admin.` });
  }
  if (row.setupType === 0 && !row.endpoint && state === 'access-token') {
    findings.push({ code: 'store/token-already-issued', severity: 'info', ...at, message: `"${row.name}" was made in the admin without an endpoint: Magento issued its access token and secret at Activate (the admin showed them). The app uses those directly; asking /oauth/token/request instead fails with "Consumer key has expired" once the consumer is older than its expiry window.` });
  }
  return findings;
}

function settingFindings(store: StoreSettings): StoreFinding[] {
  const findings: StoreFinding[] = [];
  findings.push({ code: 'store/bearer-tokens', severity: 'info', message: store.bearerTokens
    ? 'Integration access tokens are accepted as Bearer tokens (oauth/consumer/enable_integration_as_bearer = 1): apps may send "Authorization: Bearer <access token>" instead of signing each call.'
    : 'Integration access tokens are not accepted as Bearer tokens (oauth/consumer/enable_integration_as_bearer = 0, the default from 2.4.4): every REST call must be OAuth 1.0a-signed, or it is answered as a guest\'s (401).' });
  findings.push({ code: 'store/consumer-expiry', severity: 'info', message: `A consumer's credentials must be exchanged for a request token within ${store.consumerExpirySeconds} seconds of Activate (oauth/consumer/expiration_period); later, Magento answers "Consumer key has expired".` });
  const base = store.secureBaseUrl && /^https:/i.test(store.secureBaseUrl) ? store.secureBaseUrl : store.baseUrl;
  if (base && /^http:/i.test(base)) findings.push({ code: 'store/base-url-insecure', severity: 'info', message: `The store's base URL is ${base} (HTTP): Magento posts the consumer key and secret to the endpoint as store_base_url says, and apps sign against it; production stores serve HTTPS.` });
  return findings;
}
