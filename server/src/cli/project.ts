// A Magento project loaded for a CLI command: the ACL index (bundled catalog as fallback), its modules,
// their names and their configured integrations, the same pieces the language server keeps live.
import { AclIndex } from '../magento/aclIndex';
import { AclWorkspaceIndexer } from '../magento/aclWorkspaceIndexer';
import { bundledCoreCatalog } from '../magento/coreCatalog';
import { IntegrationRegistry } from '../magento/integrationRegistry';
import { ModuleNameResolver } from '../magento/moduleResolver';

export interface LoadedProject {
  index: AclIndex;
  indexer: AclWorkspaceIndexer;
  names: ModuleNameResolver;
  integrations: IntegrationRegistry;
}

export async function loadProject(roots: readonly string[]): Promise<LoadedProject> {
  const index = new AclIndex(bundledCoreCatalog());
  const indexer = new AclWorkspaceIndexer(index);
  await indexer.indexFolders(roots);
  const integrations = new IntegrationRegistry();
  integrations.scan(indexer.knownModules);
  return { index, indexer, names: new ModuleNameResolver(), integrations };
}
