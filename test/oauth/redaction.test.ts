// What the tester prints never holds a secret, however short a store makes it.
import * as assert from 'node:assert/strict';
import { redactEvent, TesterEvent } from '../../server/src/oauth/events';

describe('redacting secrets from what the tester prints', () => {
  // A store that is not Magento may hand out short secrets; a word-like one must not mangle other text.
  const consumerSecret = 'cs1';
  const verifier = 'v3rif';
  const tokenSecret = 'ts';
  const accessToken = 'acc123';
  const secrets = [consumerSecret, verifier, tokenSecret, accessToken, 'a-long-secret-value-0123456789'];

  const events: TesterEvent[] = [
    { event: 'activation-received', request: { method: 'POST', url: 'http://127.0.0.1:1/callback', body: `oauth_consumer_key=key&oauth_consumer_secret=${consumerSecret}&store_base_url=http%3A%2F%2Fs%2F&oauth_verifier=${verifier}` } },
    { event: 'access-token-issued', response: { status: 200, body: `oauth_token=${accessToken}&oauth_token_secret=${tokenSecret}` } },
    { event: 'api-call', request: { method: 'GET', url: 'http://s/rest/V1/x', headers: { Authorization: `OAuth oauth_consumer_key="key", oauth_token="${accessToken}", oauth_verifier="${verifier}", oauth_signature="sig"` } } },
    { event: 'rejected', baseString: `POST&http%3A%2F%2Fs%2Foauth%2Ftoken%2Faccess&oauth_consumer_key%3Dkey%26oauth_token%3D${accessToken}%26oauth_verifier%3D${verifier}`, hint: 'a-long-secret-value-0123456789 leaked into a hint' },
  ];

  it('redacts every secret as a parameter value, whatever its length, and long ones anywhere', () => {
    const printed = JSON.stringify(redactEvent(events, secrets));
    for (const [name, secret] of [['oauth_consumer_secret', consumerSecret], ['oauth_verifier', verifier], ['oauth_token_secret', tokenSecret], ['oauth_token', accessToken]]) {
      assert.ok(!new RegExp(`${name}(=|%3D)(\\\\")?${secret}\\b`).test(printed), `${name} in ${printed}`);
    }
    assert.ok(!printed.includes('a-long-secret-value-0123456789'));
    assert.match(printed, /oauth_token=…&oauth_token_secret=…/);
    assert.match(printed, /oauth_token%3D…%26oauth_verifier%3D…/);
  });

  it('leaves other text alone: a short secret that is also a word elsewhere stays there', () => {
    const redacted = redactEvent({ event: 'x', hint: 'the ts field and cs1 are fine here', request: { method: 'GET', url: 'http://s/?oauth_consumer_key=key' } }, secrets);
    assert.equal(redacted.hint, 'the ts field and cs1 are fine here');
    assert.equal(redacted.request!.url, 'http://s/?oauth_consumer_key=key');
  });
});
