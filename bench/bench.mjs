// `npm run bench`: generates a large Magento tree and prints how the language server performs on it.
// Options: --modules N (default 1500), --keep (leave the tree in .bench/). Env: BENCH_DEBUG_LAT=1 prints each
// completion round trip over 3 ms with its prefix; MIK_TRACE_SLOW_MS=N makes the server report slower handlers.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { generateTree } from './generateTree.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const modules = Number(argument('--modules', 1500));
const treeRoot = path.resolve(here, '..', '.bench', 'magento');
const server = path.resolve(here, '..', 'dist', 'server.js');

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value) => `${value.toFixed(1)} ms`;

console.log(`Generating a Magento tree with ${modules} modules…`);
const generationStart = performance.now();
const tree = generateTree(treeRoot, modules);
console.log(`  ${tree.aclFiles.length} acl.xml files, ${tree.ids.length} ACL ids (${ms(performance.now() - generationStart)})`);

// Baseline: just reading the acl.xml bytes (warm cache, one process, sequentially).
const readStart = performance.now();
let bytes = 0;
for (const file of tree.aclFiles) bytes += readFileSync(file).length;
const readMs = performance.now() - readStart;

// The server, spawned and driven over stdio as an editor would.
const spawnedAt = performance.now();
// The flags the extension starts the server with (SERVER_NODE_FLAGS in server/src/lsp/protocol.ts).
const serverFlags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? ['--max-semi-space-size=2'];
const child = spawn(process.execPath, [...serverFlags, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
let indexReadyAt;
const published = new Map();
connection.onNotification('magentoIntegrationKit/indexState', (state) => {
  if (state.state === 'ready' && indexReadyAt === undefined) indexReadyAt = performance.now();
});
connection.onNotification('textDocument/publishDiagnostics', (params) => published.get(params.uri)?.(params));
connection.onRequest('client/registerCapability', () => null);
connection.listen();
const rootUri = pathToFileURL(treeRoot).href;
await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
  // What VS Code announces for completion lists.
  capabilities: { textDocument: { completion: { completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } } },
});
await connection.sendNotification('initialized', {});

const integrationFile = path.join(treeRoot, 'app', 'code', 'Bench', 'Probe', 'etc', 'integration.xml');
const integrationUri = pathToFileURL(integrationFile).href;
const integrationText = '<config>\n  <integration name="Probe">\n    <resources>\n      <resource name=""/>\n    </resources>\n  </integration>\n</config>\n';
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: integrationUri, languageId: 'xml', version: 1, text: integrationText } });
const cursor = { line: 3, character: 22 };
let firstItemsAt;
for (;;) {
  const list = await connection.sendRequest('textDocument/completion', { textDocument: { uri: integrationUri }, position: cursor });
  if (list?.items?.length > 0) {
    firstItemsAt = performance.now();
    break;
  }
}
while (indexReadyAt === undefined) await new Promise((resolve) => setTimeout(resolve, 5));

// Completion latency with varied prefixes, once the index is complete.
const prefixes = ['', 'Magento_', 'Magento_Cat', 'Vendor1', 'Vendor42_Module', 'resource 1', 'Products', 'Magento_Sales::', 'Config', 'xyz'];
const latencies = [];
for (let i = 0; i < 200; i++) {
  const prefix = prefixes[i % prefixes.length];
  const text = integrationText.replace('name=""', `name="${prefix}"`);
  await connection.sendNotification('textDocument/didChange', { textDocument: { uri: integrationUri, version: i + 2 }, contentChanges: [{ text }] });
  const started = performance.now();
  await connection.sendRequest('textDocument/completion', { textDocument: { uri: integrationUri }, position: { line: 3, character: 22 + prefix.length } });
  latencies.push(performance.now() - started);
  if (process.env.BENCH_DEBUG_LAT && latencies.at(-1) > 3) console.error(`lat ${i} "${prefix}" ${latencies.at(-1).toFixed(1)}`);
}

// The same round trip for a request that does almost nothing (a hover on "<config>"): the transport's share.
const noops = [];
await new Promise((resolve) => setTimeout(resolve, 200)); // let the last edit's validation run first
for (let i = 0; i < 200; i++) {
  const started = performance.now();
  await connection.sendRequest('textDocument/hover', { textDocument: { uri: integrationUri }, position: { line: 0, character: 2 } });
  noops.push(performance.now() - started);
}

// Diagnosing a 300-resource legacy api.xml, from didOpen to published diagnostics: once correct
// (every parent listed), once spread over the tree with parents missing and a typo every 30 ids.
async function diagnose(name, ids) {
  const text = `<integrations>\n  <integration name="Probe">\n    <resources>\n${ids.map((id) => `      <resource name="${id}"/>`).join('\n')}\n    </resources>\n  </integration>\n</integrations>\n`;
  const uri = pathToFileURL(path.join(treeRoot, 'app', 'code', 'Bench', name, 'etc', 'integration', 'api.xml')).href;
  const diagnosed = new Promise((resolve) => published.set(uri, resolve));
  const started = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  const { diagnostics } = await diagnosed;
  return { ms: performance.now() - started, count: diagnostics.length };
}
const cleanApi = await diagnose('Clean', tree.ids.slice(0, 300));
const step = Math.floor(tree.ids.length / 300);
const faultyApi = await diagnose('Faulty', Array.from({ length: 300 }, (_, i) => (i % 30 === 29 ? tree.ids[i * step].replace('::', '::x') : tree.ids[i * step])));

const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
await new Promise((resolve) => {
  const timer = setTimeout(() => child.kill(), 2000);
  child.once('exit', () => resolve(clearTimeout(timer)));
});
connection.dispose();

if (process.env.BENCH_DEBUG) {
  const slowest = latencies.map((l, i) => [l, i]).sort((a, b) => b[0] - a[0]).slice(0, 8);
  console.log('slowest:', slowest.map(([l, i]) => `#${i} ${JSON.stringify(prefixes[i % prefixes.length])} ${l.toFixed(1)}`).join(', '));
}
// The lint CLI on the whole tree, as a CI pipeline would run it.
const cli = path.resolve(here, '..', 'dist', 'cli.js');
const lintStart = performance.now();
const linted = spawnSync(process.execPath, [cli, 'lint', treeRoot, '--format', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
const lintMs = performance.now() - lintStart;
const lintCount = linted.status === 2 ? 'failed' : JSON.parse(linted.stdout).diagnostics.length;

const rows = [
  ['tree', `${modules} modules, ${tree.aclFiles.length} acl.xml files (${(bytes / 1024 / 1024).toFixed(1)} MB), ${tree.ids.length} ids`, ''],
  ['spawn → first completion with ACL items', ms(firstItemsAt - spawnedAt), 'target < 400 ms'],
  ['spawn → index complete', ms(indexReadyAt - spawnedAt), ''],
  ['completion latency p50', ms(percentile(latencies, 50)), ''],
  ['completion latency p99 (200 requests)', ms(percentile(latencies, 99)), 'target < 5 ms'],
  ['no-op request (hover) p50 / p99', `${ms(percentile(noops, 50))} / ${ms(percentile(noops, 99))}`, 'the transport alone'],
  ['300-resource api.xml: didOpen → diagnostics', `${ms(cleanApi.ms)} (${cleanApi.count} diagnostics)`, 'target < 20 ms'],
  ['  the same with 296 problems to report', `${ms(faultyApi.ms)} (${faultyApi.count} diagnostics)`, ''],
  ['lint CLI on the whole tree', `${ms(lintMs)} (${lintCount} diagnostics)`, 'target < 3 s'],
  ['server peak RSS', `${peakRssMb.toFixed(0)} MB`, 'target < 100 MB'],
  ['baseline: reading the acl.xml bytes only', ms(readMs), ''],
];
console.log('');
for (const [name, value, target] of rows) console.log(`${name.padEnd(46)} ${value.padEnd(34)} ${target}`);
if (!process.argv.includes('--keep')) {
  const { rmSync } = await import('node:fs');
  rmSync(path.resolve(here, '..', '.bench'), { recursive: true, force: true });
}
