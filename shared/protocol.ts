// Custom messages between the extension and the server, and the shapes they carry: the one file of
// the protocol both sides import (the client reaches the server side only through shared/). Each message
// is a typed object (params and result), so neither side names a method string or restates a type.
import { NotificationType, Range, RequestType, RequestType0, WorkspaceEdit } from 'vscode-languageserver-protocol';

// The shapes the messages carry: defined here, and imported by the server side that builds them.

/** A REST route of etc/webapi.xml. */
export interface WebapiRoute {
  method: string;
  /** As written in webapi.xml, e.g. `/V1/orders/:id` (Magento adds `/rest/<store code>`). */
  url: string;
  /** `Class::method`. */
  service?: string;
  /** All must be allowed (`anonymous`: no token; `self`: a customer's own data). */
  resources: string[];
  module?: string;
  /** Where a workspace's webapi.xml declares it (the `<route>` line, 0-based); none for the bundled core routes. */
  declaration?: { uri: string; line: number };
}

/** Whether an integration may call a route, and what it lacks if not. */
export type RouteVerdict =
  | { allowed: true }
  | { allowed: false; reason: 'self'; missing: string[] }
  | { allowed: false; reason: 'not-granted'; missing: string[] };

/** A resource of the "Magento ACL" view. */
export interface AclViewNode {
  id: string;
  title?: string;
  parentId?: string;
  /** Where a title is given (the first is where "go to declaration" goes); empty for ids known only from the bundled catalog. */
  declarations: Array<{ uri: string; range: Range }>;
  /** The module that declares it, when only the bundled catalog knows it. */
  catalogModule?: string;
  disabled: boolean;
}

/** A row of the "Integrations" view. */
export interface IntegrationSummary {
  name: string;
  /** `integration.xml` (2.2+) or `legacy` (etc/integration/config.xml and api.xml). */
  format: 'integration.xml' | 'legacy';
  module?: string;
  /** Under vendor/: shown, but not offered for editing. */
  vendor: boolean;
  /** Its files, with the lines its `<integration>` element spans in each (0-based, inclusive). */
  files: Array<{ uri: string; kind: 'integration' | 'integration-config' | 'integration-api'; lines?: { start: number; end: number } }>;
  email?: string;
  endpointUrl?: string;
  identityLinkUrl?: string;
  resources: string[];
  /** How many REST routes its grants open (as Magento checks them). */
  routes: number;
}

export type Layout = 'current' | 'legacy';
export type SetupStyle = 'data-patch' | 'install-data';

/** An integration to generate or add, as the wizard and the CLI collect it. */
export interface IntegrationInput {
  name: string;
  email: string;
  endpointUrl?: string;
  identityLinkUrl?: string;
  /** ACL ids to grant; parents are added by the generator. */
  resources: string[];
}

export interface ModuleInput {
  vendor: string;
  module: string;
  integration: IntegrationInput;
  layout: Layout;
  setup: SetupStyle;
}

export interface IndexState {
  state: 'indexing' | 'ready';
  /** Merged resources; only once ready (merging on every batch would slow indexing down). */
  resources?: number;
  aclFiles: number;
  modules: number;
}

export interface RebuildResult {
  resources: number;
  aclFiles: number;
  modules: number;
  milliseconds: number;
}

export const INDEX_STATE_NOTIFICATION = new NotificationType<IndexState>('magentoIntegrationKit/indexState');
/** Undefined when the rebuild failed (the server's output channel says why). */
export const REBUILD_INDEX_REQUEST = new RequestType0<RebuildResult | undefined, void>('magentoIntegrationKit/rebuildIndex');

/**
 * Node flags the extension starts the server with: a small young generation keeps peak memory about
 * 25 MB lower while indexing a large tree, at no cost in speed; one V8 worker thread instead of four
 * saves about 6 MB more (each thread's allocations) and indexes faster on a 2-core machine (npm run bench).
 * V8's optimize-for-size was measured and left out: 14 MB less, but every id listed 10% later, an ACL
 * merge twice as slow and a large api.xml's diagnostics 7 -> 9-20 ms.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--v8-pool-size=1'];
/** The folder where dist/server.js has Node (22.1+) keep the bundle's compiled code between starts; `off`: none. */
export const COMPILE_CACHE_ENV = 'MIK_COMPILE_CACHE';

// Scaffolding: the client gathers answers; the server checks them against the project and generates.
/** Undefined when the server could not read the project (its output channel says why). */
export const SCAFFOLD_CONTEXT_REQUEST = new RequestType0<ScaffoldContext | undefined, void>('magentoIntegrationKit/scaffoldContext');
export const ACL_TREE_REQUEST = new RequestType0<AclTreeItem[], void>('magentoIntegrationKit/aclTree');
export const CREATE_MODULE_REQUEST = new RequestType<{ input: ModuleInput; target: ScaffoldTarget }, CreateModuleResult, void>('magentoIntegrationKit/createModule');
export const ADD_INTEGRATION_REQUEST = new RequestType<{ moduleRoot: string; integration: IntegrationInput }, EditResult, void>('magentoIntegrationKit/addIntegration');
export const ADD_RESOURCES_REQUEST = new RequestType<{ uri: string; kind: 'integration' | 'integration-api'; integration: string; resources: string[] }, EditResult, void>('magentoIntegrationKit/addResources');

/** Where a new module can go: `app-code` gets Vendor/Module below it; `module-root` is the module itself. */
export interface ScaffoldTarget {
  label: string;
  folder: string;
  kind: 'app-code' | 'module-root';
}

export interface ScaffoldContext {
  targets: ScaffoldTarget[];
  /** The project's own modules (not vendor/), for "Add Integration to Module". */
  modules: Array<{ name: string; root: string; layout: 'current' | 'legacy' | 'none' }>;
  /** Integrations of the project's own modules, with the file their resources live in. */
  /** With the ids each already grants (integration.xml, or api.xml for the legacy layout). */
  integrations: Array<{ name: string; module: string; uri: string; kind: 'integration' | 'integration-api'; resources: string[]; endpointUrl?: string; identityLinkUrl?: string }>;
  /** Every module and integration name in the workspace, vendor/ included: new ones must differ. */
  moduleNames: string[];
  integrationNames: string[];
  indexComplete: boolean;
}

export interface AclTreeItem {
  id: string;
  title?: string;
  breadcrumb: string;
  depth: number;
}

/** Each scaffolding request answers with `error` (nothing was changed) or its result. */
export interface CreateModuleResult {
  error?: string;
  created?: string[];
  integrationFile?: string;
  warnings?: string[];
}

export interface EditResult {
  error?: string;
  /** Absent when there is nothing to change. */
  edit?: WorkspaceEdit;
  /** The file to show afterwards. */
  openUri?: string;
  changedFiles?: number;
}

// The editor's views: the merged ACL tree and the workspace's integrations (shapes in workspace/views.ts).
export const ACL_VIEW_REQUEST = new RequestType0<AclViewNode[], void>('magentoIntegrationKit/aclView');
export const INTEGRATIONS_VIEW_REQUEST = new RequestType0<IntegrationSummary[], void>('magentoIntegrationKit/integrationsView');
export const INTEGRATION_ROUTES_REQUEST = new RequestType<{ name: string }, WebapiRoute[], void>('magentoIntegrationKit/integrationRoutes');
export const ROUTES_REQUEST = new RequestType0<WebapiRoute[], void>('magentoIntegrationKit/routes');
export interface IntegrationAccessResult {
  name: string;
  routes: Array<{ route: WebapiRoute; verdict: RouteVerdict }>;
}
/** Every route of the workspace with one integration's verdict (the simulated store grants exactly that); null when no file configures it. */
export const INTEGRATION_ACCESS_REQUEST = new RequestType<{ name: string }, IntegrationAccessResult | null, void>('magentoIntegrationKit/integrationAccess');

/** "Export API Collection…": an integration's routes as Postman (one file) or Bruno (a folder's files), no secret inside. */
export interface ApiCollectionParams {
  name: string;
  format: 'postman' | 'bruno';
  storeUrl?: string;
}
export interface ApiCollectionResult {
  routes: number;
  /** Relative path → text: one `<name>.postman_collection.json`, or the Bruno collection's files. */
  files: Record<string, string>;
}
export const API_COLLECTION_REQUEST = new RequestType<ApiCollectionParams, ApiCollectionResult | null, void>('magentoIntegrationKit/apiCollection');

/** "Check Integrations Against Store…": the Magento root's env.php names the database, unless a URL is given. */
export interface CheckStoreParams {
  /** mysql://user@host:port/database (?socket=…&prefix=…), without the password. */
  databaseUrl?: string;
  /** The database password, from SecretStorage; never logged. */
  password?: string;
  storeUrl?: string;
}

/** The doctor's report, as `doctor --format json` prints it. */
export interface StoreCheckReport {
  store: { database: string; baseUrl?: string; secureBaseUrl?: string; bearerTokens: boolean; consumerExpirySeconds: number; authorizationHeader: 'passes' | 'stripped' | 'unknown' | 'not probed' };
  integrations: Array<{ name: string; status: 'missing' | 'inactive' | 'active' | 'reset'; setupType?: 'config' | 'admin'; tokens: 'none' | 'verifier' | 'request-token' | 'access-token'; inWorkspace: boolean; grants?: { added: string[]; removed: string[]; unknownToStore: string[] } }>;
  findings: Array<{ code: string; severity: 'error' | 'warning' | 'info'; integration?: string; message: string; uri?: string; line?: number }>;
}

/** A report, or why there is none and what to ask the user for. */
export type CheckStoreResult = { report: StoreCheckReport } | { error: string; needs?: 'database' | 'credentials' | 'store-url' };

export const CHECK_STORE_REQUEST = new RequestType<CheckStoreParams, CheckStoreResult, void>('magentoIntegrationKit/checkStore');
