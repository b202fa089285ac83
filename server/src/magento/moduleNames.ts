// Module names from the places Magento takes them: app/code/Vendor/Module, etc/module.xml, registration.php.

const MODULE_NAME = /^[A-Z]+[A-Za-z0-9]{1,}_[A-Z]+[A-Z0-9a-z]{1,}$/;

export function isValidModuleName(name: string): boolean {
  return MODULE_NAME.test(name);
}

/** The module root of a file inside a module's `etc/` folder: `…/Vendor/Module/etc/acl.xml` → `…/Vendor/Module`. */
export function moduleRootOfEtcFile(path: string): string | undefined {
  const normalized = path.replace(/\\/g, '/');
  const index = normalized.lastIndexOf('/etc/');
  return index > 0 ? normalized.slice(0, index) : undefined;
}

/** `…/app/code/Vendor/Module` → `Vendor_Module`. */
export function moduleNameFromAppCodePath(moduleRoot: string): string | undefined {
  const match = /\/app\/code\/([^/]+)\/([^/]+)$/.exec(moduleRoot.replace(/\\/g, '/'));
  return match ? `${match[1]}_${match[2]}` : undefined;
}

/** `<module name="Vendor_Module"` in an etc/module.xml. A regex is enough: only the first name matters. */
export function moduleNameFromModuleXml(text: string): string | undefined {
  return /<module\b[^>]*\bname\s*=\s*["']([^"']+)["']/.exec(text)?.[1];
}

/** `ComponentRegistrar::register(ComponentRegistrar::MODULE, 'Vendor_Module', __DIR__)`. */
export function moduleNameFromRegistration(text: string): string | undefined {
  return /ComponentRegistrar::MODULE\s*,\s*['"]([^'"]+)['"]/.exec(text)?.[1];
}

/** `Vendor_ModuleName` → `vendor/module-module-name`, Magento's own Composer naming convention. */
export function composerPackageName(moduleName: string | undefined): string | undefined {
  if (!moduleName || !isValidModuleName(moduleName)) return undefined;
  const [vendor, module] = moduleName.split('_');
  const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return `${kebab(vendor)}/module-${kebab(module)}`;
}
