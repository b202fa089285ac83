// ACL id rules from Magento's XSDs.

/**
 * acl.xsd `typeId`, `([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}`, written so that it
 * matches in linear time: `([A-Z]+[a-zA-Z0-9]{1,}){1,}` is exactly "a capital, then one or more letters or
 * digits", and so is `[A-Z]+[A-Z0-9a-z]{1,}`. (XSD patterns run on automata; a backtracking copy is exponential.)
 */
const DECLARED_ID = /^[A-Z][A-Za-z0-9]+_[A-Z][A-Za-z0-9]+::[A-Za-z_0-9]+$/;
/** webapi.xml's special, non-ACL values. */
export const WEBAPI_SPECIAL_REFS = new Set(['anonymous', 'self']);

export const ROOT_ID = 'Magento_Backend::admin';
export const ALL_ID = 'Magento_Backend::all';

export function isValidDeclaredId(id: string): boolean {
  return DECLARED_ID.test(id);
}

/**
 * integration_base.xsd / api.xsd `resource/@name`, the looser `.+_.+::.+` (XSD's `.` is any character but
 * CR and LF), decided in one pass: the earliest `_` after the first character and the last `::` after it.
 */
export function isValidReferencedId(id: string): boolean {
  if (/[\n\r]/.test(id)) return false;
  const underscore = id.indexOf('_', 1);
  const separator = id.lastIndexOf('::', id.length - 3);
  return underscore > 0 && separator >= underscore + 2 && separator + 2 < id.length;
}

/** `Vendor_Module::name` → `Vendor_Module`. */
export function moduleOfId(id: string): string | undefined {
  const separator = id.indexOf('::');
  return separator > 0 ? id.slice(0, separator) : undefined;
}

export function isValidTitle(title: string): boolean {
  return title.length >= 3 && title.length <= 50;
}
