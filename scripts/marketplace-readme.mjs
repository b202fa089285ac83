// The readme `vsce package` ships: README.marketplace.md with each screenshot embedded as a data: URI. VS
// Code's extension page allows images from https: and data: only (its CSP), so a relative link shows broken
// and a repository link needs the network (and a public repository): embedded, they show offline.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGED_README = path.join(root, 'dist', 'marketplace', 'README.md');

const source = readFileSync(path.join(root, 'README.marketplace.md'), 'utf8');
const embedded = source.replace(/!\[([^\]]*)\]\((assets\/screenshots\/[\w-]+\.png)\)/g, (_, alt, file) =>
  `![${alt}](data:image/png;base64,${readFileSync(path.join(root, file)).toString('base64')})`);
mkdirSync(path.dirname(PACKAGED_README), { recursive: true });
writeFileSync(PACKAGED_README, embedded);
