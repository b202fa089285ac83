// What a change to an integration's configuration does to the stores that installed it (`lint --base REF`).
// Magento 2.4.6's Setup/Recurring runs ConfigBasedIntegrationManager::processConfigBasedIntegrations on every
// setup:upgrade: for an etc/integration.xml integration whose resources (as stored: parents and the root added)
// or email/URLs changed, it deletes the integration and creates it again, status Reset, so every store's admin
// must Activate it again. The legacy config.xml + api.xml pair is read only by the module's setup code, which
// ran once: setup:upgrade leaves the stores as they were. Both checked on a real store (docs/real-store.md).
import type { AclSnapshot } from './aclSnapshot';
import type { IntegrationConfiguration } from './moduleFacts';
import { effectiveGrants } from './webapiRoutes';
import { mergeIntegration } from './integrationMerge';

export interface IntegrationChange {
  name: string;
  format: 'integration.xml' | 'legacy';
  /** The configuration as it is now: where to say it. */
  at: IntegrationConfiguration;
  added: string[];
  removed: string[];
  fields: Array<{ label: string; before?: string; after: string }>;
}

const FIELDS: ReadonlyArray<[string, string]> = [['email', 'email'], ['endpoint_url', 'endpoint URL'], ['identity_link_url', 'identity link URL']];

/** The integrations configured both at the base and now whose stored grants or fields differ. */
export function integrationChanges(before: readonly IntegrationConfiguration[], after: readonly IntegrationConfiguration[], snapshot: AclSnapshot): IntegrationChange[] {
  const changes: IntegrationChange[] = [];
  const names = new Set(after.filter((c) => c.kind !== 'integration-api').map((c) => c.name));
  for (const name of [...names].sort()) {
    const now = side(after, name);
    const then = side(before, name);
    // New ones are created, not reset; a format change is a migration (its own diagnostic says what it does).
    if (!now || !then || then.format !== now.format) continue;
    const granted = (listed: string[]) => effectiveGrants(listed, now.format, snapshot).allowed;
    const [was, is] = [granted(then.listed), granted(now.listed)];
    const fields = FIELDS.flatMap(([key, label]) => {
      const value = now.fields.get(key);
      // Magento keeps a stored value when the file leaves the field out.
      return value !== undefined && value !== (then.fields.get(key) ?? '') ? [{ label, before: then.fields.get(key), after: value }] : [];
    });
    const added = [...is].filter((id) => !was.has(id)).sort();
    const removed = [...was].filter((id) => !is.has(id)).sort();
    if (added.length > 0 || removed.length > 0 || fields.length > 0) changes.push({ name, format: now.format, at: now.at, added, removed, fields });
  }
  return changes;
}

function side(configurations: readonly IntegrationConfiguration[], name: string) {
  const merged = mergeIntegration(configurations.filter((c) => c.name === name));
  return merged?.main ? { ...merged, at: merged.main } : undefined;
}

/** The diagnostic's words: what changed, and what setup:upgrade then does on the stores. */
export function changeMessage(change: IntegrationChange, base: string): string {
  const parts = [
    change.added.length > 0 ? `it now grants ${change.added.join(', ')}` : '',
    change.removed.length > 0 ? `no longer ${change.removed.join(', ')}` : '',
    ...change.fields.map((f) => `its ${f.label} is "${f.after}" (was "${f.before ?? ''}")`),
  ].filter(Boolean);
  const head = `"${change.name}" changed since ${base}: ${parts.join('; ')}.`;
  return change.format === 'integration.xml'
    ? `${head} The next setup:upgrade on every store that has it deletes it and creates it again (status Reset): its consumer and tokens go, every store's admin must Activate it again, and the app must take the new credentials. Make the change deliberately, and tell the merchants.`
    : `${head} On stores that installed the module, setup:upgrade does not apply it: Magento reads config.xml and api.xml only when the module's setup code runs, once. Ship a new data patch that calls ConfigBasedIntegrationManager::processIntegrationConfig, or move to etc/integration.xml (whose changes setup:upgrade applies, resetting the integration).`;
}
