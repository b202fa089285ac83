// A Magento project loaded for a CLI command: the same workspace model the language server keeps live,
// read once from the disk.
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { nodeFileSystem, WorkspaceFileSystem } from '../workspace/fileSystem';

export { projectFacts, workspaceLanguageService } from '../service/workspaceService';

export async function loadProject(roots: readonly string[], fs: WorkspaceFileSystem = nodeFileSystem): Promise<MagentoWorkspace> {
  const workspace = new MagentoWorkspace(fs);
  await workspace.index(roots);
  return workspace;
}
