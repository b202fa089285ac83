// Module names from the places Magento takes them: app/code/Vendor/Module, etc/module.xml, registration.php.

/** module.xsd's `[A-Z]+[A-Za-z0-9]{1,}_[A-Z]+[A-Z0-9a-z]{1,}`, in the equivalent form that matches in linear time. */
const MODULE_NAME = /^[A-Z][A-Za-z0-9]+_[A-Z][A-Za-z0-9]+$/;

export function isValidModuleName(name: string): boolean {
  return MODULE_NAME.test(name);
}

/** `…/app/code/Vendor/Module` → `Vendor_Module`. */
export function moduleNameFromAppCodePath(moduleRoot: string): string | undefined {
  const match = /\/app\/code\/([^/]+)\/([^/]+)$/.exec(moduleRoot.replace(/\\/g, '/'));
  return match ? `${match[1]}_${match[2]}` : undefined;
}

/** `Vendor_ModuleName` → `vendor/module-module-name`, Magento's own Composer naming convention. */
export function composerPackageName(moduleName: string | undefined): string | undefined {
  if (!moduleName || !isValidModuleName(moduleName)) return undefined;
  const [vendor, module] = moduleName.split('_');
  const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${kebab(vendor)}/module-${kebab(module)}`;
}
