// How Magento 2.4 reads and signs an OAuth request, rule by rule from its code, which differs from RFC 5849:
// - Framework\Oauth\Helper\Request::_processHeader: protocol parameters only from an `Authorization` header
//   that contains "oauth " (anything before it ignored), split at "," and the first "=", rawurldecode'd;
// - ::_processRequest: form bodies (Content-Type starting with application/x-www-form-urlencoded) go
//   through PHP's parse_str: "+" is a space, "." and " " in a name become "_", `a[b]` nests, the last of a
//   repeated name wins; oauth_* body fields count only when the header had none;
// - ::_extractQueryStringParams: the query is split at "&" and "=" and rawurldecode'd, so "+" stays a plus,
//   the last of repeated names wins, and a pair without "=" or with a second "=" is dropped; names matching
//   /oauth_[a-z_-]+/ anywhere are protocol parameters and are never read from the query;
// - Laminas\OAuth (2.4.4-2.4.6; Zend_Oauth in 2.3) signs those parameters rawurlencode'd and sorted with
//   PHP's strnatcmp (natural order: "[2]" before "[10]"), and cannot encode a nested value: PHP stops with
//   a TypeError and the store answers 500.
import { IncomingHttpHeaders } from 'node:http';
import { Parameter, parseFormEncoded, percentEncode, Signer } from './signature';

export interface ParsedOAuthRequest {
  method: string;
  /** The URL Magento signs: scheme://Host header + request target. */
  url: string;
  /** Which of Magento's signers reads it (the order of `signed`, the URL part of the base string). */
  signer: Signer;
  /** oauth_* protocol parameters, oauth_signature included. */
  protocol: Map<string, string>;
  /** Every parameter that goes into Magento's base string (oauth_signature excluded), in its order. */
  signed: Parameter[];
  hasOAuthHeader: boolean;
  /** oauth_* fields of the body that Magento ignored because the header had its own. */
  ignoredBodyOAuth: string[];
  formBody?: string;
  jsonBody?: string;
  /** Where Magento's reading departs from RFC 5849 for this request (for naming the cause of a refusal). */
  departures: Departure[];
  /** A form field name parse_str turns into an array: Magento's signer fails on it with a server error. */
  nestedFormField?: string;
}

export type DepartureCode = 'query-plus' | 'query-repeated' | 'query-no-equals' | 'query-second-equals' | 'natural-order' | 'form-name-renamed' | 'form-repeated';

export interface Departure {
  code: DepartureCode;
  explanation: string;
}

/** Magento's `_isProtocolParameter`: an unanchored match, so `xoauth_id` counts too. */
const PROTOCOL_NAME = /oauth_[a-z_-]+/;

export function parseOAuthRequest(method: string, target: string, headers: IncomingHttpHeaders, body: string, scheme = 'http', signer: Signer = 'laminas'): ParsedOAuthRequest {
  const url = `${scheme}://${headers.host ?? '127.0.0.1'}${target}`;
  const departures: Departure[] = [];
  const params = new Map<string, string>();
  const authorization = [headers.authorization].flat()[0];
  const hasOAuthHeader = readHeader(authorization, params);
  const fromHeader = new Set(params.keys());
  const contentType = [headers['content-type']].flat()[0] ?? '';
  // strpos(…) === 0 in Magento: case-sensitive, at the start.
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  const bodyOAuth: string[] = [];
  let nestedFormField: string | undefined;
  if (hasOAuthHeader && isForm) {
    const noneFromHeader = params.size === 0;
    const form = parseStr(body, departures);
    nestedFormField = form.nested;
    for (const [name, value] of form.fields) {
      if (!PROTOCOL_NAME.test(name)) params.set(name, value);
      else {
        bodyOAuth.push(name);
        if (noneFromHeader) params.set(name, value);
      }
    }
  }
  if (hasOAuthHeader) readQuery(queryOf(target), params, departures);
  const protocol = new Map([...params].filter(([name]) => fromHeader.has(name) || (fromHeader.size === 0 && bodyOAuth.includes(name))));
  const unsigned = [...params].filter(([name]) => name !== 'oauth_signature');
  const signed = signer === 'native' ? byteOrder(unsigned) : laminasOrder(unsigned, departures);
  return {
    method: method.toUpperCase(),
    url,
    signer,
    protocol,
    signed,
    hasOAuthHeader,
    ignoredBodyOAuth: fromHeader.size > 0 || !hasOAuthHeader ? bodyOAuth : [],
    formBody: isForm ? body : undefined,
    jsonBody: contentType.toLowerCase().includes('json') ? body : undefined,
    departures,
    // The native signer leaves a nested field out of the signature instead of failing on it.
    nestedFormField: signer === 'native' ? undefined : nestedFormField,
  };
}

/** `_processHeader`: true when the header has "oauth " (case-insensitive) somewhere. */
function readHeader(header: string | undefined, params: Map<string, string>): boolean {
  const at = header?.toLowerCase().indexOf('oauth ') ?? -1;
  if (header === undefined || at < 0) return false;
  for (const part of header.slice(at + 6).split(',')) {
    const item = part.trim();
    const equals = item.indexOf('=');
    if (equals < 0) continue;
    const name = item.slice(0, equals);
    if (PROTOCOL_NAME.test(name)) params.set(rawUrlDecode(name), rawUrlDecode(trimQuotes(item.slice(equals + 1))));
  }
  return true;
}

function queryOf(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return '';
  const hash = target.indexOf('#', at);
  return target.slice(at + 1, hash < 0 ? undefined : hash);
}

/** `_extractQueryStringParams`, noting where an RFC reading would differ. */
function readQuery(query: string, params: Map<string, string>, departures: Departure[]): void {
  if (!query) return;
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    const parts = pair.split('=');
    if (parts.length !== 2) {
      if (parts.length === 1 && pair !== '') note(departures, 'query-no-equals', `Magento drops a query parameter without "=" ("${pair}"): give it a value (${pair}=1), or leave it out.`);
      if (parts.length > 2) note(departures, 'query-second-equals', `Magento drops a query parameter with a second "=" ("${pair}"): percent-encode "=" inside values as %3D.`);
      continue;
    }
    if (PROTOCOL_NAME.test(parts[0])) continue;
    const name = rawUrlDecode(parts[0]);
    if (pair.includes('+')) note(departures, 'query-plus', `Magento reads "+" in a query literally ("${pair}"): encode spaces as %20.`);
    if (seen.has(name)) note(departures, 'query-repeated', `Magento keeps only the last value of a repeated query parameter ("${name}"): send each name once.`);
    seen.add(name);
    params.set(name, rawUrlDecode(parts[1]));
  }
}

/**
 * PHP's parse_str on a form body, as far as signing needs it: pairs split at "&" and the first "=",
 * urldecode'd; in the name, leading spaces dropped and "." or " " turned into "_" before any "[";
 * a name with "[" becomes an array (which the signer cannot encode); the last of a repeated name wins.
 */
function parseStr(body: string, departures: Departure[]): { fields: Map<string, string>; nested?: string } {
  const fields = new Map<string, string>();
  let nested: string | undefined;
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const rawName = urlDecode(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : urlDecode(pair.slice(equals + 1));
    let name = rawName.replace(/^ +/, '');
    const bracket = name.indexOf('[');
    if (bracket > 0 && name.indexOf(']', bracket) > 0) {
      nested ??= rawName;
      continue;
    }
    name = name.replace(/[. ]/g, '_');
    if (name === '') continue;
    if (name !== rawName) note(departures, 'form-name-renamed', `Magento's parse_str renames the form field "${rawName}" to "${name}": use letters, digits and "_" in field names.`);
    if (fields.has(name)) note(departures, 'form-repeated', `Magento keeps only the last value of a repeated form field ("${name}"): send each name once.`);
    fields.set(name, value);
  }
  return { fields, nested };
}

/** Laminas' base-string order: names and values rawurlencode'd, names sorted with strnatcmp. */
function laminasOrder(parameters: Parameter[], departures: Departure[]): Parameter[] {
  const natural = [...parameters].sort((a, b) => strnatcmp(percentEncode(a[0]), percentEncode(b[0])));
  const bytes = [...parameters].sort((a, b) => (percentEncode(a[0]) < percentEncode(b[0]) ? -1 : percentEncode(a[0]) > percentEncode(b[0]) ? 1 : 0));
  if (natural.some((p, i) => p[0] !== bytes[i][0])) {
    note(departures, 'natural-order', 'Magento (Laminas OAuth) sorts the signed parameters in natural order, "[2]" before "[10]", not byte by byte as RFC 5849 says; such names can only be signed the way Magento sorts them.');
  }
  return natural;
}

/** The newest signer's order: PHP's ksort, byte by byte on the names. */
function byteOrder(parameters: Parameter[]): Parameter[] {
  return [...parameters].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function note(departures: Departure[], code: DepartureCode, explanation: string): void {
  if (!departures.some((d) => d.code === code)) departures.push({ code, explanation });
}

function trimQuotes(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === '"') start++;
  while (end > start && value[end - 1] === '"') end--;
  return value.slice(start, end);
}

/** PHP's rawurldecode: %XX sequences only ("+" stays), malformed ones kept as they are. */
export function rawUrlDecode(value: string): string {
  if (!value.includes('%')) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(value[i]));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** PHP's urldecode: rawurldecode, and "+" is a space. */
function urlDecode(value: string): string {
  return rawUrlDecode(value.replace(/\+/g, ' '));
}

/** PHP's strnatcmp on the ASCII names OAuth signs: digit runs compare as numbers, the rest byte by byte. */
export function strnatcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a[i];
    const cb = b[j];
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      let ej = j;
      while (ei < a.length && isDigit(a[ei])) ei++;
      while (ej < b.length && isDigit(b[ej])) ej++;
      const na = a.slice(i, ei).replace(/^0+(?=\d)/, '');
      const nb = b.slice(j, ej).replace(/^0+(?=\d)/, '');
      if (na.length !== nb.length) return na.length < nb.length ? -1 : 1;
      if (na !== nb) return na < nb ? -1 : 1;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca < cb ? -1 : 1;
    i++;
    j++;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** The request as RFC 5849 reads it (duplicates kept, "+" a space; sorted later): what a correct client signs. */
export function rfcParameters(request: ParsedOAuthRequest): Parameter[] {
  const afterHost = request.url.replace(/^[a-z]+:\/\/[^/?#]*/i, '');
  const query = parseFormEncoded(queryOf(afterHost));
  const form = request.formBody !== undefined ? parseFormEncoded(request.formBody) : [];
  return [...[...request.protocol].filter(([name]) => name !== 'oauth_signature'), ...form.filter(([name]) => !name.startsWith('oauth_')), ...query.filter(([name]) => !name.startsWith('oauth_'))];
}
