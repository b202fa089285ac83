// The OAuth tester in the workbench npm start opens: the app is a real one (the product's own callback
// receiver, an independent process-side client), the user clicks and types.
import * as assert from 'node:assert/strict';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { chooseInQuickInput, runCommand, screenshot, typeInQuickInput, until, useNpmStart } from './asUser';

describe('the tester, in the workbench npm start opens', function () {
  this.timeout(300000);
  const session = useNpmStart({ closeWalkthrough: true });
  let app: CallbackReceiver;
  before(async () => {
    // The app under test: after the handshake it searches customers, which AcmeSync does not grant yet.
    app = new CallbackReceiver({ onEvent: () => {}, apiPath: 'rest/V1/customers/search?searchCriteria%5BpageSize%5D=1' });
    await app.start();
  });
  after(async () => {
    await app?.stop();
  });

  const webview = () => session.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  const stepStatus = (key: string) => webview().locator(`[data-step="${key}"]`).first().getAttribute('data-status');

  /** Runs the simulated-store test for AcmeSync; `typeUrls` replaces the URLs offered. */
  async function testAcmeSync(typeUrls: boolean): Promise<{ endpointOffered: string }> {
    const { page } = session;
    await runCommand(page, 'Test Integration App with Simulated Store…');
    await chooseInQuickInput(page, 'AcmeSync');
    const input = page.locator('.quick-input-widget input');
    // (The prompt gives way to a warning about a remote URL: the step is known by its number.)
    await page.locator('.quick-input-widget .quick-input-title', { hasText: '(2/3)' }).waitFor({ timeout: 20000 });
    const endpointOffered = await input.inputValue();
    if (typeUrls) await typeInQuickInput(page, app.endpointUrl);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: '(3/3)' }).waitFor({ timeout: 20000 });
    if (typeUrls) await typeInQuickInput(page, app.identityLinkUrl);
    await page.keyboard.press('Enter');
    return { endpointOffered };
  }

  it('runs again with the grants as they are now, in the same tab, and offers the run\'s secrets to the explainer', async () => {
    const { page } = session;
    await testAcmeSync(true);
    await until(() => stepStatus('api-call'), (status) => status === 'failed', 'the refused call (AcmeSync lacks Magento_Customer::customer)');
    await screenshot(page, 'tester-refused-before-grant');
    // The grant the tester advises, added as a user adds it.
    await runCommand(page, 'Add ACL Resources to Integration…');
    await chooseInQuickInput(page, 'AcmeSync');
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Add ACL Resources' }).waitFor({ timeout: 20000 });
    await typeInQuickInput(page, 'Magento_Customer::customer');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Magento_Customer::customer' }).first();
    await row.waitFor({ timeout: 20000 });
    await row.click();
    await page.locator('.quick-input-widget', { hasText: '1 Selected' }).waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await until(async () => session.workspace && (await import('node:fs')).readFileSync(`${session.workspace}/app/code/Acme/Sync/etc/integration.xml`, 'utf8'), (text) => text.includes('Magento_Customer::customer'), 'the grant saved');
    // The command shows the file it changed (it may open after the save): then back to the tester's tab, Run again.
    await page.locator('.tab.active', { hasText: 'integration.xml' }).waitFor({ timeout: 20000 });
    await page.locator('.tab', { hasText: 'Simulated Magento store' }).first().click();
    await page.locator('.tab.active', { hasText: 'Simulated Magento store' }).waitFor({ timeout: 20000 });
    await webview().locator('vscode-button', { hasText: 'Run again' }).first().click();
    await until(() => stepStatus('api-call'), (status) => status === 'passed', 'the call allowed on Run again');
    await screenshot(page, 'tester-run-again-granted');
    assert.equal(await page.locator('.tab', { hasText: 'Simulated Magento store' }).count(), 1, 'one tester tab');
    // The explainer, from the run: the consumer secret is filled in (a password box, not empty).
    await webview().locator('vscode-button', { hasText: 'Explain a Signature' }).first().click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Explain OAuth Signature' }).waitFor({ timeout: 20000 });
    await page.keyboard.press('Escape');
  });

  it('offers the URLs of the last test again, and keeps one tester tab', async () => {
    const { page } = session;
    // Each panel's webview frame has a name of its own: the new run's is told from the last one's by it.
    const frameName = () => page.locator('iframe.webview.ready').last().getAttribute('name');
    const lastPanel = await frameName();
    const { endpointOffered } = await testAcmeSync(false);
    assert.equal(endpointOffered, app.endpointUrl, 'the local endpoint of the last run, not the configured one');
    await until(frameName, (name) => !!name && name !== lastPanel, 'the new tester panel');
    // The last run's tab gives way to this one (closing it takes the workbench a moment).
    await until(() => page.locator('.tab', { hasText: 'Simulated Magento store' }).count(), (tabs) => tabs === 1, 'one tester tab, the last one replaced', 20000);
    await until(() => stepStatus('api-call'), (status) => status === 'passed', 'the second test to pass');
    assert.equal(await page.locator('.tab', { hasText: 'Simulated Magento store' }).count(), 1, 'still one tester tab');
  });
});
