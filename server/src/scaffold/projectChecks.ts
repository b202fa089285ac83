// Checks a new module against the project it lands in: Magento refuses a second module of the same name
// and merges integrations by name, so both must be new.

export interface ProjectFacts {
  /** Module name → its root folder. */
  modules: Map<string, string>;
  integrationNames: Set<string>;
}

/** The project's modules and integration names, from the workspace model's components and registry. */
export function collectProjectFacts(components: ReadonlyArray<{ type?: string; name?: string; root: string }>, integrationNames: Set<string>): ProjectFacts {
  const byName = new Map<string, string>();
  for (const component of components) {
    if (component.type === 'module' && component.name && !byName.has(component.name)) byName.set(component.name, component.root);
  }
  return { modules: byName, integrationNames };
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
