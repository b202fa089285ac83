// What the store doctor needs from the disk: the Magento root's deployment files (env.php for the database,
// config.php for the modules), and every integration the workspace's modules configure, disabled modules'
// included (a disabled module's integration is one the store will not have), with the grants Magento would
// store and, for the legacy pair, the module's setup code that creates it.
import * as path from 'node:path';
import { effectiveGrants } from '../magento/webapiRoutes';
import { modulePathOf } from '../magento/fileKinds';
import { IntegrationConfiguration, readIntegrations } from '../magento/moduleFacts';
import { mergeIntegration } from '../magento/integrationMerge';
import { PhpArray, PhpSyntaxError, readPhpReturnedArray } from '../magento/phpArrayLiteral';
import type { WorkspaceIntegration } from '../magento/storeDoctor';
import { lineCounter } from '../magento/xmlTree';
import type { ComponentInfo } from './componentScanner';
import type { WorkspaceFileSystem } from './fileSystem';
import type { MagentoWorkspace } from './magentoWorkspace';
import { pathOfUri, uriOfPath } from './uris';

const MAX_PHP_CONFIG_BYTES = 4 * 1024 * 1024;
const MAX_SETUP_FILE_BYTES = 1024 * 1024;

export interface DeploymentFiles {
  env?: PhpArray;
  config?: PhpArray;
  /** Why env.php could not be read (missing, too large, not an array literal). */
  envProblem?: string;
}

/** app/etc/env.php and config.php of the Magento root `root`. */
export function readDeploymentFiles(fs: WorkspaceFileSystem, root: string): DeploymentFiles {
  const read = (name: string): { value?: PhpArray; problem?: string } => {
    const file = path.join(root, 'app', 'etc', name);
    const text = fs.readFile(file, MAX_PHP_CONFIG_BYTES);
    if (text === undefined) return { problem: `${file} is missing or unreadable` };
    try {
      return { value: readPhpReturnedArray(text) };
    } catch (error) {
      return { problem: `${file} is not a PHP file returning an array literal (${error instanceof PhpSyntaxError ? error.message : String(error)})` };
    }
  };
  const env = read('env.php');
  const config = read('config.php');
  return { env: env.value, config: config.value, envProblem: env.problem };
}

/** Every integration the workspace configures, as the doctor compares them with a store. */
export function integrationsForStore(workspace: MagentoWorkspace, fs: WorkspaceFileSystem): WorkspaceIntegration[] {
  const snapshot = workspace.acl.snapshot();
  const configurations: Array<IntegrationConfiguration & { module?: ComponentInfo }> = [...workspace.integrations.all()].map((c) => ({ ...c, module: componentOfUri(workspace, c.uri) }));
  // Disabled modules' files are not in the model (Magento reads none of them): read here, so they can be named.
  for (const component of workspace.allComponents) {
    if (component.type !== 'module' || component.enabled) continue;
    for (const kind of ['integration', 'integration-config', 'integration-api'] as const) {
      const file = path.join(component.root, modulePathOf(kind));
      const text = fs.readFile(file, MAX_SETUP_FILE_BYTES);
      if (text === undefined) continue;
      const lineOf = lineCounter(text);
      for (const entry of readIntegrations(text)) {
        configurations.push({ uri: uriOfPath(file), kind, name: entry.name.value, fields: entry.fields, resources: entry.resources, lines: { start: lineOf(entry.start), end: lineOf(entry.start) }, module: component });
      }
    }
  }
  const names = new Set(configurations.filter((c) => c.kind !== 'integration-api').map((c) => c.name));
  const result: WorkspaceIntegration[] = [];
  for (const name of [...names].sort()) {
    const merged = mergeIntegration(configurations.filter((c) => c.name === name))!;
    const main = merged.main as (IntegrationConfiguration & { module?: ComponentInfo });
    const grants = effectiveGrants(merged.listed, merged.format, snapshot);
    const module = main.module;
    result.push({
      name, format: merged.format, module: module?.name, uri: main.uri, line: main.lines?.start,
      email: merged.fields.get('email'), endpointUrl: merged.fields.get('endpoint_url'), identityLinkUrl: merged.fields.get('identity_link_url'),
      allowed: grants.allowed, fullAccess: grants.fullAccess,
      setup: merged.format === 'legacy' && module ? setupCodeOf(fs, module.root, name) : undefined,
    });
  }
  return result;
}

function componentOfUri(workspace: MagentoWorkspace, uri: string): ComponentInfo | undefined {
  const file = pathOfUri(uri);
  return file === undefined ? undefined : workspace.componentOf(file);
}

/**
 * The module's setup code that creates the legacy integration: data patches (their class names, as
 * patch_list records them) and Setup/InstallData.php, where they name the integration or call
 * processIntegrationConfig.
 */
export function setupCodeOf(fs: WorkspaceFileSystem, moduleRoot: string, integration: string): { dataPatches: string[]; installData: boolean } {
  const creates = (text: string) => text.includes('processIntegrationConfig') || text.includes(`'${integration}'`) || text.includes(`"${integration}"`);
  const dataPatches: string[] = [];
  const patchFolder = path.join(moduleRoot, 'Setup', 'Patch', 'Data');
  for (const entry of fs.readDirectory(patchFolder)) {
    if (!entry.isFile || !entry.name.endsWith('.php')) continue;
    const text = fs.readFile(path.join(patchFolder, entry.name), MAX_SETUP_FILE_BYTES);
    if (text === undefined || !creates(text)) continue;
    const namespace = /^\s*namespace\s+([A-Za-z0-9_\\]+)\s*;/m.exec(text)?.[1];
    const className = /^\s*(?:final\s+|abstract\s+)?class\s+([A-Za-z0-9_]+)/m.exec(text)?.[1] ?? entry.name.slice(0, -4);
    dataPatches.push(namespace ? `${namespace}\\${className}` : className);
  }
  const installData = fs.readFile(path.join(moduleRoot, 'Setup', 'InstallData.php'), MAX_SETUP_FILE_BYTES);
  return { dataPatches: dataPatches.sort(), installData: installData !== undefined && creates(installData) };
}
