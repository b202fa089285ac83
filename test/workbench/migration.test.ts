// "Migrate to etc/integration.xml" in the workbench npm start opens, as a user picks it from the hint.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { goToLine, openFile, problemsPanel, screenshot, until, useNpmStart } from './asUser';

describe('the legacy migration, in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart({ closeWalkthrough: true });

  it('lists every change before applying it, applies it on Apply, and leaves no problem of the deleted files', async () => {
    const { page, workspace } = session;
    const legacy = (relative: string) => path.join(workspace, 'app/code/Acme/Legacy', relative);
    // The planted mistake of the demo's api.xml is in Problems before anything is opened.
    const panel = await problemsPanel(page);
    await panel.locator('.monaco-list-row', { hasText: 'api.xml' }).first().waitFor({ timeout: 60000 });
    // The newcomer looked at api.xml first (it stays open), then the hint on config.xml's integration name (line 3).
    await openFile(page, 'app/code/Acme/Legacy/etc/integration/api.xml');
    await openFile(page, 'app/code/Acme/Legacy/etc/integration/config.xml');
    await goToLine(page, 3, 30);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Migrate to etc/integration.xml' }).first();
    await item.waitFor({ timeout: 20000 });
    for (let i = 0; i < 20; i++) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').first().getAttribute('aria-label').catch(() => null);
      if (focused?.includes('Migrate to etc/integration.xml')) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    // The changes, listed before anything happens.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20000 });
    const listed = await dialog.innerText();
    assert.match(listed, /Write etc\/integration\.xml/);
    assert.match(listed, /Delete etc\/integration\/config\.xml and etc\/integration\/api\.xml/);
    assert.match(listed, /Edit Setup\/Patch\/Data\/InstallAcmeLegacyIntegration\.php/);
    assert.ok(existsSync(legacy('etc/integration/config.xml')), 'nothing applied yet');
    await screenshot(page, 'migration-listed-before-applied');
    await dialog.locator('.monaco-button', { hasText: 'Apply' }).first().click();
    await until(async () => existsSync(legacy('etc/integration.xml')) && !existsSync(legacy('etc/integration/api.xml')), (done) => done, 'the migration applied');
    // No ghost: the deleted files' problems leave Problems.
    const ghost = () => panel.locator('.monaco-list-row', { hasText: /api\.xml|config\.xml/ }).count();
    await until(ghost, (rows) => rows === 0, 'no problem left for the deleted legacy files', 30000);
    await screenshot(page, 'migration-applied-no-ghost');
  });
});
