// The OAuth tester in the real workbench: the simulated-store command against a tiny test app (our callback
// receiver), with the panel reporting what it rendered; and the signature explainer.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CallbackReceiver } from '../../../server/src/oauth/callbackReceiver';
import { explainSignature } from '../../../server/src/oauth/explain';
import { send } from '../../../server/src/oauth/http';
import { MockStore } from '../../../server/src/oauth/mockStore';
import { waitFor } from './helpers';

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

  it('activates against a store (here our simulated one) through the real-store command', async () => {
    const { endpointUrl } = await vscode.commands.executeCommand<{ endpointUrl: string }>('magentoIntegrationKit.activateAgainstRealStore', { port: '0' });
    const store = new MockStore({ endpointUrl, identityLinkUrl: endpointUrl.replace('/callback', '/login'), onEvent: () => {} });
    await store.start();
    try {
      await store.activate();
      await store.done(true);
    } finally {
      await store.stop();
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('explains a signature step by step, as the sign command does', async () => {
    const answers = { method: 'POST', url: 'https://store.example:8443/oauth/token/request?x=1', consumerKey: 'key', consumerSecret: 'secret', token: '', tokenSecret: '', params: 'a=b c' };
    const result = await vscode.commands.executeCommand<{ baseString: string }>('magentoIntegrationKit.explainOAuthSignature', answers);
    assert.match(result.baseString, /^POST&https%3A%2F%2Fstore\.example%3A8443%2Foauth%2Ftoken%2Frequest&a%3Db%2520c%26oauth_consumer_key%3Dkey%26oauth_nonce%3D/);
    assert.equal(explainSignature({ ...answers, signatureMethod: 'HMAC-SHA256', params: [['a', 'b c']], token: undefined, tokenSecret: undefined }).normalizedUrl, 'https://store.example:8443/oauth/token/request');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
