// What a module's files say about its identity and its integrations, read for the cross-file checks.
// One reader per fact: the name from module.xml's /config/module, the component type from
// registration.php, integration fields as the text Magento reads, setup calls as PHP resolves them.
import { ComponentType, NamedValue, readComponentIdentity } from './components';
import { IntegrationKind, modulePathOf } from './fileKinds';
import { maskComments, PhpString, readPhpFile, resolveClassName, stringAt } from './phpSource';
import { attribute, elementText, parseXml } from './xmlTree';

export type { NamedValue } from './components';

/** Reads a module's files: open editors' contents first, then the disk. */
export interface ModuleFileReader {
  read(relativePath: string): string | undefined;
  /** Whether the module holds that file (whatever its size). */
  exists(relativePath: string): boolean;
  /** Relative paths of the module's PHP files (bounded), for finding its setup calls. */
  phpFiles(): string[];
}

export interface SetupCall extends NamedValue {
  /** The file the name's literal is written in (relative to the module root). */
  file: string;
  /** The literal's quote, for writing a corrected value back. */
  quote: "'" | '"';
}

export interface InstallCalls {
  /** Names passed to processIntegrationConfig([...]), resolved to their string values. */
  names: SetupCall[];
  /** Some call passes names this reading cannot resolve (a variable, a method's result): say nothing then. */
  unresolved: boolean;
  /** The module calls processConfigBasedIntegrations(), which creates integrations from data it builds itself. */
  configBased: boolean;
  /**
   * The module reads the legacy integration config itself (Magento\Integration\Model\Config::getIntegrations())
   * and creates integrations through Magento's integration service, when it chooses to: say nothing of it.
   */
  createsItself: boolean;
  /** Names the module's own code creates integrations under, written as literals (`'name' => 'X'`, `setName('X')`). */
  createdNames: string[];
  /** Each processIntegrationConfig call as a whole statement (offsets in its file), for edits that remove it. */
  statements: InstallStatement[];
}

export interface InstallStatement {
  file: string;
  /** From the statement's first character to just after its `;`. */
  start: number;
  end: number;
  /** The names it passes, when every one was resolved. */
  names?: string[];
}

export interface IntegrationEntry {
  name: NamedValue;
  /** Child elements and the text Magento reads from each (CDATA unwrapped, entities decoded, trimmed). */
  fields: Map<string, string>;
  /** The ids its `<resources>` grant, in file order. */
  resources: string[];
  /** The `<integration>` element's offsets (from its `<` to after its end tag). */
  start: number;
  end: number;
}

/** What a file's module is, for the cross-file checks (the workspace model provides it, with caching). */
export interface ModuleContext {
  /** The component's root folder (a file system path). */
  root: string;
  /** The document's path relative to the root, e.g. `Setup/Patch/Data/Install.php`. */
  relativePath: string;
  /** `Vendor_Module` from an app/code/Vendor/Module location, when the module lives there. */
  folderName?: string;
  /** The component's files, relative to its root: open editors' contents first. */
  files: ModuleFileReader;
  /** What the files say, read once until one of them changes. */
  facts(): ModuleFacts;
  /**
   * Third-party modules this one loads after (module.xml's sequence) that the workspace does not hold:
   * what they declare (ACL ids, parts of an integration) cannot be seen here, so it is not judged.
   */
  outsideDependencies: ReadonlySet<string>;
  /** A module's sequence as the workspace holds it (for load order followed through other modules). */
  sequenceOf?(name: string): readonly string[] | undefined;
}

/** One `<integration>` of one file of the workspace, as the workspace-wide checks need it. */
export interface IntegrationConfiguration {
  uri: string;
  kind: IntegrationKind;
  name: string;
  /** The child elements it sets, with the text Magento reads from each. */
  fields: ReadonlyMap<string, string>;
  /** The ids it grants (integration.xml and api.xml). */
  resources: readonly string[];
  /** The lines its `<integration>` element spans (0-based, inclusive): a file's problems are told apart by them. */
  lines?: { start: number; end: number };
}

export interface ModuleFacts {
  componentType?: ComponentType;
  moduleXmlName?: NamedValue;
  registrationName?: NamedValue;
  sequence: string[];
  hasIntegrationSequence: boolean;
  currentIntegrations: NamedValue[];
  legacyConfigIntegrations: NamedValue[];
  legacyApiIntegrations: NamedValue[];
  /** The module's processIntegrationConfig / processConfigBasedIntegrations calls, read on first use. */
  installCalls(): InstallCalls;
}

export function readModuleFacts(files: ModuleFileReader): ModuleFacts {
  const identity = readComponentIdentity(files.read(modulePathOf('module')), files.read(modulePathOf('registration')));
  let calls: InstallCalls | undefined;
  return {
    componentType: identity.type,
    moduleXmlName: identity.moduleXmlName,
    registrationName: identity.registrationName,
    sequence: identity.sequence,
    hasIntegrationSequence: identity.sequence.includes('Magento_Integration'),
    currentIntegrations: integrationNames(files.read(modulePathOf('integration'))),
    legacyConfigIntegrations: integrationNames(files.read(modulePathOf('integration-config'))),
    legacyApiIntegrations: integrationNames(files.read(modulePathOf('integration-api'))),
    installCalls: () => (calls ??= readInstallCalls(files, identity.moduleXmlName?.value ?? identity.registrationName?.value)),
  };
}

/** The `<integration>` elements of an integration file, with their name and the fields they set. */
export function readIntegrations(text: string | undefined): IntegrationEntry[] {
  if (text === undefined) return [];
  const root = parseXml(text).root;
  const entries: IntegrationEntry[] = [];
  for (const element of root?.children ?? []) {
    const name = element.name === 'integration' ? attribute(element, 'name') : undefined;
    if (!name) continue;
    const fields = new Map<string, string>();
    const resources: string[] = [];
    for (const child of element.children) {
      if (!fields.has(child.name)) fields.set(child.name, elementText(text, child).trim());
      if (child.name !== 'resources') continue;
      for (const resource of child.children) {
        const id = resource.name === 'resource' ? attribute(resource, 'name')?.value : undefined;
        if (id) resources.push(id);
      }
    }
    entries.push({ name: { value: name.value, start: name.valueStart, end: name.valueEnd }, fields, resources, start: element.start, end: element.end });
  }
  return entries;
}

export function integrationNames(text: string | undefined): NamedValue[] {
  return readIntegrations(text).map((entry) => entry.name);
}

/** endpoint_url and identity_link_url of each integration in an integration.xml or legacy config.xml, by name. */
export function integrationUrls(text: string | undefined): Map<string, { endpointUrl?: string; identityLinkUrl?: string }> {
  const urls = new Map<string, { endpointUrl?: string; identityLinkUrl?: string }>();
  for (const { name, fields } of readIntegrations(text)) {
    urls.set(name.value, { endpointUrl: fields.get('endpoint_url') || undefined, identityLinkUrl: fields.get('identity_link_url') || undefined });
  }
  return urls;
}

const INSTALL_CALL = /(?:->|::)\s*(processIntegrationConfig|processConfigBasedIntegrations)\s*\(/g;
const CLASS_CONSTANT = /\s*(\\?[\w\\]+)::(\w+)/y;
const THIS_PROPERTY = /\s*\$this->(\w+)/y;

/** Every install call in the module's PHP files, with each name resolved as a reader of the code would. */
export function readInstallCalls(files: ModuleFileReader, moduleName?: string): InstallCalls {
  const result: InstallCalls = { names: [], unresolved: false, configBased: false, createsItself: false, createdNames: [], statements: [] };
  for (const file of files.phpFiles()) {
    const text = files.read(file);
    const created = text ? integrationsCreatedIn(text) : undefined;
    if (created === 'unknown') result.createsItself = true;
    else if (created) result.createdNames.push(...created);
    if (!text || (!text.includes('processIntegrationConfig') && !text.includes('processConfigBasedIntegrations'))) continue;
    const calls = setupCalls(file, text, files, moduleName);
    result.names.push(...calls.names);
    result.statements.push(...calls.statements);
    result.unresolved ||= calls.unresolved;
    result.configBased ||= calls.configBased;
  }
  return result;
}

const INTEGRATION_SERVICE = /\bMagento\\Integration\\(?:Api\\IntegrationServiceInterface|Model\\IntegrationService|Model\\IntegrationFactory)\b/;

/**
 * A file that creates integrations itself, with Magento's integration service or factory: a data patch or
 * an admin controller that builds the integration (reading the legacy config, as Bolt's connector does, or
 * not). Whether the name it creates is the configured one cannot be told statically, so nothing is said.
 */
function integrationsCreatedIn(text: string): string[] | 'unknown' | undefined {
  if (!INTEGRATION_SERVICE.test(text)) return undefined;
  const code = maskComments(text);
  if (!/->\s*create\s*\(/.test(code)) return undefined;
  // A literal name is the integration it makes (Justuno's patch makes "Justuno API Integration", not its configured one).
  const names = [...code.matchAll(/(?:['"]name['"]\s*=>\s*|->\s*setName\s*\(\s*)(['"])([^'"\\\n]{1,200})\1/g)].map((m) => m[2]);
  return names.length > 0 ? names : 'unknown';
}

/** The install calls of one PHP file. */
export function setupCalls(file: string, text: string, files?: ModuleFileReader, moduleName?: string): InstallCalls {
  const code = maskComments(text);
  const php = readPhpFile(text);
  const result: InstallCalls = { names: [], unresolved: false, configBased: false, createsItself: false, createdNames: [], statements: [] };
  for (const call of code.matchAll(INSTALL_CALL)) {
    if (call[1] === 'processConfigBasedIntegrations') {
      result.configBased = true;
      continue;
    }
    let at = call.index! + call[0].length;
    const open = /\s*(\[|array\s*\()/y;
    open.lastIndex = at;
    const bracket = open.exec(code);
    if (!bracket) {
      result.unresolved = true;
      continue;
    }
    at = open.lastIndex;
    const close = bracket[1] === '[' ? ']' : ')';
    const names: SetupCall[] = [];
    let resolved = true;
    for (;;) {
      while (/\s/.test(code[at] ?? '')) at++;
      if (code[at] === close || at >= code.length) break;
      const item = resolveItem(code, at, file, php, files, moduleName);
      if (!item) {
        resolved = false;
        break;
      }
      if (item.value) names.push(item.value);
      at = item.next;
      while (/\s/.test(code[at] ?? '')) at++;
      if (code[at] === ',') at++;
      else if (code[at] !== close) {
        resolved = false;
        break;
      }
    }
    result.names.push(...names);
    result.unresolved ||= !resolved;
    const statement = resolved ? statementAround(code, call.index!, at) : undefined;
    if (statement) result.statements.push({ file, ...statement, names: names.map((n) => n.value) });
  }
  return result;
}

/** The statement `$x->processIntegrationConfig([...]);` whose list closes at `close`: back to the previous `;`, `{` or `}`. */
function statementAround(code: string, callAt: number, close: number): { start: number; end: number } | undefined {
  const after = /\s*\)\s*;/y;
  after.lastIndex = close + 1;
  if (!after.exec(code)) return undefined;
  let start = callAt;
  while (start > 0 && !';{}'.includes(code[start - 1])) start--;
  while (/\s/.test(code[start])) start++;
  return { start, end: after.lastIndex };
}

/** One list item: a string literal, a class constant or a property with a string default. */
function resolveItem(code: string, at: number, file: string, php: ReturnType<typeof readPhpFile>, files: ModuleFileReader | undefined, moduleName: string | undefined):
  { value?: SetupCall; next: number } | undefined {
  const literal = stringAt(code, at);
  if (literal) return { value: { file, ...literal }, next: literal.end + 1 };
  CLASS_CONSTANT.lastIndex = at;
  const constant = CLASS_CONSTANT.exec(code);
  if (constant) {
    const value = resolveConstant(constant[1], constant[2], file, php, files, moduleName);
    return value ? { value, next: CLASS_CONSTANT.lastIndex } : undefined;
  }
  THIS_PROPERTY.lastIndex = at;
  const property = THIS_PROPERTY.exec(code);
  const initial = property && php.propertyDefaults.get(property[1]);
  if (property && initial && !/^\s*(?:->|\[|\()/.test(code.slice(THIS_PROPERTY.lastIndex, THIS_PROPERTY.lastIndex + 3))) {
    return { value: { file, ...initial }, next: THIS_PROPERTY.lastIndex };
  }
  return undefined;
}

/** `self::NAME`, `static::NAME` or `Other::NAME`, when the class is this file's or one of the module's own. */
function resolveConstant(className: string, constant: string, file: string, php: ReturnType<typeof readPhpFile>, files: ModuleFileReader | undefined,
  moduleName: string | undefined): SetupCall | undefined {
  if (className === 'self' || className === 'static') {
    const value = php.constants.get(constant);
    return value && { file, ...value };
  }
  if (!files || !moduleName) return undefined;
  const fqcn = resolveClassName(className, php);
  const namespace = `${moduleName.replace('_', '\\')}\\`;
  if (!fqcn.startsWith(namespace)) return undefined;
  const classFile = `${fqcn.slice(namespace.length).split('\\').join('/')}.php`;
  const text = files.read(classFile);
  if (text === undefined) return undefined;
  const other = readPhpFile(text);
  const value: PhpString | undefined = other.constants.get(constant);
  return value && { file: classFile, ...value };
}
