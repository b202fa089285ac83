// "Check Integrations Against Store…" in the workbench npm start opens, against a real MariaDB holding a store's
// integration tables (Debian's, started by the test) and the simulated store over HTTP: the demo has no
// env.php, so the user gives the database's URL and password, sees the findings in Problems and the
// Integrations view, and is not asked again.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadProject } from '../../server/src/cli/project';
import { apiFromVerdicts, MockStore } from '../../server/src/oauth/mockStore';
import { integrationAccess } from '../../server/src/workspace/routeIndex';
import { startMariaDb, TestDatabaseServer } from '../store/mariadb';
import { READER_PASSWORD, SECRETS, seedStore } from '../store/seededStore';
import { problemsPanel, runCommand, screenshot, typeInQuickInput, until, useNpmStart } from './asUser';

describe('the store check, in the workbench npm start opens', function () {
  this.timeout(300000);
  let db: TestDatabaseServer;
  let store: MockStore;
  before(async () => {
    db = await startMariaDb();
    const project = await loadProject([path.resolve(__dirname, '../fixtures/magento-project')]);
    store = new MockStore({ endpointUrl: 'http://127.0.0.1:9/callback', identityLinkUrl: 'http://127.0.0.1:9/login', onEvent: () => {}, api: apiFromVerdicts(integrationAccess(project, 'AcmeSync')!.routes) });
    await store.start();
    await seedStore(db, store.storeBaseUrl);
  });
  after(async () => {
    await store?.stop();
    await db?.stop();
  });
  const session = useNpmStart({ closeWalkthrough: true });
  const toast = (text: string) => session.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();

  it('asks for the database the demo\'s env.php cannot name, then shows what the store holds against the files', async () => {
    const { page } = session;
    await runCommand(page, 'Check Integrations Against Store…');
    const title = page.locator('.quick-input-widget .quick-input-title');
    await title.filter({ hasText: 'Check Integrations Against Store (1/2)' }).waitFor({ timeout: 60000 });
    assert.match(await page.locator('.quick-input-widget .quick-input-message').innerText(), /env\.php is missing or unreadable/);
    await typeInQuickInput(page, `mysql://reader@127.0.0.1:${db.port}/magento`);
    await page.keyboard.press('Enter');
    await title.filter({ hasText: 'Check Integrations Against Store (2/2)' }).waitFor({ timeout: 20000 });
    assert.equal(await page.locator('.quick-input-widget input').getAttribute('type'), 'password', 'the password is typed into a password box');
    await page.keyboard.type(READER_PASSWORD, { delay: 15 });
    await page.keyboard.press('Enter');
    await toast('Store check: 1 error, 1 warning.').waitFor({ timeout: 60000 });
    await screenshot(page, 'store-check-result');
    // Problems: the drift on AcmeSync's integration.xml, from the store check.
    const panel = await problemsPanel(page);
    await panel.locator('.monaco-list-row', { hasText: "The store's grants differ from the files'" }).first().waitFor({ timeout: 20000 });
    // The Integrations view: each integration's state in the store.
    await runCommand(page, 'Explorer: Focus on Integrations View');
    const acmeSync = page.locator('.monaco-list-row', { hasText: 'AcmeSync' }).first();
    await until(() => acmeSync.innerText(), (text) => text.includes('store: active'), 'AcmeSync shown active in the store');
    await until(() => page.locator('.monaco-list-row', { hasText: 'AcmeLegacy' }).first().innerText(), (text) => text.includes('store: reset'), 'AcmeLegacy shown reset');
    await acmeSync.click();
    await page.keyboard.press('ArrowRight');
    await page.locator('.monaco-list-row', { hasText: 'Store: active · an access token · grants differ from the files' }).first().waitFor({ timeout: 20000 });
    await screenshot(page, 'store-check-view');
    // The extension's log holds the findings, and no key, token, secret or password.
    await runCommand(page, 'Magento: Show Output');
    await page.locator('.part.panel', { hasText: 'store/consumer-expiry' }).first().waitFor({ timeout: 20000 });
    const shown = await page.content();
    for (const secret of SECRETS) assert.ok(!shown.includes(secret), `the workbench shows a secret: ${secret}`);
  });

  it('checks again without asking: the URL remembered, the password in secret storage', async () => {
    const { page } = session;
    await page.keyboard.press('Escape');
    await runCommand(page, 'Notifications: Clear All Notifications');
    await until(() => toast('Store check:').count(), (n) => n === 0, 'the last result cleared');
    await runCommand(page, 'Check Integrations Against Store…');
    await toast('Store check: 1 error, 1 warning.').waitFor({ timeout: 60000 });
    assert.equal(await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Check Integrations Against Store' }).count(), 0, 'nothing asked');
  });
});
