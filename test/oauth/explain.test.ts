// "Explain OAuth Signature…" on what a developer has in hand. The curl reader is checked against the real
// curl (bash runs each command, a local server records what curl sent); signatures come from oauthlib, an
// independent implementation, and are compared as Magento 2.4.4+ checks them.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { authorizationFromFields, explainRequest } from '../../server/src/oauth/explain';
import { serveLocal } from '../../server/src/oauth/http';
import { PastedRequest, readPastedRequest, shellWords } from '../../server/src/oauth/pastedRequest';

const HEADER = 'OAuth oauth_consumer_key="ck", oauth_nonce="n1", oauth_signature="s%2B1%3D", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1700000000", oauth_version="1.0"';

/** Commands as Postman, Chrome (bash), Magento's docs and hand-written scripts write them; PORT is the recorder's. */
const COMMANDS = [
  `curl --location --globoff 'http://127.0.0.1:PORT/rest/V1/products?searchCriteria[pageSize]=1' \\\n--header 'Authorization: ${HEADER}'`,
  `curl 'http://127.0.0.1:PORT/rest/default/V1/orders?searchCriteria%5BpageSize%5D=5' -H 'accept: application/json' -H $'authorization: ${HEADER.replace(/"/g, '\\"')}' --compressed`,
  `curl -X POST "http://127.0.0.1:PORT/rest/V1/products" -H "Content-Type: application/json" -H "Authorization: ${HEADER.replace(/"/g, '\\"')}" -d '{"product":{"sku":"a b","price":1}}'`,
  `curl -sSXPOST http://127.0.0.1:PORT/oauth/token/request -H 'Authorization: ${HEADER}' -d 'a=1' -d 'b=two words' --data-urlencode 'c=x&y z'`,
  `curl -G http://127.0.0.1:PORT/rest/V1/customers/search --data-urlencode 'searchCriteria[filter_groups][0][filters][0][value]=%a b%' -H 'Authorization: ${HEADER}'`,
  `curl --request PUT --url 'http://127.0.0.1:PORT/rest/all/V1/products/SKU%2F1' --header "authorization: OAuth oauth_consumer_key=\\"ck\\"" --data-raw 'x=@not-a-file'`,
];

interface Recorded { method: string; url: string; authorization?: string; contentType?: string; body: string }

/** Runs a command with bash and the real curl against a local server; returns what reached the server. */
async function sentByCurl(command: string): Promise<Recorded> {
  let recorded: Recorded | undefined;
  const server = await serveLocal(0, (call) => {
    recorded = { method: call.method, url: `http://${call.headers.host}${call.target}`, authorization: call.headers.authorization, contentType: call.headers['content-type'], body: call.body };
    return { status: 200, body: 'OK' };
  });
  try {
    await new Promise<void>((resolve, reject) => execFile('bash', ['-c', `${command.replace('PORT', String(server.port))} -o /dev/null -s`], { timeout: 60000 }, (error) => (error ? reject(error) : resolve())));
  } finally {
    server.server.close();
  }
  assert.ok(recorded, 'curl reached the server');
  return recorded;
}

function read(text: string): PastedRequest {
  const reading = readPastedRequest(text);
  assert.ok(!('error' in reading), JSON.stringify(reading));
  return reading;
}

/** oauthlib's whole Authorization header for each vector (test/oauth/oauthlib_sign.py). */
function oauthlibHeaders(vectors: Array<Record<string, unknown>>): string[] {
  const python = spawnSync('/usr/bin/python3', [path.join(__dirname, 'oauthlib_sign.py')], { input: JSON.stringify(vectors.map((v) => ({ ...v, header: true }))), encoding: 'utf8', timeout: 60_000 });
  assert.equal(python.status, 0, `oauthlib (Debian python3-oauthlib) failed: ${python.stderr}`);
  return JSON.parse(python.stdout) as string[];
}

describe('Explain OAuth Signature: reading what the developer pastes', () => {
  for (const [i, command] of COMMANDS.entries()) {
    it(`reads curl command ${i + 1} as the real curl sends it`, async function () {
      this.timeout(60000);
      const sent = await sentByCurl(command);
      const reading = read(command.replace('PORT', '8080'));
      const expectedUrl = sent.url.replace(/:\d+\//, ':8080/');
      assert.deepEqual(
        { method: reading.method, url: reading.url, authorization: reading.authorization, contentType: reading.contentType, body: reading.body ?? '' },
        { method: sent.method, url: expectedUrl, authorization: sent.authorization, contentType: sent.contentType, body: sent.body },
      );
    });
  }

  it('reads an Authorization header alone, with or without its name, and says what it cannot read', () => {
    assert.deepEqual(read(`Authorization: ${HEADER}`), { authorization: HEADER, notes: [] });
    assert.deepEqual(read(`  ${HEADER}\n`), { authorization: HEADER, notes: [] });
    assert.match((readPastedRequest('Bearer abc') as { error: string }).error, /Paste a curl command/);
    assert.match((readPastedRequest("curl 'http://x") as { error: string }).error, /never closed/);
    assert.match((readPastedRequest('curl -H') as { error: string }).error, /-H needs a value/);
    assert.match(read('curl http://x -d @body.txt').notes[0], /reads the body from a file/);
    assert.match((readPastedRequest('curl --request=PUT http://x') as { error: string }).error, /write --request PUT/);
    assert.match(read("curl 'http://x/?a[b]=1'").notes[0], /add -g/);
  });

  it('takes a one-line paste of a multi-line command: the backslashes stay, the newlines are gone', () => {
    assert.deepEqual(shellWords("curl 'http://x/a' \\  -H 'A: b' \\ -d 'c=d'"), ['curl', 'http://x/a', '-H', 'A: b', '-d', 'c=d']);
    assert.deepEqual(shellWords(`a\\ b "c\\"d" 'e\\f' $'g\\n\\x41\\''`), ['a b', 'c"d', 'e\\f', "g\nA'"]);
  });

  it('reads a hostile paste in linear time', () => {
    for (const text of ['curl ' + "'".repeat(200_001), 'curl ' + '"\\"'.repeat(70_000), 'curl ' + "$'\\x".repeat(50_000), 'curl ' + '-'.repeat(200_000)]) {
      const started = process.hrtime.bigint();
      readPastedRequest(text);
      assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 2000, `${text.slice(0, 12)}… took too long`);
    }
    assert.match((readPastedRequest('curl ' + 'x'.repeat(300_000)) as { error: string }).error, /at most/);
  });
});

describe('Explain OAuth Signature: comparing with a client\'s signature as Magento checks it', () => {
  const secret = 'cs3cr3tcs3cr3tcs3cr3tcs3cr3tcs3c';
  const tokenSecret = 'ts3cr3tts3cr3tts3cr3tts3cr3tts3c';
  const base = { consumerKey: 'ck'.repeat(16), consumerSecret: secret, token: 'tk'.repeat(16), tokenSecret, timestamp: '1700000000', nonce: 'abcdef0123456789' };

  it('confirms oauthlib\'s signatures of ordinary Magento requests pasted as curl commands', function () {
    this.timeout(30000);
    const vectors = [
      { ...base, method: 'GET', url: 'https://store.example/rest/V1/products?searchCriteria%5BpageSize%5D=1&searchCriteria%5BcurrentPage%5D=2', signatureMethod: 'HMAC-SHA256' },
      { ...base, method: 'POST', url: 'http://127.0.0.1:8080/rest/V1/orders', signatureMethod: 'HMAC-SHA256' },
      { ...base, method: 'POST', url: 'https://store.example/oauth/token/access', verifier: 'v'.repeat(32), signatureMethod: 'HMAC-SHA256', token: 'rq'.repeat(16) },
    ];
    const headers = oauthlibHeaders(vectors);
    vectors.forEach((vector, i) => {
      const pasted = read(`curl -X ${vector.method} '${vector.url}' -H 'Authorization: ${headers[i]}' -H 'Content-Type: application/json' -d '{"a":1}'`);
      const explanation = explainRequest({ ...pasted as Required<PastedRequest>, consumerSecret: secret, tokenSecret }, 1700000000);
      assert.equal(explanation.comparison?.matches, true, `${vector.method} ${vector.url}: ${explanation.baseString}`);
      assert.deepEqual(explanation.notes, []);
    });
  });

  it('says, on a request-token call, that an integration made without an endpoint already has its access token', function () {
    this.timeout(30000);
    const [header] = oauthlibHeaders([{ ...base, token: undefined, tokenSecret: undefined, method: 'POST', url: 'https://store.example/oauth/token/request', signatureMethod: 'HMAC-SHA256' }]);
    const explanation = explainRequest({ method: 'POST', url: 'https://store.example/oauth/token/request', authorization: header, consumerSecret: secret }, 1700000000);
    assert.equal(explanation.comparison?.matches, true);
    assert.deepEqual(explanation.notes.map((n) => /within 300 s of the admin's Activate.*"Consumer key has expired".*made in the admin without an endpoint URL.*issued its access token and secret at Activate/.test(n)), [true]);
  });

  it('names the mistake: the URL signed without the store\'s port, HMAC-SHA1, the token secret left out', function () {
    this.timeout(30000);
    const [withoutPort, sha1, noTokenSecret] = oauthlibHeaders([
      { ...base, method: 'GET', url: 'http://store.example/rest/V1/store/storeViews', signatureMethod: 'HMAC-SHA256' },
      { ...base, method: 'GET', url: 'http://store.example:8080/rest/V1/store/storeViews', signatureMethod: 'HMAC-SHA1' },
      { ...base, tokenSecret: undefined, method: 'GET', url: 'http://store.example:8080/rest/V1/store/storeViews', signatureMethod: 'HMAC-SHA256' },
    ]);
    const explain = (authorization: string) => explainRequest({ method: 'GET', url: 'http://store.example:8080/rest/V1/store/storeViews', authorization, consumerSecret: secret, tokenSecret }, 1700000000);
    const port = explain(withoutPort).comparison!;
    assert.equal(port.matches, false);
    assert.equal(port.mistake?.code, 'wrong-port');
    assert.match(port.receivedBaseString, /^GET&http%3A%2F%2Fstore\.example%2Frest/);
    const sha = explain(sha1);
    assert.equal(sha.comparison?.matches, true, 'computed with the method the header names');
    assert.match(sha.notes[0], /Signature method HMAC-SHA1 is not supported/);
    const older = explainRequest({ method: 'GET', url: 'http://store.example:8080/rest/V1/store/storeViews', authorization: sha1, consumerSecret: secret, tokenSecret }, 1700000000, '2.3');
    assert.deepEqual([older.comparison?.matches, older.notes], [true, []], 'Magento 2.0 to 2.4.3 accept HMAC-SHA1');
    assert.equal(explain(noTokenSecret).comparison?.mistake?.code, 'token-secret-missing');
    const wrongSecret = explainRequest({ method: 'GET', url: 'http://store.example:8080/rest/V1/store/storeViews', authorization: withoutPort, consumerSecret: 'other', tokenSecret }, 1700000000).comparison!;
    assert.deepEqual([wrongSecret.matches, wrongSecret.mistake], [false, undefined]);
  });

  it('signs fields typed one by one with the given nonce, timestamp and method, as oauthlib does', function () {
    this.timeout(30000);
    const url = 'https://store.example/oauth/token/access';
    const [theirs] = oauthlibHeaders([{ ...base, method: 'POST', url, verifier: 'v'.repeat(32), signatureMethod: 'HMAC-SHA1' }]);
    const authorization = authorizationFromFields({ consumerKey: base.consumerKey, token: base.token, signatureMethod: 'HMAC-SHA1', nonce: base.nonce, timestamp: base.timestamp, extra: [['oauth_verifier', 'v'.repeat(32)]] });
    assert.equal(authorization.match(/oauth_verifier=/g)?.length, 1, 'oauth_verifier once, in the header');
    const ours = explainRequest({ method: 'POST', url, authorization, consumerSecret: secret, tokenSecret }, 1700000000);
    const theirSignature = decodeURIComponent(/oauth_signature="([^"]*)"/.exec(theirs)![1]);
    assert.equal(ours.signature, theirSignature);
    // A signature typed in to compare, and a timestamp Magento would refuse.
    const compared = explainRequest({ method: 'POST', url, authorization: authorizationFromFields({ ...base, signatureMethod: 'HMAC-SHA256', timestamp: '99999999999', extra: [], signature: 'bogus' }), consumerSecret: secret }, 1700000000);
    assert.equal(compared.comparison?.matches, false);
    assert.ok(compared.notes.some((n) => /validating the nonce/.test(n)), compared.notes.join('\n'));
  });

  it('signs a query as Magento reads it, and says where that departs from RFC 5849', () => {
    const explanation = explainRequest({ method: 'GET', url: 'http://store.example/rest/V1/products?searchCriteria[sortOrders][10][field]=a&searchCriteria[sortOrders][2][field]=b&q=a+b', authorization: HEADER, consumerSecret: secret }, 1700000000);
    assert.deepEqual(explanation.parameters.slice(0, 3).map(([name]) => name), ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature_method']);
    assert.ok(explanation.notes.some((n) => /natural|plus/i.test(n)), explanation.notes.join('\n'));
  });
});
