// Cross-file checks: a module's files must agree on its name, and a legacy integration must be
// configured the way Magento reads it and installed by a setup call with exactly its name. Only
// ComponentRegistrar::MODULE components are modules: libraries, themes and language packs get none.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { loadsAfter, readModuleXml, readRegistration, sequenceCycle } from '../magento/components';
import { coreModuleLoadsAfterIntegration } from '../magento/coreCatalog';
import { modulePathOf } from '../magento/fileKinds';
import { IntegrationConfiguration, ModuleContext, ModuleFacts, ModuleFileReader, NamedValue, readIntegrations, setupCalls } from '../magento/moduleFacts';
import { legacyPairIsTwin } from './integrationStructure';
import { composerPackageName, isValidModuleName } from '../magento/moduleNames';
import { distance } from 'fastest-levenshtein';
import { quotePhp } from '../magento/phpSource';
import { xml } from '../magento/escape';
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
      return validateComposer(text, facts, context.files, report, context.folderName);
    case 'integration-config':
    case 'integration-api':
      return validateLegacyPair(parsed.kind, facts, report, configurationsOf, text);
    case 'php':
      return validateSetupCall(context.relativePath, text, facts, report);
    default:
      return;
  }
}

/** The module name two of module.xml, registration.php and the app/code folder agree on, if two do. */
function majorityModuleName(facts: ModuleFacts, folderName: string | undefined): string | undefined {
  const names = [facts.moduleXmlName?.value, facts.registrationName?.value, folderName];
  return names.find((name, i) => name !== undefined && names.some((other, j) => j !== i && other === name));
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
  // One slip is one error: where this file agrees with one of the other two places, the odd one says it
  // (module.xml, registration.php; a folder that is odd is said once, on module.xml).
  const agreeing = others.filter(([, other]) => other === name.value);
  const oddIsFolder = agreeing.length === 1 && agreeing[0][0] !== 'the app/code folder';
  const speaksHere = agreeing.length === 0 || (oddIsFolder && isModuleXml);
  if (disagreeing.length > 0 && speaksHere) {
    report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.moduleNameMismatch,
      `${where} names the module "${name.value}", but ${disagreeing.map(([place, other]) => `${place} says "${other}"`).join(' and ')}; Magento needs them to agree.`);
  }
  const cycle = isModuleXml ? sequenceCycle(name.value, facts.sequence, (module) => context.sequenceOf?.(module)) : undefined;
  if (cycle) {
    report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.sequenceCycle,
      `The module sequence comes back to "${name.value}": ${cycle.join(' → ')}. Magento's module loader refuses it ("Circular sequence reference from '${cycle.at(-2)}' to '${name.value}'"), so setup:upgrade and every request fail.`);
  }
  const hasIntegrations = facts.currentIntegrations.length + facts.legacyConfigIntegrations.length + facts.legacyApiIntegrations.length > 0;
  // Magento orders setup by the whole sequence graph: loading after Magento_Webapi (which loads after Magento_Integration) is enough.
  const afterIntegration = facts.hasIntegrationSequence || loadsAfter(facts.sequence, 'Magento_Integration', (module) => context.sequenceOf?.(module), coreModuleLoadsAfterIntegration);
  if (isModuleXml && hasIntegrations && !afterIntegration) {
    report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.missingIntegrationSequence,
      'This module configures an integration but does not load after Magento_Integration: add <sequence><module name="Magento_Integration"/></sequence> inside <module>.');
  }
}

function validateComposer(text: string, facts: ModuleFacts, files: ModuleFileReader, report: Report, folderName: string | undefined): void {
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
  const moduleName = majorityModuleName(facts, folderName) ?? facts.moduleXmlName?.value ?? facts.registrationName?.value;
  const psr4 = json.autoload?.['psr-4'];
  if (moduleName && isValidModuleName(moduleName)) {
    const namespace = `${moduleName.replace('_', '\\')}\\`;
    if (typeof psr4 !== 'object' || psr4 === null || !(namespace in psr4)) {
      report(...at('"autoload"'), DiagnosticSeverity.Error, DiagnosticCode.composerAutoloadMismatch, `autoload.psr-4 must map the module's namespace ${JSON.stringify(namespace)} to "".`);
    }
  }
}

type LegacyPlace = 'config.xml' | 'api.xml' | 'setup code';

interface NameSlip {
  /** The place whose spelling differs; the other two agree on `spelling`. */
  odd: LegacyPlace;
  spelling: string;
}

/**
 * One name written two ways across config.xml, api.xml and the setup call, where two of the three agree
 * and the third is a near miss (other case, or a typo of one or two letters): a single slip, reported
 * once, at the place that differs, with the others' spelling as its fix (instead of a mismatch in every
 * file). Keyed by both spellings.
 */
function nameSlips(facts: ModuleFacts): Map<string, NameSlip> {
  const places = new Map<LegacyPlace, Set<string>>([
    ['config.xml', new Set(facts.legacyConfigIntegrations.map((n) => n.value))],
    ['api.xml', new Set(facts.legacyApiIntegrations.map((n) => n.value))],
  ]);
  const calls = facts.legacyConfigIntegrations.length > 0 ? facts.installCalls() : undefined;
  if (!calls || calls.unresolved) return new Map();
  places.set('setup code', new Set(calls.names.map((call) => call.value)));
  const slips = new Map<string, NameSlip>();
  for (const [odd, names] of places) {
    const [first, second] = [...places].filter(([place]) => place !== odd).map(([, values]) => values);
    for (const agreed of first) {
      if (!second.has(agreed) || names.has(agreed)) continue;
      const near = [...names].filter((name) => !first.has(name) && !second.has(name) && isNearMiss(name, agreed));
      if (near.length !== 1) continue;
      slips.set(agreed, { odd, spelling: agreed });
      slips.set(near[0], { odd, spelling: agreed });
    }
  }
  return slips;
}

/** Other case, or at most two letters off (a typo), on names long enough for that to mean anything. */
function isNearMiss(name: string, agreed: string): boolean {
  if (name.toLowerCase() === agreed.toLowerCase()) return true;
  return Math.min(name.length, agreed.length) >= 6 && distance(name.toLowerCase(), agreed.toLowerCase()) <= 2;
}

/** Reports the slip at its odd place, with the fix; true when `name` is part of a slip (then nothing else is said of it). */
function reportNameSlip(place: LegacyPlace, name: { value: string; start: number; end: number }, slips: Map<string, NameSlip>, report: Report, written: (spelling: string) => string): boolean {
  const slip = slips.get(name.value);
  if (!slip) return false;
  if (slip.odd === place && name.value !== slip.spelling) {
    const others = (['config.xml', 'api.xml', 'setup code'] as const).filter((p) => p !== place).join(' and ');
    const caseOnly = name.value.toLowerCase() === slip.spelling.toLowerCase();
    report(name.start, name.end, DiagnosticSeverity.Error, caseOnly ? DiagnosticCode.setupNameCase : DiagnosticCode.nameMismatch,
      `${place === 'setup code' ? 'The setup code passes' : `${place} names`} "${name.value}", but ${others} use "${slip.spelling}": Magento looks integration names up ${caseOnly ? 'case-sensitively' : 'exactly'}, so setup:upgrade fails on the undefined key or the resources are never granted.`,
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
  const slips = nameSlips(facts);
  // api.xml's own entries, read once for the twin check below.
  const entries = kind === 'integration-api' ? readIntegrations(text) : [];
  for (const name of mine) {
    report(name.start, name.end, DiagnosticSeverity.Hint, DiagnosticCode.legacyFormat,
      'The legacy config.xml + api.xml pair is deprecated; etc/integration.xml holds everything in one file and needs no setup code.');
    if (reportNameSlip(kind === 'integration-config' ? 'config.xml' : 'api.xml', name, slips, report, xml)) continue;
    const calls = facts.installCalls();
    if (kind === 'integration-api') {
      const current = registered(name.value, 'integration');
      const ownResources = entries.find((entry) => entry.name.value === name.value)?.resources ?? [];
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
  const slips = nameSlips(facts);
  for (const call of setupCalls(file, text).names) {
    if (call.file !== file || names.includes(call.value)) continue;
    if (reportNameSlip('setup code', call, slips, report, (spelling) => quotePhp(spelling, call.quote))) continue;
    const configured = names.find((n) => n.toLowerCase() === call.value.toLowerCase());
    if (configured) {
      report(call.start, call.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
        `The integration is named "${configured}" in etc/integration/config.xml; processIntegrationConfig looks names up case-sensitively.`,
        { replacement: quotePhp(configured, call.quote) } satisfies ReplacementData);
    }
  }
}
