// The Explorer's views in the workbench npm start opens, read as a user reads them.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { screenshot, until, useNpmStart } from './asUser';

describe('the views, in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart();

  it('gives each integration of a file its own problems, not the file\'s', async () => {
    const { page, workspace } = session;
    // A teammate adds a second integration to the demo's integration.xml (it arrives from disk, as a pull would).
    const file = path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml');
    writeFileSync(file, `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Integration:etc/integration/integration.xsd">
    <integration name="AcmeSync">
        <email>dev@acme.example</email>
        <endpoint_url>https://erp.acme.example/magento/callback</endpoint_url>
        <identity_link_url>https://erp.acme.example/magento/login</identity_link_url>
        <resources>
            <resource name="Magento_Catalog::products"/>
            <resource name="Magento_Catalog::prodcts"/>
        </resources>
    </integration>
    <integration name="AcmeSyncB">
        <email>dev@acme.example</email>
        <resources>
            <resource name="Magento_Catalog::products"/>
        </resources>
    </integration>
</config>
`);
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Integrations' }) });
    const header = pane.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const row = (name: string) => pane.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
    const description = (name: string) => row(name).locator('.label-description').innerText();
    await until(() => description('AcmeSyncB'), (text) => text.includes('1 resource'), 'AcmeSyncB in the view');
    await until(() => description('AcmeSync'), (text) => /1 problem\b/.test(text), 'AcmeSync\'s problem (the misspelled id)');
    assert.doesNotMatch(await description('AcmeSyncB'), /problem/, 'AcmeSyncB has none of AcmeSync\'s problems');
    await screenshot(page, 'integrations-view-two-in-one-file');
  });

  it('shows the extension\'s Details page with its screenshots, shipped in the package (no network needed)', async () => {
    const { page } = session;
    await page.keyboard.press('Control+Shift+X');
    await page.locator('.extensions-viewlet').waitFor({ timeout: 20000 });
    await page.keyboard.type('@installed Magento Integration Kit', { delay: 10 });
    const entry = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Magento Integration Kit' }).first();
    await entry.waitFor({ timeout: 30000 });
    await entry.click();
    const details = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
    const images = details.locator('img[alt]');
    await until(() => images.count(), (n) => n >= 6, 'the readme\'s screenshots');
    // Each one loaded (a broken link has no natural width).
    const widths = await images.evaluateAll((nodes) => nodes.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth));
    assert.ok(widths.every((w) => w > 0), `loaded: ${JSON.stringify(widths)}`);
    await screenshot(page, 'extension-details-images');
    await page.keyboard.press('Control+Shift+E');
  });

  it('shows the Integrations view\'s title in full, its Create action as an icon', async () => {
    const { page } = session;
    const header = page.locator('.pane-header', { hasText: 'Integrations' });
    await header.hover();
    const action = header.locator('.action-label[aria-label="Create Integration Module…"]');
    await action.waitFor({ timeout: 20000 });
    assert.equal((await action.innerText()).trim(), '', 'an icon, not a text button');
    assert.match(String(await action.getAttribute('class')), /codicon-add/);
    const title = header.locator('h3.title');
    assert.equal(await title.evaluate((el) => el.scrollWidth <= el.clientWidth), true, `the title "${await title.innerText()}" is not cut`);
  });
});
