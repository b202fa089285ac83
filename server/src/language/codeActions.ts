// Quick fixes: insert missing parents into a legacy api.xml; replace an unknown id with a suggestion.
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { ParsedDocument, referenceAt } from './parsedDocument';
import { DiagnosticCode } from './diagnosticCodes';
import { MissingParentData, UnknownResourceData } from './diagnostics';
import { ModuleContext, ReplacementData } from './moduleDiagnostics';
import { migrateLegacyPair } from './legacyMigration';
import { integrationSequenceEdit } from '../scaffold/editModule';

export function getCodeActions(parsed: ParsedDocument, diagnostics: readonly Diagnostic[], module?: ModuleContext): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.code === DiagnosticCode.legacyFormat) {
      const action = module && migrateLegacyPair(module, diagnostic);
      if (action && !actions.some((a) => a.title === action.title)) actions.push(action);
      continue;
    }
    if (diagnostic.code === DiagnosticCode.missingParent) {
      const action = insertParents(parsed, diagnostic);
      if (action) actions.push(action);
    } else if (diagnostic.code === DiagnosticCode.missingIntegrationSequence) {
      const action = addIntegrationSequence(parsed, diagnostic);
      if (action) actions.push(action);
    } else if (diagnostic.code === DiagnosticCode.setupNameCase || diagnostic.code === DiagnosticCode.invalidComposerName) {
      const { replacement } = (diagnostic.data ?? {}) as Partial<ReplacementData>;
      if (replacement === undefined) continue;
      actions.push({
        title: diagnostic.code === DiagnosticCode.setupNameCase ? `Use the configured name "${replacement}"` : `Rename the package to ${replacement}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [parsed.document.uri]: [TextEdit.replace(diagnostic.range, replacement)] } },
      });
    } else if (diagnostic.code === DiagnosticCode.unknownResource) {
      const { suggestions = [] } = (diagnostic.data ?? {}) as Partial<UnknownResourceData>;
      suggestions.forEach((suggestion, index) => {
        actions.push({
          title: `Change to "${suggestion}"`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: index === 0,
          edit: { changes: { [parsed.document.uri]: [TextEdit.replace(diagnostic.range, suggestion)] } },
        });
      });
    }
  }
  return actions;
}

/** Inserts `<resource name="…"/>` lines for the missing ancestors, top-down, just before the resource. */
function insertParents(parsed: ParsedDocument, diagnostic: Diagnostic): CodeAction | undefined {
  const { document } = parsed;
  const { missing = [] } = (diagnostic.data ?? {}) as Partial<MissingParentData>;
  const reference = referenceAt(parsed, document.offsetAt(diagnostic.range.start));
  if (missing.length === 0 || !reference?.element) return undefined;
  const text = document.getText();
  const elementStart = reference.element.start;
  const lineStart = text.lastIndexOf('\n', elementStart - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, elementStart))![0];
  const onItsOwnLine = indentation.length === elementStart - lineStart;
  const lines = missing.map((id) => `<resource name="${id}"/>`);
  const insertion = onItsOwnLine
    ? lines.map((line) => `${indentation}${line}\n`).join('')
    : lines.join('');
  const at = document.positionAt(onItsOwnLine ? lineStart : elementStart);
  return {
    title: `Add missing parent resource${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [document.uri]: [TextEdit.insert(at, insertion)] } },
  };
}

/** Adds `<module name="Magento_Integration"/>` to the module's `<sequence>`, creating it when needed. */
function addIntegrationSequence(parsed: ParsedDocument, diagnostic: Diagnostic): CodeAction | undefined {
  let edit: TextEdit | undefined;
  try {
    edit = integrationSequenceEdit(parsed.document, parsed.tree?.root);
  } catch {
    return undefined; // an unclosed <module> or <sequence>: nothing safe to insert
  }
  if (!edit) return undefined;
  return {
    title: 'Add the Magento_Integration sequence',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [parsed.document.uri]: [edit] } },
  };
}
