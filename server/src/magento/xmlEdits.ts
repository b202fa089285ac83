// Minimal, formatting-preserving insertions into existing XML: new children go just before the parent's end
// tag, re-indented to the file's own style (tabs or N spaces). Pure: the scaffolder's edits of existing
// modules and the language service's quick fixes both use them.
import { TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { attribute, walkElements, XmlElement } from './xmlTree';

const GENERATED_UNIT = '    ';

/** An edit that cannot be made safely (an element never closed): the file must be fixed first. */
export class XmlEditError extends Error {}

/** The file's indentation unit: a tab, or the smallest space indentation in use (4 when none). */
export function indentUnit(text: string): string {
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)</gm)) {
    if (match[1].startsWith('\t')) return '\t';
    smallest = Math.min(smallest, match[1].length);
  }
  return Number.isFinite(smallest) ? ' '.repeat(smallest) : GENERATED_UNIT;
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Inserts `block` (lines indented in 4-space steps, as the templates write them; the least indented line
 * is the child level) as the last children of `parent`.
 */
export function appendChildren(document: TextDocument, parent: XmlElement, block: string): TextEdit {
  const text = document.getText();
  const unit = indentUnit(text);
  const parentIndent = lineIndent(text, parent.start);
  const blockLines = block.split('\n').filter((line) => line.trim() !== '');
  const leading = (line: string) => /^ */.exec(line)![0].length;
  const base = Math.min(...blockLines.map(leading));
  const lines = blockLines.map((line) => {
    const level = Math.round((leading(line) - base) / GENERATED_UNIT.length);
    return parentIndent + unit.repeat(level + 1) + line.trimStart();
  });
  const selfClosing = parent.endTagStart === parent.end && text.slice(parent.start, parent.end).endsWith('/>');
  if (selfClosing) {
    const startTag = text.slice(parent.start, parent.end).replace(/\s*\/>$/, '>');
    return TextEdit.replace(range(document, parent.start, parent.end), `${startTag}\n${lines.join('\n')}\n${parentIndent}</${parent.name}>`);
  }
  if (parent.endTagStart === parent.end) throw new XmlEditError(`<${parent.name}> is never closed; fix the file first.`);
  const lineStart = text.lastIndexOf('\n', parent.endTagStart - 1) + 1;
  if (text.slice(lineStart, parent.endTagStart).trim() === '') {
    return TextEdit.insert(document.positionAt(lineStart), `${lines.join('\n')}\n`);
  }
  return TextEdit.insert(document.positionAt(parent.endTagStart), `\n${lines.join('\n')}\n${parentIndent}`);
}

function range(document: TextDocument, start: number, end: number) {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/**
 * The edit that makes a module.xml load after Magento_Integration: appends to an existing `<sequence>` or adds the
 * sequence when needed; undefined when it is there already or there is no module element. The scaffolder's
 * module edits and the module/missing-integration-sequence quick fix share it.
 */
export function integrationSequenceEdit(document: TextDocument, root: XmlElement | undefined): TextEdit | undefined {
  const moduleElement = [...walkElements(root)].find((e) => e.name === 'module' && e.parent?.name === 'config' && attribute(e, 'name'));
  if (!moduleElement) return undefined;
  const sequence = moduleElement.children.find((c) => c.name === 'sequence');
  if (sequence?.children.some((c) => c.name === 'module' && attribute(c, 'name')?.value === 'Magento_Integration')) return undefined;
  const entry = '<module name="Magento_Integration"/>\n';
  return sequence ? appendChildren(document, sequence, entry) : appendChildren(document, moduleElement, `<sequence>\n    ${entry}</sequence>\n`);
}
