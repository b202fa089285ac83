// The workbench as a user meets it: `npm start` itself (scripts/start.mjs: the packaged .vsix installed
// into code-server, the demo project, the demo profile), opened in Chromium and driven only with the
// keyboard and the mouse. Nothing runs inside the extension host; what is asserted is what is on screen.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Locator, Page } from 'playwright-core';
import { freePort } from '../freePort';

const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, '.e2e', 'workbench-screenshots');

export interface UserSession {
  page: Page;
  /** The demo project npm start opened. */
  workspace: string;
  /** What npm start printed. */
  output(): string;
  stop(): Promise<void>;
}

/** `npm start -- --fresh` in a demo home of its own, then the URL it prints opened in Chromium. */
export async function npmStart(): Promise<UserSession> {
  const home = mkdtempSync(path.join(tmpdir(), 'mik-user-'));
  const port = await freePort();
  const start: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'scripts/start.mjs'), '--fresh'], {
    cwd: ROOT, env: { ...process.env, PORT: String(port), MIK_DEMO_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let printed = '';
  start.stdout!.on('data', (d) => (printed += d));
  start.stderr!.on('data', (d) => (printed += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(printed);
      if (found) {
        clearInterval(timer);
        resolve(found[0]);
      } else if (start.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited ${start.exitCode}:\n${printed.slice(-3000)}`));
      }
    }, 100);
  });
  const workspace = decodeURIComponent(new URL(url).searchParams.get('folder')!);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    // A first run settles when the walkthrough has opened and the index is ready (the status bar's count):
    // a user starts then, and so do the tests (an editor opened earlier would lose the focus to it).
    await page.locator('.tab', { hasText: 'Walkthrough: Magento Integration Kit' }).waitFor({ timeout: 90000 });
    await page.locator('.statusbar-item', { hasText: /Magento ACL: \d+/ }).first().waitFor({ timeout: 90000 });
    // The last thing the extension does at startup: the walkthrough's first step ticks (the page redraws).
    const firstStep = page.locator('.getting-started-step', { hasText: 'Open a Magento project' }).first();
    await until(() => firstStep.getAttribute('aria-checked'), (checked) => checked === 'true', 'the walkthrough\'s first step to tick', 90000);
    await page.waitForTimeout(1000);
    return {
      page, workspace, output: () => printed,
      async stop() {
        await browser?.close().catch(() => undefined);
        try {
          process.kill(-start.pid!, 'SIGTERM');
        } catch {
          // already gone
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
        rmSync(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    process.kill(-start.pid!, 'SIGTERM');
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
}

/** A screenshot to look at, kept under .e2e/workbench-screenshots/. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Runs a command from the palette, as a user does: F1, its title, Enter. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await typeInQuickInput(page, `>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

/** Opens a file of the workspace with Quick Open (Ctrl+P), as a user does. */
export async function openFile(page: Page, relative: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await page.waitForTimeout(200);
  await page.keyboard.type(relative, { delay: 15 });
  await until(() => input.inputValue(), (value) => value === relative, `"${relative}" typed into Quick Open`, 10000);
  // The first row is the file asked for (its folder shown beside its name) before Enter.
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: path.basename(relative) }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: path.basename(relative) }).waitFor({ timeout: 10000 });
}

/** The Problems panel (Ctrl+Shift+M), and its rows. */
export async function problemsPanel(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: 10000 });
  return panel;
}

/** Polls `read` until `accept` holds (generous bounds: two shared cores); throws naming `what`. */
export async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 60000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Closes the walkthrough, as a user done with it does. Left open, it takes the keyboard's focus when one of its
 * steps ticks (VS Code selects the next step): running a command it tracks then loses the keys typed next.
 */
export async function closeWalkthrough(page: Page): Promise<void> {
  const tab = page.locator('.tab', { hasText: 'Walkthrough: Magento Integration Kit' });
  if ((await tab.count()) === 0) return;
  await tab.first().hover();
  await tab.first().locator('.codicon-close, .action-label[aria-label^="Close"]').first().click();
  await tab.first().waitFor({ state: 'detached', timeout: 10000 });
}

/** Ctrl+G to a line and column, as a user does; resolves once the status bar shows the cursor there. */
export async function goToLine(page: Page, line: number, column: number): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await page.waitForTimeout(200);
  await page.keyboard.type(`${line}:${column}`, { delay: 20 });
  await until(() => input.inputValue(), (value) => value.endsWith(`${line}:${column}`), `"${line}:${column}" typed`, 10000);
  await page.keyboard.press('Enter');
  await until(() => page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first().innerText(), (text) => text.startsWith(`Ln ${line}, Col ${column}`), `the cursor at ${line}:${column}`, 10000);
}

/**
 * Types into the quick input and checks what arrived, retyping (at most three times) as a user who sees a
 * keystroke lost would: on a busy machine the workbench can drop keys while it redraws (a re-index, say).
 */
export async function typeInQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout: 10000 });
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.waitForTimeout(300);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text, { delay: 20 });
    if ((await input.inputValue()) === text) return;
  }
  throw new Error(`Could not type "${text}" into the quick input (it shows "${await input.inputValue()}")`);
}

/**
 * `npm start` for the tests of one describe block: started before them (the walkthrough closed when they type
 * into quick inputs), a screenshot of the screen when one fails, stopped after them. The returned session is
 * read once started.
 */
export function useNpmStart(options: { closeWalkthrough?: boolean } = {}): UserSession {
  let current: UserSession | undefined;
  const started = () => {
    if (!current) throw new Error('npm start has not started yet');
    return current;
  };
  before(async () => {
    current = await npmStart();
    if (options.closeWalkthrough) await closeWalkthrough(current.page);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && current) await screenshot(current.page, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await current?.stop();
  });
  return {
    get page() {
      return started().page;
    },
    get workspace() {
      return started().workspace;
    },
    output: () => started().output(),
    stop: () => started().stop(),
  };
}

/** Picks an item of the open quick pick by typing its label, once it is listed, and Enter. */
export async function chooseInQuickInput(page: Page, label: string): Promise<void> {
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 20000 });
  await typeInQuickInput(page, label);
  await page.keyboard.press('Enter');
}
