// "Create Integration Module…" in the workbench npm start opens, typed as a user types it.
import * as assert from 'node:assert/strict';
import { runCommand, screenshot, until, useNpmStart } from './asUser';

describe('the wizard, in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart({ closeWalkthrough: true });

  const title = () => session.page.locator('.quick-input-widget .quick-input-title').innerText();
  async function answer(step: number, text: string): Promise<void> {
    const { page } = session;
    await until(title, (t) => t.includes(`(${step}/9)`), `step ${step} of 9`);
    await page.waitForTimeout(200);
    if (text) await page.keyboard.type(text, { delay: 15 });
    await page.keyboard.press('Enter');
  }

  it('refuses the legacy layout without resources at the layout step, keeping every answer, and back at the resources', async () => {
    const { page } = session;
    await runCommand(page, 'Create Integration Module…');
    await answer(1, 'Vendor1');
    await answer(2, 'Module1');
    await answer(3, 'TestIntegration');
    await answer(4, 'dev@vendor1.example');
    await answer(5, 'https://erp.vendor1.example/magento/callback');
    // Step 6, the identity link (optional): nothing is judged before the user types: the prompt shows, no warning.
    await until(title, (t) => t.includes('(6/9)'), 'step 6 of 9');
    await page.waitForTimeout(500);
    const message = page.locator('.quick-input-widget .quick-input-message');
    assert.match(await message.innerText(), /^Identity link URL \(optional\)/, 'the prompt, not a warning, before typing');
    // The first Enter on the empty field shows why one URL alone matters, and stays; the second goes on.
    await page.keyboard.press('Enter');
    await until(() => message.innerText(), (text) => !text.startsWith('Identity link URL (optional)'), 'the warning on Enter');
    await page.keyboard.press('Enter');
    // Step 7, the resources: none ticked. Step 8, the layout: the legacy one.
    await answer(7, '');
    await until(title, (t) => t.includes('(8/9)'), 'the layout step');
    await page.keyboard.type('InstallData', { delay: 15 });
    await page.keyboard.press('Enter');
    // Refused where it can be fixed: back at the resources, with a warning; nothing was lost.
    await until(title, (t) => t.includes('(7/9)') || t.includes('(9/9)'), 'the step after the refusal');
    assert.match(await title(), /\(\d+\/9\)/, 'the step total is still 9');
    await page.locator('.notifications-toasts', { hasText: 'The legacy layout needs at least one ACL resource' }).waitFor({ timeout: 20000 });
    assert.match(await title(), /\(7\/9\)/, 'back at the resources step');
    await screenshot(page, 'wizard-legacy-needs-resources');
    // Back through the steps: the earlier answers are kept.
    await page.keyboard.press('Alt+ArrowLeft');
    for (let back = 0; back < 6 && !(await title()).includes('(3/9)'); back++) {
      await page.locator('.quick-input-widget .quick-input-back, .quick-input-widget .codicon-quick-input-back').first().click();
      await page.waitForTimeout(300);
    }
    await until(title, (t) => t.includes('(3/9)'), 'the integration name step');
    assert.equal(await page.locator('.quick-input-widget input').inputValue(), 'TestIntegration', 'the integration name kept');
    await page.keyboard.press('Escape');
  });
});
