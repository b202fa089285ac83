// Cross-file checks: a module's files must agree on its name, and a legacy integration must be
// configured the way Magento reads it and installed by a setup call with exactly its name. Only
// ComponentRegistrar::MODULE components are modules: libraries, themes and language packs get none.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { loadsAfter, readModuleXml, readRegistration } from '../magento/components';
import { coreModuleLoadsAfterIntegration } from '../magento/coreCatalog';
import { modulePathOf } from '../magento/fileKinds';
import { IntegrationConfiguration, ModuleContext, ModuleFacts, ModuleFileReader, NamedValue, readIntegrations, setupCalls } from '../magento/moduleFacts';
import { legacyPairIsTwin } from './integrationStructure';
import { composerPackageName, isValidModuleName } from '../magento/moduleNames';
import { quotePhp } from '../magento/phpSource';
import { xml } from '../scaffold/escape';
import { DiagnosticCode } from './diagnosticCodes';
import { displayPath } from './displayPath';
import { ParsedDocument } from './parsedDocument';

export type { ModuleContext } from '../magento/moduleFacts';

type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string, data?: unknown) => void;
/** Every configuration of an integration name in the workspace, other than the document's own. */
export type ConfigurationsOf = (name: string) => IntegrationConfiguration[];

/** What the quick fixes need, carried on the diagnostics. */
export interface ReplacementData {
  replacement: string;
}

/** Lowercase vendor/package, as Composer's schema requires. */
const COMPOSER_NAME = /^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/;

export function validateModule(parsed: ParsedDocument, context: ModuleContext, report: Report, configurationsOf?: ConfigurationsOf): void {
  const text = parsed.document.getText();
  const facts = context.facts();
  if (facts.componentType !== 'module') return;
  switch (parsed.kind) {
    case 'module':
      return checkModuleName(readModuleXml(text, parsed.tree).name, modulePathOf('module'), context, facts, report, true);
    case 'registration': {
      const registered = readRegistration(text);
      return checkModuleName(registered?.type === 'module' ? registered.name : undefined, 'registration.php', context, facts, report, false);
    }
    case 'composer':
      return validateComposer(text, facts, context.files, report);
    case 'integration-config':
    case 'integration-api':
      return validateLegacyPair(parsed.kind, facts, report, configurationsOf, text);
    case 'php':
      return validateSetupCall(context.relativePath, text, facts, report);
    default:
      return;
  }
}

function checkModuleName(name: NamedValue | undefined, where: string, context: ModuleContext, facts: ModuleFacts, report: Report, isModuleXml: boolean): void {
  if (!name) return;
  if (!isValidModuleName(name.value) && !isModuleXml) {
    // module.xml's name is checked with the rest of module.xsd (moduleXmlStructure.ts).
    report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.invalidModuleName,
      `"${name.value}" is not a valid module name: Vendor_Module, each part starting with an uppercase letter, letters and digits only.`);
  }
  const others: Array<[string, string | undefined]> = [
    [isModuleXml ? 'registration.php' : 'etc/module.xml', (isModuleXml ? facts.registrationName : facts.moduleXmlName)?.value],
    ['the app/code folder', context.folderName],
  ];
  const disagreeing = others.filter(([, other]) => other !== undefined && other !== name.value);
  if (disagreeing.length > 0) {
    report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.moduleNameMismatch,
      `${where} names the module "${name.value}", but ${disagreeing.map(([place, other]) => `${place} says "${other}"`).join(' and ')}; Magento needs them to agree.`);
  }
  const hasIntegrations = facts.currentIntegrations.length + facts.legacyConfigIntegrations.length + facts.legacyApiIntegrations.length > 0;
  // Magento orders setup by the whole sequence graph: loading after Magento_Webapi (which loads after Magento_Integration) is enough.
  const afterIntegration = facts.hasIntegrationSequence || loadsAfter(facts.sequence, 'Magento_Integration', (module) => context.sequenceOf?.(module), coreModuleLoadsAfterIntegration);
  if (isModuleXml && hasIntegrations && !afterIntegration) {
    report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.missingIntegrationSequence,
      'This module configures an integration but does not load after Magento_Integration: add <sequence><module name="Magento_Integration"/></sequence> inside <module>.');
  }
}

function validateComposer(text: string, facts: ModuleFacts, files: ModuleFileReader, report: Report): void {
  let json: { name?: unknown; type?: unknown; autoload?: { files?: unknown; 'psr-4'?: unknown } };
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Composer refuses a package whose composer.json does not parse ("does not contain valid JSON").
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    const offset = position ? Math.min(Number(position[1]), Math.max(0, text.length - 1)) : 0;
    const reason = error instanceof Error ? error.message.replace(/ in JSON at position \d+.*$/s, '') : 'it does not parse';
    report(offset, Math.min(text.length, offset + 1), DiagnosticSeverity.Error, DiagnosticCode.composerInvalidJson,
      `composer.json is not valid JSON (${reason}): Composer refuses to install or autoload the package.`);
    return;
  }
  if (typeof json !== 'object' || json === null) return;
  const at = (needle: string): [number, number] => {
    const start = text.indexOf(needle);
    return start < 0 ? [0, 1] : [start, start + needle.length];
  };
  if (typeof json.name === 'string' && !COMPOSER_NAME.test(json.name)) {
    const suggestion = composerPackageName(facts.moduleXmlName?.value);
    report(...at(JSON.stringify(json.name)), DiagnosticSeverity.Error, DiagnosticCode.invalidComposerName,
      `"${json.name}" is not a valid Composer package name: it must be lowercase vendor/package${suggestion ? `, e.g. "${suggestion}"` : ''}.`,
      suggestion ? ({ replacement: JSON.stringify(suggestion) } satisfies ReplacementData) : undefined);
  }
  if (json.type !== undefined && json.type !== 'magento2-module') {
    report(...at(JSON.stringify(json.type)), DiagnosticSeverity.Warning, DiagnosticCode.composerType, `A Magento module's composer.json has "type": "magento2-module", not ${JSON.stringify(json.type)}.`);
  }
  const autoloadFiles = json.autoload?.files;
  if (!Array.isArray(autoloadFiles) || !autoloadFiles.includes('registration.php')) {
    report(...at('"autoload"'), DiagnosticSeverity.Error, DiagnosticCode.composerAutoloadMismatch, 'autoload.files must list "registration.php", or Composer installs never register the module.');
  } else {
    // Composer's autoloader requires each listed file on every request: a missing one is a fatal error.
    for (const listed of autoloadFiles) {
      if (typeof listed !== 'string' || listed.includes('..') || files.exists(listed)) continue;
      report(...at(JSON.stringify(listed)), DiagnosticSeverity.Error, DiagnosticCode.composerAutoloadMismatch,
        `autoload.files lists "${listed}", which this package does not contain: Composer's autoloader requires it on every request, and PHP stops with a fatal error.`);
    }
  }
  const moduleName = facts.moduleXmlName?.value ?? facts.registrationName?.value;
  const psr4 = json.autoload?.['psr-4'];
  if (moduleName && isValidModuleName(moduleName)) {
    const namespace = `${moduleName.replace('_', '\\')}\\`;
    if (typeof psr4 !== 'object' || psr4 === null || !(namespace in psr4)) {
      report(...at('"autoload"'), DiagnosticSeverity.Error, DiagnosticCode.composerAutoloadMismatch, `autoload.psr-4 must map the module's namespace ${JSON.stringify(namespace)} to "".`);
    }
  }
}

type LegacyPlace = 'config.xml' | 'api.xml' | 'setup code';

interface CaseSlip {
  /** The place whose spelling differs; the other two agree on `spelling`. */
  odd: LegacyPlace;
  spelling: string;
}

/**
 * One name written in two spellings across config.xml, api.xml and the setup call, where two of the three
 * agree: a single slip, reported once, at the place that differs, with the others' spelling as its fix
 * (instead of a mismatch in every file). Keyed by the lowercased name.
 */
function caseSlips(facts: ModuleFacts): Map<string, CaseSlip> {
  const spellings = new Map<string, Map<LegacyPlace, Set<string>>>();
  const add = (place: LegacyPlace, value: string) => {
    const key = value.toLowerCase();
    if (!spellings.has(key)) spellings.set(key, new Map());
    const byPlace = spellings.get(key)!;
    if (!byPlace.has(place)) byPlace.set(place, new Set());
    byPlace.get(place)!.add(value);
  };
  for (const name of facts.legacyConfigIntegrations) add('config.xml', name.value);
  for (const name of facts.legacyApiIntegrations) add('api.xml', name.value);
  const calls = facts.legacyConfigIntegrations.length > 0 ? facts.installCalls() : undefined;
  if (calls && !calls.unresolved) for (const call of calls.names) add('setup code', call.value);
  const slips = new Map<string, CaseSlip>();
  for (const [key, byPlace] of spellings) {
    if (byPlace.size !== 3 || [...byPlace.values()].some((values) => values.size !== 1)) continue;
    const written = [...byPlace].map(([place, values]) => [place, [...values][0]] as const);
    for (const [place, value] of written) {
      const others = written.filter(([other]) => other !== place).map(([, v]) => v);
      if (others[0] === others[1] && others[0] !== value) slips.set(key, { odd: place, spelling: others[0] });
    }
  }
  return slips;
}

/** Reports the slip at its odd place, with the fix; true when `name` is part of a slip (then nothing else is said of it). */
function reportCaseSlip(place: LegacyPlace, name: { value: string; start: number; end: number }, slips: Map<string, CaseSlip>, report: Report, written: (spelling: string) => string): boolean {
  const slip = slips.get(name.value.toLowerCase());
  if (!slip) return false;
  if (slip.odd === place) {
    const others = (['config.xml', 'api.xml', 'setup code'] as const).filter((p) => p !== place).join(' and ');
    report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
      `${place === 'setup code' ? 'The setup code passes' : `${place} names`} "${name.value}", but ${others} use "${slip.spelling}": Magento looks integration names up case-sensitively, so setup:upgrade fails on the undefined key or the resources are never granted.`,
      { replacement: written(slip.spelling) } satisfies ReplacementData);
  }
  return true;
}

/**
 * What Magento does with the legacy pair (ConfigBasedIntegrationManager and the Integration plugin):
 * processIntegrationConfig(['Name']) creates Name from config.xml (merged over every module), then looks
 * its resources up by name in every api.xml and integration.xml; api.xml alone creates nothing.
 */
function validateLegacyPair(kind: 'integration-config' | 'integration-api', facts: ModuleFacts, report: Report, configurationsOf: ConfigurationsOf | undefined, text: string): void {
  const mine = kind === 'integration-config' ? facts.legacyConfigIntegrations : facts.legacyApiIntegrations;
  // The workspace's registry, and always the module's own files (a module the workspace did not index, too).
  const own = { integration: facts.currentIntegrations, 'integration-config': facts.legacyConfigIntegrations, 'integration-api': facts.legacyApiIntegrations };
  const registered = (name: string, kind: IntegrationConfiguration['kind']) => configurationsOf?.(name).filter((c) => c.kind === kind) ?? [];
  const configured = (name: string, kind: IntegrationConfiguration['kind']) => registered(name, kind).length > 0 || own[kind].some((n) => n.value === name);
  const slips = caseSlips(facts);
  for (const name of mine) {
    report(name.start, name.end, DiagnosticSeverity.Hint, DiagnosticCode.legacyFormat,
      'The legacy config.xml + api.xml pair is deprecated; etc/integration.xml holds everything in one file and needs no setup code.');
    if (reportCaseSlip(kind === 'integration-config' ? 'config.xml' : 'api.xml', name, slips, report, xml)) continue;
    const calls = facts.installCalls();
    if (kind === 'integration-api') {
      const current = registered(name.value, 'integration');
      const ownResources = readIntegrations(text).find((entry) => entry.name.value === name.value)?.resources ?? [];
      // The same integration, the same way, in etc/integration.xml: config.xml says the pair is redundant, once.
      if (current.length > 0 && legacyPairIsTwin([...(configurationsOf?.(name.value) ?? []), { kind, fields: new Map(), resources: ownResources }])) continue;
      if (current.length > 0) {
        report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.duplicateName,
          `${current.map((c) => displayPath(c.uri)).join(', ')} also configures "${name.value}": Magento takes the integration's resources from etc/integration.xml and ignores this list.`);
      } else if (!configured(name.value, 'integration-config') && !configured(name.value, 'integration')) {
        if (calls.names.some((call) => call.value === name.value)) {
          // processIntegrationConfig reads $integrations[$name] from config.xml; Magento's error handler turns the missing key into an exception.
          report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.nameMismatch,
            `Setup code passes "${name.value}" to processIntegrationConfig(), but no etc/integration/config.xml configures it: Magento reads that name's config.xml entry, so setup:upgrade fails and these resources are never granted.`);
        } else if (!calls.unresolved && !calls.configBased && !calls.createsItself && !calls.createdNames.includes(name.value)) {
          report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.nameMismatch,
            `No etc/integration/config.xml configures "${name.value}", and no setup code of this module creates it: these resources are never granted.`);
        }
      }
      continue;
    }
    if (!configured(name.value, 'integration-api') && !configured(name.value, 'integration')) {
      report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.nameMismatch,
        `No etc/integration/api.xml or etc/integration.xml configures "${name.value}": when it is installed, Magento looks its resources up by that name and setup:upgrade fails on the missing entry.`);
    }
    if (calls.unresolved) continue; // a name passed in a way this reading cannot follow: say nothing rather than something false
    // Split across modules: the setup call that installs the merged integration may live in another one.
    const split = registered(name.value, 'integration-config').length > 0;
    const exact = calls.names.some((call) => call.value === name.value);
    const caseOnly = calls.names.find((call) => call.value !== name.value && call.value.toLowerCase() === name.value.toLowerCase());
    if (caseOnly && !exact) {
      report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
        `${caseOnly.file} passes "${caseOnly.value}" to processIntegrationConfig, but the integration is named "${name.value}": the lookup is case-sensitive.`);
    } else if (!exact && !calls.configBased && !calls.createsItself && !calls.createdNames.includes(name.value) && !split) {
      report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.notInstalled,
        `No setup code of this module passes "${name.value}" to processIntegrationConfig, so setup:upgrade never creates the integration (add a data patch, or move to etc/integration.xml).`);
    }
  }
}

function validateSetupCall(file: string, text: string, facts: ModuleFacts, report: Report): void {
  const names = facts.legacyConfigIntegrations.map((n) => n.value);
  if (names.length === 0) return;
  const slips = caseSlips(facts);
  for (const call of setupCalls(file, text).names) {
    if (call.file !== file || names.includes(call.value)) continue;
    if (reportCaseSlip('setup code', call, slips, report, (spelling) => quotePhp(spelling, call.quote))) continue;
    const configured = names.find((n) => n.toLowerCase() === call.value.toLowerCase());
    if (configured) {
      report(call.start, call.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
        `The integration is named "${configured}" in etc/integration/config.xml; processIntegrationConfig looks names up case-sensitively.`,
        { replacement: quotePhp(configured, call.quote) } satisfies ReplacementData);
    }
  }
}
