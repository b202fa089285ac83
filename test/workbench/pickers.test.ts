// Completion and the pickers, as a user meets them in the workbench npm start opens.
import * as assert from 'node:assert/strict';
import { chooseInQuickInput, goToLine, openFile, runCommand, screenshot, typeInQuickInput, until, useNpmStart } from './asUser';

describe('completion and pickers, in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart({ closeWalkthrough: true });

  const suggestions = () => session.page.locator('.editor-widget.suggest-widget .monaco-list-row');

  it('offers full access last and marked, and marks what the integration already grants', async () => {
    const { page } = session;
    await openFile(page, 'app/code/Acme/Sync/etc/integration.xml');
    // Line 11 holds <resource name="Magento_Catalog::prodcts"/>: clear the value and ask for completion.
    await goToLine(page, 11, 29);
    // Delete the value up to the line's end and type the quote again: a quote asks for completion (a trigger character).
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.type('"');
    await suggestions().first().waitFor({ timeout: 30000 });
    const first = await suggestions().first().innerText();
    assert.doesNotMatch(first, /Magento_Backend::all/, `the first suggestion: ${first}`);
    await screenshot(page, 'completion-first-items');
    await page.keyboard.type('Magento_Backend::al');
    await until(() => suggestions().first().innerText(), (text) => text.includes('Magento_Backend::all') && text.includes('(full access)'), 'full access, marked');
    for (let i = 0; i < 'Magento_Backend::al'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('Magento_Catalog::products');
    await until(() => suggestions().first().innerText(), (text) => text.includes('Magento_Catalog::products') && text.includes('(already granted)'), 'the granted id, marked');
    await page.keyboard.press('Escape');
    // Put the file back as it was, as a user would (revert), so the next tests meet the demo unchanged.
    await page.keyboard.press('F1');
    await page.keyboard.type('File: Revert File');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Revert File' }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  });

  it('marks the granted ids in "Add ACL Resources to Integration…"', async () => {
    const { page } = session;
    await runCommand(page, 'Add ACL Resources to Integration…');
    await chooseInQuickInput(page, 'AcmeSync');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Add ACL Resources' }).waitFor({ timeout: 20000 });
    await typeInQuickInput(page, 'Magento_Catalog::products');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Magento_Catalog::products' }).first();
    await until(() => row.innerText(), (text) => text.includes('already granted'), 'the granted id, marked');
    await screenshot(page, 'add-resources-granted-marked');
    await page.keyboard.press('Escape');
  });

  it('counts "Grant Access to REST Routes…" as one flow: the routes (1/2), then the integration (2/2), one title', async () => {
    const { page } = session;
    const title = () => page.locator('.quick-input-widget .quick-input-title').innerText();
    await runCommand(page, 'Grant Access to REST Routes…');
    await until(title, (t) => t === 'Grant Access to REST Routes (1/2)', 'the routes step');
    await typeInQuickInput(page, 'customers/search');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'GET /V1/customers/search' }).first();
    await row.waitFor({ timeout: 20000 });
    // Its checkbox, clicked (the row's hover card can sit over the row's middle).
    await row.locator('.monaco-checkbox, input[type="checkbox"]').first().click({ force: true });
    await page.locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await until(title, (t) => t === 'Grant Access to REST Routes (2/2)', 'the integration step, same title, step 2 of 2');
    await screenshot(page, 'grant-routes-step-2');
    await page.keyboard.press('Escape');
  });

  it('opens a route\'s declaration in its webapi.xml on Enter in "Show REST Routes…"', async () => {
    const { page } = session;
    await runCommand(page, 'Show REST Routes This Integration Can Call…');
    await chooseInQuickInput(page, 'AcmeSync');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'AcmeSync can call' }).waitFor({ timeout: 20000 });
    await typeInQuickInput(page, 'acme/orders');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'GET /V1/acme/orders' }).first().waitFor({ timeout: 20000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: 'webapi.xml' }).waitFor({ timeout: 20000 });
    // The cursor on the route's line (line 3 of the demo's webapi.xml).
    await until(() => page.locator('.statusbar-item', { hasText: /^Ln \d+/ }).first().innerText(), (text) => text.startsWith('Ln 3,'), 'the cursor on the <route> line');
    await screenshot(page, 'routes-enter-opens-declaration');
  });
});
