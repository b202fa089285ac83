// Adding to an existing module: an integration in the layout the module already uses, or resources to an
// integration. The result is a list of file changes (new files, or text edits to existing ones) for the
// editor to apply as one undoable edit.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { attribute, walkElements } from '../magento/xmlTree';
import { AclLookup, resolveGrants } from './grants';
import { checkIntegration, IntegrationInput, ScaffoldError } from './inputs';
import { currentIntegrationBlock, dataPatchClassName, dataPatchPhp, integrationXml, legacyApiBlock, legacyApiXml, legacyConfigBlock, resourceLines } from './templates';
import { appendChildren, integrationSequenceEdit } from '../magento/xmlEdits';
import { parseForEdit } from './xmlInsert';

export interface FileChange {
  /** Module-relative path. */
  path: string;
  /** Contents of a new file... */
  create?: string;
  /** ...or edits to the existing one. */
  edits?: TextEdit[];
}

export interface ExistingModule {
  name: string;
  /** Reads a module-relative file (open editors first), undefined when absent. */
  read(relativePath: string): string | undefined;
}

export type ModuleLayout = 'current' | 'legacy' | 'none';

export function layoutOf(module: ExistingModule): ModuleLayout {
  if (module.read('etc/integration.xml') !== undefined) return 'current';
  return module.read('etc/integration/config.xml') !== undefined ? 'legacy' : 'none';
}

export function planAddIntegration(module: ExistingModule, integration: IntegrationInput, acl: AclLookup): { changes: FileChange[]; openFile: string } {
  const problem = checkIntegration(integration);
  if (problem) throw new ScaffoldError(problem);
  const { listed, declared } = resolveGrants(integration.resources, module.name, acl);
  if (declared.length > 0) throw new ScaffoldError(`Declare ${declared.join(', ')} in the module's etc/acl.xml first.`);
  const changes: FileChange[] = [];
  const layout = layoutOf(module);
  let openFile = 'etc/integration.xml';
  if (layout === 'current') {
    changes.push(appendToRoot(module, 'etc/integration.xml', currentIntegrationBlock(integration, listed)));
  } else if (layout === 'none') {
    changes.push({ path: 'etc/integration.xml', create: integrationXml(integration, listed) });
  } else {
    if (listed.length === 0) throw new ScaffoldError('This module uses the legacy layout, whose api.xml must list at least one ACL resource.');
    openFile = 'etc/integration/config.xml';
    changes.push(appendToRoot(module, openFile, legacyConfigBlock(integration)));
    changes.push(module.read('etc/integration/api.xml') === undefined
      ? { path: 'etc/integration/api.xml', create: legacyApiXml(integration.name, listed) }
      : appendToRoot(module, 'etc/integration/api.xml', legacyApiBlock(integration.name, listed)));
    // An existing InstallData or patch never runs again, so the new integration gets its own data patch.
    const className = dataPatchClassName(integration.name);
    const patch = `Setup/Patch/Data/${className}.php`;
    if (module.read(patch) !== undefined) throw new ScaffoldError(`${patch} already exists; nothing was changed.`);
    changes.push({ path: patch, create: dataPatchPhp(module.name.replace('_', '\\'), className, integration.name) });
  }
  const sequence = integrationSequenceChange(module);
  if (sequence) changes.push(sequence);
  return { changes, openFile };
}

/**
 * Edits that grant `resources` to the integration named `name` in an integration.xml or legacy api.xml;
 * the legacy file also gets every missing ancestor, since Magento grants it exactly what it lists.
 */
export function planAddResources(text: string, kind: 'integration' | 'integration-api', name: string, resources: readonly string[], acl: AclLookup): TextEdit[] {
  const document = TextDocument.create('file:///integration.xml', 'xml', 0, text);
  const tree = parseForEdit(text, kind === 'integration' ? 'etc/integration.xml' : 'etc/integration/api.xml');
  const unknown = resources.find((id) => !acl.get(id));
  if (unknown) throw new ScaffoldError(`Unknown ACL resource "${unknown}": no acl.xml in the project declares it.`);
  // The legacy file lists ancestors too; integration.xml gets the chosen ids only.
  const wanted = kind === 'integration-api' ? resolveGrants(resources, '', acl).listed : [...new Set(resources)];

  const integration = [...walkElements(tree.root)].find((e) => e.name === 'integration' && attribute(e, 'name')?.value === name);
  if (!integration) {
    if (kind === 'integration') throw new ScaffoldError(`etc/integration.xml has no integration named "${name}".`);
    return [appendChildren(document, tree.root!, legacyApiBlock(name, wanted))];
  }
  const listed = new Set([...walkElements(integration)].filter((e) => e.name === 'resource').map((e) => attribute(e, 'name')?.value));
  const missing = wanted.filter((id) => !listed.has(id));
  if (missing.length === 0) return [];
  const resourcesElement = integration.children.find((c) => c.name === 'resources');
  return resourcesElement
    ? [appendChildren(document, resourcesElement, resourceLines(missing, 0))]
    : [appendChildren(document, integration, `<resources>\n${resourceLines(missing, 1)}</resources>\n`)];
}

function appendToRoot(module: ExistingModule, path: string, block: string): FileChange {
  const text = module.read(path)!;
  const tree = parseForEdit(text, path);
  return { path, edits: [appendChildren(TextDocument.create('file:///x.xml', 'xml', 0, text), tree.root!, block)] };
}

/** Adds Magento_Integration to module.xml's `<sequence>` when it is missing. */
function integrationSequenceChange(module: ExistingModule): FileChange | undefined {
  const text = module.read('etc/module.xml');
  if (text === undefined) return undefined;
  const tree = parseForEdit(text, 'etc/module.xml');
  const edit = integrationSequenceEdit(TextDocument.create('file:///module.xml', 'xml', 0, text), tree.root);
  return edit && { path: 'etc/module.xml', edits: [edit] };
}

