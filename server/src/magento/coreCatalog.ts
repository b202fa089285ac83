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

import modulesData from '../../../data/magento-modules-2.4.6.json';

let editions: ReadonlyMap<string, 'open-source' | 'commerce'> | undefined;

/** Which 2.4.6 edition has a Magento module (data/magento-modules-2.4.6.json): Open Source, Adobe Commerce only, or neither. */
export function magentoEditionOf(name: string): 'open-source' | 'commerce' | undefined {
  if (!editions) {
    const data = modulesData as { openSource: string[]; commerceOnly: string[] };
    editions = new Map([...data.openSource.map((m) => [m, 'open-source'] as const), ...data.commerceOnly.map((m) => [m, 'commerce'] as const)]);
  }
  return editions.get(name);
}

export function bundledCoreCatalog(): readonly CatalogResource[] {
  return (catalogData as { resources: CatalogResource[] }).resources;
}
