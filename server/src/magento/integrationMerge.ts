// How Magento reads one integration out of the files that configure it: etc/integration.xml when any names
// it (its resources), else the legacy pair (config.xml's fields, api.xml's resources). The route verdicts, the
// store doctor and `lint --base` all start from this.
import type { IntegrationConfiguration } from './moduleFacts';

export interface MergedIntegration {
  format: 'integration.xml' | 'legacy';
  /** The file that creates it (integration.xml, or the legacy config.xml); undefined with only an api.xml. */
  main?: IntegrationConfiguration;
  /** The resources listed, once each, in file order. */
  listed: string[];
  /** The fields Magento reads (email, endpoint_url, identity_link_url), the last file's value winning. */
  fields: Map<string, string>;
}

/** `configurations` of one integration name; undefined when there are none. */
export function mergeIntegration(configurations: readonly IntegrationConfiguration[]): MergedIntegration | undefined {
  if (configurations.length === 0) return undefined;
  const current = configurations.filter((c) => c.kind === 'integration');
  const format = current.length > 0 ? 'integration.xml' : 'legacy';
  const legacyConfig = configurations.filter((c) => c.kind === 'integration-config');
  const sources = current.length > 0 ? current : configurations.filter((c) => c.kind === 'integration-api');
  const fields = new Map<string, string>();
  for (const c of format === 'legacy' ? legacyConfig : current) for (const [key, value] of c.fields) fields.set(key, value);
  return { format, main: current[0] ?? legacyConfig[0], listed: [...new Set(sources.flatMap((c) => [...c.resources]))], fields };
}
