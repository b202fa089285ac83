// `npm run test:e2e`: runs test/e2e inside a real VS Code workbench (code-server + headless Chromium),
// first against the development folder, then against the packaged .vsix installed into code-server.
// Prints mocha's summary and exits non-zero on any failure, timeout or crash; always stops what it started.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { ensureCodeServer } from './codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUN_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 240000);
const VSIX = path.join(root, 'magento-integration-kit.vsix');

const codeServer = ensureCodeServer(root, 'test');
const out = path.join(root, 'out', 'e2e');
await esbuild.build({
  entryPoints: ['index', 'packaged', 'screenshots'].map((name) => path.join(root, 'test', 'e2e', `${name}.ts`)),
  outdir: out,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});

/** Process groups still running, stopped on any exit path, Ctrl+C included. */
const running = new Set();
const stopAll = () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
};
process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** One workbench session: start code-server, open the workspace with the test payload, collect the exit code. */
async function runSuite({ name, testsModule, developmentPath, installVsix, screenshots }) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'mik-e2e-'));
  const workspace = path.join(scratch, 'workspace');
  cpSync(path.join(root, 'test', 'fixtures', 'magento-project'), workspace, { recursive: true });
  const userData = path.join(scratch, 'user-data');
  const extensions = path.join(scratch, 'extensions');
  const report = path.join(scratch, 'report.txt');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(scratch, 'xdg-config'),
    XDG_DATA_HOME: path.join(scratch, 'xdg-data'),
    XDG_CACHE_HOME: path.join(scratch, 'xdg-cache'),
    MIK_E2E_REPORT: report,
    MIK_E2E_WORKSPACE: workspace,
  };
  // No Welcome page at startup: a Welcome tab then means the extension opened its walkthrough.
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none' }));
  const codeServerArgs = ['--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions];
  if (installVsix) {
    const installed = spawnSync(process.execPath, [codeServer, ...codeServerArgs, '--install-extension', VSIX], { env, encoding: 'utf8' });
    if (installed.status !== 0) throw new Error(`installing ${VSIX} failed:\n${installed.stdout}${installed.stderr}`);
  }
  const port = await freePort();
  const server = spawn(process.execPath, [codeServer, '--bind-addr', `127.0.0.1:${port}`, ...codeServerArgs, workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(server.pid);
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  let browser;
  try {
    await waitForHealth(port, server);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const exitCode = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
    await page.exposeFunction('codeAutomationLog', () => undefined);
    const payload = [['extensionTestsPath', `vscode-remote://remote${path.join(out, testsModule)}`]];
    if (developmentPath) payload.unshift(['extensionDevelopmentPath', `vscode-remote://remote${developmentPath}`]);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    if (screenshots) void takeScreenshots(page, path.dirname(report), screenshots);
    const keyboard = driveKeyboard(page, path.dirname(report));
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), RUN_TIMEOUT_MS));
    const code = await Promise.race([exitCode, timeout]);
    keyboard.stop();
    const text = existsSync(report) ? readFileSync(report, 'utf8') : '';
    console.log(`\n== ${name}\n${text}`);
    if (code === 'timeout') {
      console.log(`e2e: ${name} timed out after ${RUN_TIMEOUT_MS / 1000} s.\n${serverLog.slice(-3000)}`);
      return false;
    }
    if (code !== 0 && !text) console.log(`e2e: ${name} exited ${code} without a report.\n${serverLog.slice(-3000)}`);
    return code === 0;
  } finally {
    await browser?.close().catch(() => undefined);
    stopAll();
    if (process.env.E2E_KEEP) console.log(`e2e: kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

/** Takes a picture each time the test side says its state is ready (see test/e2e/screenshots.ts). */
async function takeScreenshots(page, folder, names) {
  for (const name of names) {
    while (!existsSync(path.join(folder, `ready-${name}`))) await new Promise((resolve) => setTimeout(resolve, 100));
    const file = path.join(root, 'assets', 'screenshots', `${name}.png`);
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file });
    console.log(`e2e: saved ${path.relative(root, file)}`);
    writeFileSync(path.join(folder, `taken-${name}`), '');
  }
}

/**
 * Types into the real workbench for the tests (see typeInWorkbench in test/e2e/suite/helpers.ts): each
 * keys-N.json holds actions ({ waitForTitle }, { waitForText }, { type }, { press }, and in the tester panel's
 * page { webviewWaitFor: selector }, { webviewOpen: step key }, { webviewClick: button label }, and in the
 * Explorer's views { waitForViewRow | clickViewRow: { view, row } }, { clickViewRowAction: { view, row, action } },
 * { contextViewRow: { view, row, item } }, { clickViewTitleAction: { view, action } }, and in the quick-fix
 * menu { clickCodeAction: title }, chosen with the arrow keys and Enter); keys-N.done or keys-N.error answers.
 */
function driveKeyboard(page, folder) {
  let stopped = false;
  const handled = new Set();
  void (async () => {
    while (!stopped) {
      for (const file of readdirSync(folder).filter((f) => /^keys-\d+\.json$/.test(f) && !handled.has(f))) {
        handled.add(file);
        const base = path.join(folder, file.replace(/\.json$/, ''));
        try {
          for (const action of JSON.parse(readFileSync(path.join(folder, file), 'utf8'))) {
            try {
              if (action.waitForTitle) await page.locator('.quick-input-widget .quick-input-title', { hasText: action.waitForTitle }).waitFor({ timeout: 10000 });
              if (action.waitForText) await page.locator('.quick-input-widget', { hasText: action.waitForText }).waitFor({ timeout: 10000 });
              if (action.type !== undefined) await page.keyboard.type(action.type, { delay: 20 });
              if (action.press) await page.keyboard.press(action.press);
              // The tester panel's page: code-server nests it in two iframes.
              const webview = () => page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
              if (action.webviewWaitFor) await webview().locator(action.webviewWaitFor).first().waitFor({ timeout: 20000 });
              if (action.webviewOpen) await webview().locator(`[data-step="${action.webviewOpen}"] vscode-collapsible .collapsible-header`).first().click({ timeout: 20000 });
              // The Explorer's views: a row by its text, its inline actions by their titles, its context menu.
              const pane = (view) => page.locator('.pane', { has: page.locator('.pane-header', { hasText: view }) });
              const row = ({ view, row: text }) => pane(view).locator('.monaco-list-row', { hasText: text }).first();
              /** Monaco lists scroll themselves (no native scrolling): the wheel brings a row into the pane, as a user would. */
              const inView = async (target) => {
                const list = pane(target.view).locator('.monaco-list').first();
                for (let i = 0; i < 30; i++) {
                  const [box, area] = [await row(target).boundingBox(), await list.boundingBox()];
                  if (!box || !area) break;
                  if (box.y >= area.y && box.y + box.height <= area.y + area.height) break;
                  await list.hover({ position: { x: 10, y: 10 } });
                  await page.mouse.wheel(0, box.y < area.y ? -box.height * 2 : box.height * 2);
                }
                return row(target);
              };
              if (action.waitForViewRow) await row(action.waitForViewRow).waitFor({ state: 'attached', timeout: 20000 });
              if (action.clickViewRow) await (await inView(action.clickViewRow)).click({ timeout: 20000 });
              if (action.clickViewRowAction) {
                const target = await inView(action.clickViewRowAction);
                await target.hover({ timeout: 20000 });
                await target.locator(`.action-label[aria-label="${action.clickViewRowAction.action}"]`).click({ timeout: 20000 });
              }
              if (action.contextViewRow) {
                await (await inView(action.contextViewRow)).click({ button: 'right', timeout: 20000 });
                // Hovered then Enter: the menu ignores a mouse-up that comes right after it opened.
                await page.locator('.monaco-menu .action-label', { hasText: action.contextViewRow.item }).first().hover({ timeout: 20000 });
                await page.keyboard.press('Enter');
              }
              if (action.clickViewTitleAction) {
                const header = pane(action.clickViewTitleAction.view).locator('.pane-header');
                await header.hover({ timeout: 20000 });
                await header.locator(`.action-label[aria-label="${action.clickViewTitleAction.action}"]`).click({ timeout: 20000 });
              }
              // The quick-fix menu (the light bulb's): an item by its title.
              // With the keyboard, as the menu is meant to be used (a pointer block covers it until the mouse moves).
              if (action.clickCodeAction) {
                await page.locator('.action-widget .monaco-list-row', { hasText: action.clickCodeAction }).first().waitFor({ timeout: 20000 });
                for (let i = 0; i < 20; i++) {
                  const focused = await page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => null);
                  if (focused?.includes(action.clickCodeAction)) break;
                  await page.keyboard.press('ArrowDown');
                }
                await page.keyboard.press('Enter');
              }
              if (action.webviewClick) await webview().locator('vscode-button', { hasText: action.webviewClick }).first().click({ timeout: 20000 });
              // A modal dialog's button (a change shown before it is applied).
              if (action.clickDialogButton) await page.locator('.monaco-dialog-box .monaco-button', { hasText: action.clickDialogButton }).first().click({ timeout: 20000 });
            } catch (error) {
              const shown = await page.locator('.quick-input-widget').innerText({ timeout: 1000 }).catch(() => '(no quick input)');
              const panel = action.webviewWaitFor || action.webviewClick || action.webviewOpen
                ? `; the panel shows: ${(await page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame').locator('body').innerText({ timeout: 1000 }).catch(() => '(no panel)')).slice(0, 1500)}`
                : '';
              const view = action.waitForViewRow ?? action.clickViewRow ?? action.clickViewRowAction ?? action.contextViewRow ?? action.clickViewTitleAction;
              const views = view ? `; the view shows: ${(await page.locator('.pane', { has: page.locator('.pane-header', { hasText: view.view }) }).innerText({ timeout: 1000 }).catch(() => '(no such view)')).slice(0, 800)}` : '';
              throw new Error(`${JSON.stringify(action)}: ${error?.message ?? error}; the quick input shows: ${shown.slice(0, 300)}${panel}${views}`);
            }
          }
          writeFileSync(`${base}.done`, '');
        } catch (error) {
          writeFileSync(`${base}.error`, String(error?.message ?? error));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return { stop: () => (stopped = true) };
}

async function waitForHealth(port, server) {
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('code-server did not become healthy within 60 s');
}

let ok = true;
try {
  if (process.argv.includes('--screenshots')) {
    ok = await runSuite({ name: 'screenshots', testsModule: 'screenshots.js', developmentPath: root, screenshots: ['completion', 'quick-fix', 'diagnostic', 'scaffold-wizard', 'tester', 'tester-success', 'tester-grants', 'explain', 'views-and-problems'] });
    process.exit(ok ? 0 : 1);
  }
  ok = (await runSuite({ name: 'development folder', testsModule: 'index.js', developmentPath: root })) && ok;
  if (existsSync(VSIX)) {
    const harness = path.join(root, 'test', 'e2e', 'harness-extension');
    ok = (await runSuite({ name: 'packaged .vsix', testsModule: 'packaged.js', developmentPath: harness, installVsix: true })) && ok;
  } else {
    console.log(`e2e: ${path.basename(VSIX)} not found; run \`npm run package\` to test the packaged extension too.`);
    ok = false;
  }
} catch (error) {
  console.error(`e2e: ${error instanceof Error ? error.message : String(error)}`);
  ok = false;
}
process.exit(ok ? 0 : 1);
