// Checks a new module against the project it lands in: Magento refuses a second module of the same name
// and merges integrations by name, so both must be new.
import * as path from 'node:path';
import { IntegrationRegistry } from '../magento/integrationRegistry';
import { ModuleNameResolver } from '../magento/moduleResolver';
import { ModuleLocation } from '../magento/workspaceScanner';

export interface ProjectFacts {
  /** Module name → its root folder. */
  modules: Map<string, string>;
  integrationNames: Set<string>;
}

export function collectProjectFacts(modules: readonly ModuleLocation[], names: ModuleNameResolver, integrations: IntegrationRegistry): ProjectFacts {
  const byName = new Map<string, string>();
  for (const module of modules) {
    const name = names.nameOf(path.join(module.root, 'etc', 'module.xml'));
    if (name && !byName.has(name)) byName.set(name, module.root);
  }
  return { modules: byName, integrationNames: integrations.allNames() };
}

export function checkNewModule(moduleName: string, facts: ProjectFacts): string | undefined {
  const existing = facts.modules.get(moduleName);
  return existing ? `Module ${moduleName} already exists at ${existing}.` : undefined;
}

export function checkNewIntegrationName(name: string, facts: ProjectFacts): string | undefined {
  return facts.integrationNames.has(name)
    ? `An integration named "${name}" is already configured in this project; Magento merges integrations by name, so pick another.`
    : undefined;
}
