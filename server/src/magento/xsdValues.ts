// XSD simple-type checks exactly as libxml2 (Magento's validator) applies them to integration files.

/** xs:string patterns: XSD's `.` is any character but \n and \r, and the whole value must match. */
const EMAIL = /^[^@]+@[^.]+\.[^\n\r]+$/;

export function isXsdEmail(value: string): boolean {
  return EMAIL.test(value);
}

export { isValidReferencedId as isXsdResourceName } from './aclIds';

/** XSD whitespace "collapse", applied to xs:anyURI before its facets. */
export function collapse(value: string): string {
  return value.replace(/[\t\n\r ]+/g, ' ').trim();
}

// RFC 3986 URI-reference, the grammar libxml2 parses xs:anyURI values with.
const UNRESERVED = "A-Za-z0-9\\-._~";
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9A-Fa-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const SEGMENT = `${PCHAR}*`;
const SEGMENT_NZ = `${PCHAR}+`;
const SEGMENT_NZ_NC = `(?:[${UNRESERVED}${SUB_DELIMS}@]|${PCT})+`;
const QUERY = `(?:${PCHAR}|[/?])*`;
const HOST = `(?:\\[(?:[0-9A-Fa-f:.]+|v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+)\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?${HOST}(?::[0-9]*)?`;
const PATH_ABEMPTY = `(?:/${SEGMENT})*`;
const PATH_ABSOLUTE = `/(?:${SEGMENT_NZ}(?:/${SEGMENT})*)?`;
const PATH_ROOTLESS = `${SEGMENT_NZ}(?:/${SEGMENT})*`;
const PATH_NOSCHEME = `${SEGMENT_NZ_NC}(?:/${SEGMENT})*`;
const TAIL = `(?:\\?${QUERY})?(?:#${QUERY})?`;
const ABSOLUTE = `[A-Za-z][A-Za-z0-9+.\\-]*:(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_ROOTLESS}|)${TAIL}`;
const RELATIVE = `(?://${AUTHORITY}${PATH_ABEMPTY}|${PATH_ABSOLUTE}|${PATH_NOSCHEME}|)${TAIL}`;
const URI_REFERENCE = new RegExp(`^(?:${ABSOLUTE}|${RELATIVE})$`);

/**
 * Whether libxml2 accepts `value` as xs:anyURI: collapsed, with control, non-ASCII and a few unsafe
 * characters replaced by `_` (as libxml2 does), then parsed as an RFC 3986 URI reference.
 */
export function isXsdAnyUri(value: string): boolean {
  const collapsed = collapse(value);
  if (collapsed === '') return true;
  const escaped = [...Buffer.from(collapsed, 'utf8')]
    .map((byte) => (byte < 32 || byte >= 127 || ' <>"{}|\\^`\''.includes(String.fromCharCode(byte)) ? '_' : String.fromCharCode(byte)))
    .join('');
  return URI_REFERENCE.test(escaped);
}

/** The length XSD measures for xs:anyURI facets: characters of the collapsed value. */
export function anyUriLength(value: string): number {
  return [...collapse(value)].length;
}
