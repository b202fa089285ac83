// Real third-party OAuth 1.0a clients against the simulated store: PHP's PECL OAuth (the client of
// Magento's own documentation sample), the npm packages oauth-1.0a and oauth, and Python's
// requests-oauthlib. Each completes the whole exchange and a signed REST call, several times over, so a
// client's habits (PECL's 33-character nonces, node-oauth's oauth_callback) meet Magento's reading.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import * as path from 'node:path';
import OAuth1a from 'oauth-1.0a';
import { OAuth as NodeOAuth } from 'oauth';
import { send, serveLocal } from '../../server/src/oauth/http';
import { MockStore } from '../../server/src/oauth/mockStore';
import { TesterEvent } from '../../server/src/oauth/events';

interface Activation { base: string; key: string; secret: string; verifier: string }
type Client = (activation: Activation) => Promise<string[]>;

const HANDSHAKES = 5;

/** A store whose activations are captured by a stand-in endpoint: the client under test does the rest. */
async function withStore(run: (activate: () => Promise<Activation>, store: MockStore, events: TesterEvent[]) => Promise<void>): Promise<void> {
  const captured: { form?: URLSearchParams } = {};
  const endpoint = await serveLocal(0, (call) => {
    if (call.method === 'POST') captured.form = new URLSearchParams(call.body);
    return { status: 200, body: 'OK' };
  });
  const events: TesterEvent[] = [];
  const store = new MockStore({ endpointUrl: `http://127.0.0.1:${endpoint.port}/callback`, identityLinkUrl: `http://127.0.0.1:${endpoint.port}/login`, onEvent: (e) => events.push(e) });
  const base = await store.start();
  try {
    await run(async () => {
      captured.form = undefined;
      await store.activate();
      const form = captured.form as URLSearchParams | undefined;
      assert.ok(form, 'the activation form was posted');
      return { base, key: form.get('oauth_consumer_key')!, secret: form.get('oauth_consumer_secret')!, verifier: form.get('oauth_verifier')! };
    }, store, events);
  } finally {
    await store.stop();
    endpoint.server.close();
  }
}

/** A separate program (run asynchronously: the store answers it from this process): one JSON line per step. */
function program(command: string, script: string): Client {
  return ({ base, key, secret, verifier }) => new Promise((resolve, reject) => {
    execFile(command, [path.join(__dirname, 'clients', script), base, key, secret, verifier], { encoding: 'utf8', timeout: 60000 }, (error, stdout, stderr) => {
      const steps = stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { step: string; ok: boolean });
      if (error || !steps.every((s) => s.ok)) reject(new Error(`${script}: ${error?.message ?? ''}\n${stdout}${stderr}`));
      else resolve(steps.map((s) => s.step));
    });
  });
}

const sha256 = (base: string, key: string) => createHmac('sha256', key).update(base).digest('base64');

/** oauth-1.0a signs; Node's http sends. */
const oauth10a: Client = async ({ base, key, secret, verifier }) => {
  const oauth = new OAuth1a({ consumer: { key, secret }, signature_method: 'HMAC-SHA256', hash_function: sha256 });
  const call = async (method: string, url: string, token?: OAuth1a.Token, data?: Record<string, string>) => {
    const header = oauth.toHeader(oauth.authorize({ url, method, data }, token));
    return send({ method, url, headers: { Authorization: header.Authorization, Accept: 'application/json' } });
  };
  const request = new URLSearchParams((await call('POST', `${base}oauth/token/request`)).body);
  assert.ok(request.get('oauth_token'), 'request token');
  const access = await call('POST', `${base}oauth/token/access`, { key: request.get('oauth_token')!, secret: request.get('oauth_token_secret')! }, { oauth_verifier: verifier });
  const accessFields = new URLSearchParams(access.body);
  assert.equal(access.status, 200, access.body);
  // oauth-1.0a signs query names as written, without decoding them first: give it the brackets unencoded.
  const api = await call('GET', `${base}rest/V1/store/storeViews?searchCriteria[pageSize]=10`, { key: accessFields.get('oauth_token')!, secret: accessFields.get('oauth_token_secret')! });
  assert.equal(api.status, 200, api.body);
  return ['request-token', 'access-token', 'api-call'];
};

/** node-oauth (the npm package `oauth`) does the whole exchange itself. */
const nodeOAuth: Client = ({ base, key, secret, verifier }) => new Promise((resolve, reject) => {
  const client = new NodeOAuth(`${base}oauth/token/request`, `${base}oauth/token/access`, key, secret, '1.0', null, 'HMAC-SHA256');
  client.getOAuthRequestToken((error, token, tokenSecret) => {
    if (error) return reject(new Error(`request token: ${JSON.stringify(error)}`));
    client.getOAuthAccessToken(token, tokenSecret, verifier, (error2, accessToken, accessSecret) => {
      if (error2) return reject(new Error(`access token: ${JSON.stringify(error2)}`));
      client.get(`${base}rest/V1/store/storeViews?searchCriteria%5BpageSize%5D=10`, accessToken, accessSecret, (error3) => {
        if (error3) return reject(new Error(`api call: ${JSON.stringify(error3)}`));
        resolve(['request-token', 'access-token', 'api-call']);
      });
    });
  });
});

const CLIENTS: Array<[string, Client]> = [
  ['PHP PECL OAuth', program('php', 'pecl_oauth.php')],
  ['oauth-1.0a (npm)', oauth10a],
  ['oauth (npm)', nodeOAuth],
  ['requests-oauthlib (Python)', program('/usr/bin/python3', 'requests_oauthlib_client.py')],
];

describe('third-party OAuth clients against the simulated store', function () {
  this.timeout(120000);

  for (const [name, client] of CLIENTS) {
    it(`${name} completes ${HANDSHAKES} handshakes and signed calls`, async () => {
      await withStore(async (activate, store, events) => {
        for (let i = 0; i < HANDSHAKES; i++) {
          assert.deepEqual(await client(await activate()), ['request-token', 'access-token', 'api-call']);
          await store.done(true);
        }
        const refused = events.filter((e) => e.event === 'rejected');
        assert.deepEqual(refused.map((e) => `${e.step}: ${e.problem} ${e.hint ?? ''}`), []);
        if (name.startsWith('PHP')) {
          // PECL makes most nonces 33 characters long: Magento stores them cut to 32 and accepts them.
          const nonces = events.flatMap((e) => /oauth_nonce="([^"]*)"/.exec(e.request?.headers?.authorization ?? '')?.[1] ?? []);
          assert.ok(nonces.some((n) => n.length > 32), `nonce lengths: ${nonces.map((n) => n.length).join(', ')}`);
        }
      });
    });
  }
});
