// The scaffolding requests: what the wizard needs to know about the project, and the generation itself.
// Refusals come back as `{ error }`, never as a thrown request, so the client can show the reason.
import * as path from 'node:path';
import { Connection, CreateFile, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { modulePathOf } from '../magento/fileKinds';
import { XmlEditError } from '../magento/xmlEdits';
import { integrationNames, integrationUrls, readIntegrations } from '../magento/moduleFacts';
import { MagentoWorkspace } from '../workspace/magentoWorkspace';
import { findMagentoRoot } from '../workspace/magentoRoot';
import { projectFacts } from '../service/workspaceService';
import { FileChange, layoutOf, planAddIntegration, planAddResources } from '../scaffold/editModule';
import { createModule } from '../scaffold/createModule';
import { resolveGrants } from '../scaffold/grants';
import { legacyApiXml } from '../scaffold/templates';
import { IntegrationInput, ModuleInput, ScaffoldError } from '../scaffold/inputs';
import { checkNewIntegrationName } from '../scaffold/projectChecks';
import {
  ACL_TREE_REQUEST, AclTreeItem, ADD_INTEGRATION_REQUEST, ADD_RESOURCES_REQUEST, CREATE_MODULE_REQUEST, CreateModuleResult, EditResult,
  SCAFFOLD_CONTEXT_REQUEST, ScaffoldContext, ScaffoldTarget,
} from '../../../shared/protocol';
import { isInsideFolder } from '../workspace/insideFolder';
import { guard, Logger } from './safe';

export interface ScaffoldDeps {
  workspace: MagentoWorkspace;
  folders(): readonly string[];
  /** Files the scaffolder wrote: the index and the module list take them in at once. */
  filesCreated(files: readonly string[]): Promise<void>;
  /** The open editor for a file on disk, if any. */
  openDocument(file: string): TextDocument | undefined;
}

export function registerScaffoldRequests(connection: Connection, deps: ScaffoldDeps, logError: Logger): void {
  const { workspace } = deps;
  const readModule = (root: string) => workspace.moduleContextOf(path.join(root, modulePathOf('module')));
  const nameOf = (root: string) => workspace.moduleNameOf(path.join(root, modulePathOf('module')));
  const refusal = (error: unknown) => {
    if (error instanceof ScaffoldError || error instanceof XmlEditError) return { error: error.message };
    throw error;
  };

  connection.onRequest(SCAFFOLD_CONTEXT_REQUEST, guard(logError, 'scaffold context', undefined, (): ScaffoldContext => {
    const facts = projectFacts(workspace);
    const modules: ScaffoldContext['modules'] = [];
    const integrations: ScaffoldContext['integrations'] = [];
    for (const location of workspace.modules) {
      if (location.vendor) continue;
      const module = readModule(location.root);
      const name = location.name;
      if (!module || !name) continue;
      const current = module.files.read('etc/integration.xml');
      const legacy = module.files.read('etc/integration/config.xml');
      const files: Record<string, string | undefined> = { 'etc/integration.xml': current, 'etc/integration/config.xml': legacy };
      modules.push({ name, root: location.root, layout: layoutOf({ name, read: (file) => files[file] }) });
      const fileUri = (relative: string) => URI.file(path.join(location.root, relative)).toString();
      const currentUrls = integrationUrls(current);
      for (const each of readIntegrations(current)) {
        integrations.push({ name: each.name.value, module: name, uri: fileUri('etc/integration.xml'), kind: 'integration', resources: each.resources, ...currentUrls.get(each.name.value) });
      }
      const legacyUrls = integrationUrls(legacy);
      const legacyGrants = new Map(readIntegrations(module.files.read('etc/integration/api.xml')).map((each) => [each.name.value, each.resources]));
      for (const each of integrationNames(legacy)) {
        integrations.push({ name: each.value, module: name, uri: fileUri('etc/integration/api.xml'), kind: 'integration-api', resources: legacyGrants.get(each.value) ?? [], ...legacyUrls.get(each.value) });
      }
    }
    return {
      targets: targetsOf(workspace, deps.folders()),
      modules: modules.sort((a, b) => a.name.localeCompare(b.name)),
      integrations: integrations.sort((a, b) => a.name.localeCompare(b.name)),
      moduleNames: [...facts.modules.keys()].sort(),
      integrationNames: [...facts.integrationNames].sort(),
      indexComplete: workspace.isComplete,
    };
  }));

  connection.onRequest(ACL_TREE_REQUEST, guard(logError, 'ACL tree', [], (): AclTreeItem[] => {
    const snapshot = workspace.acl.snapshot();
    return snapshot.ordered.filter((r) => !r.disabled).map((r) => ({ id: r.id, title: r.title, breadcrumb: snapshot.breadcrumb(r.id), depth: r.depth }));
  }));

  connection.onRequest(CREATE_MODULE_REQUEST, guard(logError, 'create module', { error: 'Internal error; see the output channel.' },
    async (params: { input: ModuleInput; target: ScaffoldTarget }): Promise<CreateModuleResult> => {
      try {
        const { input, target } = params;
        const boundary = allowedFolderFor(target.folder, workspace, deps.folders());
        const moduleRoot = target.kind === 'app-code' ? path.join(target.folder, input.vendor, input.module) : target.folder;
        const { created, integrationFile, warnings } = createModule(input, workspace.acl.snapshot(), projectFacts(workspace), moduleRoot, boundary);
        await deps.filesCreated(created);
        return { created, integrationFile, warnings };
      } catch (error) {
        return refusal(error);
      }
    }));

  connection.onRequest(ADD_INTEGRATION_REQUEST, guard(logError, 'add integration', { error: 'Internal error; see the output channel.' },
    (params: { moduleRoot: string; integration: IntegrationInput }): EditResult => {
      try {
        const module = readModule(params.moduleRoot);
        const name = nameOf(params.moduleRoot);
        if (!module || !name) throw new ScaffoldError(`No Magento module at ${params.moduleRoot}.`);
        const conflict = checkNewIntegrationName(params.integration.name, projectFacts(workspace));
        if (conflict) throw new ScaffoldError(conflict);
        const { changes, openFile } = planAddIntegration({ name, read: module.files.read }, params.integration, workspace.acl.snapshot());
        return { edit: workspaceEdit(params.moduleRoot, changes, deps), openUri: URI.file(path.join(params.moduleRoot, openFile)).toString(), changedFiles: changes.length };
      } catch (error) {
        return refusal(error);
      }
    }));

  connection.onRequest(ADD_RESOURCES_REQUEST, guard(logError, 'add resources', { error: 'Internal error; see the output channel.' },
    (params: { uri: string; kind: 'integration' | 'integration-api'; integration: string; resources: string[] }): EditResult => {
      try {
        const file = URI.parse(params.uri).fsPath;
        const module = workspace.moduleContextOf(file);
        if (!module) throw new ScaffoldError(`${file} is not inside a Magento module.`);
        const text = module.files.read(module.relativePath);
        const acl = workspace.acl.snapshot();
        let changes: FileChange[];
        if (text === undefined) {
          // A legacy integration whose api.xml does not exist yet: a new file holds it.
          changes = [{ path: module.relativePath, create: legacyApiXml(params.integration, resolveGrants(params.resources, '', acl).listed) }];
        } else {
          const edits = planAddResources(text, params.kind, params.integration, params.resources, acl);
          changes = edits.length > 0 ? [{ path: module.relativePath, edits }] : [];
        }
        return { edit: changes.length > 0 ? workspaceEdit(module.root, changes, deps) : undefined, openUri: params.uri, changedFiles: changes.length };
      } catch (error) {
        return refusal(error);
      }
    }));
}

/** Where new modules can go: each folder's Magento root's app/code, or the folder itself for a module repository. */
/**
 * The folder a client-sent target may be written in: an absolute folder inside a workspace folder, or one
 * of the targets this server offered (a Magento root's app/code above the workspace folder). Anything
 * else is refused: the request must not write wherever a client says, nor relative to our own cwd.
 */
function allowedFolderFor(folder: unknown, workspace: MagentoWorkspace, folders: readonly string[]): string {
  if (typeof folder !== 'string' || !path.isAbsolute(folder)) throw new ScaffoldError(`The target folder must be an absolute path, not ${JSON.stringify(folder)}.`);
  const resolved = path.resolve(folder);
  const within = (outer: string) => isInsideFolder(outer, resolved);
  const allowed = [...folders, ...targetsOf(workspace, folders).map((t) => t.folder)].find(within);
  if (!allowed) throw new ScaffoldError(`${resolved} is not inside a workspace folder; modules are created only there.`);
  return allowed;
}

function targetsOf(workspace: MagentoWorkspace, folders: readonly string[]): ScaffoldTarget[] {
  const targets = new Map<string, ScaffoldTarget>();
  for (const folder of folders) {
    const root = findMagentoRoot(workspace.fs, folder);
    if (root) {
      const appCode = path.join(root, 'app', 'code');
      targets.set(appCode, { label: `${path.basename(root)}/app/code`, folder: appCode, kind: 'app-code' });
    } else {
      targets.set(folder, { label: `${path.basename(folder)} (the repository root)`, folder, kind: 'module-root' });
    }
  }
  return [...targets.values()];
}

function workspaceEdit(root: string, changes: readonly FileChange[], deps: ScaffoldDeps): WorkspaceEdit {
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const change of changes) {
    const file = path.join(root, change.path);
    const open = deps.openDocument(file);
    const uri = open?.uri ?? URI.file(file).toString();
    if (change.create !== undefined) {
      documentChanges.push(CreateFile.create(uri, { overwrite: false, ignoreIfExists: false }));
      documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, null), [TextEdit.insert({ line: 0, character: 0 }, change.create)]));
    } else {
      documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri, open?.version ?? null), change.edits!));
    }
  }
  return { documentChanges };
}
