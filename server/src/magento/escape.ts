// Escaping for the languages Magento files are written in (generated files, quick fixes). Values are checked first;
// escaping makes sure the checked value reaches Magento unchanged.

/** XML character data and attribute values (double-quoted). */
export function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The inside of a single-quoted PHP string literal. */
export function phpString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
