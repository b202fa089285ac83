// etc/module.xml exactly as module.xsd defines it (checked against xmllint in
// test/unit/xsdAgreement.test.ts): <config> holds one or more <module name setup_version?>, each with at
// most one <sequence> of <module name/> entries; names follow the module-name pattern and are unique.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isValidModuleName } from '../magento/moduleNames';
import { attribute, XmlElement } from '../magento/xmlTree';
import { DiagnosticCode } from './diagnosticCodes';
import { checkAttributes, checkNoText, tagName } from './xmlStructure';
import { ParsedDocument } from './parsedDocument';

type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string) => void;

const SETUP_VERSION = /^[0-9.]+$/;

export function validateModuleXmlStructure(parsed: ParsedDocument, report: Report): void {
  const root = parsed.tree?.root;
  if (parsed.kind !== 'module' || !root || parsed.tree!.problems.length > 0) return;
  const text = parsed.document.getText();
  const error = (element: XmlElement, code: string, message: string) => report(...tagName(element), DiagnosticSeverity.Error, code, message);
  const unknown = (element: XmlElement, message: string) => error(element, DiagnosticCode.moduleUnknownElement, message);

  if (root.name !== 'config') return unknown(root, `The root element of etc/module.xml must be <config>, not <${root.name}>.`);
  checkAttributes(root, [], unknown);
  checkNoText(text, root, unknown);
  const modules = root.children.filter((c) => c.name === 'module');
  for (const child of root.children) if (child.name !== 'module') unknown(child, `<${child.name}> is not allowed in <config>; only <module> is.`);
  if (modules.length === 0) error(root, DiagnosticCode.moduleMissingElement, '<config> needs a <module name="Vendor_Module"/>.');
  const names = new Set<string>();
  for (const module of modules) {
    checkName(module, names, 'module', report, error);
    checkAttributes(module, ['name', 'setup_version'], unknown);
    const version = attribute(module, 'setup_version');
    if (version && !SETUP_VERSION.test(version.value)) {
      report(version.valueStart, version.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.moduleInvalidVersion, `setup_version "${version.value}" may hold only digits and dots.`);
    }
    checkNoText(text, module, unknown);
    let sequences = 0;
    for (const child of module.children) {
      if (child.name !== 'sequence') {
        unknown(child, `<${child.name}> is not allowed in <module>; only <sequence> is.`);
        continue;
      }
      if (++sequences > 1) error(child, DiagnosticCode.moduleDuplicateEntry, '<module> may hold only one <sequence>: module.xsd rejects a second, and Magento\'s reader keeps only the last.');
      checkAttributes(child, [], unknown);
      checkNoText(text, child, unknown);
      const entries = new Set<string>();
      for (const entry of child.children) {
        if (entry.name !== 'module') {
          unknown(entry, `<${entry.name}> is not allowed in <sequence>; only <module name="Vendor_Module"/> is.`);
          continue;
        }
        checkName(entry, entries, 'sequence entry', report, error);
        checkAttributes(entry, ['name'], unknown);
        checkNoText(text, entry, unknown);
        for (const grandchild of entry.children) unknown(grandchild, `<module> in <sequence> takes nothing inside; write <module name="Vendor_Module"/>.`);
      }
    }
  }
}

function checkName(element: XmlElement, seen: Set<string>, what: string, report: Report, error: (e: XmlElement, code: string, message: string) => void): void {
  const name = attribute(element, 'name');
  if (!name) {
    error(element, DiagnosticCode.moduleMissingElement, `<module> needs a name attribute (Vendor_Module).`);
    return;
  }
  if (!isValidModuleName(name.value)) {
    report(name.valueStart, name.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.invalidModuleName,
      `"${name.value}" is not a valid module name: Vendor_Module, each part starting with an uppercase letter, letters and digits only.`);
  }
  if (seen.has(name.value)) {
    report(name.valueStart, name.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.moduleDuplicateEntry, `"${name.value}" appears twice; module.xsd requires each ${what} name once.`);
  }
  seen.add(name.value);
}
