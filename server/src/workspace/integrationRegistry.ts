// Every integration configured in the workspace (etc/integration.xml and the legacy pair), by file:
// Magento merges each format's files by integration name, so checks need to see them all at once.
import { IntegrationKind } from '../magento/fileKinds';
import { IntegrationConfiguration, readIntegrations } from '../magento/moduleFacts';
import { lineCounter } from '../magento/xmlTree';

export type { IntegrationConfiguration };

export class IntegrationRegistry {
  private readonly disk = new Map<string, IntegrationConfiguration[]>();
  private readonly overlays = new Map<string, IntegrationConfiguration[]>();

  setFile(uri: string, kind: IntegrationKind, text: string | undefined): void {
    if (text === undefined) this.disk.delete(uri);
    else this.disk.set(uri, read(uri, kind, text));
  }

  clear(): void {
    this.disk.clear();
  }

  setOverlay(uri: string, kind: IntegrationKind, text: string): void {
    this.overlays.set(uri, read(uri, kind, text));
  }

  removeOverlay(uri: string): void {
    this.overlays.delete(uri);
  }

  /** Every configuration of `name`, open editors' unsaved contents taking precedence over the disk. */
  named(name: string): IntegrationConfiguration[] {
    return [...this.all()].filter((c) => c.name === name);
  }

  /** Names that Magento would create: those of integration.xml and the legacy config.xml. */
  allNames(): Set<string> {
    return new Set([...this.all()].filter((c) => c.kind !== 'integration-api').map((c) => c.name));
  }

  *all(): Generator<IntegrationConfiguration> {
    for (const uri of new Set([...this.disk.keys(), ...this.overlays.keys()])) yield* (this.overlays.get(uri) ?? this.disk.get(uri))!;
  }
}

/** The integrations one file configures. */
export function read(uri: string, kind: IntegrationKind, text: string): IntegrationConfiguration[] {
  const lineOf = lineCounter(text);
  return readIntegrations(text).map((entry) => ({
    uri, kind, name: entry.name.value, fields: entry.fields, resources: entry.resources, lines: { start: lineOf(entry.start), end: lineOf(Math.max(entry.start, entry.end - 1)) },
  }));
}
