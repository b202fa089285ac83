// An integration changed since the last commit, seen from the editor: the module's integration files as they
// are now (open documents first) against the same files at HEAD, compared as `lint --base HEAD` compares them.
import * as path from 'node:path';
import { INTEGRATION_KINDS, modulePathOf } from '../magento/fileKinds';
import { IntegrationChange, integrationChanges } from '../magento/integrationChange';
import type { AclSnapshot } from '../magento/aclSnapshot';
import type { IntegrationConfiguration } from '../magento/moduleFacts';
import type { CommittedFiles } from './gitBase';
import { read as readIntegrationFile } from './integrationRegistry';
import { uriOfPath } from './uris';

/** The changes of one module's integrations since HEAD; undefined when the module is not in a repository with a commit. */
export async function changesSinceCommit(moduleRoot: string, textNow: (file: string) => string | undefined, committed: CommittedFiles, snapshot: () => AclSnapshot): Promise<{ changes: IntegrationChange[]; now: IntegrationConfiguration[] } | undefined> {
  const now: IntegrationConfiguration[] = [];
  const then: IntegrationConfiguration[] = [];
  let inRepository = false;
  for (const kind of INTEGRATION_KINDS) {
    const file = path.join(moduleRoot, modulePathOf(kind));
    const uri = uriOfPath(file);
    const current = textNow(file);
    if (current !== undefined) now.push(...readIntegrationFile(uri, kind, current));
    const old = await committed.read(file);
    if (!old) continue;
    inRepository = true;
    if (old.text !== undefined) then.push(...readIntegrationFile(uri, kind, old.text));
  }
  if (!inRepository) return undefined;
  // The ACL snapshot only when both sides configure something to compare (it is rebuilt while the index grows).
  return { changes: then.length > 0 && now.length > 0 ? integrationChanges(then, now, snapshot()) : [], now };
}
