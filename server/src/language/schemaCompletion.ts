// Schema-driven completion in integration files: the child elements still missing where the cursor
// is, attribute names, and the xsi:noNamespaceSchemaLocation URN of each Magento file kind.
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, TextEdit } from 'vscode-languageserver-types';
import { INTEGRATION_SCHEMAS, ELEMENT_DOCS, SCHEMA_LOCATIONS } from '../magento/integrationSchema';
import { scanTags } from '../magento/xmlTags';
import { isIntegrationKind } from '../magento/fileKinds';
import { xmlValueContext } from './cursorContext';
import { ParsedDocument } from './parsedDocument';

export function doSchemaComplete(parsed: ParsedDocument, offset: number): CompletionList | undefined {
  const { document, kind } = parsed;
  if (!kind) return undefined;
  const text = document.getText();
  const value = xmlValueContext(text, offset);
  if (value?.attribute === 'xsi:noNamespaceSchemaLocation') {
    const urn = SCHEMA_LOCATIONS[kind];
    if (!urn) return undefined;
    const range = { start: document.positionAt(value.start), end: document.positionAt(value.end) };
    return { isIncomplete: false, items: [{ label: urn, kind: CompletionItemKind.File, detail: 'Magento schema for this file', textEdit: TextEdit.replace(range, urn) }] };
  }
  if (!isIntegrationKind(kind) || value) return undefined;
  const schema = INTEGRATION_SCHEMAS[kind];
  const { open, inTag } = tagContext(text, offset);
  const items: CompletionItem[] = [];

  if (inTag) {
    // Attribute names of the tag being written.
    const rule = schema[inTag.name];
    for (const attributeName of rule?.attributes ?? []) {
      if (inTag.attributes.includes(attributeName)) continue;
      items.push({ label: attributeName, kind: CompletionItemKind.Property, insertText: `${attributeName}="$1"`, insertTextFormat: InsertTextFormat.Snippet });
    }
    return { isIncomplete: false, items };
  }

  const parent = open[open.length - 1];
  const typedLt = /<[A-Za-z_]*$/.exec(text.slice(Math.max(0, offset - 40), offset));
  const start = typedLt ? offset - typedLt[0].length : offset;
  const range = { start: document.positionAt(start), end: document.positionAt(offset) };
  const rule = parent ? schema[parent.name] : undefined;
  const candidates = parent ? (rule?.children ?? []) : [{ name: Object.keys(schema)[0], required: true }];
  const present = parent ? childNames(text, parent.end) : [];
  const lastPresent = Math.max(-1, ...present.map((name) => candidates.findIndex((c) => c.name === name)));
  candidates.forEach((child, position) => {
    if (!child.repeats && present.includes(child.name)) return;
    if (rule?.ordered && position < lastPresent) return;
    const attributes = schema[child.name]?.attributes.map((a) => ` ${a}="$1"`).join('') ?? '';
    const empty = child.name === 'resource';
    const snippet = empty ? `<${child.name}${attributes}/>` : `<${child.name}${attributes}>${attributes ? '\n\t$0\n' : '$0'}</${child.name}>`;
    items.push({
      label: child.name,
      kind: CompletionItemKind.Property,
      detail: child.required ? 'required' : 'optional',
      documentation: ELEMENT_DOCS[child.name] ? { kind: MarkupKind.Markdown, value: ELEMENT_DOCS[child.name] } : undefined,
      sortText: `${child.required ? 0 : 1}${position}`,
      filterText: `<${child.name}`,
      textEdit: TextEdit.replace(range, snippet),
      insertTextFormat: InsertTextFormat.Snippet,
    });
  });
  return { isIncomplete: false, items };
}

/** The elements open at `offset` (outermost first) and, if the cursor is inside a start tag, that tag. */
function tagContext(text: string, offset: number): { open: Array<{ name: string; end: number }>; inTag?: { name: string; attributes: string[] } } {
  const before = text.slice(0, offset);
  const open: Array<{ name: string; end: number }> = [];
  scanTags(before, (tag) => {
    if (tag.closing) {
      const at = open.map((e) => e.name).lastIndexOf(tag.name);
      if (at >= 0) open.splice(at);
    } else if (!tag.selfClosing) {
      open.push({ name: tag.name, end: tag.end });
    }
  });
  const lt = before.lastIndexOf('<');
  const gt = before.lastIndexOf('>');
  const partial = lt > gt ? /^<([A-Za-z_][\w:.-]*)\s((?:[^>"']|"[^"]*"|'[^']*')*)$/.exec(before.slice(lt)) : null;
  // A run that is not followed by `=` is consumed whole by the second branch, so a long one costs its length once.
  if (partial) return { open, inTag: { name: partial[1], attributes: [...partial[2].matchAll(/([^\s=]+)\s*=|[^\s=]+/g)].flatMap((m) => (m[1] ? [m[1]] : [])) } };
  return { open };
}

/** Names of the elements directly inside the element whose start tag ends at `from`. */
function childNames(text: string, from: number): string[] {
  const names: string[] = [];
  let depth = 0;
  scanTags(text.slice(from), (tag) => {
    if (depth < 0) return;
    if (tag.closing) depth--;
    else {
      if (depth === 0) names.push(tag.name);
      if (!tag.selfClosing) depth++;
    }
  });
  return names;
}
