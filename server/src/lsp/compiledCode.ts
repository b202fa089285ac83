// Node 22.10+ writes the compile cache dist/server.js turned on now, rather than at exit: it then holds the
// bundle's functions compiled by the first index and the first requests too, and a server the editor kills
// keeps it. Once per server (the cache does not change much after the first index).
import * as nodeModule from 'node:module';

let kept = false;

export function keepCompiledCode(): void {
  if (kept) return;
  kept = true;
  (nodeModule as { flushCompileCache?: () => void }).flushCompileCache?.();
}
