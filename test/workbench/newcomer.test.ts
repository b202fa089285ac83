// A newcomer's first minutes, in the workbench npm start opens, driven with the keyboard and the mouse.
import * as assert from 'node:assert/strict';
import { problemsPanel, screenshot, until, useNpmStart } from './asUser';

describe('a newcomer in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart();

  it('opens our walkthrough on the first run, its first step ticked with a Magento project open', async () => {
    const { page } = session;
    const title = page.locator('.gettingStartedContainer', { hasText: 'Build your first Magento integration' });
    await title.waitFor({ timeout: 60000 });
    // The step's own check mark (VS Code sets aria-checked on the step when its completion event fires).
    const step = page.locator('.getting-started-step', { hasText: 'Open a Magento project' }).first();
    await until(() => step.getAttribute('aria-checked'), (checked) => checked === 'true', 'the first step to be ticked');
    await screenshot(page, 'walkthrough-first-run');
  });

  it('lists the problems of closed files in Problems, as the README says', async () => {
    const { page } = session;
    const panel = await problemsPanel(page);
    // The demo's planted mistakes, in files nobody opened.
    await panel.locator('.monaco-list-row', { hasText: 'integration.xml' }).first().waitFor({ timeout: 60000 });
    await panel.locator('.monaco-list-row', { hasText: 'api.xml' }).first().waitFor({ timeout: 30000 });
    assert.ok(await panel.locator('.monaco-list-row', { hasText: 'Magento_Catalog::prodcts' }).count() > 0, 'the misspelled id of the closed integration.xml');
    assert.equal(await page.locator('.tab', { hasText: 'integration.xml' }).count(), 0, 'no file was opened');
    await screenshot(page, 'problems-closed-files');
  });
});
