// A name made safe for a file or folder on every file system (integration and module names may hold spaces or
// slashes): the server's collection export and the editor's save dialog name the same files.
export function safeFileName(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '_');
}
