// What an edit reaches: the open files whose diagnostics may change when some files change (the editor
// re-checks those, not every open file on every keystroke).
import { fileKindOf, isAclTreeKind, isIntegrationKind } from '../magento/fileKinds';

/**
 * The open files whose diagnostics may change when `changed` changes: every one when the ACL tree or the
 * module graph moves (acl.xml, module.xml, registration.php, config.php); for an integration file, the
 * other integration files (merged by name) and the files of its module; for PHP, the files of its
 * module (setup calls); nothing else for the files that only refer to ids.
 */
export function affectedOpenFiles(changed: readonly string[], openFiles: readonly string[], componentOf: (file: string) => { root: string } | undefined): string[] {
  const result = new Set<string>();
  for (const file of changed) {
    const kind = fileKindOf(file);
    if (isAclTreeKind(kind) || kind === 'module' || kind === 'registration' || file.replace(/\\/g, '/').endsWith('/app/etc/config.php')) return [...openFiles];
    // A route or an admin file that starts or stops using an id changes what an integration's grants open.
    if (kind === 'webapi' || kind === 'menu' || kind === 'system') {
      for (const open of openFiles) if (isIntegrationKind(fileKindOf(open))) result.add(open);
      continue;
    }
    if (!isIntegrationKind(kind) && kind !== 'php') continue;
    const root = componentOf(file)?.root;
    for (const open of openFiles) {
      if (open === file) continue;
      if ((root !== undefined && componentOf(open)?.root === root) || (isIntegrationKind(kind) && isIntegrationKind(fileKindOf(open)))) result.add(open);
    }
  }
  return [...result];
}
