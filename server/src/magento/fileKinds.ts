// Which Magento file a path is, from its location in the module: the one list of the files this
// project reads, with their paths inside a module root.

export type MagentoFileKind =
  | 'acl'
  | 'company-acl'
  | 'integration'
  | 'integration-api'
  | 'integration-config'
  | 'webapi'
  | 'system'
  | 'menu'
  | 'module'
  | 'registration'
  | 'composer'
  | 'php';

/** Every Magento file with a fixed place in a module, by its path relative to the module root. */
export const MODULE_FILES: ReadonlyArray<{ kind: MagentoFileKind; path: string }> = [
  { kind: 'integration-api', path: 'etc/integration/api.xml' },
  { kind: 'integration-config', path: 'etc/integration/config.xml' },
  { kind: 'system', path: 'etc/adminhtml/system.xml' },
  { kind: 'menu', path: 'etc/adminhtml/menu.xml' },
  { kind: 'integration', path: 'etc/integration.xml' },
  { kind: 'webapi', path: 'etc/webapi.xml' },
  { kind: 'acl', path: 'etc/acl.xml' },
  { kind: 'company-acl', path: 'etc/company_acl.xml' },
  { kind: 'module', path: 'etc/module.xml' },
  { kind: 'registration', path: 'registration.php' },
  { kind: 'composer', path: 'composer.json' },
];

/** Asked for every module's files on every scan: looked up, not searched. */
const MODULE_PATHS: ReadonlyMap<MagentoFileKind, string> = new Map(MODULE_FILES.map((f) => [f.kind, f.path]));

export function modulePathOf(kind: MagentoFileKind): string {
  const found = MODULE_PATHS.get(kind);
  if (found === undefined) throw new Error(`${kind} has no fixed place in a module`);
  return found;
}

/** The integration configuration files: the current one and the legacy pair. */
export const INTEGRATION_KINDS = ['integration', 'integration-config', 'integration-api'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

export function isIntegrationKind(kind: MagentoFileKind | undefined): kind is IntegrationKind {
  return kind === 'integration' || kind === 'integration-config' || kind === 'integration-api';
}

/** Files that declare an ACL tree: the admin ACL, and B2B's storefront company ACL. */
export function isAclTreeKind(kind: MagentoFileKind | undefined): kind is 'acl' | 'company-acl' {
  return kind === 'acl' || kind === 'company-acl';
}

/** Files whose ACL ids other features look up (find references reads these, and PHP). */
export const REFERENCE_KINDS: readonly MagentoFileKind[] = ['integration', 'integration-api', 'webapi', 'system', 'menu'];

/** Glob patterns for a file watcher: every file whose change can alter a cross-file fact. */
export const WATCHED_GLOBS: readonly string[] = [...MODULE_FILES.map((f) => `**/${f.path}`), '**/app/etc/config.php', '**/*.php'];

export function fileKindOf(pathOrUri: string): MagentoFileKind | undefined {
  const path = pathOrUri.replace(/\\/g, '/');
  for (const { path: relative, kind } of MODULE_FILES) {
    if (path.endsWith(`/${relative}`)) return kind;
  }
  return path.endsWith('.php') ? 'php' : undefined;
}
