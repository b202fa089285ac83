// The "migrate to etc/integration.xml" code action: one undoable workspace edit that writes the
// consolidated file from the legacy pair, deletes the pair, and removes the setup call that would
// fail without it. Each part carries a change annotation, so the editor shows what will happen first.
import { CodeAction, CodeActionKind, CreateFile, DeleteFile, Diagnostic, OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { attribute, elementText, parseXml, walkElements, XmlElement } from '../magento/xmlTree';
import { SCHEMA_LOCATIONS } from '../magento/integrationSchema';
import { ModuleContext } from './moduleDiagnostics';
import { xml } from '../magento/escape';


export function migrateLegacyPair(module: ModuleContext, diagnostic: Diagnostic): CodeAction | undefined {
  const config = module.files.read('etc/integration/config.xml');
  const api = module.files.read('etc/integration/api.xml');
  if (config === undefined || module.files.read('etc/integration.xml') !== undefined) return undefined;
  const integrations = [...walkElements(parseXml(config).root)].filter((e) => e.name === 'integration' && attribute(e, 'name'));
  if (integrations.length === 0) return undefined;
  const apiTree = api === undefined ? undefined : parseXml(api);
  const resourcesOf = (name: string) =>
    [...walkElements(apiTree?.root)]
      .filter((e) => e.name === 'integration' && attribute(e, 'name')?.value === name)
      .flatMap((e) => [...walkElements(e)].filter((r) => r.name === 'resource').map((r) => attribute(r, 'name')?.value ?? ''))
      .filter(Boolean);

  const body = integrations.map((integration) => {
    const name = attribute(integration, 'name')!.value;
    const lines = [`    <integration name="${xml(name)}">`];
    for (const child of ['email', 'endpoint_url', 'identity_link_url']) {
      const value = textOf(config, integration, child);
      if (value !== undefined) lines.push(`        <${child}>${xml(value)}</${child}>`);
    }
    const resources = resourcesOf(name);
    if (resources.length > 0) {
      lines.push('        <resources>', ...resources.map((r) => `            <resource name="${xml(r)}"/>`), '        </resources>');
    }
    lines.push('    </integration>');
    return lines.join('\n');
  });
  const consolidated = `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="${SCHEMA_LOCATIONS.integration}">\n${body.join('\n')}\n</config>\n`;

  const uri = (relative: string) => URI.file(`${module.root}/${relative}`).toString();
  const target = uri('etc/integration.xml');
  const documentChanges: WorkspaceEdit['documentChanges'] = [
    CreateFile.create(target, { ignoreIfExists: false, overwrite: false }, 'create'),
    TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(target, null), [{ ...TextEdit.insert({ line: 0, character: 0 }, consolidated), annotationId: 'create' }]),
    DeleteFile.create(uri('etc/integration/config.xml'), { ignoreIfNotExists: true }, 'delete'),
  ];
  if (api !== undefined) documentChanges.push(DeleteFile.create(uri('etc/integration/api.xml'), { ignoreIfNotExists: true }, 'delete'));
  const names = new Set(integrations.map((i) => attribute(i, 'name')!.value));
  // processIntegrationConfig() looks each name up in the merged config.xml: once it is deleted, a fresh
  // setup:upgrade stops on the undefined key (seen on a real 2.4.6 store). A call that installs only
  // migrated names is replaced by a note, leaving the patch a valid no-op for stores that already applied it.
  const statements = module.facts().installCalls().statements.filter((s) => s.names && s.names.length > 0 && s.names.every((name) => names.has(name)));
  for (const file of [...new Set(statements.map((s) => s.file))]) {
    const text = module.files.read(file) ?? '';
    const edits = statements.filter((s) => s.file === file).map((statement) => {
      const lineStart = text.lastIndexOf('\n', statement.start) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      const note = `// ${statement.names!.join(', ')} ${statement.names!.length > 1 ? 'are' : 'is'} now in etc/integration.xml, which setup:upgrade installs on every run.\n`
        + `${indent}// processIntegrationConfig() read config.xml, which is gone: the call would stop setup:upgrade.`
        // Code after the statement on its line must not end up inside the comment.
        + (/^[ \t]*(?:\r?\n|$)/.test(text.slice(statement.end)) ? '' : `\n${indent}`);
      return { ...TextEdit.replace({ start: positionOf(text, statement.start), end: positionOf(text, statement.end) }, note), annotationId: 'setup' };
    });
    documentChanges.push(TextDocumentEdit.create(OptionalVersionedTextDocumentIdentifier.create(uri(file), null), edits));
  }
  // What the edit does, file by file, for clients that show a change this large before applying it.
  const confirm = [
    `Write etc/integration.xml (${[...names].join(', ')}: email, URLs and resources in one file)`,
    `Delete etc/integration/config.xml${api !== undefined ? ' and etc/integration/api.xml' : ''}`,
    ...[...new Set(statements.map((s) => s.file))].map((file) => `Edit ${file}: replace processIntegrationConfig() with a note (it would stop setup:upgrade without config.xml)`),
  ];
  return {
    title: 'Migrate to etc/integration.xml',
    data: { confirm },
    // The fix of the legacy-format hint: offered on it (hover, light bulb), and applied when chosen; the
    // edit is one undoable step whose annotations name each part.
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      documentChanges,
      changeAnnotations: {
        create: { label: 'Write etc/integration.xml', description: 'Email, URLs and resources of the legacy pair in one file; Magento installs it on every setup:upgrade.', needsConfirmation: false },
        delete: { label: 'Delete the legacy config.xml and api.xml', needsConfirmation: false },
        setup: { label: 'Remove the processIntegrationConfig call, which would fail without config.xml', needsConfirmation: false },
      },
    },
  };
}

function textOf(text: string, integration: XmlElement, name: string): string | undefined {
  const element = integration.children.find((c) => c.name === name);
  if (!element || element.endTagStart <= element.startTagEnd) return undefined;
  return elementText(text, element).trim();
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
