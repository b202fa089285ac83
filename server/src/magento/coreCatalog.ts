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

export function bundledCoreCatalog(): readonly CatalogResource[] {
  return (catalogData as { resources: CatalogResource[] }).resources;
}
