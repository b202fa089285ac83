// Which module a file belongs to: the nearest folder upward with etc/module.xml or registration.php.
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { moduleNameFromAppCodePath, moduleNameFromModuleXml, moduleNameFromRegistration } from './moduleNames';

const MAX_LEVELS = 8;

export class ModuleNameResolver {
  private readonly byFolder = new Map<string, string | null>();

  nameOf(file: string): string | undefined {
    let folder = path.dirname(file);
    const visited: string[] = [];
    for (let level = 0; level < MAX_LEVELS; level++) {
      const cached = this.byFolder.get(folder);
      if (cached !== undefined) return this.remember(visited, cached);
      visited.push(folder);
      const name = readModuleName(folder);
      if (name) return this.remember(visited, name);
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
    return this.remember(visited, null);
  }

  clear(): void {
    this.byFolder.clear();
  }

  private remember(folders: string[], name: string | null): string | undefined {
    for (const folder of folders) this.byFolder.set(folder, name);
    return name ?? undefined;
  }
}

function readModuleName(folder: string): string | undefined {
  const moduleXml = path.join(folder, 'etc', 'module.xml');
  const registration = path.join(folder, 'registration.php');
  const hasModuleXml = existsSync(moduleXml);
  if (!hasModuleXml && !existsSync(registration)) return undefined;
  return (
    (hasModuleXml ? moduleNameFromModuleXml(readSmall(moduleXml)) : undefined) ??
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
