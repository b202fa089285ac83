// The npm package as a user gets it: `npm pack` (prepack builds the bundles), the tarball installed into a
// fresh global prefix, then its two commands run with a PATH of only that prefix and Node itself: the CLI
// lints the fixture, and Neovim drives the installed language server.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import packageJson from '../../package.json';
import { assertNeovimSaw, driveNeovim } from './neovim';
import { LspTestClient } from './lspClient';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
/** What may ship: the bundles, the extension's assets, the diagnostics' docs, and npm's own files. */
const SHIPPED = [
  /^dist\/(extension|server|main|cli|mcp|webview\/tester)\.js$/,
  /^(package\.json|README\.md|README\.marketplace\.md|CHANGELOG\.md|LICENSE)$/,
  /^assets\/(icon\.png|walkthrough\/[a-z-]+\.md)$/,
  /^(snippets|syntaxes)\/[a-z.-]+\.(code-snippets|json)$/,
  /^docs\/diagnostics\/([a-z]+\/[a-z-]+|README)\.md$/,
];

describe('the npm package, installed by itself', function () {
  // Packing builds the production bundles, and installing fetches the declared dependencies: generous bounds.
  this.timeout(300_000);
  let scratch: string;
  let prefix: string;
  /** Only the installed commands and Node: nothing else of this machine is on the PATH. */
  let pathOfUser: string;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'mik-package-'));
    prefix = path.join(scratch, 'prefix');
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
    assert.equal(packed.status, 0, packed.stderr);
    const [manifest] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const unexpected = manifest.files.map((f) => f.path).filter((file) => !SHIPPED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, [], 'the tarball holds only what package.json "files" lists');
    const tarball = path.join(scratch, manifest.filename);
    const installed = spawnSync('npm', ['install', '--global', '--prefix', prefix, tarball, '--no-audit', '--no-fund', '--prefer-offline'], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(installed.status, 0, installed.stderr);
    pathOfUser = [path.join(prefix, 'bin'), path.dirname(process.execPath)].join(path.delimiter);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('puts both commands on the PATH', () => {
    for (const command of Object.keys(packageJson.bin)) assert.ok(existsSync(path.join(prefix, 'bin', command)), command);
    const version = spawnSync('magento-integration-kit', ['--version'], { encoding: 'utf8', env: { PATH: pathOfUser }, timeout: 60_000 });
    assert.equal(version.stdout.trim(), packageJson.version, version.stderr);
  });

  it('lints a module with the installed CLI', () => {
    const workspace = path.join(scratch, 'project');
    cpSync(FIXTURE, workspace, { recursive: true });
    const result = spawnSync('magento-integration-kit', ['lint', 'app/code/Acme/Sync', '--format', 'json'], { cwd: workspace, encoding: 'utf8', env: { PATH: pathOfUser }, timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const { diagnostics } = JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; file: string }> };
    assert.deepEqual(diagnostics.map((d) => [path.relative(workspace, d.file), d.code]), [['app/code/Acme/Sync/etc/integration.xml', 'acl/unknown-resource']]);
  });

  it('serves Neovim from the installed magento-integration-kit-language-server', () => {
    assertNeovimSaw(driveNeovim({ command: ['magento-integration-kit-language-server', '--stdio'], path: pathOfUser }));
  });

  it('serves Zed the way the Zed extension starts it: the package npm-installed into a folder, Node running the lib.rs SERVER_PATH with --stdio', async () => {
    const lib = readFileSync(path.join(ROOT, 'editors/zed/src/lib.rs'), 'utf8');
    const constant = (name: string) => new RegExp(`const ${name}: &str = "([^"]+)";`).exec(lib)?.[1];
    assert.equal(constant('PACKAGE_NAME'), packageJson.name);
    assert.equal(constant('SERVER_BIN'), Object.keys(packageJson.bin).find((bin) => packageJson.bin[bin as keyof typeof packageJson.bin] === './dist/server.js'));
    // zed::npm_install_package runs `npm install NAME@VERSION` in the extension's own folder.
    const zedWork = path.join(scratch, 'zed-extension-work');
    mkdirSync(zedWork);
    const installed = spawnSync('npm', ['install', path.join(scratch, readdirSync(scratch).find((f) => f.endsWith('.tgz'))!), '--no-audit', '--no-fund', '--prefer-offline'], { cwd: zedWork, encoding: 'utf8', timeout: 240_000 });
    assert.equal(installed.status, 0, installed.stderr);
    const server = path.join(zedWork, constant('SERVER_PATH')!);
    assert.ok(existsSync(server), `${constant('SERVER_PATH')} is in the installed package`);
    const workspace = path.join(scratch, 'zed-project');
    cpSync(FIXTURE, workspace, { recursive: true });
    const client = await LspTestClient.start(workspace, {}, server);
    try {
      await client.waitForIndex(30_000);
      const uri = await client.open(path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml'));
      const { diagnostics } = await client.diagnosticsFor(uri, (p) => p.diagnostics.length > 0, 30_000);
      assert.deepEqual(diagnostics.map((d) => d.code), ['acl/unknown-resource']);
    } finally {
      await client.stop();
    }
  });

  it('starts the MCP server from the README\'s Claude Code configuration, as written, and lists its tools', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const snippet = /Claude Code\*\*, a project's\n`\.mcp\.json`[^\n]*\n\n```json\n([\s\S]*?)\n```/.exec(readme);
    assert.ok(snippet, 'the README\'s .mcp.json snippet');
    const { command, args } = (JSON.parse(snippet[1]) as { mcpServers: Record<string, { command: string; args: string[] }> }).mcpServers.magento;
    const workspace = path.join(scratch, 'mcp-project');
    cpSync(FIXTURE, workspace, { recursive: true });
    // The agent starts it in the project, with the user's PATH (here: only the installed package and Node).
    const client = new Client({ name: 'readme-check', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: path.join(prefix, 'bin', command), args, cwd: workspace, env: { PATH: pathOfUser } }));
    try {
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'integration_routes'));
      const result = (await client.callTool({ name: 'integration_routes', arguments: { integration: 'AcmeSync' } })) as { structuredContent?: { total?: number } };
      assert.ok((result.structuredContent?.total ?? 0) > 0, JSON.stringify(result));
    } finally {
      await client.close();
    }
  });
});
