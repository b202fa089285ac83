// Which ACL ids an integration lists, and which of them the new module must declare itself.
import { ALL_ID, moduleOfId, isValidDeclaredId, ROOT_ID } from '../magento/aclIds';
import { ScaffoldError } from './inputs';

/** The part of the live ACL index the generator reads (an AclSnapshot fits). */
export interface AclLookup {
  get(id: string): { title?: string } | undefined;
  /** Ancestors from the top down, not including the id itself. */
  ancestors(id: string): Array<{ id: string }>;
}

export interface Grants {
  /** What the integration lists: every ancestor before its child (Magento's root excepted), no duplicates. */
  listed: string[];
  /** Ids of the module's own that no acl.xml declares yet: the module's etc/acl.xml declares them. */
  declared: string[];
}

/**
 * Parents are listed explicitly in both layouts: the legacy api.xml needs them, and in integration.xml
 * they state what Magento grants anyway. Unknown ids of other modules are refused: Magento would drop them.
 */
export function resolveGrants(resources: readonly string[], moduleName: string, acl: AclLookup): Grants {
  const listed: string[] = [];
  const declared: string[] = [];
  const add = (id: string) => {
    if (!listed.includes(id) && id !== ROOT_ID && id !== ALL_ID) listed.push(id);
  };
  for (const id of resources) {
    if (acl.get(id)) {
      for (const ancestor of acl.ancestors(id)) add(ancestor.id);
      add(id);
    } else if (moduleOfId(id) === moduleName) {
      if (!isValidDeclaredId(id)) throw new ScaffoldError(`"${id}" cannot be declared in acl.xml: after "::" an id has only letters, digits and underscores.`);
      if (!declared.includes(id)) declared.push(id);
      add(id);
    } else {
      throw new ScaffoldError(`Unknown ACL resource "${id}": no acl.xml in the project declares it, and Magento silently drops unknown ids.`);
    }
  }
  return { listed, declared };
}

/** A title for a resource the module declares: `Acme_Erp::sync_orders` → "Sync Orders" (acl.xsd wants 3–50 characters). */
export function titleFor(id: string): string {
  const words = id.slice(id.indexOf('::') + 2).split('_').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1));
  let title = words.join(' ');
  if (title.length < 3) title = `${id.slice(0, id.indexOf('::')).replace('_', ' ')} ${title}`;
  return title.slice(0, 50).trim();
}
