// Magento's newest signer (2025, without Laminas; magento-integration-facts §6): the URL signed exactly
// as sent (an explicit :443 kept, host not lowercased) and the parameters in byte order. The independent
// signer here is the oauth-1.0a package, which builds its base string the same way on both points; the
// Laminas-era store (2.4.4) refuses what it signs, the newest accepts it.
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import OAuth1a from 'oauth-1.0a';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { explainRequest } from '../../server/src/oauth/explain';
import { send } from '../../server/src/oauth/http';
import { MockStore } from '../../server/src/oauth/mockStore';
import { magentoBaseString, nativeUrl, normalizeUrl } from '../../server/src/oauth/signature';
import { MagentoVersion } from '../../server/src/oauth/versions';

const signerFor = (consumer: { key: string; secret: string }) =>
  new OAuth1a({ consumer, signature_method: 'HMAC-SHA256', hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64') });

describe("Magento's newest signer (--magento latest)", function () {
  this.timeout(60_000);

  it('keeps scheme, host and port as written, and drops only the query', () => {
    const cases: Array<[string, string, string]> = [
      ['https://Store.Example:443/rest/V1/products?searchCriteria[pageSize]=1', 'https://Store.Example:443/rest/V1/products', 'https://store.example/rest/V1/products'],
      ['http://store.example:80/oauth/token/request', 'http://store.example:80/oauth/token/request', 'http://store.example/oauth/token/request'],
      ['http://127.0.0.1:8080/rest/V1/x#part', 'http://127.0.0.1:8080/rest/V1/x', 'http://127.0.0.1:8080/rest/V1/x'],
    ];
    for (const [url, native, laminas] of cases) {
      assert.equal(nativeUrl(url), native, url);
      assert.equal(normalizeUrl(url), laminas, url);
    }
    assert.match(magentoBaseString('get', 'https://Store.Example:443/p', [['b', '1'], ['a', '2']], 'native'), /^GET&https%3A%2F%2FStore\.Example%3A443%2Fp&/);
  });

  it('explains a request signed with an explicit :443 as matching on latest, and as refused on 2.4.4', () => {
    const consumer = { key: 'c'.repeat(32), secret: 'native-consumer-secret' };
    const token = { key: 't'.repeat(32), secret: 'native-token-secret' };
    const url = 'https://Store.Example:443/rest/V1/products?searchCriteria[pageSize]=1';
    const signer = signerFor(consumer);
    const authorization = signer.toHeader(signer.authorize({ method: 'GET', url }, token)).Authorization;
    const explain = (magento: MagentoVersion) => explainRequest({ method: 'GET', url, authorization, consumerSecret: consumer.secret, tokenSecret: token.secret }, undefined, magento);
    const latest = explain('latest');
    assert.equal(latest.comparison?.matches, true, latest.baseString);
    assert.equal(latest.normalizedUrl, 'https://Store.Example:443/rest/V1/products');
    const laminas = explain('2.4.4');
    assert.equal(laminas.comparison?.matches, false);
    assert.equal(laminas.normalizedUrl, 'https://store.example/rest/V1/products');
  });

  for (const [magento, status] of [['latest', 200], ['2.4.4', 401]] as const) {
    it(`a query whose byte order is not its natural order, signed by oauth-1.0a: ${status} from a ${magento} store`, async () => {
      const app = new CallbackReceiver({ onEvent: () => {} });
      await app.start();
      const store = new MockStore({ endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl, onEvent: () => {}, magento });
      const base = await store.start();
      try {
        await store.activate();
        await store.done(true);
        const credentials = store.accessCredentials!;
        // [10] sorts before [2] byte by byte, after it in natural order (Laminas).
        const url = `${base}rest/V1/store/storeViews?f[10]=a&f[2]=b`;
        const signer = signerFor({ key: credentials.consumerKey, secret: credentials.consumerSecret });
        const header = signer.toHeader(signer.authorize({ method: 'GET', url }, { key: credentials.token, secret: credentials.tokenSecret }));
        const answer = await send({ method: 'GET', url, headers: { ...header, Accept: 'application/json' } });
        assert.equal(answer.status, status, answer.body);
      } finally {
        await store.stop();
        await app.stop();
      }
    });
  }
});
