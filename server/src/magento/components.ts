// What a component's own files say about it: registration.php's component type and name, module.xml's
// name and sequence, app/etc/config.php's switched-off modules, and the order Magento loads modules in.
import { attribute, parseXml, XmlTree } from './xmlTree';

/** `ComponentRegistrar::MODULE` and its siblings; only modules have acl.xml, module.xml and integrations. */
export type ComponentType = 'module' | 'library' | 'theme' | 'language' | 'setup';

export interface NamedValue {
  value: string;
  /** Offsets of the value in its own file. */
  start: number;
  end: number;
}

export interface Registration {
  type: ComponentType;
  name: NamedValue;
}

const REGISTER = /ComponentRegistrar::(MODULE|LIBRARY|THEME|LANGUAGE|SETUP)\s*,\s*(['"])([^'"\n]*)\2/;

/** `ComponentRegistrar::register(ComponentRegistrar::THEME, 'frontend/Vendor/theme', __DIR__)`. */
export function readRegistration(text: string): Registration | undefined {
  const match = REGISTER.exec(text);
  if (!match) return undefined;
  const start = match.index + match[0].length - 1 - match[3].length;
  return { type: match[1].toLowerCase() as ComponentType, name: { value: match[3], start, end: start + match[3].length } };
}

export interface ModuleDeclaration {
  /** `/config/module/@name`: the only place Magento reads a module's name from. */
  name?: NamedValue;
  /** `/config/module/sequence/module/@name`, in order. */
  sequence: string[];
}

/** Reads etc/module.xml as Magento's converter does: the first `<module>` under `<config>` and its own `<sequence>`. */
export function readModuleXml(text: string, tree: XmlTree = parseXml(text)): ModuleDeclaration {
  const root = tree.root;
  const module = root?.name === 'config' ? root.children.find((c) => c.name === 'module') : undefined;
  if (!module) return { sequence: [] };
  const name = attribute(module, 'name');
  const sequence: string[] = [];
  for (const child of module.children) {
    if (child.name !== 'sequence') continue;
    for (const entry of child.children) {
      const entryName = entry.name === 'module' ? attribute(entry, 'name')?.value : undefined;
      if (entryName) sequence.push(entryName);
    }
  }
  return { name: name && { value: name.value, start: name.valueStart, end: name.valueEnd }, sequence };
}

export interface ComponentIdentity {
  /** From registration.php; `module` when only etc/module.xml says so; undefined when neither says. */
  type?: ComponentType;
  moduleXmlName?: NamedValue;
  /** registration.php's name, for a module. */
  registrationName?: NamedValue;
  sequence: string[];
}

/** What registration.php and etc/module.xml say a component is: the one reader of a module's identity. */
export function readComponentIdentity(moduleXml: string | undefined, registration: string | undefined): ComponentIdentity {
  const declaration = moduleXml === undefined ? { sequence: [] } : readModuleXml(moduleXml);
  const registered = registration === undefined ? undefined : readRegistration(registration);
  return {
    // A registration.php that registers nothing readable leaves module.xml to say it is a module.
    type: registered?.type ?? (moduleXml !== undefined ? 'module' : undefined),
    moduleXmlName: declaration.name,
    registrationName: registered?.type === 'module' ? registered.name : undefined,
    sequence: declaration.sequence,
  };
}

/** Module names app/etc/config.php switches off (`'Vendor_Module' => 0`); a module it does not list is on. */
export function readDisabledModules(configPhp: string): Set<string> {
  const disabled = new Set<string>();
  const start = configPhp.search(/['"]modules['"]\s*=>/);
  if (start < 0) return disabled;
  for (const match of configPhp.slice(start).matchAll(/(['"])([A-Za-z0-9]+_[A-Za-z0-9]+)\1\s*=>\s*(\d+)/g)) {
    if (match[3] === '0') disabled.add(match[2]);
  }
  return disabled;
}

/**
 * Magento's module load order (Framework\Module\ModuleList\Loader::sortBySequence, 2.4): by name, Magento's
 * own modules first, then each module moved after everything its sequence needs, transitively. A
 * sequence cycle, which Magento refuses, leaves the modules of the cycle in name order here.
 */
export function moduleLoadOrder(modules: ReadonlyArray<{ name: string; sequence: readonly string[] }>): string[] {
  const sequences = new Map<string, readonly string[]>();
  for (const module of modules) if (!sequences.has(module.name)) sequences.set(module.name, module.sequence);
  const names = [...sequences.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const prearranged = [...names.filter((n) => n.includes('Magento_')), ...names.filter((n) => !n.includes('Magento_'))];
  const expanded = new Map<string, Set<string>>();
  const expand = (name: string, visiting: Set<string>): Set<string> => {
    const cached = expanded.get(name);
    if (cached) return cached;
    const all = new Set<string>();
    if (visiting.has(name)) return all;
    visiting.add(name);
    for (const needed of sequences.get(name) ?? []) {
      all.add(needed);
      for (const transitive of expand(needed, visiting)) all.add(transitive);
    }
    visiting.delete(name);
    expanded.set(name, all);
    return all;
  };
  const list = prearranged.map((name) => ({ name, needs: expand(name, new Set()) }));
  // Magento's own pairwise pass ("bubble sorting"): swap whenever an earlier module needs a later one.
  for (let i = 0; i < list.length - 1; i++) {
    for (let j = i; j < list.length; j++) {
      if (list[i].needs.has(list[j].name)) [list[i], list[j]] = [list[j], list[i]];
    }
  }
  return list.map((m) => m.name);
}

/**
 * Whether a module whose module.xml sequence is `sequence` loads after `target`: directly, or through the
 * modules it loads after, followed transitively (Magento orders setup by the whole graph). `sequenceOf`
 * gives a module's own sequence where it is known; `knownAfter` names modules known to load after `target`
 * without their module.xml at hand (the bundled core's). Each module is visited once.
 */
export function loadsAfter(sequence: readonly string[], target: string, sequenceOf: (name: string) => readonly string[] | undefined, knownAfter: (name: string) => boolean = () => false): boolean {
  const seen = new Set<string>();
  const queue = [...sequence];
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (name === target || knownAfter(name)) return true;
    if (seen.has(name)) continue;
    seen.add(name);
    queue.push(...(sequenceOf(name) ?? []));
  }
  return false;
}

/**
 * A sequence cycle through `name` (A after B, B after A, or a module after itself), as the module names
 * from `name` back to it; undefined when there is none. Magento's module list loader throws "Circular
 * sequence reference" on one. Each module is expanded once.
 */
export function sequenceCycle(name: string, sequence: readonly string[], sequenceOf: (name: string) => readonly string[] | undefined): string[] | undefined {
  const seen = new Set<string>();
  const queue: Array<{ module: string; path: string[] }> = sequence.map((module) => ({ module, path: [name, module] }));
  while (queue.length > 0) {
    const { module, path } = queue.shift()!;
    if (module === name) return path;
    if (seen.has(module)) continue;
    seen.add(module);
    for (const next of sequenceOf(module) ?? []) queue.push({ module: next, path: [...path, next] });
  }
  return undefined;
}
