import { URI } from 'vscode-uri';

/** The part of a file's path a Magento developer recognizes: from app/code or vendor on. */
export function displayPath(uri: string): string {
  const path = URI.parse(uri).fsPath.replace(/\\/g, '/');
  const marker = Math.max(path.lastIndexOf('/app/code/'), path.lastIndexOf('/vendor/'));
  return marker >= 0 ? path.slice(marker + 1) : path;
}
