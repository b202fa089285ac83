// What a module's files say about its identity and its integrations, read for the cross-file checks.
import { parseXml, attribute, walkElements } from './xmlTree';

/** Reads a module's files: open editors' contents first, then the disk. */
export interface ModuleFileReader {
  read(relativePath: string): string | undefined;
  /** Relative paths of the PHP files under Setup/. */
  setupFiles(): string[];
}

export interface NamedValue {
  value: string;
  /** Offsets of the value in its own file. */
  start: number;
  end: number;
}

export interface SetupCall extends NamedValue {
  file: string;
}

export interface ModuleFacts {
  moduleXmlName?: NamedValue;
  registrationName?: NamedValue;
  hasIntegrationSequence: boolean;
  currentIntegrations: NamedValue[];
  legacyConfigIntegrations: NamedValue[];
  legacyApiIntegrations: NamedValue[];
  /** Names passed to processIntegrationConfig([...]) in the module's setup classes. */
  setupCalls: SetupCall[];
}

export function readModuleFacts(files: ModuleFileReader): ModuleFacts {
  const moduleXml = files.read('etc/module.xml');
  const registration = files.read('registration.php');
  return {
    moduleXmlName: moduleXml === undefined ? undefined : moduleXmlName(moduleXml),
    registrationName: registration === undefined ? undefined : registrationName(registration),
    hasIntegrationSequence: moduleXml !== undefined && hasIntegrationSequence(moduleXml),
    currentIntegrations: integrationNames(files.read('etc/integration.xml')),
    legacyConfigIntegrations: integrationNames(files.read('etc/integration/config.xml')),
    legacyApiIntegrations: integrationNames(files.read('etc/integration/api.xml')),
    setupCalls: files.setupFiles().flatMap((file) => setupCalls(file, files.read(file) ?? '')),
  };
}

export function moduleXmlName(text: string): NamedValue | undefined {
  for (const element of walkElements(parseXml(text).root)) {
    if (element.name !== 'module' || element.parent?.name !== 'config') continue;
    const name = attribute(element, 'name');
    return name ? { value: name.value, start: name.valueStart, end: name.valueEnd } : undefined;
  }
  return undefined;
}

export function registrationName(text: string): NamedValue | undefined {
  const match = /ComponentRegistrar::MODULE\s*,\s*(['"])([^'"]*)\1/.exec(text);
  if (!match) return undefined;
  const start = match.index + match[0].length - 1 - match[2].length;
  return { value: match[2], start, end: start + match[2].length };
}

function hasIntegrationSequence(text: string): boolean {
  for (const element of walkElements(parseXml(text).root)) {
    if (element.name === 'module' && element.parent?.name === 'sequence' && attribute(element, 'name')?.value === 'Magento_Integration') return true;
  }
  return false;
}

export function integrationNames(text: string | undefined): NamedValue[] {
  if (text === undefined) return [];
  const names: NamedValue[] = [];
  for (const element of walkElements(parseXml(text).root)) {
    if (element.name !== 'integration' || !element.parent || element.parent.parent) continue;
    const name = attribute(element, 'name');
    if (name) names.push({ value: name.value, start: name.valueStart, end: name.valueEnd });
  }
  return names;
}

/** String literals inside `processIntegrationConfig([ … ])`. */
export function setupCalls(file: string, text: string): SetupCall[] {
  const calls: SetupCall[] = [];
  for (const call of text.matchAll(/processIntegrationConfig\s*\(\s*(?:\[|array\s*\()([^\])]*)/g)) {
    const listStart = call.index! + call[0].length - call[1].length;
    for (const literal of call[1].matchAll(/(['"])([^'"]*)\1/g)) {
      const start = listStart + literal.index! + 1;
      calls.push({ file, value: literal[2], start, end: start + literal[2].length });
    }
  }
  return calls;
}
