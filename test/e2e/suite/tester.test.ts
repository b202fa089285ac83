// The OAuth tester in the real workbench: the simulated-store command against a tiny test app (our callback
// receiver), with the panel reporting what it rendered and its buttons clicked in the page; and the signature
// explainer, typed into as a user types.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import OAuth1a from 'oauth-1.0a';
import * as vscode from 'vscode';
import type { ExplainReport } from '../../../client/src/tester/commands';
import { CallbackReceiver } from '../../../server/src/oauth/callbackReceiver';
import { send } from '../../../server/src/oauth/http';
import { MockStore } from '../../../server/src/oauth/mockStore';
import { typeInWorkbench, waitFor } from './helpers';

describe('OAuth tester in VS Code', () => {
  it('completes a handshake with a test app, and the panel shows every step as passed', async () => {
    const app = new CallbackReceiver({ onEvent: () => {} });
    await app.start();
    try {
      const result = await vscode.commands.executeCommand<{ storeBaseUrl: string; steps: Array<{ key: string; status: string }> }>('magentoIntegrationKit.testWithSimulatedStore', {
        integration: 'Enter the URLs…', endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl,
      });
      assert.match(result.storeBaseUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
      assert.deepEqual(result.steps, ['activation', 'identity-link', 'request-token', 'access-token', 'api-call'].map((key) => ({ key, status: 'passed' })));
      assert.ok(await app.done(), 'the app holds working credentials');
      // Closing the panel stops the simulated store.
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await waitFor(() => send({ method: 'GET', url: `${result.storeBaseUrl}rest/V1/store/storeViews`, timeoutMs: 1000 }).then(() => 'answering', (e: Error) => e.message), (m) => /ECONNREFUSED/.test(m), 'the store to stop');
    } finally {
      await app.stop();
    }
  });

  it('plays the admin\'s Reauthorize from the panel: the app takes the fresh verifier and completes the handshake again', async () => {
    const app = new CallbackReceiver({ onEvent: () => {} });
    await app.start();
    try {
      const result = await vscode.commands.executeCommand<{ steps: Array<{ key: string; status: string }> }>('magentoIntegrationKit.testWithSimulatedStore', {
        integration: 'Enter the URLs…', endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl,
      });
      assert.ok(result.steps.every((s) => s.status === 'passed'), JSON.stringify(result.steps));
      await typeInWorkbench([{ webviewClick: 'Reauthorize' }, { webviewWaitFor: '.result.passed:has-text("After Reauthorize")' },
        { webviewWaitFor: '[data-step="api-call"][data-status="passed"]' },
        { webviewOpen: 'activation' }, { webviewWaitFor: '[data-step="activation"] .event-name:has-text("clicked Reauthorize")' }]);
    } finally {
      await app.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('activates against a store (here our simulated one) through the real-store command', async () => {
    // The store's port is known first, so that the command takes only its activation (the safe path).
    const probe = new CallbackReceiver({ onEvent: () => {} });
    await probe.start();
    const storePort = Number(new URL(probe.endpointUrl).port);
    await probe.stop();
    const { endpointUrl } = await vscode.commands.executeCommand<{ endpointUrl: string }>('magentoIntegrationKit.activateAgainstRealStore', { port: '0', storeUrl: `http://127.0.0.1:${storePort}/` });
    const store = new MockStore({ port: storePort, endpointUrl, identityLinkUrl: endpointUrl.replace('/callback', '/login'), onEvent: () => {} });
    await store.start();
    try {
      await store.activate();
      await store.done(true);
    } finally {
      await store.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('shows a failed run in words, keeps it after Stop, and runs again from the panel (clicked as a user clicks)', async () => {
    // A port where nothing listens yet: the first run's activation cannot be delivered.
    const probe = new CallbackReceiver({ onEvent: () => {} });
    await probe.start();
    const port = Number(new URL(probe.endpointUrl).port);
    await probe.stop();
    const endpointUrl = `http://127.0.0.1:${port}/callback`;
    const first = await vscode.commands.executeCommand<{ storeBaseUrl: string; steps: Array<{ key: string; status: string }> }>('magentoIntegrationKit.testWithSimulatedStore', {
      integration: 'Enter the URLs…', endpointUrl, identityLinkUrl: `http://127.0.0.1:${port}/login`,
    });
    assert.deepEqual(first.steps.map((s) => s.status), ['failed', 'not-reached', 'not-reached', 'not-reached', 'not-reached']);
    await typeInWorkbench([{ webviewWaitFor: '[data-step="activation"][data-status="failed"] .next' }, { webviewWaitFor: '.result.failed' }]);
    const app = new CallbackReceiver({ port, onEvent: () => {} });
    await app.start();
    try {
      await typeInWorkbench([{ webviewClick: 'Run again' }, { webviewWaitFor: '[data-step="api-call"][data-status="passed"]' },
        { webviewOpen: 'activation' }, { webviewClick: 'Copy request' }]);
      await waitFor(() => vscode.env.clipboard.readText(), (text) => text.startsWith(`POST ${endpointUrl}`), 'the activation request on the clipboard');
      assert.doesNotMatch(await vscode.env.clipboard.readText(), /oauth_consumer_secret=[a-z0-9]{32}/, 'the copied request has its secret redacted');
      await typeInWorkbench([{ webviewClick: 'Stop' }, { webviewWaitFor: '.stopped' }, { webviewWaitFor: '[data-step="api-call"][data-status="passed"]' }]);
      assert.ok(await app.done(), 'the app completed the second run');
    } finally {
      await app.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('explains a pasted curl command typed in as a user does, and names the client\'s mistake', async () => {
    // An independent signer (the oauth-1.0a package) signs the URL without the port the request goes to.
    const consumer = { key: 'k'.repeat(32), secret: 'consumer-secret-for-e2e-0123456' };
    const token = { key: 't'.repeat(32), secret: 'token-secret-for-e2e-0123456789' };
    const signer = new OAuth1a({ consumer, signature_method: 'HMAC-SHA256', hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64') });
    const signed = signer.toHeader(signer.authorize({ method: 'GET', url: 'http://store.example/rest/V1/products?searchCriteria[pageSize]=1' }, token)).Authorization;
    const curl = `curl -g 'http://store.example:8080/rest/V1/products?searchCriteria[pageSize]=1' -H 'Authorization: ${signed}'`;
    await vscode.env.clipboard.writeText('nothing to paste');
    const explained = vscode.commands.executeCommand<ExplainReport>('magentoIntegrationKit.explainOAuthSignature');
    await typeInWorkbench([{ waitForText: 'Paste a curl command or an Authorization header' }, { press: 'Enter' },
      { waitForText: 'Paste the curl command' }, { press: 'Control+A' }, { type: curl }, { press: 'Enter' },
      { waitForText: 'Consumer secret' }, { type: consumer.secret }, { press: 'Enter' },
      { waitForText: 'Token secret' }, { type: token.secret }, { press: 'Enter' }]);
    const report = await explained;
    assert.equal(report.matches, false);
    assert.equal(report.mistake, 'wrong-port');
    // In words, not by its code.
    assert.match(report.verdict ?? '', /Likely mistake: The URL was signed with the wrong port/);
    assert.doesNotMatch(report.verdict ?? '', /\(wrong-port\)/);
    await typeInWorkbench([{ webviewWaitFor: '.verdict.failed' }, { webviewWaitFor: '.diff .changed' }]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('explains a request entered field by field with its nonce and timestamp, matching an independent signer', async () => {
    const consumer = { key: 'c'.repeat(32), secret: 'fields-consumer-secret' };
    const signer = new OAuth1a({ consumer, signature_method: 'HMAC-SHA1', hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64') });
    const url = 'https://store.example:8443/oauth/token/request';
    const theirs = signer.authorize({ method: 'POST', url, data: { a: 'b c' } });
    const report = await vscode.commands.executeCommand<ExplainReport>('magentoIntegrationKit.explainOAuthSignature', {
      source: 'fields', method: 'POST', url, consumerKey: consumer.key, consumerSecret: consumer.secret, token: '', tokenSecret: '', signatureMethod: 'HMAC-SHA1',
      nonce: theirs.oauth_nonce, timestamp: String(theirs.oauth_timestamp), params: 'a=b c', signature: theirs.oauth_signature,
    });
    assert.equal(report.matches, true, report.verdict);
    assert.match(report.baseString, /^POST&https%3A%2F%2Fstore\.example%3A8443%2Foauth%2Ftoken%2Frequest&a%3Db%2520c%26oauth_consumer_key%3D/);
    assert.ok(report.notes.some((n) => /HMAC-SHA1 is not supported/.test(n)), report.notes.join('\n'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
