// `magento-integration-kit scaffold …`: writes DIR/app/code/V/M with the same generator and checks as the
// editor's wizard. Any refusal exits 1 with the reason, and nothing is written.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { findMagentoRoot } from '../workspace/magentoRoot';
import { nodeFileSystem } from '../workspace/fileSystem';
import { createModule } from '../scaffold/createModule';
import { checkModuleInput, Layout, ModuleInput, ScaffoldError, SetupStyle } from '../scaffold/inputs';
import { oneOf, parseOptions, required, UsageError } from './args';
import { loadProject, projectFacts } from './project';

export interface ScaffoldResult {
  created: string[];
  warnings: string[];
}

export async function runScaffold(args: string[]): Promise<ScaffoldResult> {
  const values = parseOptions('scaffold', args, {
    root: { type: 'string' },
    vendor: { type: 'string' },
    module: { type: 'string' },
    integration: { type: 'string' },
    email: { type: 'string' },
    'endpoint-url': { type: 'string' },
    'identity-link-url': { type: 'string' },
    resource: { type: 'string', multiple: true },
    layout: { type: 'string' },
    setup: { type: 'string' },
  });
  required('scaffold', values, ['root', 'vendor', 'module', 'integration', 'email']);
  const root = path.resolve(values.root!);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    throw new UsageError(`scaffold: --root ${root} is not a folder`);
  }
  const input: ModuleInput = {
    vendor: values.vendor!,
    module: values.module!,
    layout: oneOf<Layout>('scaffold', 'layout', values.layout, ['current', 'legacy'], 'current'),
    setup: oneOf<SetupStyle>('scaffold', 'setup', values.setup, ['data-patch', 'install-data'], 'data-patch'),
    integration: {
      name: values.integration!,
      email: values.email!,
      endpointUrl: values['endpoint-url'] || undefined,
      identityLinkUrl: values['identity-link-url'] || undefined,
      resources: values.resource ?? [],
    },
  };

  // Bad values are refused before the project is read, so hostile input costs nothing.
  const problem = checkModuleInput(input);
  if (problem) throw new ScaffoldError(problem);
  const project = await loadProject([findMagentoRoot(nodeFileSystem, root) ?? root]);
  const { created, warnings } = createModule(input, project.acl.snapshot(), projectFacts(project), path.join(root, 'app', 'code', input.vendor, input.module), root);
  return { created, warnings };
}
