// Cross-file checks: a module's files must agree on its name, and a legacy integration must be
// configured in both files and installed by a setup class with exactly its name.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { composerPackageName, isValidModuleName } from '../magento/moduleNames';
import { ModuleFacts, ModuleFileReader, NamedValue, readModuleFacts, registrationName, moduleXmlName, setupCalls, quotePhp } from '../magento/moduleFacts';
import { DiagnosticCode } from './diagnosticCodes';
import { ParsedDocument } from './parsedDocument';

export interface ModuleContext {
  /** The module's root folder (a file system path). */
  root: string;
  /** The module's files, relative to its root. */
  files: ModuleFileReader;
  /** The document's path relative to the module root, e.g. `Setup/Patch/Data/Install.php`. */
  relativePath: string;
  /** `Vendor_Module` from an app/code/Vendor/Module location, when the module lives there. */
  folderName?: string;
}

type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string, data?: unknown) => void;

/** What the quick fixes need, carried on the diagnostics. */
export interface ReplacementData {
  replacement: string;
}

/** Lowercase vendor/package, as Composer's schema requires. */
const COMPOSER_NAME = /^[a-z0-9]([_.-]?[a-z0-9]+)*\/[a-z0-9](([_.]|-{1,2})?[a-z0-9]+)*$/;

export function validateModule(parsed: ParsedDocument, context: ModuleContext, report: Report): void {
  const text = parsed.document.getText();
  switch (parsed.kind) {
    case 'module':
      return checkModuleName(moduleXmlName(text), 'etc/module.xml', context, readModuleFacts(context.files), report, true);
    case 'registration':
      return checkModuleName(registrationName(text), 'registration.php', context, readModuleFacts(context.files), report, false);
    case 'composer':
      return validateComposer(text, readModuleFacts(context.files), report);
    case 'integration-config':
    case 'integration-api':
      return validateLegacyPair(parsed.kind, readModuleFacts(context.files), report);
    case 'php':
      if (context.relativePath.startsWith('Setup/')) validateSetupCall(context.relativePath, text, readModuleFacts(context.files), report);
      return;
    default:
      return;
  }
}

function checkModuleName(name: NamedValue | undefined, where: string, context: ModuleContext, facts: ModuleFacts, report: Report, isModuleXml: boolean): void {
  if (!name) return;
  if (!isValidModuleName(name.value)) {
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
  if (isModuleXml && hasIntegrations && !facts.hasIntegrationSequence) {
    report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.missingIntegrationSequence,
      'This module configures an integration but does not load after Magento_Integration: add <sequence><module name="Magento_Integration"/></sequence>.');
  }
}

function validateComposer(text: string, facts: ModuleFacts, report: Report): void {
  let json: { name?: unknown; type?: unknown; autoload?: { files?: unknown; 'psr-4'?: unknown } };
  try {
    json = JSON.parse(text);
  } catch {
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
  const files = json.autoload?.files;
  if (!Array.isArray(files) || !files.includes('registration.php')) {
    report(...at('"autoload"'), DiagnosticSeverity.Error, DiagnosticCode.composerAutoloadMismatch, 'autoload.files must list "registration.php", or Composer installs never register the module.');
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

function validateLegacyPair(kind: 'integration-config' | 'integration-api', facts: ModuleFacts, report: Report): void {
  const mine = kind === 'integration-config' ? facts.legacyConfigIntegrations : facts.legacyApiIntegrations;
  const theirs = kind === 'integration-config' ? facts.legacyApiIntegrations : facts.legacyConfigIntegrations;
  const otherFile = kind === 'integration-config' ? 'etc/integration/api.xml' : 'etc/integration/config.xml';
  for (const name of mine) {
    report(name.start, name.end, DiagnosticSeverity.Hint, DiagnosticCode.legacyFormat,
      'The legacy config.xml + api.xml pair is deprecated; etc/integration.xml holds everything in one file and needs no setup code.');
    if (!theirs.some((other) => other.value === name.value)) {
      report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.nameMismatch,
        `${otherFile} has no integration named "${name.value}"${theirs.length > 0 ? ` (it has ${theirs.map((t) => `"${t.value}"`).join(', ')})` : ''}; both files must name the same integration.`);
    }
    if (kind !== 'integration-config') continue;
    const exact = facts.setupCalls.some((call) => call.value === name.value);
    const caseOnly = facts.setupCalls.find((call) => call.value !== name.value && call.value.toLowerCase() === name.value.toLowerCase());
    if (caseOnly && !exact) {
      report(name.start, name.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
        `${caseOnly.file} passes "${caseOnly.value}" to processIntegrationConfig, but the integration is named "${name.value}": the lookup is case-sensitive.`);
    } else if (!exact) {
      report(name.start, name.end, DiagnosticSeverity.Warning, DiagnosticCode.notInstalled,
        `No setup class of this module passes "${name.value}" to processIntegrationConfig, so setup:upgrade never creates the integration (add a data patch, or move to etc/integration.xml).`);
    }
  }
}

function validateSetupCall(file: string, text: string, facts: ModuleFacts, report: Report): void {
  const names = facts.legacyConfigIntegrations.map((n) => n.value);
  for (const call of setupCalls(file, text)) {
    if (names.includes(call.value)) continue;
    const configured = names.find((n) => n.toLowerCase() === call.value.toLowerCase());
    if (configured) {
      report(call.start, call.end, DiagnosticSeverity.Error, DiagnosticCode.setupNameCase,
        `The integration is named "${configured}" in etc/integration/config.xml; processIntegrationConfig looks names up case-sensitively.`,
        { replacement: quotePhp(configured, call.quote) } satisfies ReplacementData);
    }
  }
}
