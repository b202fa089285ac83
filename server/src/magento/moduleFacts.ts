// What a module's files say about its identity and its integrations, read for the cross-file checks.
import { parseXml, attribute, walkElements } from './xmlTree';
import { decodeEntities } from './xmlTags';

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
  /** The literal's quote, for writing a corrected value back. */
  quote: "'" | '"';
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
  for (const call of text.matchAll(/processIntegrationConfig\s*\(\s*(?:\[|array\s*\()/g)) {
    // The list's items: string literals separated by commas, up to the closing ] or ).
    const item = /\s*(?:'((?:[^'\\]|\\[\s\S])*)'|"((?:[^"\\]|\\[\s\S])*)")\s*,?/y;
    item.lastIndex = call.index! + call[0].length;
    for (let match = item.exec(text); match; match = item.exec(text)) {
      const single = match[1] !== undefined;
      const raw = single ? match[1] : match[2];
      const start = match.index + match[0].indexOf(single ? "'" : '"') + 1;
      calls.push({ file, value: unquotePhp(raw, single), quote: single ? "'" : '"', start, end: start + raw.length });
    }
  }
  return calls;
}

/** The value of a PHP string literal's inside: `\\` and the quote are escapes in both kinds; "…" has more. */
function unquotePhp(raw: string, single: boolean): string {
  if (single) return raw.replace(/\\([\\'])/g, '$1');
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', e: '\x1b', '\\': '\\', '"': '"', $: '$' };
  return raw.replace(/\\([ntrvfe\\"$])/g, (_, c: string) => escapes[c]);
}

/** A value written back inside an existing literal with the given quote. */
export function quotePhp(value: string, quote: "'" | '"'): string {
  return quote === "'" ? value.replace(/[\\']/g, '\\$&') : value.replace(/[\\"$]/g, '\\$&');
}

/** endpoint_url and identity_link_url of each integration in an integration.xml or legacy config.xml, by name. */
export function integrationUrls(text: string | undefined): Map<string, { endpointUrl?: string; identityLinkUrl?: string }> {
  const urls = new Map<string, { endpointUrl?: string; identityLinkUrl?: string }>();
  if (text === undefined) return urls;
  for (const element of walkElements(parseXml(text).root)) {
    const name = element.name === 'integration' ? attribute(element, 'name')?.value : undefined;
    if (!name) continue;
    const value = (child: string) => {
      const found = element.children.find((c) => c.name === child);
      return found ? decodeEntities(text.slice(found.startTagEnd, found.endTagStart)).trim() || undefined : undefined;
    };
    urls.set(name, { endpointUrl: value('endpoint_url'), identityLinkUrl: value('identity_link_url') });
  }
  return urls;
}
