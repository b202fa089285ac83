// One parse per document version, shared by every feature.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { findPhpAclReferences, findXmlAclReferences, AclReference } from '../magento/aclReferences';
import { fileKindOf, MagentoFileKind } from '../magento/fileKinds';
import { parseXml, XmlTree } from '../magento/xmlTree';

export interface ParsedDocument {
  document: TextDocument;
  kind?: MagentoFileKind;
  tree?: XmlTree;
  references: AclReference[];
}

/** Documents larger than this get no language features; parsing them on every keystroke would stall the server. */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

export class ParsedDocumentCache {
  private readonly entries = new Map<string, { version: number; text: string; parsed: ParsedDocument }>();

  constructor(private readonly capacity = 64) {}

  get(document: TextDocument): ParsedDocument {
    const text = document.getText();
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.text === text) return cached.parsed;
    const parsed = parseDocument(document, text);
    this.entries.delete(document.uri);
    this.entries.set(document.uri, { version: document.version, text, parsed });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

export function parseDocument(document: TextDocument, text = document.getText()): ParsedDocument {
  const kind = fileKindOf(document.uri);
  if (!kind || text.length > MAX_DOCUMENT_LENGTH) return { document, kind: undefined, references: [] };
  if (kind === 'php') return { document, kind, references: findPhpAclReferences(text) };
  if (kind === 'registration' || kind === 'composer') return { document, kind, references: [] };
  const tree = parseXml(text);
  return { document, kind, tree, references: findXmlAclReferences(text, tree, kind) };
}

export function referenceAt(parsed: ParsedDocument, offset: number): AclReference | undefined {
  return parsed.references.find((r) => r.start <= offset && offset <= r.end);
}
