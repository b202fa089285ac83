// The three scaffolding commands. Each gathers answers in a multi-step quick input, then asks the server,
// which checks them against the project and generates. Invoked with an answers object (automation, tests),
// the same steps run with those values filled in.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  ACL_TREE_REQUEST, AclTreeItem, ADD_INTEGRATION_REQUEST, ADD_RESOURCES_REQUEST, CREATE_MODULE_REQUEST, CreateModuleResult, EditResult,
  SCAFFOLD_CONTEXT_REQUEST, ScaffoldContext, ScaffoldTarget,
} from '../../../shared/protocol';
import { checkModule, checkVendor, NEXT_STEPS } from '../../../shared/inputs';
import type { Layout, SetupStyle } from '../../../shared/inputs';
import { emptyIntegration, integrationSteps, toIntegrationInput } from './integrationSteps';
import { MultiStepInput, RefusedAnswer, Step } from './multiStepInput';
import { pickResources } from './resourcePicker';
import { count } from '../../../shared/words';

export interface ScaffoldServices {
  client: LanguageClient;
  output: vscode.LogOutputChannel;
  /** Resolves once the ACL index is complete. */
  indexReady(): Promise<void>;
}

type Answers = Record<string, unknown>;

async function projectState(services: ScaffoldServices): Promise<{ context: ScaffoldContext; tree: AclTreeItem[] }> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Waiting for the Magento ACL index' }, () => services.indexReady());
  const [context, tree] = await Promise.all([
    services.client.sendRequest(SCAFFOLD_CONTEXT_REQUEST),
    services.client.sendRequest(ACL_TREE_REQUEST),
  ]);
  // The server answers nothing when it could not read the project (its output channel says why).
  if (!context) throw new Error('The Magento language server could not read the project; see "Magento: Show Output".');
  return { context, tree };
}

/** A refusal: shown to the user, and thrown when the command was driven by answers, so the caller sees it. */
function refuse(message: string, automated: boolean): never | undefined {
  void vscode.window.showErrorMessage(message);
  if (automated) throw new Error(message);
  return undefined;
}

export async function createIntegrationModule(services: ScaffoldServices, answers?: Answers): Promise<CreateModuleResult | undefined> {
  const { context, tree } = await projectState(services);
  const takenModules = new Set(context.moduleNames);
  const state = { vendor: '', module: '', integration: emptyIntegration(), layout: 'current' as Layout, setup: 'data-patch' as SetupStyle, target: undefined as ScaffoldTarget | undefined };

  const vendor: Step = async (flow) => {
    state.vendor = await flow.inputBox({ key: 'vendor', prompt: 'Vendor name (the first half of Vendor_Module)', placeholder: 'Acme', value: state.vendor, validate: checkVendor });
    return module;
  };
  const module: Step = async (flow) => {
    state.module = await flow.inputBox({
      key: 'module', prompt: `Module name: ${state.vendor}_…`, placeholder: 'ErpConnector', value: state.module,
      validate: (value) => checkModule(value) ?? (takenModules.has(`${state.vendor}_${value}`) ? `Module ${state.vendor}_${value} already exists in this workspace.` : undefined),
    });
    return integrationSteps(state.integration, context, resources);
  };
  const resources: Step = async (flow) => {
    const picked = await pickResources(flow, tree, {
      key: 'resources', selected: state.integration.resources, ownModule: `${state.vendor}_${state.module}`,
      placeholder: `Resources to grant (parents come along), or type ${state.vendor}_${state.module}::name for a new one`,
    });
    state.integration.resources = picked.map((item) => item.id);
    return layout;
  };
  // One step for the layout and, for the legacy one, how it is installed: the step count stays 9 throughout.
  const layout: Step = async (flow) => {
    const items = [
      { value: 'current' as const, setup: undefined, label: 'etc/integration.xml', description: 'Magento 2.4, recommended', detail: 'One file; Magento registers it on every setup:upgrade. No setup code.' },
      { value: 'legacy' as const, setup: 'data-patch' as const, label: 'Legacy: config.xml + api.xml, installed by a data patch', description: "Adobe's guide", detail: 'Two files plus Setup/Patch/Data/Create…Integration.php, applied once by setup:upgrade.' },
      { value: 'legacy' as const, setup: 'install-data' as const, label: 'Legacy: config.xml + api.xml, installed by Setup/InstallData.php', description: "as in Adobe's guide", detail: 'Runs only when the module is first installed.' },
    ];
    const chosen = await flow.pick({
      key: 'layout', placeholder: 'Layout of the integration files', items,
      selected: items.filter((i) => i.value === state.layout && (i.setup === undefined || i.setup === state.setup)),
      matches: (i, a) => i.value === a && (i.setup === undefined || i.setup === ((answers?.setup as SetupStyle | undefined) ?? 'data-patch')),
    });
    // The legacy api.xml must list resources: refused here, with the answers kept, and back to the resources.
    if (chosen.value === 'legacy' && state.integration.resources.length === 0) {
      const why = 'The legacy layout needs at least one ACL resource: api.xml lists them, and Magento fails on an integration api.xml does not name. Pick the resources, then the layout again.';
      if (answers) throw new RefusedAnswer(`layout: ${why}`);
      void vscode.window.showWarningMessage(why);
      return resources;
    }
    state.layout = chosen.value;
    if (chosen.setup) state.setup = chosen.setup;
    return target;
  };
  const target: Step = async (flow) => {
    const items: Array<vscode.QuickPickItem & { target?: ScaffoldTarget }> = context.targets.map((t) => ({
      target: t, label: t.label, detail: t.kind === 'app-code' ? path.join(t.folder, state.vendor, state.module) : t.folder,
    }));
    items.push({ label: '$(folder-opened) Choose a folder…', detail: 'The module is created in the folder you choose.' });
    const picked = await flow.pick({ key: 'target', placeholder: 'Where to create the module', items, matches: (i, a) => i.target?.folder === a });
    if (picked.target) {
      state.target = picked.target;
      return undefined;
    }
    const [folder] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the Module Here' })) ?? [];
    if (!folder) return target;
    state.target = { label: folder.fsPath, folder: folder.fsPath, kind: 'module-root' };
    return undefined;
  };

  const automated = answers !== undefined;
  const done = await MultiStepInput.run('Create Integration Module', () => 9, vendor, answers);
  if (!done || !state.target) return undefined;
  const input = { vendor: state.vendor, module: state.module, layout: state.layout, setup: state.setup, integration: toIntegrationInput(state.integration) };
  const result = await services.client.sendRequest(CREATE_MODULE_REQUEST, { input, target: state.target });
  if (result.error) return refuse(result.error, automated);
  services.output.info(`Created module ${state.vendor}_${state.module}: ${count(result.created!.length, 'file')} in ${path.dirname(result.created![0])}.`);
  await vscode.window.showTextDocument(vscode.Uri.file(result.integrationFile!));
  for (const warning of result.warnings ?? []) void vscode.window.showWarningMessage(warning);
  const { endpointUrl, identityLinkUrl } = input.integration;
  const buttons = endpointUrl && identityLinkUrl ? ['Copy Next Steps', 'Test with Simulated Store'] : ['Copy Next Steps'];
  void vscode.window.showInformationMessage(`Created ${state.vendor}_${state.module}. ${NEXT_STEPS.split('\n')[0]} setup:upgrade, setup:di:compile, cache:clean.`, ...buttons)
    .then((choice) => {
      if (choice === 'Copy Next Steps') return vscode.env.clipboard.writeText(NEXT_STEPS);
      if (choice) return vscode.commands.executeCommand('magentoIntegrationKit.testWithSimulatedStore', { integration: state.integration.name, endpointUrl, identityLinkUrl });
      return undefined;
    });
  return result;
}

export async function addIntegrationToModule(services: ScaffoldServices, answers?: Answers): Promise<EditResult | undefined> {
  const { context, tree } = await projectState(services);
  const automated = answers !== undefined;
  if (context.modules.length === 0) return refuse('This workspace has no module of its own to add an integration to; run "Create Integration Module…" instead.', automated);
  const layouts = { current: 'etc/integration.xml', legacy: 'legacy config.xml + api.xml', none: 'no integration yet: adds etc/integration.xml' };
  const state = { moduleRoot: '', integration: emptyIntegration() };

  const resources: Step = async (flow) => {
    state.integration.resources = (await pickResources(flow, tree, { key: 'resources', selected: state.integration.resources, placeholder: 'ACL resources to grant (parents are added)' })).map((i) => i.id);
    return undefined;
  };
  const module: Step = async (flow) => {
    const items = context.modules.map((m) => ({ root: m.root, label: m.name, description: layouts[m.layout], detail: m.root }));
    state.moduleRoot = (await flow.pick({ key: 'module', placeholder: 'Module to add the integration to', items, matches: (i, a) => i.label === a })).root;
    return integrationSteps(state.integration, context, resources);
  };
  if (!(await MultiStepInput.run('Add Integration to Module', () => 6, module, answers))) return undefined;
  const result = await services.client.sendRequest(ADD_INTEGRATION_REQUEST, { moduleRoot: state.moduleRoot, integration: toIntegrationInput(state.integration) });
  if (result.error) return refuse(result.error, automated);
  await applyAndSave(services, result);
  return result;
}

/**
 * Grants resources to one of the workspace's own integrations. `preset` comes from the views: the
 * integration an item stands for, or the resource a node of the ACL view stands for; its steps are skipped.
 */
/** `preset.flow`: the title and steps of a flow this continues (Grant Access to REST Routes picks the routes first). */
export async function addAclResources(services: ScaffoldServices, answers?: Answers, preset: { integration?: string; resources?: string[]; flow?: { title: string; stepsBefore: number } } = {}): Promise<EditResult | undefined> {
  const { context, tree } = await projectState(services);
  const automated = answers !== undefined;
  if (context.integrations.length === 0) return refuse('This workspace configures no integration of its own yet.', automated);
  let chosen: ScaffoldContext['integrations'][number] | undefined = preset.integration !== undefined ? context.integrations.find((i) => i.name === preset.integration) : undefined;
  if (preset.integration !== undefined && !chosen) return refuse(`${preset.integration} is not an integration of this workspace's own modules.`, automated);
  let resources: string[] = preset.resources ?? [];
  const pickResourcesStep: Step = async (flow) => {
    const legacy = chosen!.kind === 'integration-api';
    resources = (await pickResources(flow, tree, { key: 'resources', selected: [], granted: chosen!.resources, placeholder: `Resources to grant to ${chosen!.name}${legacy ? ' (parents are listed too, as the legacy api.xml needs)' : ''}` })).map((i) => i.id);
    return undefined;
  };
  const integration: Step = async (flow) => {
    // Granting ids it already has adds nothing: such an integration is marked.
    const holdsAll = (i: ScaffoldContext['integrations'][number]) => !!preset.resources?.length && preset.resources.every((id) => i.resources.includes(id));
    const items = context.integrations.map((i) => ({
      integration: i, label: i.name, description: holdsAll(i) ? `$(check) already grants ${preset.resources!.join(', ')} · ${i.module}` : i.module, detail: vscode.workspace.asRelativePath(vscode.Uri.parse(i.uri)),
    }));
    chosen = (await flow.pick({ key: 'integration', placeholder: preset.resources ? `Integration to grant ${preset.resources.join(', ')} to` : 'Integration to grant resources to', items, matches: (i, a) => i.label === a })).integration;
    return preset.resources ? undefined : pickResourcesStep;
  };
  const first = chosen ? pickResourcesStep : integration;
  const steps = (chosen ? 0 : 1) + (preset.resources ? 0 : 1);
  if (steps > 0 && !(await MultiStepInput.run(preset.flow?.title ?? 'Add ACL Resources to Integration', () => steps, first, answers, preset.flow?.stepsBefore ?? 0))) return undefined;
  if (!chosen) return undefined;
  const result = await services.client.sendRequest(ADD_RESOURCES_REQUEST, { uri: chosen.uri, kind: chosen.kind, integration: chosen.name, resources });
  if (result.error) return refuse(result.error, automated);
  if (!result.edit) {
    void vscode.window.showInformationMessage(`${chosen.name} already has every resource you picked.`);
    return result;
  }
  await applyAndSave(services, result);
  return result;
}

/** Applies the server's edit as one undoable change, saves what it touched, and shows the main file. */
async function applyAndSave(services: ScaffoldServices, result: EditResult): Promise<void> {
  if (result.edit) {
    const edit = await services.client.protocol2CodeConverter.asWorkspaceEdit(result.edit as Parameters<typeof services.client.protocol2CodeConverter.asWorkspaceEdit>[0]);
    if (!edit || !(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code could not apply the edit; nothing was changed.');
    for (const [uri] of edit.entries()) {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document?.isDirty) await document.save();
    }
  }
  if (result.openUri) await vscode.window.showTextDocument(vscode.Uri.parse(result.openUri));
}
