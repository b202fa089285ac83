// Every integration name configured in the workspace (etc/integration.xml and the legacy
// etc/integration/config.xml), to flag a name configured twice: Magento merges them by name.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { integrationNames } from './moduleFacts';
import { exists, ModuleLocation } from './workspaceScanner';

const CONFIG_FILES = [['etc', 'integration.xml'], ['etc', 'integration', 'config.xml']];

export class IntegrationRegistry {
  private readonly disk = new Map<string, string[]>();
  private readonly overlays = new Map<string, string[]>();

  /** Reads the integration config files of the given modules, replacing what was known. */
  scan(modules: readonly ModuleLocation[]): void {
    this.disk.clear();
    for (const module of modules) {
      for (const parts of CONFIG_FILES) {
        const file = path.join(module.root, ...parts);
        if (exists(file)) this.refresh(file);
      }
    }
  }

  refresh(file: string): void {
    const uri = URI.file(file).toString();
    try {
      this.disk.set(uri, integrationNames(readFileSync(file, 'utf8')).map((n) => n.value));
    } catch {
      this.disk.delete(uri);
    }
  }

  setOverlay(uri: string, text: string): void {
    this.overlays.set(uri, integrationNames(text).map((n) => n.value));
  }

  removeOverlay(uri: string): void {
    this.overlays.delete(uri);
  }

  /** Every configured name, with open editors' unsaved contents taking precedence. */
  allNames(): Set<string> {
    return new Set([...this.namesByFile()].flatMap(([, names]) => names));
  }

  /** Files other than `exceptUri` that configure `name`. */
  othersNamed(name: string, exceptUri: string): string[] {
    return [...this.namesByFile()].filter(([uri, names]) => uri !== exceptUri && names.includes(name)).map(([uri]) => uri).sort();
  }

  /** Each file's names, an open editor's overriding the disk's. */
  private *namesByFile(): Generator<[string, string[]]> {
    for (const uri of new Set([...this.disk.keys(), ...this.overlays.keys()])) yield [uri, (this.overlays.get(uri) ?? this.disk.get(uri))!];
  }
}
