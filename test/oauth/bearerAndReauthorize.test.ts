// What real stores do that apps trip over (magento-integration-facts §5.1, §5.4): the access token sent
// as a Bearer token (taken only where the store allows it, off by default from 2.4.4), and the admin's
// Reauthorize (old token revoked, same consumer, fresh verifier), in the store and through the CLI.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { TesterEvent } from '../../server/src/oauth/events';
import { send } from '../../server/src/oauth/http';
import { MagentoVersion, MockStore } from '../../server/src/oauth/mockStore';
import { signedRequest } from '../../server/src/oauth/oauthClient';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

/** A store and an app (our callback receiver) that completed the handshake. */
async function activated(options: { bearer?: boolean; magento?: MagentoVersion } = {}) {
  const app = new CallbackReceiver({ onEvent: () => {} });
  await app.start();
  const events: TesterEvent[] = [];
  const store = new MockStore({ endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl, onEvent: (e) => events.push(e), ...options });
  const base = await store.start();
  await store.activate();
  await store.done(true);
  const credentials = store.accessCredentials!;
  return { app, store, base, events, credentials, close: async () => { await store.stop(); await app.stop(); } };
}

const bearer = (base: string, token: string) => send({ method: 'GET', url: `${base}rest/V1/store/storeViews`, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });

describe('Bearer tokens and Reauthorize in the simulated store', function () {
  this.timeout(60_000);

  it('refuses the access token as a Bearer token by default (2.4.4+), as a guest, and says which setting allows it', async () => {
    const { base, events, credentials, close } = await activated();
    try {
      const answer = await bearer(base, credentials.token);
      assert.equal(answer.status, 401);
      assert.deepEqual(JSON.parse(answer.body), { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Backend::store' } });
      assert.match(events.at(-1)!.hint ?? '', /Allow OAuth Access Tokens to be used as standalone Bearer tokens.*oauth\/consumer\/enable_integration_as_bearer/);
    } finally {
      await close();
    }
  });

  for (const [label, options] of [['where the store allows it (--bearer)', { bearer: true }], ['on 2.3, before the setting existed', { magento: '2.3' as const }]] as const) {
    it(`takes the access token as a Bearer token ${label}, and nothing else`, async () => {
      const { base, credentials, close } = await activated(options);
      try {
        assert.equal((await bearer(base, credentials.token)).status, 200);
        assert.equal((await bearer(base, 'x'.repeat(32))).status, 401, 'a token that is not the access token');
      } finally {
        await close();
      }
    });
  }

  it('Reauthorize: the old access token is revoked, the same consumer gets a fresh verifier, and the app completes a second handshake', async () => {
    const { store, base, events, credentials: before, close } = await activated();
    try {
      await store.reauthorize();
      await store.done(true);
      const after = store.accessCredentials!;
      assert.equal(after.consumerKey, before.consumerKey, 'Magento keeps the consumer key and secret');
      assert.equal(after.consumerSecret, before.consumerSecret);
      assert.notEqual(after.token, before.token, 'a new access token');
      assert.ok(events.some((e) => e.event === 'reauthorize'));
      assert.equal(events.filter((e) => e.event === 'activation-posted' && e.ok).length, 2, 'the credentials were posted again');
      const url = `${base}rest/V1/store/storeViews`;
      const old = await signedRequest({ method: 'GET', url, credentials: { consumerKey: before.consumerKey, consumerSecret: before.consumerSecret, token: before.token, tokenSecret: before.tokenSecret } });
      assert.equal(old.answer.status, 401, 'the revoked token is refused');
      const fresh = await signedRequest({ method: 'GET', url, credentials: { consumerKey: after.consumerKey, consumerSecret: after.consumerSecret, token: after.token, tokenSecret: after.tokenSecret } });
      assert.equal(fresh.answer.status, 200);
    } finally {
      await close();
    }
  });

  it('mock-store --reauthorize succeeds once the app has completed the second handshake', async () => {
    const app = new CallbackReceiver({ onEvent: () => {} });
    await app.start();
    try {
      const mock = spawn(process.execPath, [CLI, 'mock-store', '--endpoint-url', app.endpointUrl, '--identity-link-url', app.identityLinkUrl, '--require-api-call', '--reauthorize', '--timeout', '30', '--json']);
      let out = '';
      mock.stdout.on('data', (chunk) => (out += chunk));
      const code = await new Promise<number | null>((resolve) => mock.on('exit', resolve));
      const events = out.trim().split('\n').map((line) => JSON.parse(line) as TesterEvent);
      assert.equal(code, 0, out);
      assert.equal(events.filter((e) => e.event === 'access-token-issued').length, 2, out);
      assert.ok(events.findIndex((e) => e.event === 'reauthorize') > events.findIndex((e) => e.event === 'access-token-issued'));
      assert.deepEqual(events.at(-1), { event: 'result', ok: true });
    } finally {
      await app.stop();
    }
  });
});
