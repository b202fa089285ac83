// The open documents by file path, kept as they open and close: asking whether a file is open, or which
// files are, costs a map lookup instead of walking every open document and parsing its URI (with
// thousands open, each open or check walked them all: opening was quadratic).
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathOfUri } from '../workspace/uris';

export class OpenFiles {
  /** The file of each open URI (undefined for non-file URIs), parsed once at open. */
  private readonly fileOfUri = new Map<string, string | undefined>();
  /** The URI each open file is open under (the last opened, when two spellings name one file). */
  private readonly uriOfFile = new Map<string, string>();

  /** Listens before anything else does, so every other handler sees the documents as they now are. */
  constructor(private readonly documents: TextDocuments<TextDocument>) {
    documents.onDidOpen(({ document }) => {
      const file = pathOfUri(document.uri);
      this.fileOfUri.set(document.uri, file);
      if (file !== undefined) this.uriOfFile.set(file, document.uri);
    });
    documents.onDidClose(({ document }) => {
      const file = this.fileOfUri.get(document.uri);
      this.fileOfUri.delete(document.uri);
      if (file !== undefined && this.uriOfFile.get(file) === document.uri) this.uriOfFile.delete(file);
    });
  }

  get count(): number {
    return this.fileOfUri.size;
  }

  /** The file of an open document's URI, without parsing it again. */
  fileOf(uri: string): string | undefined {
    return this.fileOfUri.has(uri) ? this.fileOfUri.get(uri) : pathOfUri(uri);
  }

  isOpen(file: string): boolean {
    return this.uriOfFile.has(file);
  }

  document(file: string): TextDocument | undefined {
    const uri = this.uriOfFile.get(file);
    return uri === undefined ? undefined : this.documents.get(uri);
  }

  /** Every open file with its document. */
  *entries(): IterableIterator<[string, TextDocument]> {
    for (const [file, uri] of this.uriOfFile) {
      const document = this.documents.get(uri);
      if (document) yield [file, document];
    }
  }
}
