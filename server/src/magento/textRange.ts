// Plain positions shared by the domain and the language service (structurally equal to LSP's).
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export function rangeOf(document: TextDocument, start: number, end: number): TextRange {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}
