// `npm run bench`: builds the bundles as they ship (minified, as the .vsix and the npm package hold them),
// generates a large Magento tree, drives the language server over stdio as VS Code does,
// and prints each figure beside its floor measured in the same run (a script, not a timed test).
// Options: --modules N (default 1500), --runs R (default 1), --scaling (the figures at 100, 400 and N
// modules), --keep (leave the tree in .bench/). Env: BENCH_DEBUG_LAT=1 prints each slow completion round
// trip; MIK_TRACE_SLOW_MS=N makes the server report slower handlers; BENCH_OPEN_FILES_ONLY=1 turns the
// workspace check off.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
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
const runs = Number(argument('--runs', 1));
const benchRoot = path.resolve(here, '..', '.bench');
const server = path.resolve(here, '..', 'dist', 'server.js');
const cli = path.resolve(here, '..', 'dist', 'cli.js');
// The flags the extension starts the server with (SERVER_NODE_FLAGS in shared/protocol.ts).
const serverFlags = process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? ['--max-semi-space-size=2', '--v8-pool-size=1'];

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
const ms = (value) => `${value.toFixed(1)} ms`;
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** Runs a node script in a child process; resolves with its wall time (spawn to exit) and its peak RSS. */
function timedNode(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', () => {
      const rss = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ ms: performance.now() - started, rssKb: rss, stdout, stderr });
    });
  });
}
/** Reports the process's peak RSS (KB) on stderr as it exits. */
const REPORT_RSS = "process.on('exit',()=>require('fs').writeSync(2,'MAXRSS '+process.resourceUsage().maxRSS+'\\n'));";

/** The floor of indexing: a find-equivalent walk for etc/acl.xml files in a fresh node process, reading each file found. */
function walkFloor(root) {
  const script = `${REPORT_RSS}const fs=require('fs'),p=require('path');let n=0;const walk=(d)=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())walk(f);else if(e.name==='acl.xml'&&p.basename(d)==='etc'){fs.readFileSync(f);n++;}}};walk(${JSON.stringify(root)});console.log(n);`;
  return timedNode(['-e', script]);
}

/** The floor a user compares with: find(1) listing every etc/acl.xml, spawned and timed to its exit. */
function findFloor(root) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('find', [root, '-path', '*/etc/acl.xml'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let lines = 0;
    child.stdout.on('data', (chunk) => (lines += chunk.toString().split('\n').length - 1));
    child.on('error', reject);
    child.on('exit', () => resolve({ ms: performance.now() - started, found: lines }));
  });
}

/** The floor of the lint: the same walk, reading every file the lint reads (Magento's XML, registration, composer, PHP). */
function lintFloor(root) {
  const script = `${REPORT_RSS}const fs=require('fs'),p=require('path');const names=new Set(['acl.xml','module.xml','integration.xml','config.xml','api.xml','webapi.xml','system.xml','menu.xml','company_acl.xml','registration.php','composer.json']);let n=0;const walk=(d)=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())walk(f);else if(names.has(e.name)||e.name.endsWith('.php')){fs.readFileSync(f,'utf8');n++;}}};walk(${JSON.stringify(root)});console.log(n);`;
  return timedNode(['-e', script]);
}

function treeSize(root) {
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else {
        files++;
        bytes += statSync(file).size;
      }
    }
  };
  walk(root);
  return { files, bytes };
}

async function measure(moduleCount) {
  const treeRoot = path.join(benchRoot, `magento-${moduleCount}`);
  const tree = generateTree(treeRoot, moduleCount);
  const size = treeSize(treeRoot);
  const walk = await walkFloor(treeRoot);
  const found = await findFloor(treeRoot);

  // The server, spawned and driven over stdio as VS Code drives it.
  const spawnedAt = performance.now();
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
  await connection.sendRequest('initialize', {
    processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    // What VS Code announces for completion (push diagnostics here, to time didOpen → diagnostics).
    capabilities: { textDocument: { completion: {
      completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] },
      completionItem: { resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } },
    } } },
  });
  await connection.sendNotification('initialized', {});
  // BENCH_OPEN_FILES_ONLY=1: without the workspace check (magentoIntegrationKit.diagnostics.workspace off), to see its share.
  if (process.env.BENCH_OPEN_FILES_ONLY) await connection.sendNotification('workspace/didChangeConfiguration', { settings: { magentoIntegrationKit: { diagnostics: { workspace: false } } } });

  const integrationUri = pathToFileURL(path.join(treeRoot, 'app', 'code', 'Bench', 'Probe', 'etc', 'integration.xml')).href;
  const integrationText = '<config>\n  <integration name="Probe">\n    <resources>\n      <resource name=""/>\n    </resources>\n  </integration>\n</config>\n';
  let version = 1;
  const setPrefix = (prefix) => connection.sendNotification('textDocument/didChange', { textDocument: { uri: integrationUri, version: ++version }, contentChanges: [{ text: integrationText.replace('name=""', `name="${prefix}"`) }] });
  const complete = (prefix) => connection.sendRequest('textDocument/completion', { textDocument: { uri: integrationUri }, position: { line: 3, character: 22 + prefix.length } });
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: integrationUri, languageId: 'xml', version, text: integrationText } });

  // Spawn → a completion that lists an id of the module generated last (every id of the tree is known).
  const lastId = tree.lastModuleIds.at(-1);
  await setPrefix(lastId);
  let completeAt;
  for (;;) {
    const list = await complete(lastId);
    if (list?.items?.some((item) => item.label === lastId)) {
      completeAt = performance.now();
      break;
    }
  }
  // What a user who types at once meets: 300 keystrokes, each a change and a completion, from the moment every
  // id is listed (the workspace check, the module facts and the route index may still be running), then the
  // transport's own round trip in the same stretch.
  const prefixes = ['', 'Magento_', 'Magento_Cat', 'Vendor1', 'Vendor42_Module', 'resource 1', 'Products', 'Magento_Sales::', 'Config', 'xyz'];
  const typeAndComplete = async (count) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const prefix = prefixes[i % prefixes.length];
      await setPrefix(prefix);
      const started = performance.now();
      await complete(prefix);
      times.push(performance.now() - started);
      if (process.env.BENCH_DEBUG_LAT && times.at(-1) > 3) console.error(`lat ${i} "${prefix}" ${times.at(-1).toFixed(1)} at ${(performance.now() - spawnedAt).toFixed(0)} ms (ready: ${indexReadyAt === undefined ? "not yet" : (indexReadyAt - spawnedAt).toFixed(0)})`);
    }
    return times;
  };
  const hovers = async (count) => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await connection.sendRequest('textDocument/hover', { textDocument: { uri: integrationUri }, position: { line: 0, character: 2 } });
      times.push(performance.now() - started);
    }
    return times;
  };
  const firstLatencies = await typeAndComplete(300);
  const firstNoops = await hovers(300);
  while (indexReadyAt === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
  // Background work settles: the workspace check of every closed file follows the index.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.BENCH_SETTLE_MS ?? 3000)));

  // Payload of the empty prefix: what every keystroke's answer costs the transport at most.
  await setPrefix('');
  const payload = Buffer.byteLength(JSON.stringify(await complete('')));

  const latencies = await typeAndComplete(500);
  // The same round trip for a request that does almost nothing (a hover on "<config>"): the transport's share.
  await new Promise((resolve) => setTimeout(resolve, 200)); // the last edit's validation runs first
  const noops = await hovers(500);

  // An acl.xml edited in an open editor (not saved) → completion offers the new id.
  const aclFile = tree.aclFiles.at(-1);
  const aclUri = pathToFileURL(aclFile).href;
  const aclText = readFileSync(aclFile, 'utf8');
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: aclUri, languageId: 'xml', version: 1, text: aclText } });
  // Five edits, each adding a new id (the median is the figure; the slowest is printed beside it).
  const edits = [];
  for (let round = 0; round < 5; round++) {
    const newId = `Bench_Probe::added_in_editor_${round}`;
    await setPrefix(newId);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the previous edit's checks run first
    const editedAt = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: aclUri, version: 2 + round }, contentChanges: [{ text: aclText.replace('<resources>\n', `<resources>\n<resource id="Magento_Backend::admin"><resource id="${newId}" title="Added in the editor"/></resource>\n`) }] });
    for (;;) {
      const list = await complete(newId);
      if (list?.items?.some((item) => item.label === newId)) break;
    }
    edits.push(performance.now() - editedAt);
  }
  const editMs = percentile(edits, 50);
  const editMaxMs = Math.max(...edits);

  // A 300-resource legacy api.xml, didOpen → published diagnostics: once correct, once with problems.
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
  const serverRssKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((resolve) => {
    const timer = setTimeout(() => child.kill(), 2000);
    child.once('exit', () => resolve(clearTimeout(timer)));
  });
  connection.dispose();

  // The lint CLI on the whole tree, as a CI pipeline runs it, beside reading the files it reads.
  const reporter = path.join(benchRoot, 'report-rss.cjs');
  writeFileSync(reporter, REPORT_RSS);
  const lint = await timedNode(['--require', reporter, cli, 'lint', treeRoot, '--format', 'json']);
  const lintCount = (() => {
    try {
      return JSON.parse(lint.stdout).diagnostics.length;
    } catch {
      return 'failed';
    }
  })();
  const lintRead = await lintFloor(treeRoot);
  if (!process.argv.includes('--keep')) rmSync(treeRoot, { recursive: true, force: true });

  return {
    tree: `${moduleCount} modules, ${size.files} files (${(size.bytes / 1024 / 1024).toFixed(0)} MB), ${tree.aclFiles.length} acl.xml, ${tree.ids.length} ids`,
    indexMs: completeAt - spawnedAt, readyMs: indexReadyAt - spawnedAt, walkMs: walk.ms, findMs: found.ms,
    firstP50: percentile(firstLatencies, 50), firstP99: percentile(firstLatencies, 99), firstNoopP99: percentile(firstNoops, 99),
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), noopP50: percentile(noops, 50), noopP99: percentile(noops, 99),
    editMs, editMaxMs, cleanApi, faultyApi, serverRssKb, lintMs: lint.ms, lintRssKb: lint.rssKb, lintCount, lintReadMs: lintRead.ms, payload,
  };
}

function table(f) {
  const ratio = (value, floor) => `${(value / floor).toFixed(1)}×`;
  return [
    ['tree', f.tree, '', ''],
    ['spawn → completion lists every id', ms(f.indexMs), `find */etc/acl.xml: ${ms(f.findMs)} (${ratio(f.indexMs, f.findMs)}); Node walk: ${ms(f.walkMs)} (${ratio(f.indexMs, f.walkMs)})`, '≤ 1.0× find'],
    ['  (spawn → index state "ready")', ms(f.readyMs), '', ''],
    ['completion p50 / p99 at once (300, typing)', `${ms(f.firstP50)} / ${ms(f.firstP99)}`, `no-op hover p99 then: ${ms(f.firstNoopP99)} (${ratio(f.firstP99, f.firstNoopP99)})`, 'p99 ≤ 1.5× the no-op p99'],
    ['completion p50 / p99 settled (500)', `${ms(f.p50)} / ${ms(f.p99)}`, `no-op hover: ${ms(f.noopP50)} / ${ms(f.noopP99)} (p99 ${ratio(f.p99, f.noopP99)})`, 'p99 ≤ 1.5× the no-op p99'],
    ['acl.xml edited in an editor → new id offered', `${ms(f.editMs)} (slowest of 5: ${ms(f.editMaxMs)})`, '', '≤ 20 ms (median of 5)'],
    ['300-resource api.xml: didOpen → diagnostics', `${ms(f.cleanApi.ms)} (${f.cleanApi.count})`, '', '≤ 15 ms'],
    ['  the same with problems to report', `${ms(f.faultyApi.ms)} (${f.faultyApi.count})`, '', ''],
    ['server peak RSS (started as the extension does)', mb(f.serverRssKb), '', '≤ 90 MB'],
    ['lint of the whole tree: wall / peak RSS', `${ms(f.lintMs)} / ${mb(f.lintRssKb)} (${f.lintCount})`, `reading the same files: ${ms(f.lintReadMs)} (${ratio(f.lintMs, f.lintReadMs)})`, '≤ 2 s, ≤ 120 MB'],
    ['completion payload, empty prefix', `${(f.payload / 1024).toFixed(1)} KB`, '', '≤ 20 KB'],
  ];
}

function print(rows) {
  for (const [name, value, floor, target] of rows) console.log(`${name.padEnd(48)} ${value.padEnd(30)} ${floor.padEnd(46)} ${target}`);
}

console.log(`Magento Integration Kit bench, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.versions.node}`);
const results = [];
for (let run = 1; run <= runs; run++) {
  const figures = await measure(modules);
  results.push(figures);
  console.log(`\nRun ${run} of ${runs}`);
  print(table(figures));
}
if (process.argv.includes('--scaling')) {
  console.log('\nScaling (one run each): linear in files read, flat for completion');
  const sizes = [...new Set([100, 400, modules])];
  const rows = [['modules', 'index', 'find floor', 'first p99', 'no-op p99', 'settled p99', 'no-op p99', 'edit', 'api.xml', 'server RSS', 'lint', 'lint RSS']];
  for (const size of sizes) {
    const f = size === modules && results.length > 0 ? results[0] : await measure(size);
    rows.push([String(size), ms(f.indexMs), ms(f.findMs), ms(f.firstP99), ms(f.firstNoopP99), ms(f.p99), ms(f.noopP99), ms(f.editMs), ms(f.cleanApi.ms), mb(f.serverRssKb), ms(f.lintMs), mb(f.lintRssKb)]);
  }
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(i === 0 ? 8 : 15)).join(''));
}
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
if (!process.argv.includes('--keep')) rmSync(benchRoot, { recursive: true, force: true });
