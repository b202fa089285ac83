// The store's side of OAuth 1.0a, as Magento's Oauth model keeps it: the consumer the admin's Activate
// creates, its one token row (verifier, then request token, then access token), the nonces it has seen, and
// every check in Magento's order with Magento's texts (magento-integration-facts §5).
import { randomToken } from './events';
import { ParsedOAuthRequest } from './magentoRequest';
import { diagnoseSignature } from './mistakes';
import { computeSignature, magentoBaseString, SignatureMethod, signaturesMatch, signingKey } from './signature';
import { ALREADY_ISSUED_HINT, APPLICATION_ERROR, missingHint, missingParamsBody, phrase, Rejection } from './storeAnswers';
import { MagentoVersion } from './versions';

const TIME_DEVIATION = 600;
/** oauth_nonce.nonce is varchar(32). */
const NONCE_COLUMN_LENGTH = 32;

export interface Consumer {
  id: number;
  key: string;
  secret: string;
  activatedAt: number;
}

export interface TokenRow {
  type: 'verifier' | 'request' | 'access';
  token: string;
  secret: string;
  verifier: string;
}

export class StoreOAuth {
  consumer?: Consumer;
  token?: TokenRow;
  private readonly nonces = new Set<string>();

  constructor(private readonly version: () => MagentoVersion, private readonly now: () => number, private readonly consumerExpirySeconds: number) {}

  /** The admin's Activate: a new consumer, and the nonces of any earlier one forgotten. */
  activate(): Consumer {
    this.consumer = { id: 1, key: randomToken(), secret: randomToken(), activatedAt: this.now() };
    this.nonces.clear();
    return this.consumer;
  }

  /** Reauthorize: the same consumer, its 300 s window started again (nonces stay used: Magento keeps them per consumer). */
  reauthorize(): void {
    if (!this.consumer) throw new Error('reauthorize: the integration was never activated');
    this.consumer = { ...this.consumer, activatedAt: this.now() };
  }

  /** OauthService::postToConsumer's verifier: the consumer's one token row starts again (any access token is gone). */
  newVerifier(): TokenRow {
    this.token = { type: 'verifier', token: randomToken(), secret: randomToken(), verifier: randomToken() };
    return this.token;
  }

  /** Oauth::getRequestToken: protocol checks, consumer expiry, signature, then the token's type. */
  issueRequestToken(request: ParsedOAuthRequest): TokenRow {
    const consumer = this.checkProtocol(request, []);
    if (this.now() - consumer.activatedAt >= (this.consumerExpirySeconds)) {
      throw new Rejection(401, 'Consumer key has expired', { hint: `The request token must be requested within ${this.consumerExpirySeconds} s of the activation POST (an admin's Reauthorize starts the window again). ${ALREADY_ISSUED_HINT}` });
    }
    this.checkSignature(request, '');
    const token = this.token!;
    if (token.type !== 'verifier') {
      const hint = token.type === 'access'
        ? 'The consumer already holds an access token: sign REST calls with it. A new handshake needs an admin\'s Reauthorize, which revokes it.'
        : 'The request token was already issued; after Activate, request it exactly once.';
      throw new Rejection(401, 'Cannot create request token because consumer token is not a verifier token', { hint });
    }
    token.type = 'request';
    return token;
  }

  /** Oauth::getAccessToken: protocol checks, the request token and verifier, then the signature. */
  issueAccessToken(request: ParsedOAuthRequest): TokenRow {
    this.checkProtocol(request, ['oauth_token', 'oauth_verifier']);
    const token = this.token!;
    if (request.protocol.get('oauth_token') !== token.token) throw new Rejection(401, 'Specified token does not exist');
    if (token.type !== 'request') throw new Rejection(401, 'Token is already being used', { hint: 'This request token was already exchanged for an access token.' });
    const verifier = request.protocol.get('oauth_verifier')!;
    if (verifier.length !== 32) throw new Rejection(401, 'Verifier is not the correct length');
    if (!signaturesMatch(token.verifier, verifier)) throw new Rejection(401, 'Token verifier and verifier token do not match', { hint: 'Send the oauth_verifier received in the activation POST.' });
    this.checkSignature(request, token.secret);
    token.type = 'access';
    token.token = randomToken();
    token.secret = randomToken();
    return token;
  }

  /** Oauth::_validateProtocolParams and the consumer and nonce checks, in Magento's order. */
  private checkProtocol(request: ParsedOAuthRequest, extraRequired: string[]): { id: number; key: string; secret: string; activatedAt: number } {
    const params = request.protocol;
    const version = params.get('oauth_version');
    if (version !== undefined && version !== '1.0') {
      const text = phrase('The "%1" Oauth version isn\'t supported.', version);
      throw new Rejection(400, text.message, {}, text.rest);
    }
    // _checkRequiredParams collects every missing one; OauthInputException::getAggregatedErrorMessage joins them with ", ".
    const missing = ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp', ...extraRequired].filter((name) => !params.has(name));
    if (missing.length > 0) {
      throw new Rejection(400, missing.map((name) => `"${name}" is required. Enter and try again.`).join(', '), { hint: missingHint(request, missing) }, missingParamsBody(missing));
    }
    const token = params.get('oauth_token');
    if (token !== undefined && token.length !== 32) throw new Rejection(400, 'The token length is invalid. Check the length and try again.');
    const method = params.get('oauth_signature_method')!;
    if (!this.supportedMethods().includes(method)) {
      const text = phrase('Signature method %1 is not supported', method);
      throw new Rejection(400, text.message, method === 'HMAC-SHA1' ? { hint: 'Magento 2.4.4 and later accept only HMAC-SHA256.' } : {}, text.rest);
    }
    const key = params.get('oauth_consumer_key')!;
    if (key.length !== 32) throw new Rejection(401, 'Consumer key is not the correct length');
    const consumer = this.consumer;
    if (!consumer || key !== consumer.key) throw new Rejection(401, 'A consumer having the specified key does not exist');
    this.validateNonce(consumer, params.get('oauth_nonce')!, params.get('oauth_timestamp')!);
    return consumer;
  }

  /**
   * Nonce\Generator::validateNonce. The timestamp is checked inside it, and every failure that is not
   * "already used" is reported as "An error occurred validating the nonce". The oauth_nonce column is
   * varchar(32) and Magento's MySQL session runs with SQL_MODE='', so a longer nonce is stored cut to
   * 32 characters: the lookup (with the whole nonce) never finds it, and two nonces sharing their first
   * 32 characters collide on the table's unique key.
   */
  private validateNonce(consumer: { id: number }, nonce: string, timestampText: string): void {
    const timestamp = Number.parseInt(timestampText, 10);
    if (!(timestamp > 0) || timestamp > this.now() + TIME_DEVIATION) {
      throw new Rejection(401, 'An error occurred validating the nonce', {
        hint: `The cause is oauth_timestamp (${timestampText}): Magento checks it inside its nonce validation and wants it positive and at most 600 s ahead of the store's clock (now ${this.now()}).`,
      });
    }
    if (this.nonces.has(nonce)) {
      const text = phrase('The nonce is already being used by the consumer with ID %1', String(consumer.id));
      throw new Rejection(401, text.message, { hint: 'Use a fresh nonce for every request.' }, text.rest);
    }
    const stored = [...nonce].slice(0, NONCE_COLUMN_LENGTH).join('');
    if (this.nonces.has(stored)) {
      throw new Rejection(401, 'An error occurred validating the nonce', {
        hint: `Magento stores only the first ${NONCE_COLUMN_LENGTH} characters of a nonce, and this one shares them with a nonce used before: make nonces unique within their first ${NONCE_COLUMN_LENGTH} characters.`,
      });
    }
    this.nonces.add(stored);
  }

  private supportedMethods(): string[] {
    return this.version() === '2.3' ? ['HMAC-SHA1', 'HMAC-SHA256'] : ['HMAC-SHA256'];
  }

  private checkSignature(request: ParsedOAuthRequest, tokenSecret: string): void {
    if (request.nestedFormField !== undefined) {
      // parse_str makes the field an array, and Laminas' rawurlencode() of an array is a TypeError.
      throw new Rejection(500, APPLICATION_ERROR, {
        hint: `Magento's parse_str turns the form field "${request.nestedFormField}" into an array, which its OAuth signer cannot encode: PHP stops with a TypeError and the store answers 500. Send flat field names (no "[…]") in a signed form body.`,
      });
    }
    const method = request.protocol.get('oauth_signature_method') as SignatureMethod;
    const base = magentoBaseString(request.method, request.url, request.signed, request.signer);
    const expected = computeSignature(method, base, signingKey(this.consumer!.secret, tokenSecret));
    if (signaturesMatch(expected, request.protocol.get('oauth_signature') ?? '')) return;
    const diagnosis = diagnoseSignature(request, this.consumer!.secret, tokenSecret, method);
    throw new Rejection(401, 'The signature is invalid. Verify and try again.', {
      expectedBaseString: diagnosis.expectedBaseString,
      receivedBaseString: diagnosis.receivedBaseString,
      mistake: diagnosis.mistake,
      hint: diagnosis.mistake?.explanation ?? 'No common mistake reproduces this signature: check the consumer secret and the token secret used in the key.',
    });
  }

  /** A REST call signed with the access token (OauthUserContext): the protocol, the token, the signature. */
  checkAccessTokenCall(request: ParsedOAuthRequest): void {
    this.checkProtocol(request, ['oauth_token']);
    const token = this.token!;
    // Provider::validateAccessTokenRequest: the token must exist (Reauthorize deleted the old one), then be an access token.
    if (request.protocol.get('oauth_token') !== token.token) throw new Rejection(401, 'Specified token does not exist');
    if (token.type !== 'access') throw new Rejection(401, 'Token is not an access token');
    this.checkSignature(request, token.secret);
  }
}
