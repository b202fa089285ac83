// Where Magento finds its components, without walking the tree (Magento\Framework\Component\ComponentRegistrar):
// the registration.php files that app/etc/registration_globlist.php's globs match (the project's own code), and
// those Composer's autoloader includes (the `files` of each installed package's autoload, read from
// vendor/composer/installed.json). A folder neither names is not a component to Magento.
import { readPhpReturnedArray } from './phpArrayLiteral';

/** Magento 2.4's app/etc/registration_globlist.php, for a root whose copy is missing or unreadable. */
export const DEFAULT_REGISTRATION_GLOBS: readonly string[] = [
  'app/code/*/*/cli_commands.php',
  'app/code/*/*/registration.php',
  'app/design/*/*/*/registration.php',
  'app/i18n/*/*/registration.php',
  'lib/internal/*/*/registration.php',
  'lib/internal/*/*/*/registration.php',
  'setup/src/*/*/registration.php',
];

/** The registration.php globs of a registration_globlist.php (its cli_commands.php ones register nothing). */
export function registrationGlobs(globlistPhp: string | undefined): readonly string[] {
  let globs: string[] = [];
  if (globlistPhp !== undefined) {
    try {
      const array = readPhpReturnedArray(globlistPhp);
      globs = [...array.values()].filter((v): v is string => typeof v === 'string');
    } catch {
      globs = [];
    }
  }
  if (globs.length === 0) globs = [...DEFAULT_REGISTRATION_GLOBS];
  // Only "*" and literal segments: Magento's list has nothing else, and a bounded match needs nothing else.
  return globs.filter((g) => g.endsWith('/registration.php') && !g.includes('..') && !/[?[\]{}]/.test(g) && !g.startsWith('/'));
}

export interface ComposerRegistration {
  /** The package's name, e.g. magento/module-catalog. */
  name: string;
  /** Its registration.php, relative to vendor/composer/ (Composer 2's install-path), or to vendor/ (Composer 1). */
  file: string;
  relativeTo: 'vendor/composer' | 'vendor';
}

/**
 * The registration.php files Composer's autoloader includes, from installed.json (Composer 2: `{packages: […]}`,
 * with each package's install-path; Composer 1: a list, installed at vendor/<name>). Undefined when the text is
 * not installed.json.
 */
export function composerRegistrations(installedJson: string): ComposerRegistration[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(installedJson);
  } catch {
    return undefined;
  }
  const packages = Array.isArray(parsed) ? parsed : (parsed as { packages?: unknown })?.packages;
  if (!Array.isArray(packages)) return undefined;
  const found: ComposerRegistration[] = [];
  for (const entry of packages as Array<{ name?: unknown; 'install-path'?: unknown; autoload?: { files?: unknown } }>) {
    if (typeof entry?.name !== 'string' || !Array.isArray(entry.autoload?.files)) continue;
    for (const file of entry.autoload.files) {
      if (typeof file !== 'string' || !/(^|\/)registration\.php$/.test(file)) continue;
      const installPath = typeof entry['install-path'] === 'string' ? entry['install-path'] : undefined;
      found.push(installPath !== undefined
        ? { name: entry.name, file: `${installPath.replace(/\/+$/, '')}/${file.replace(/^\.?\//, '')}`, relativeTo: 'vendor/composer' }
        : { name: entry.name, file: `${entry.name}/${file.replace(/^\.?\//, '')}`, relativeTo: 'vendor' });
    }
  }
  return found;
}
