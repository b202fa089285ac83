// ACL id rules from Magento's XSDs.

/** acl.xsd `typeId`: the form a declared id must have. */
const DECLARED_ID = /^([A-Z]+[a-zA-Z0-9]{1,}){1,}_[A-Z]+[A-Z0-9a-z]{1,}::[A-Za-z_0-9]{1,}$/;
/** integration_base.xsd / api.xsd `resource/@name`: the looser form a reference must have. */
const REFERENCED_ID = /^.+_.+::.+$/;
/** webapi.xml's special, non-ACL values. */
export const WEBAPI_SPECIAL_REFS = new Set(['anonymous', 'self']);

export const ROOT_ID = 'Magento_Backend::admin';
export const ALL_ID = 'Magento_Backend::all';

export function isValidDeclaredId(id: string): boolean {
  return DECLARED_ID.test(id);
}

export function isValidReferencedId(id: string): boolean {
  return REFERENCED_ID.test(id);
}

/** `Vendor_Module::name` → `Vendor_Module`. */
export function moduleOfId(id: string): string | undefined {
  const separator = id.indexOf('::');
  return separator > 0 ? id.slice(0, separator) : undefined;
}

export function isValidTitle(title: string): boolean {
  return title.length >= 3 && title.length <= 50;
}
