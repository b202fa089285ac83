// The OAuth tester: the simulated store and the callback receiver against each other, against oauthlib
// counterparts, through every Magento rejection, the named signature mistakes and a barrage of bad input.
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { randomToken, TesterEvent } from '../../server/src/oauth/events';
import { send, serveLocal } from '../../server/src/oauth/http';
import { MockStore, MockStoreOptions } from '../../server/src/oauth/mockStore';
import { Credentials, signedRequest } from '../../server/src/oauth/oauthClient';
import { authorizationHeader, baseStringOf, computeSignature, normalizeUrl, Parameter, parameterString, percentEncode, signingKey } from '../../server/src/oauth/signature';
import { freePort } from '../freePort';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const PYTHON = '/usr/bin/python3';

/** A store activated against a stand-in endpoint that only records the activation form. */
async function activatedStore(options: Partial<MockStoreOptions> = {}) {
  const events: TesterEvent[] = [];
  let form: URLSearchParams | undefined;
  const endpoint = await serveLocal(0, (call) => {
    if (call.method === 'POST') form = new URLSearchParams(call.body);
    return { status: 200, body: 'OK' };
  });
  const store = new MockStore({
    endpointUrl: `http://127.0.0.1:${endpoint.port}/callback`, identityLinkUrl: `http://127.0.0.1:${endpoint.port}/login`,
    onEvent: (e) => events.push(e), ...options,
  });
  const base = await store.start();
  await store.activate();
  assert.ok(form, 'the activation form was posted');
  const credentials: Credentials = { consumerKey: form.get('oauth_consumer_key')!, consumerSecret: form.get('oauth_consumer_secret')! };
  return {
    store, base, events, credentials, form, verifier: form.get('oauth_verifier')!,
    close: async () => {
      await store.stop();
      endpoint.server.close();
    },
  };
}

function problemOf(body: string): string | null {
  return new URLSearchParams(body).get('oauth_problem');
}

async function requestToken(base: string, credentials: Credentials) {
  const result = await signedRequest({ method: 'POST', url: `${base}oauth/token/request`, credentials });
  const fields = new URLSearchParams(result.answer.body);
  return { ...result, token: fields.get('oauth_token')!, secret: fields.get('oauth_token_secret')! };
}

describe('OAuth tester', function () {
  this.timeout(30000);

  it('completes the whole handshake between the simulated store and the callback receiver, in-process', async () => {
    const appEvents: TesterEvent[] = [];
    const storeEvents: TesterEvent[] = [];
    const receiver = new CallbackReceiver({ onEvent: (e) => appEvents.push(e) });
    await receiver.start();
    const store = new MockStore({ endpointUrl: receiver.endpointUrl, identityLinkUrl: receiver.identityLinkUrl, onEvent: (e) => storeEvents.push(e) });
    await store.start();
    try {
      await store.activate();
      const credentials = await receiver.done();
      await store.done(true);
      assert.ok(credentials);
      assert.equal(credentials.storeBaseUrl, store.storeBaseUrl);
      assert.match(credentials.accessToken, /^[0-9a-z]{32}$/);
      assert.deepEqual(storeEvents.map((e) => e.event).filter((e) => e !== 'identity-link-opened'),
        ['listening', 'activation-posted', 'request-token-issued', 'access-token-issued', 'api-call']);
      assert.ok(storeEvents.every((e) => e.ok !== false), JSON.stringify(storeEvents.filter((e) => e.ok === false)));
      assert.deepEqual(appEvents.map((e) => e.event), ['listening', 'activation-received', 'request-token-issued', 'access-token-issued', 'api-call']);
      const identity = storeEvents.find((e) => e.event === 'identity-link-opened')!;
      assert.equal(identity.ok, true);
      assert.match(identity.request!.url, /\/login\?oauth_consumer_key=[0-9a-z]{32}&success_call_back=http%3A%2F%2F127\.0\.0\.1/);
    } finally {
      await store.stop();
      await receiver.stop();
    }
  });

  it('a forged activation does not end the session: it is refused (or fails) and reported, and the real one still completes', async () => {
    const forged = (endpointUrl: string) => send({
      method: 'POST', url: endpointUrl, headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ oauth_consumer_key: 'k'.repeat(32), oauth_consumer_secret: 's'.repeat(32), store_base_url: 'http://127.0.0.1:9/', oauth_verifier: 'v'.repeat(32) }).toString(),
    });
    for (const expectStore of [true, false]) {
      const appEvents: TesterEvent[] = [];
      const store = new MockStore({ endpointUrl: 'http://127.0.0.1:1/unused', identityLinkUrl: 'http://127.0.0.1:1/unused', onEvent: () => {} });
      const storeUrl = await store.start();
      const receiver = new CallbackReceiver({ onEvent: (e) => appEvents.push(e), expectedStoreUrl: expectStore ? storeUrl : undefined });
      await receiver.start();
      const real = new MockStore({ endpointUrl: receiver.endpointUrl, identityLinkUrl: receiver.identityLinkUrl, port: Number(new URL(storeUrl).port), onEvent: () => {} });
      await store.stop();
      try {
        const answer = await forged(receiver.endpointUrl);
        if (expectStore) {
          assert.equal(answer.status, 403);
          assert.match(answer.body, /An activation naming http:\/\/127\.0\.0\.1:9\/ was refused: this session expects http:\/\/127\.0\.0\.1:\d+\//);
        } else {
          assert.equal(answer.status, 200, 'Magento is answered at once; the exchange with the named store then fails');
          const deadline = Date.now() + 15000;
          while (receiver.failures === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal(receiver.failures, 1);
        assert.match(appEvents.find((e) => e.event === 'rejected')!.hint as string, /Still waiting for (the real|another) activation/);
        await real.start();
        await real.activate();
        const credentials = await receiver.done();
        assert.ok(credentials, 'the real activation completes after the forged one');
        assert.equal(credentials.storeBaseUrl, storeUrl);
      } finally {
        await real.stop();
        await receiver.stop();
      }
    }
  });

  it('connect validates its options: ports are whole numbers from 0 to 65535, the store URL is http(s)', () => {
    for (const [args, message] of [
      [['--port', ''], /--port takes a whole number from 0 to 65535 \(0 picks a free one\), not ""/],
      [['--port', '-1'], /--port was given "-1", which is not a value it takes/],
      [['--port=-1'], /--port takes a whole number from 0 to 65535 \(0 picks a free one\), not "-1"/],
      [['--port', '65536'], /not "65536"/],
      [['--port', '0', '--store-url', 'ftp://store.example'], /--store-url must be an http\(s\) URL/],
      // Past Node's timer range (2^31 - 1 ms) the wait would end at once: refused, with the limit.
      [['--port', '0', '--timeout', '2147484'], /--timeout takes at most 2147483 seconds \(about 24 days\), not 2147484/],
    ] as Array<[string[], RegExp]>) {
      const result = spawnSync(process.execPath, [CLI, 'connect', ...args], { encoding: 'utf8', timeout: 20000 });
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, message);
    }
  });

  it('completes it through the two CLI processes, printing JSON lines with secrets redacted, and --save writes mode 0600', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mik-connect-'));
    const saved = path.join(folder, 'credentials.json');
    const port = await freePort();
    const storePort = await freePort();
    const connect = spawn(process.execPath, [CLI, 'connect', '--port', String(port), '--json', '--save', saved, '--timeout', '20', '--store-url', `http://127.0.0.1:${storePort}/`]);
    const connectLines = lines(connect);
    const connectDone = finished(connect);
    try {
      assert.equal(JSON.parse(await connectLines.next()).event, 'listening');
      const mock = spawn(process.execPath, [CLI, 'mock-store', '--port', String(storePort), '--endpoint-url', `http://127.0.0.1:${port}/callback`, '--identity-link-url', `http://127.0.0.1:${port}/login`, '--require-api-call', '--json', '--timeout', '20']);
      const [mockCode, mockOut] = await finished(mock);
      const [connectCode, connectOut] = await connectDone;
      assert.equal(mockCode, 0, mockOut);
      assert.equal(connectCode, 0, connectOut);
      const mockEvents = mockOut.trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(mockEvents.at(-1), { event: 'result', ok: true });
      assert.ok(mockEvents.some((e) => e.event === 'api-call'));
      const credentials = JSON.parse(readFileSync(saved, 'utf8'));
      assert.equal(statSync(saved).mode & 0o777, 0o600);
      for (const secret of [credentials.consumerSecret, credentials.accessTokenSecret, credentials.accessToken]) {
        assert.match(secret, /^[0-9a-z]{32}$/);
        assert.ok(!mockOut.includes(secret) && !connectOut.includes(secret), 'no secret is printed');
      }
    } finally {
      connect.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('Magento\'s rejections, in its order, with its texts and statuses', () => {
    let setup: Awaited<ReturnType<typeof activatedStore>>;
    beforeEach(async () => {
      setup = await activatedStore();
    });
    afterEach(() => setup.close());

    const expectProblem = (answer: { status: number; body: string }, status: number, problem: string) => {
      assert.equal(answer.status, status, answer.body);
      assert.equal(problemOf(answer.body), problem);
    };

    it('requires the Authorization header, listing every missing parameter as Magento aggregates them', async () => {
      const answer = await send({ method: 'POST', url: `${setup.base}oauth/token/request`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `oauth_consumer_key=${setup.credentials.consumerKey}` });
      expectProblem(answer, 400, ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp']
        .map((name) => `"${name}" is required. Enter and try again.`).join(', '));
      assert.match(setup.events.at(-1)!.hint as string, /no "Authorization: OAuth …" header, and Magento reads OAuth parameters only from it/);
    });

    const cases: Array<[string, Parameter[], number, string]> = [
      ['an unsupported version', [['oauth_version', '2.0']], 400, 'The "2.0" Oauth version isn\'t supported.'],
      ['HMAC-SHA1 on 2.4.4+', [['oauth_signature_method', 'HMAC-SHA1']], 400, 'Signature method HMAC-SHA1 is not supported'],
      ['PLAINTEXT', [['oauth_signature_method', 'PLAINTEXT']], 400, 'Signature method PLAINTEXT is not supported'],
      ['a short consumer key', [['oauth_consumer_key', 'abc']], 401, 'Consumer key is not the correct length'],
      ['an unknown consumer key', [['oauth_consumer_key', 'x'.repeat(32)]], 401, 'A consumer having the specified key does not exist'],
      // Nonce\Generator checks the timestamp and rethrows its failure as a nonce error.
      ['a timestamp over 600 s ahead', [['oauth_timestamp', String(Math.floor(Date.now() / 1000) + 700)]], 401, 'An error occurred validating the nonce'],
      ['a zero timestamp', [['oauth_timestamp', '0']], 401, 'An error occurred validating the nonce'],
      ['a token of the wrong length', [['oauth_token', 'short']], 400, 'The token length is invalid. Check the length and try again.'],
    ];
    for (const [what, overrides, status, problem] of cases) {
      it(`rejects ${what}: ${status} "${problem}"`, async () => {
        const { answer } = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides });
        expectProblem(answer, status, problem);
        const rejected = setup.events.at(-1)!;
        assert.equal(rejected.event, 'rejected');
        assert.equal(rejected.problem, problem);
      });
    }

    it('names the timestamp as the cause of a nonce error', async () => {
      await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_timestamp', '-1']] });
      assert.match(setup.events.at(-1)!.hint as string, /The cause is oauth_timestamp \(-1\)/);
    });

    it('takes a nonce over 32 characters cut to 32, as MySQL stores it, and refuses one that shares those 32', async () => {
      const long = `${'n'.repeat(32)}1`;
      const first = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: { ...setup.credentials, consumerSecret: 'wrong' }, overrides: [['oauth_nonce', long]] });
      expectProblem(first.answer, 401, 'The signature is invalid. Verify and try again.');
      const sharing = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_nonce', `${'n'.repeat(32)}2`]] });
      expectProblem(sharing.answer, 401, 'An error occurred validating the nonce');
      assert.match(setup.events.at(-1)!.hint as string, /only the first 32 characters of a nonce/);
      const fresh = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_nonce', `${'m'.repeat(40)}`]] });
      assert.equal(fresh.answer.status, 200, fresh.answer.body);
    });

    it('refuses an unparsable Host header with 400 before reading anything, so the nonce stays unused', async () => {
      const nonce = randomToken();
      const header = `OAuth oauth_consumer_key="${setup.credentials.consumerKey}", oauth_nonce="${nonce}", oauth_signature_method="HMAC-SHA256", oauth_timestamp="${Math.floor(Date.now() / 1000)}", oauth_signature="x"`;
      const answer = await rawRequest(new URL(setup.base), `POST /oauth/token/request HTTP/1.1\r\nHost: [not a host\r\nAuthorization: ${header}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      assert.match(answer, /^HTTP\/1\.1 400/);
      assert.match(setup.events.at(-1)!.hint as string, /The Host header "\[not a host" is not a host name/);
      const fresh = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_nonce', nonce]] });
      assert.equal(fresh.answer.status, 200, fresh.answer.body);
    });

    it('accepts a timestamp just under 600 s ahead', async () => {
      const ahead = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_timestamp', String(Math.floor(Date.now() / 1000) + 590)]] });
      assert.equal(ahead.answer.status, 200, ahead.answer.body);
    });

    it('rejects a reused nonce and a bad signature', async () => {
      const first = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: { ...setup.credentials, consumerSecret: 'wrong' }, overrides: [['oauth_nonce', 'abc']] });
      expectProblem(first.answer, 401, 'The signature is invalid. Verify and try again.');
      const again = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, overrides: [['oauth_nonce', 'abc']] });
      expectProblem(again.answer, 401, 'The nonce is already being used by the consumer with ID 1');
    });

    it('rejects a second request token, a wrong verifier, the verifier in the body, and a used request token', async () => {
      const request = await requestToken(setup.base, setup.credentials);
      assert.equal(request.answer.status, 200);
      expectProblem((await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials })).answer,
        401, 'Cannot create request token because consumer token is not a verifier token');
      const withToken = { ...setup.credentials, token: request.token, tokenSecret: request.secret };
      const access = (verifier: string) => signedRequest({ method: 'POST', url: `${setup.base}oauth/token/access`, credentials: withToken, extraOAuth: [['oauth_verifier', verifier]] });
      expectProblem((await access('v'.repeat(32))).answer, 401, 'Token verifier and verifier token do not match');
      expectProblem((await access('short')).answer, 401, 'Verifier is not the correct length');
      // The verifier in the body only: Magento ignores oauth_* body fields when the header has OAuth.
      const inBody = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/access`, credentials: withToken, formBody: `oauth_verifier=${setup.verifier}` });
      expectProblem(inBody.answer, 400, '"oauth_verifier" is required. Enter and try again.');
      assert.match(setup.events.at(-1)!.hint as string, /oauth_verifier was sent in the body/);
      assert.equal((await access(setup.verifier)).answer.status, 200);
      // The row became the access token, with a new token value: the request token is gone.
      expectProblem((await access(setup.verifier)).answer, 401, 'Specified token does not exist');
    });

    it('answers the REST call only when it is signed with the access token', async () => {
      const unsigned = await send({ method: 'GET', url: `${setup.base}rest/V1/store/storeViews` });
      assert.equal(unsigned.status, 401);
      assert.deepEqual(JSON.parse(unsigned.body), { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Backend::store' } });
      const request = await requestToken(setup.base, setup.credentials);
      const access = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/access`, credentials: { ...setup.credentials, token: request.token, tokenSecret: request.secret }, extraOAuth: [['oauth_verifier', setup.verifier]] });
      const fields = new URLSearchParams(access.answer.body);
      const withAccess = { ...setup.credentials, token: fields.get('oauth_token')!, tokenSecret: fields.get('oauth_token_secret')! };
      for (const route of ['rest/V1/store/storeViews', 'rest/default/V1/store/storeViews']) {
        const call = await signedRequest({ method: 'GET', url: `${setup.base}${route}?searchCriteria[pageSize]=5`, credentials: withAccess });
        assert.equal(call.answer.status, 200, call.answer.body);
        // A real 2.4.6 store lists the default store view before admin.
        assert.deepEqual(JSON.parse(call.answer.body).map((view: { code: string }) => view.code), ['default', 'admin']);
      }
      // The access token replaced the request token's row: the old token no longer exists.
      const withRequestToken = await signedRequest({ method: 'GET', url: `${setup.base}rest/V1/store/storeViews`, credentials: { ...setup.credentials, token: request.token, tokenSecret: request.secret } });
      assert.deepEqual([withRequestToken.answer.status, JSON.parse(withRequestToken.answer.body)], [401, { message: 'Specified token does not exist' }]);
      const post = await signedRequest({ method: 'POST', url: `${setup.base}rest/V1/store/storeViews`, credentials: withAccess });
      assert.deepEqual([post.answer.status, JSON.parse(post.answer.body)], [404, { message: 'Request does not match any route.' }]);
    });

    // Each answer as a real Adobe Commerce 2.4.6-p1 store gave it to an oauthlib-signed app (test/real-store):
    // a failed OAuth check is answered with the OAuth exception itself, not with the resources' 401.
    it('answers a REST call whose OAuth check fails with the OAuth error, as a real store does', async () => {
      const request = await requestToken(setup.base, setup.credentials);
      const access = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/access`, credentials: { ...setup.credentials, token: request.token, tokenSecret: request.secret }, extraOAuth: [['oauth_verifier', setup.verifier]] });
      const fields = new URLSearchParams(access.answer.body);
      const withAccess = { ...setup.credentials, token: fields.get('oauth_token')!, tokenSecret: fields.get('oauth_token_secret')! };
      const url = `${setup.base}rest/V1/store/storeViews`;
      const now = Math.floor(Date.now() / 1000);
      const used = 'n'.repeat(32);
      assert.equal((await signedRequest({ method: 'GET', url, credentials: withAccess, overrides: [['oauth_nonce', used]] })).answer.status, 200);
      const cases: Array<[string, Promise<{ answer: { status: number; body: string } }>, number, unknown]> = [
        ['HMAC-SHA1', signedRequest({ method: 'GET', url, credentials: withAccess, signatureMethod: 'HMAC-SHA1' }), 400, { message: 'Signature method %1 is not supported', parameters: ['HMAC-SHA1'] }],
        ['wrong token secret', signedRequest({ method: 'GET', url, credentials: { ...withAccess, tokenSecret: 'w'.repeat(32) } }), 401, { message: 'The signature is invalid. Verify and try again.' }],
        ['timestamp an hour ahead', signedRequest({ method: 'GET', url, credentials: withAccess, overrides: [['oauth_timestamp', String(now + 3600)]] }), 401, { message: 'An error occurred validating the nonce' }],
        ['replayed nonce', signedRequest({ method: 'GET', url, credentials: withAccess, overrides: [['oauth_nonce', used]] }), 401, { message: 'The nonce is already being used by the consumer with ID %1', parameters: ['1'] }],
        ['33-character nonce sharing 32', signedRequest({ method: 'GET', url, credentials: withAccess, overrides: [['oauth_nonce', `${used}x`]] }), 401, { message: 'An error occurred validating the nonce' }],
        ['no oauth_token', signedRequest({ method: 'GET', url, credentials: { consumerKey: withAccess.consumerKey, consumerSecret: withAccess.consumerSecret } }), 400, { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'oauth_token' } }],
        ['no Authorization header', send({ method: 'GET', url }).then((answer) => ({ answer })), 401, { message: "The consumer isn't authorized to access %resources.", parameters: { resources: 'Magento_Backend::store' } }],
      ];
      for (const [name, call, status, body] of cases) {
        const { answer } = await call;
        assert.deepEqual([answer.status, JSON.parse(answer.body)], [status, body], name);
      }
    });
  });

  it('expires the consumer after the configured period, and accepts HMAC-SHA1 as 2.3 did', async () => {
    let now = Math.floor(Date.now() / 1000);
    const setup = await activatedStore({ consumerExpirySeconds: 300, now: () => now, magento: '2.3' });
    try {
      now += 300;
      const late = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials });
      assert.equal(late.answer.status, 401);
      assert.equal(problemOf(late.answer.body), 'Consumer key has expired');
      assert.match(setup.events.at(-1)!.hint ?? '', /within 300 s of the activation POST.*without an endpoint URL, the app needs no handshake: Magento issued its access token and secret at Activate/);
      now -= 1;
      const sha1 = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, signatureMethod: 'HMAC-SHA1' });
      assert.equal(sha1.answer.status, 200, sha1.answer.body);
    } finally {
      await setup.close();
    }
  });

  it('says when the endpoint redirects (Magento follows none) or cannot be reached', async () => {
    const events: TesterEvent[] = [];
    const redirecting = await serveLocal(0, () => ({ status: 301, headers: { Location: 'https://app.example/callback' }, body: '' }));
    const store = new MockStore({ endpointUrl: `http://127.0.0.1:${redirecting.port}/callback`, identityLinkUrl: `http://127.0.0.1:${redirecting.port}/login`, onEvent: (e) => events.push(e) });
    await store.start();
    try {
      await store.activate();
      const posted = events.find((e) => e.event === 'activation-posted')!;
      assert.equal(posted.ok, false);
      assert.match(posted.hint as string, /redirect to https:\/\/app\.example\/callback; Magento follows no redirect/);
      redirecting.server.close();
      await new Promise((resolve) => redirecting.server.on('close', resolve));
      await store.activate();
      const failed = events.filter((e) => e.event === 'activation-posted').at(-1)!;
      assert.equal(failed.problem, 'The attempt to post data to consumer failed due to an unexpected error. Please try again later.');
    } finally {
      await store.stop();
    }
  });

  describe('reads requests as Magento 2.4 does, not as RFC 5849: an RFC-correct app is refused where a real store refuses it', () => {
    let setup: Awaited<ReturnType<typeof activatedStore>>;
    let withAccess: Credentials;
    beforeEach(async () => {
      setup = await activatedStore();
      const request = await requestToken(setup.base, setup.credentials);
      const access = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/access`, credentials: { ...setup.credentials, token: request.token, tokenSecret: request.secret }, extraOAuth: [['oauth_verifier', setup.verifier]] });
      const fields = new URLSearchParams(access.answer.body);
      withAccess = { ...setup.credentials, token: fields.get('oauth_token')!, tokenSecret: fields.get('oauth_token_secret')! };
    });
    afterEach(() => setup.close());

    const cases: Array<[string, string, RegExp]> = [
      ['a "+" in the query', 'q=a+b', /Magento reads "\+" in a query literally \("q=a\+b"\): encode spaces as %20/],
      ['a repeated query name', 'a=2&a=1', /keeps only the last value of a repeated query parameter \("a"\)/],
      ['a query pair without "="', 'flag', /drops a query parameter without "=" \("flag"\)/],
      ['a query pair with a second "="', 'a=b=c', /drops a query parameter with a second "=" \("a=b=c"\)/],
      ['names whose natural and byte orders differ', 'f[2]=x&f[10]=y', /natural order, "\[2\]" before "\[10\]"/],
    ];
    for (const [what, query, hint] of cases) {
      it(`refuses ${what}, and names the cause`, async () => {
        const call = await signedRequest({ method: 'GET', url: `${setup.base}rest/V1/store/storeViews?${query}`, credentials: withAccess });
        assert.equal(call.answer.status, 401);
        const rejected = setup.events.at(-1)!;
        assert.equal(rejected.problem, 'The signature is invalid. Verify and try again.');
        assert.equal(rejected.mistake?.code, 'magento-reading');
        assert.match(rejected.hint as string, hint);
      });
    }

    it('accepts the same calls written the way Magento reads them', async () => {
      for (const query of ['q=a%20b', 'a=1', 'flag=1', 'a=b%3Dc', 'f[2]=x']) {
        const call = await signedRequest({ method: 'GET', url: `${setup.base}rest/V1/store/storeViews?${query}`, credentials: withAccess });
        assert.equal(call.answer.status, 200, `${query}: ${call.answer.body}`);
      }
    });

    it('renames form fields with "." as parse_str does, and answers 500 to a nested one', async () => {
      const renamed = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, formBody: 'store.code=default' });
      assert.equal(renamed.answer.status, 401);
      assert.match(setup.events.at(-1)!.hint as string, /parse_str renames the form field "store\.code" to "store_code"/);
      const nested = await signedRequest({ method: 'POST', url: `${setup.base}oauth/token/request`, credentials: setup.credentials, formBody: 'store[code]=default' });
      assert.equal(nested.answer.status, 500);
      assert.equal(nested.answer.body, 'An error has happened during application run. See exception log for details.');
      assert.match(setup.events.at(-1)!.hint as string, /turns the form field "store\[code\]" into an array/);
    });
  });

  describe('names the signature mistake', () => {
    let setup: Awaited<ReturnType<typeof activatedStore>>;
    beforeEach(async () => {
      setup = await activatedStore();
    });
    afterEach(() => setup.close());

    /** Sends a request whose signature was made the wrong way; returns the store's diagnosis. */
    async function mistaken(options: { path?: string; signUrl?: (url: URL) => string; hash?: 'HMAC-SHA1'; key?: string; signed?: (p: Parameter[]) => Parameter[]; body?: string; contentType?: string; method?: string; signMethod?: string; base?: (method: string, url: string, p: Parameter[]) => string }) {
      const url = `${setup.base}${options.path ?? 'oauth/token/request'}`;
      const oauth: Parameter[] = [['oauth_consumer_key', setup.credentials.consumerKey], ['oauth_nonce', randomToken()], ['oauth_signature_method', 'HMAC-SHA256'], ['oauth_timestamp', String(Math.floor(Date.now() / 1000))], ['oauth_version', '1.0']];
      const query = [...new URL(url).searchParams] as Parameter[];
      const parameters = options.signed ? options.signed([...oauth, ...query]) : [...oauth, ...query];
      const signUrl = options.signUrl ? options.signUrl(new URL(url)) : url;
      const method = options.signMethod ?? options.method ?? 'POST';
      const base = options.base ? options.base(method, signUrl, parameters) : baseStringOf(method, signUrl, parameters);
      const signature = computeSignature(options.hash ?? 'HMAC-SHA256', base, options.key ?? signingKey(setup.credentials.consumerSecret));
      const headers: Record<string, string> = { Authorization: authorizationHeader([...oauth, ['oauth_signature', signature]]) };
      if (options.contentType) headers['Content-Type'] = options.contentType;
      const answer = await send({ method: options.method ?? 'POST', url, headers, body: options.body });
      assert.equal(problemOf(answer.body), 'The signature is invalid. Verify and try again.');
      const rejected = setup.events.at(-1)!;
      assert.equal(rejected.receivedBaseString, base, 'the received base string is shown as the client built it');
      return rejected.mistake?.code;
    }

    it('a wrong or missing port', async () => {
      assert.equal(await mistaken({ signUrl: (u) => `http://127.0.0.1${u.pathname}` }), 'wrong-port');
      assert.equal(await mistaken({ signUrl: (u) => `http://127.0.0.1:8080${u.pathname}` }), 'wrong-port');
    });
    it('https instead of http', async () => {
      assert.equal(await mistaken({ signUrl: (u) => u.href.replace('http:', 'https:') }), 'https-instead-of-http');
    });
    it('HMAC-SHA1 under an HMAC-SHA256 header', async () => {
      assert.equal(await mistaken({ hash: 'HMAC-SHA1' }), 'hmac-sha1');
    });
    it('query parameters not signed', async () => {
      assert.equal(await mistaken({ path: 'oauth/token/request?searchCriteria[pageSize]=10', signed: (p) => p.filter(([n]) => n.startsWith('oauth_')) }), 'query-not-signed');
    });
    it('a JSON body signed', async () => {
      const body = '{"sku":"ABC/1","qty":2}';
      assert.equal(await mistaken({ body, contentType: 'application/json', signed: (p) => [...p, ['sku', 'ABC/1'], ['qty', '2']] }), 'json-body-signed');
    });
    it('the signing key without its "&"', async () => {
      assert.equal(await mistaken({ key: percentEncode(setup.credentials.consumerSecret) }), 'key-without-ampersand');
    });
    it('double encoding', async () => {
      assert.equal(await mistaken({ path: 'oauth/token/request?q=a%20b%2Fc', signed: (p) => p.map(([n, v]) => [percentEncode(n), percentEncode(v)]) }), 'double-encoding');
      assert.equal(await mistaken({ base: (m, u, p) => [m, percentEncode(percentEncode(normalizeUrl(u))), percentEncode(percentEncode(parameterString(p)))].join('&') }), 'double-encoding');
    });
    it('the wrong HTTP method', async () => {
      assert.equal(await mistaken({ signMethod: 'GET', method: 'POST' }), 'wrong-method');
    });
    it('the token secret missing from the key, and the verifier left unsigned', async () => {
      const request = await requestToken(setup.base, setup.credentials);
      const oauthFor = (): Parameter[] => [['oauth_consumer_key', setup.credentials.consumerKey], ['oauth_nonce', randomToken()], ['oauth_signature_method', 'HMAC-SHA256'],
        ['oauth_timestamp', String(Math.floor(Date.now() / 1000))], ['oauth_token', request.token], ['oauth_verifier', setup.verifier]];
      const url = `${setup.base}oauth/token/access`;
      const attempt = async (parameters: Parameter[], key: string) => {
        const oauth = oauthFor();
        const signature = computeSignature('HMAC-SHA256', baseStringOf('POST', url, parameters.length ? parameters : oauth), key);
        const answer = await send({ method: 'POST', url, headers: { Authorization: authorizationHeader([...oauth, ['oauth_signature', signature]]) } });
        assert.equal(answer.status, 401);
        return setup.events.at(-1)!.mistake?.code;
      };
      assert.equal(await attempt([], signingKey(setup.credentials.consumerSecret)), 'token-secret-missing');
      const oauth = oauthFor();
      const signature = computeSignature('HMAC-SHA256', baseStringOf('POST', url, oauth.filter(([n]) => n !== 'oauth_verifier')), signingKey(setup.credentials.consumerSecret, request.secret));
      await send({ method: 'POST', url, headers: { Authorization: authorizationHeader([...oauth, ['oauth_signature', signature]]) } });
      assert.equal(setup.events.at(-1)!.mistake?.code, 'verifier-not-signed');
    });
    it('says so when no common mistake explains it', async () => {
      assert.equal(await mistaken({ key: signingKey('not-the-secret') }), undefined);
      assert.match(setup.events.at(-1)!.hint as string, /No common mistake reproduces this signature/);
    });
  });

  describe('robustness', () => {
    it('answers a bounded barrage of bad requests clearly, binds 127.0.0.1 only, and still completes the handshake', async () => {
      const receiver = new CallbackReceiver({ onEvent: () => {}, slowClientMs: 300 });
      await receiver.start();
      const store = new MockStore({ endpointUrl: receiver.endpointUrl, identityLinkUrl: receiver.identityLinkUrl, onEvent: () => {}, slowClientMs: 300 });
      const base = await store.start();
      try {
        for (const target of [base, receiver.endpointUrl]) {
          const url = new URL(target);
          assert.equal(url.hostname, '127.0.0.1');
          const big = await send({ method: 'POST', url: `${url.origin}/oauth/token/request`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a='.padEnd(1024 * 1024 + 10, 'x') });
          assert.equal(big.status, 413);
          assert.match(await rawRequest(url, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400/);
          assert.match(await rawRequest(url, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n'), /^HTTP\/1\.1 400/);
          assert.match(await rawRequest(url, 'GET /oauth/token/request HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '), /^HTTP\/1\.1 408/, 'a slow client is cut off');
          const unknown = await send({ method: 'DELETE', url: `${url.origin}/nope/../../etc/passwd` });
          assert.equal(unknown.status, 404);
          const badEncoding = await send({ method: 'POST', url: `${url.origin}/oauth/token/request`, headers: { Authorization: 'OAuth oauth_consumer_key="%E0%A4%A", oauth_nonce="\u00ff"' } });
          assert.ok([400, 401, 404].includes(badEncoding.status), `clear answer to bad encoding, got ${badEncoding.status}`);
          const concurrent = await Promise.all(Array.from({ length: 40 }, (_, i) => send({ method: i % 2 ? 'GET' : 'POST', url: `${url.origin}/oauth/token/request?i=${i}`, body: i % 3 ? undefined : '%%%' })));
          assert.ok(concurrent.every((a) => a.status >= 400 && a.status < 500));
        }
        const busy = await new MockStore({ endpointUrl: receiver.endpointUrl, identityLinkUrl: receiver.identityLinkUrl, port: Number(new URL(base).port), onEvent: () => {} }).start().catch((e: Error) => e.message);
        assert.match(String(busy), /Port \d+ is already in use on 127\.0\.0\.1; choose another with --port\./);

        await store.activate();
        assert.ok(await receiver.done(), 'the handshake still succeeds');
      } finally {
        await store.stop();
        await receiver.stop();
      }
    });
  });

  describe('cross-checks with oauthlib', () => {
    it('an oauthlib-signed app completes the handshake against the simulated store', async () => {
      const app = spawn(PYTHON, [path.join(__dirname, 'oauthlib_app.py')]);
      const out = lines(app);
      try {
        const { port } = JSON.parse(await out.next());
        const events: TesterEvent[] = [];
        const store = new MockStore({ endpointUrl: `http://127.0.0.1:${port}/callback`, identityLinkUrl: `http://127.0.0.1:${port}/login`, onEvent: (e) => events.push(e) });
        await store.start();
        try {
          await store.activate();
          await store.done(true);
          assert.deepEqual(events.filter((e) => e.ok === false), []);
          assert.equal(events.find((e) => e.event === 'identity-link-opened')!.redirectsToSuccessCallback, true);
          const steps = [JSON.parse(await out.next()), JSON.parse(await out.next()), JSON.parse(await out.next())];
          assert.deepEqual(steps.map((s) => [s.step, s.status]), [['request-token', 200], ['access-token', 200], ['api-call', 200]]);
        } finally {
          await store.stop();
        }
      } finally {
        app.kill();
      }
    });

    it('the callback receiver completes it against a store whose checks are oauthlib\'s', async () => {
      const receiver = new CallbackReceiver({ onEvent: () => {} });
      await receiver.start();
      const store = spawn(PYTHON, [path.join(__dirname, 'oauthlib_store.py'), receiver.endpointUrl]);
      const out = lines(store);
      try {
        const credentials = await receiver.done();
        assert.ok(credentials, 'the receiver got an access token and made the API call');
        // The store prints the activation's answer from its main thread and each verified request from its
        // server's: the receiver answers first and exchanges at once, so the first two lines may come in either order.
        const printed = [JSON.parse(await out.next()), JSON.parse(await out.next()), JSON.parse(await out.next()), JSON.parse(await out.next())];
        assert.deepEqual(printed.filter((line) => 'activation' in line), [{ activation: 200 }]);
        assert.deepEqual(printed.filter((line) => !('activation' in line)), [{ path: '/oauth/token/request', valid: true }, { path: '/oauth/token/access', valid: true }, { path: '/rest/V1/store/storeViews', valid: true }]);
      } finally {
        store.kill();
        await receiver.stop();
      }
    });
  });
});

function lines(child: ChildProcess) {
  const reader = createInterface({ input: child.stdout! });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  reader.on('line', (line) => (waiting.length ? waiting.shift()!(line) : queue.push(line)));
  return { next: () => (queue.length ? Promise.resolve(queue.shift()!) : new Promise<string>((resolve) => waiting.push(resolve))) };
}

function finished(child: ChildProcess): Promise<[number | null, string]> {
  let out = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (out += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve([code, out])));
}

function rawRequest(url: URL, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = netConnect(Number(url.port), '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(5000, () => socket.destroy());
  });
}
