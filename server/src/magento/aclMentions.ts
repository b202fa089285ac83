// Which ids of a module its files mention: any `Vendor_Module::name` written in its PHP, layouts, UI
// components or admin XML counts (an ADMIN_RESOURCE constant, a menu item, an aclResource attribute, an
// isAllowed() call). Deliberately broad: the "grants nothing" hint must never fire on a used id.
// Linear: each occurrence of "Vendor_Module::" is read once, forward only.

const NAME_CHARACTER = /[A-Za-z0-9_]/;

/** The ids of `moduleName` mentioned in `text`, added to `into`. */
export function collectMentions(text: string, moduleName: string, into: Set<string>): void {
  const prefix = `${moduleName}::`;
  for (let at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + prefix.length)) {
    // A longer module name that ends with this one ("XAcme_Sync::") is another module.
    if (at > 0 && NAME_CHARACTER.test(text[at - 1])) continue;
    let end = at + prefix.length;
    while (end < text.length && NAME_CHARACTER.test(text[end])) end++;
    if (end > at + prefix.length) into.add(text.slice(at, end));
  }
}
