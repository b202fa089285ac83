// The bundled core ACL catalog (data/magento-core-acl-2.4.6.json; source and licence in data/README.md).
import catalogData from '../../../data/magento-core-acl-2.4.6.json';

export interface CatalogResource {
  id: string;
  title: string;
  parent: string | null;
  module: string;
  sortOrder?: number;
  /** Magento drops it (and its subtree) from the ACL. */
  disabled?: boolean;
}

import loadOrderData from '../../../data/magento-core-load-order-2.4.6.json';

let afterIntegration: ReadonlySet<string> | undefined;

/** Magento Open Source 2.4.6 modules whose sequence reaches Magento_Integration (data/magento-core-load-order-2.4.6.json). */
export function coreModuleLoadsAfterIntegration(name: string): boolean {
  afterIntegration ??= new Set((loadOrderData as { loadAfterIntegration: string[] }).loadAfterIntegration);
  return afterIntegration.has(name);
}

let openSourceModules: ReadonlySet<string> | undefined;

/** The Magento Open Source 2.4.6 modules that have an acl.xml (the catalog's `modules`). */
export function isOpenSourceAclModule(name: string): boolean {
  openSourceModules ??= new Set((catalogData as { modules: Array<{ module: string }> }).modules.map((m) => m.module));
  return openSourceModules.has(name);
}

export function bundledCoreCatalog(): readonly CatalogResource[] {
  return (catalogData as { resources: CatalogResource[] }).resources;
}
