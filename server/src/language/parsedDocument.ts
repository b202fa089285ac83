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
  /** Set when the document is longer than the limit for its kind: it was not analysed. */
  tooLarge?: { length: number; limit: number };
}

import { DocumentLimits, INTERACTIVE_LIMITS } from '../magento/documentLimits';
export { BATCH_LIMITS, INTERACTIVE_LIMITS } from '../magento/documentLimits';
export type { DocumentLimits } from '../magento/documentLimits';

export class ParsedDocumentCache {
  private readonly entries = new Map<string, { version: number; text: string; parsed: ParsedDocument }>();

  constructor(private readonly limits: DocumentLimits = INTERACTIVE_LIMITS, private readonly capacity = 64) {}

  get(document: TextDocument): ParsedDocument {
    const text = document.getText();
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.text === text) return cached.parsed;
    const parsed = parseDocument(document, text, this.limits);
    this.entries.delete(document.uri);
    this.entries.set(document.uri, { version: document.version, text, parsed });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

export function parseDocument(document: TextDocument, text = document.getText(), limits: DocumentLimits = INTERACTIVE_LIMITS): ParsedDocument {
  const kind = fileKindOf(document.uri);
  if (!kind) return { document, kind: undefined, references: [] };
  const limit = kind === 'php' || kind === 'registration' ? limits.php : limits.xml;
  if (text.length > limit) return { document, kind, references: [], tooLarge: { length: text.length, limit } };
  if (kind === 'php') return { document, kind, references: findPhpAclReferences(text) };
  if (kind === 'registration' || kind === 'composer') return { document, kind, references: [] };
  const tree = parseXml(text);
  return { document, kind, tree, references: findXmlAclReferences(text, tree, kind) };
}

export function referenceAt(parsed: ParsedDocument, offset: number): AclReference | undefined {
  return parsed.references.find((r) => r.start <= offset && offset <= r.end);
}
