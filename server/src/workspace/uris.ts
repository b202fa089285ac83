// URI identity: one spelling per file, whichever client encoded the URI, so open documents and disk
// files meet in the model. URIs that vscode-uri rejects are not files of the workspace.
import { URI } from 'vscode-uri';

/** The file system path of a `file:` URI; undefined for other schemes and for URIs that do not parse. */
export function pathOfUri(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

export function uriOfPath(file: string): string {
  return URI.file(file).toString();
}

/** The canonical spelling of a URI (the input itself when it does not parse). */
export function canonicalUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}
