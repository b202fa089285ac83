// Which Magento file a path is, from its location in the module.

export type MagentoFileKind =
  | 'acl'
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

const SUFFIXES: Array<[string, MagentoFileKind]> = [
  ['/etc/integration/api.xml', 'integration-api'],
  ['/etc/integration/config.xml', 'integration-config'],
  ['/etc/adminhtml/system.xml', 'system'],
  ['/etc/adminhtml/menu.xml', 'menu'],
  ['/etc/integration.xml', 'integration'],
  ['/etc/webapi.xml', 'webapi'],
  ['/etc/acl.xml', 'acl'],
  ['/etc/module.xml', 'module'],
  ['/registration.php', 'registration'],
  ['/composer.json', 'composer'],
];

export function fileKindOf(pathOrUri: string): MagentoFileKind | undefined {
  const path = pathOrUri.replace(/\\/g, '/');
  for (const [suffix, kind] of SUFFIXES) {
    if (path.endsWith(suffix)) return kind;
  }
  return path.endsWith('.php') ? 'php' : undefined;
}
