// The language service over the workspace model: the one wiring the CLI and the language server share.
import { createLanguageService, LanguageService } from '../language/languageService';
import { DocumentLimits } from '../language/parsedDocument';
import { SeveritySetting } from '../language/severitySettings';
import { ComponentInfo, MagentoWorkspace } from '../workspace/magentoWorkspace';
import { integrationAccess, resourceUse } from '../workspace/routeIndex';
import { openedRoutes } from '../workspace/views';
import { pathOfUri, uriOfPath } from '../workspace/uris';
import { collectProjectFacts, ProjectFacts } from '../scaffold/projectChecks';

/** The language service over a workspace: the one wiring the CLI and the language server share. */
export interface WorkspaceServiceOptions {
  /** The client accepts `itemDefaults.editRange` in completion lists (read each time). */
  completionItemDefaults?(): boolean;
  /** The client resolves `detail` and `documentation` lazily (read each time). */
  completionResolvesDetails?(): boolean;
  documentLimits?: DocumentLimits;
  /** The user's severity per code (read each time: settings change live). */
  severitySettings?(): ReadonlyMap<string, SeveritySetting>;
}

export function workspaceLanguageService(workspace: MagentoWorkspace, options: WorkspaceServiceOptions = {}): LanguageService {
  const completionItemDefaults = options.completionItemDefaults ?? (() => false);
  const file = (uri: string) => pathOfUri(uri);
  return createLanguageService({
    index: workspace.acl,
    companyIndex: workspace.companyAcl,
    isIndexComplete: () => workspace.isComplete,
    hasModule: (name) => workspace.hasModule(name),
    documentLimits: options.documentLimits,
    severitySettings: options.severitySettings,
    completionResolvesDetails: options.completionResolvesDetails,
    get completionItemDefaults() {
      return completionItemDefaults();
    },
    resourceUseIn: (uri) => {
      // The granting file's module, looked up once per validation and only if an id asks (off the keystroke path otherwise).
      let module: { value: ComponentInfo | undefined } | undefined;
      return (id) => {
        if (!workspace.isComplete) return 'unknown';
        if (!module) {
          const path = file(uri);
          module = { value: path === undefined ? undefined : workspace.componentOf(path) };
        }
        return resourceUse(workspace, id, module.value);
      };
    },
    routeCountOf: (name) => (workspace.isComplete && workspace.integrationsNamed(name).length > 0 ? openedRoutes(workspace, name).length : undefined),
    integrationsCalling: (method, url) => {
      if (!workspace.isComplete) return [];
      const names = new Set([...workspace.integrations.all()].map((c) => c.name));
      return [...names].filter((name) => integrationAccess(workspace, name)?.routes.some((r) => r.route.method === method && r.route.url === url && r.verdict.allowed)).sort();
    },
    moduleNameOf: (uri) => {
      const path = file(uri);
      return path === undefined ? undefined : workspace.moduleNameOf(path);
    },
    encodingProblemOf: (uri) => {
      const path = file(uri);
      return path === undefined ? undefined : workspace.encodingProblemOf(path);
    },
    moduleContextOf: (uri) => {
      const path = file(uri);
      return path === undefined ? undefined : workspace.moduleContextOf(path);
    },
    integrationsNamed: (name, exceptUri) => {
      const path = file(exceptUri);
      const self = path === undefined ? exceptUri : uriOfPath(path);
      return workspace.integrationsNamed(name).filter((c) => c.uri !== self);
    },
  });
}


/** The project's modules and integration names, for the scaffolder's checks. */
export function projectFacts(workspace: MagentoWorkspace): ProjectFacts {
  return collectProjectFacts(workspace.allComponents, workspace.integrations.allNames());
}
