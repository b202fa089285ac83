// Which module a file belongs to, by name: from its module root's etc/module.xml, registration.php or
// app/code location. Names are cached per module root; roots come from moduleRootOf.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { moduleRootOf } from './moduleLocator';
import { moduleNameFromAppCodePath, moduleNameFromModuleXml, moduleNameFromRegistration } from './moduleNames';

export class ModuleNameResolver {
  private readonly byRoot = new Map<string, string | undefined>();

  nameOf(file: string): string | undefined {
    const root = moduleRootOf(file);
    if (!root) return undefined;
    if (!this.byRoot.has(root)) this.byRoot.set(root, readModuleName(root));
    return this.byRoot.get(root);
  }

  clear(): void {
    this.byRoot.clear();
  }
}

function readModuleName(folder: string): string | undefined {
  const moduleXml = path.join(folder, 'etc', 'module.xml');
  const registration = path.join(folder, 'registration.php');
  return (
    (existsSync(moduleXml) ? moduleNameFromModuleXml(readSmall(moduleXml)) : undefined) ??
    (existsSync(registration) ? moduleNameFromRegistration(readSmall(registration)) : undefined) ??
    moduleNameFromAppCodePath(folder)
  );
}

function readSmall(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(0, 64 * 1024);
  } catch {
    return '';
  }
}
