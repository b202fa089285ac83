// Quick fixes: insert missing parents into a legacy api.xml; replace an unknown id with a suggestion, or
// remove it when what it misspells is already granted; remove a duplicate; and "fix all" for a file.
// A fix never creates a new problem: no suggestion repeats an id the integration already grants, and
// "fix all" inserts each missing parent once.
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { isIntegrationKind } from '../magento/fileKinds';
import { XmlElement } from '../magento/xmlTree';
import { ParsedDocument, referenceAt } from './parsedDocument';
import { DiagnosticCode } from './diagnosticCodes';
import { MissingParentData, UnknownResourceData } from './diagnostics';
import { ModuleContext, ReplacementData } from './moduleDiagnostics';
import { migrateLegacyPair } from './legacyMigration';
import { integrationSequenceEdit } from '../magento/xmlEdits';

/** The kind of the "fix all" source action, for `editor.codeActionsOnSave`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.magento`;

/**
 * `diagnostics`: the ones the editor asks about (under the cursor); `all`: every diagnostic of the
 * document, for "fix all"; `only`: the kinds the client wants (e.g. source.fixAll on save).
 */
export function getCodeActions(parsed: ParsedDocument, diagnostics: readonly Diagnostic[], module?: ModuleContext, all: readonly Diagnostic[] = diagnostics, only?: readonly string[]): CodeAction[] {
  const wantsFixAll = only?.some((kind) => FIX_ALL_KIND.startsWith(kind) || kind === CodeActionKind.Source);
  if (only && only.length > 0 && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind))) {
    if (!wantsFixAll) return [];
    const action = fixAll(parsed, all, module, FIX_ALL_KIND);
    return action ? [action] : [];
  }
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.code === DiagnosticCode.legacyFormat) {
      const action = module && migrateLegacyPair(module, diagnostic);
      if (action && !actions.some((a) => a.title === action.title)) actions.push(action);
      continue;
    }
    actions.push(...quickFixes(parsed, diagnostic));
  }
  // As eslint does: once several problems of the file can be fixed, one action fixes them all.
  if (actions.length > 0) {
    const action = fixAll(parsed, all, module, CodeActionKind.QuickFix);
    if (action) actions.push(action);
  }
  return actions;
}

/** The quick fixes of one diagnostic, the preferred one first. */
function quickFixes(parsed: ParsedDocument, diagnostic: Diagnostic): CodeAction[] {
  const uri = parsed.document.uri;
  const fix = (title: string, edits: TextEdit[], isPreferred: boolean): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred, edit: { changes: { [uri]: edits } } });
  switch (diagnostic.code) {
    case DiagnosticCode.missingParent: {
      const edit = insertParentsEdit(parsed, diagnostic);
      return edit ? [fix(edit.title, [edit.edit], true)] : [];
    }
    case DiagnosticCode.missingIntegrationSequence: {
      const edit = integrationSequence(parsed);
      return edit ? [fix('Add the Magento_Integration sequence', [edit], true)] : [];
    }
    case DiagnosticCode.schemaLocation: {
      const { replacement } = (diagnostic.data ?? {}) as Partial<ReplacementData>;
      return replacement === undefined ? [] : [fix(`Use ${replacement}`, [TextEdit.replace(diagnostic.range, replacement)], true)];
    }
    case DiagnosticCode.setupNameCase:
    case DiagnosticCode.nameMismatch:
    case DiagnosticCode.invalidComposerName: {
      const { replacement } = (diagnostic.data ?? {}) as Partial<ReplacementData>;
      if (replacement === undefined) return [];
      return [fix(diagnostic.code !== DiagnosticCode.invalidComposerName ? `Spell it ${replacement.replace(/^'(.*)'$/s, '"$1"').replace(/^(?!")(.*)$/s, '"$1"')}, as the other files do` : `Rename the package to ${replacement}`, [TextEdit.replace(diagnostic.range, replacement)], true)];
    }
    case DiagnosticCode.unknownResource: {
      const { suggestions = [], alreadyGranted = [], missingParents = {} } = (diagnostic.data ?? {}) as Partial<UnknownResourceData>;
      // In a legacy api.xml the new id comes with the ancestors it needs, so the fix leaves no missing-parent behind.
      const fixes = suggestions.map((suggestion, index) => {
        const parents = missingParents[suggestion] ?? [];
        const insertion = parents.length > 0 ? insertParentsEdit(parsed, diagnostic, parents) : undefined;
        const title = parents.length > 0 ? `Change to "${suggestion}" (with its parent${parents.length > 1 ? 's' : ''} ${parents.join(', ')})` : `Change to "${suggestion}"`;
        return fix(title, [...(insertion ? [insertion.edit] : []), TextEdit.replace(diagnostic.range, suggestion)], index === 0);
      });
      const removal = alreadyGranted.length > 0 ? removeReferenceEdit(parsed, diagnostic) : undefined;
      if (removal) fixes.push(fix(`Remove it (${alreadyGranted.join(', ')} ${alreadyGranted.length > 1 ? 'are' : 'is'} already granted)`, [removal], suggestions.length === 0));
      return fixes;
    }
    case DiagnosticCode.duplicateResource: {
      const removal = isIntegrationKind(parsed.kind) ? removeReferenceEdit(parsed, diagnostic) : undefined;
      return removal ? [fix('Remove the duplicate', [removal], true)] : [];
    }
    default:
      return [];
  }
}

/**
 * Every preferred fix of the file at once, when there are at least two: each missing parent inserted once,
 * no replacement that makes a duplicate, and nothing fixed inside a line that is being removed.
 */
function fixAll(parsed: ParsedDocument, all: readonly Diagnostic[], module: ModuleContext | undefined, kind: string): CodeAction | undefined {
  const { document } = parsed;
  const edits: TextEdit[] = [];
  const removed: Range[] = [];
  const inserted = new Set<string>();
  const granted = new Set(parsed.references.filter((r) => r.integration).map((r) => r.id));
  let fixed = 0;
  const sorted = [...all].sort((a, b) => document.offsetAt(a.range.start) - document.offsetAt(b.range.start));
  // Removals first, so no other fix lands inside a removed element.
  for (const diagnostic of sorted) {
    const [preferred] = quickFixes(parsed, diagnostic).filter((f) => f.isPreferred);
    if (!preferred || !/^Remove/.test(preferred.title)) continue;
    const edit = preferred.edit!.changes![document.uri][0];
    removed.push(edit.range);
    edits.push(edit);
    fixed++;
  }
  const inRemoved = (range: Range) => removed.some((r) => document.offsetAt(r.start) <= document.offsetAt(range.start) && document.offsetAt(range.end) <= document.offsetAt(r.end));
  for (const diagnostic of sorted) {
    if (inRemoved(diagnostic.range)) continue;
    if (diagnostic.code === DiagnosticCode.missingParent) {
      const { missing = [] } = (diagnostic.data ?? {}) as Partial<MissingParentData>;
      const still = missing.filter((id) => !inserted.has(id) && !granted.has(id));
      const edit = still.length > 0 ? insertParentsEdit(parsed, diagnostic, still) : undefined;
      if (!edit) continue;
      still.forEach((id) => inserted.add(id));
      edits.push(edit.edit);
      fixed++;
      continue;
    }
    if (diagnostic.code === DiagnosticCode.unknownResource) {
      const { suggestions = [], missingParents = {} } = (diagnostic.data ?? {}) as Partial<UnknownResourceData>;
      const [suggestion] = suggestions;
      if (suggestion === undefined || granted.has(suggestion) || inserted.has(suggestion)) continue;
      const parents = (missingParents[suggestion] ?? []).filter((id) => !inserted.has(id));
      const insertion = parents.length > 0 ? insertParentsEdit(parsed, diagnostic, parents) : undefined;
      if (insertion) edits.push(insertion.edit);
      edits.push(TextEdit.replace(diagnostic.range, suggestion));
      [suggestion, ...parents].forEach((id) => inserted.add(id));
      fixed++;
      continue;
    }
    const [preferred] = quickFixes(parsed, diagnostic).filter((f) => f.isPreferred);
    if (!preferred || /^Remove/.test(preferred.title)) continue;
    const [edit] = preferred.edit!.changes![document.uri];
    if (edits.some((e) => e.range.start.line === edit.range.start.line && e.range.start.character === edit.range.start.character && e.newText === edit.newText)) continue;
    edits.push(edit);
    fixed++;
  }
  void module;
  if (fixed < 2) return undefined;
  return { title: `Fix all auto-fixable problems in this file (${fixed})`, kind, edit: { changes: { [document.uri]: edits } } };
}

/** Deletes the element that carries the diagnostic's reference, with its line when it stands alone on it. */
function removeReferenceEdit(parsed: ParsedDocument, diagnostic: Diagnostic): TextEdit | undefined {
  const reference = referenceAt(parsed, parsed.document.offsetAt(diagnostic.range.start));
  return reference?.element ? removeElement(parsed, reference.element) : undefined;
}

function removeElement(parsed: ParsedDocument, element: XmlElement): TextEdit {
  const { document } = parsed;
  const text = document.getText();
  const lineStart = text.lastIndexOf('\n', element.start - 1) + 1;
  const newline = text.indexOf('\n', element.end);
  const lineEnd = newline < 0 ? text.length : newline;
  const alone = /^[ \t]*$/.test(text.slice(lineStart, element.start)) && /^[ \t\r]*$/.test(text.slice(element.end, lineEnd));
  const start = alone ? lineStart : element.start;
  const end = alone ? Math.min(text.length, lineEnd + 1) : element.end;
  return TextEdit.del({ start: document.positionAt(start), end: document.positionAt(end) });
}

/** Inserts `<resource name="…"/>` lines for the missing ancestors, top-down, just before the resource. */
function insertParentsEdit(parsed: ParsedDocument, diagnostic: Diagnostic, only?: string[]): { title: string; edit: TextEdit } | undefined {
  const { document } = parsed;
  const { missing: all = [] } = (diagnostic.data ?? {}) as Partial<MissingParentData>;
  const missing = only ?? all;
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
  return { title: `Add missing parent resource${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`, edit: TextEdit.insert(at, insertion) };
}

/** Adds `<module name="Magento_Integration"/>` to the module's `<sequence>`, creating it when needed. */
function integrationSequence(parsed: ParsedDocument): TextEdit | undefined {
  try {
    return integrationSequenceEdit(parsed.document, parsed.tree?.root);
  } catch {
    return undefined; // an unclosed <module> or <sequence>: nothing safe to insert
  }
}
