// The Magento project a path belongs to, so a module linted on its own is checked against the whole
// project's ACL tree.
import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** The nearest folder at or above `start` that looks like a Magento root (app/etc/di.xml or app/etc/env.php). */
export function findMagentoRoot(start: string): string | undefined {
  for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, 'app', 'etc', 'di.xml')) || existsSync(path.join(folder, 'app', 'etc', 'env.php'))) return folder;
    if (path.dirname(folder) === folder) return undefined;
  }
}
