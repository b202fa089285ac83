// Generate, check against the project, write: the one path from inputs to a module on disk, shared by the
// scaffold command and the editor's wizard.
import * as path from 'node:path';
import { generateModule } from './generateModule';
import { AclLookup } from './grants';
import { ModuleInput, ScaffoldError, urlWarnings } from './inputs';
import { checkNewIntegrationName, checkNewModule, ProjectFacts } from './projectChecks';
import { writeAllOrNothing } from './writeFiles';

export interface CreatedModule {
  created: string[];
  integrationFile: string;
  warnings: string[];
}

/** `boundary`: the folder the writes must stay in, symbolic links followed (the project root, a workspace folder). */
export function createModule(input: ModuleInput, acl: AclLookup, facts: ProjectFacts, moduleRoot: string, boundary: string): CreatedModule {
  const generated = generateModule(input, acl);
  const conflict = checkNewModule(generated.moduleName, facts) ?? checkNewIntegrationName(input.integration.name, facts);
  if (conflict) throw new ScaffoldError(conflict);
  return {
    created: writeAllOrNothing(moduleRoot, generated.files, boundary),
    integrationFile: path.join(moduleRoot, generated.integrationFile),
    warnings: urlWarnings(input.integration.endpointUrl, input.integration.identityLinkUrl),
  };
}
