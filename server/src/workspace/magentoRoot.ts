// The Magento project a path belongs to, so a module linted on its own is checked against the whole
// project's ACL tree, and app/etc/config.php is found.
import * as path from 'node:path';
import { WorkspaceFileSystem } from './fileSystem';

/** The nearest folder at or above `start` that looks like a Magento root (app/etc/di.xml or app/etc/env.php). */
export function findMagentoRoot(fs: WorkspaceFileSystem, start: string): string | undefined {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    if (fs.isFile(path.join(folder, 'app', 'etc', 'di.xml')) || fs.isFile(path.join(folder, 'app', 'etc', 'env.php'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}
