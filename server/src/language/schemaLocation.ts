// xml/schema-location: the root's xsi:noNamespaceSchemaLocation names another file's schema, or none that
// exists. Magento validates each file against the schema its reader knows and ignores this attribute, but
// editors (PhpStorm, VS Code's XML support) and xmllint read it: they check the file against the wrong
// schema, with false errors and missed ones, and complete the wrong elements.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MagentoFileKind, MODULE_FILES } from '../magento/fileKinds';
import { SCHEMA_LOCATIONS } from '../magento/integrationSchema';
import { attribute } from '../magento/xmlTree';
import { DiagnosticCode } from './diagnosticCodes';
import type { ReplacementData } from './moduleDiagnostics';
import { ParsedDocument } from './parsedDocument';

type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string, data?: unknown) => void;

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** `urn:magento:module:Magento_Integration:etc/integration/config.xsd` → `etc/integration/config.xsd`. */
const schemaPath = (urn: string) => urn.slice(urn.lastIndexOf(':') + 1);

export function validateSchemaLocation(parsed: ParsedDocument, report: Report): void {
  const { kind, tree } = parsed;
  const expected = kind && SCHEMA_LOCATIONS[kind];
  const root = tree?.root;
  if (!expected || !root) return;
  // The prefix bound to the XMLSchema-instance namespace (xsi, by convention).
  const binding = root.attributes.find((a) => a.name.startsWith('xmlns:') && a.value === XSI);
  const location = attribute(root, `${binding ? binding.name.slice('xmlns:'.length) : 'xsi'}:noNamespaceSchemaLocation`);
  if (!location) return;
  const value = location.value.trim();
  // A URN must be this kind's; a path (Magento 2.0's relative ones) must end with this kind's schema file.
  const fine = value.startsWith('urn:') ? value === expected : value.replace(/\\/g, '/').toLowerCase().endsWith(`/${schemaPath(expected).toLowerCase()}`);
  if (fine) return;
  const other = (Object.entries(SCHEMA_LOCATIONS) as Array<[MagentoFileKind, string]>).find(([, urn]) => urn === value || (!value.startsWith('urn:') && value.toLowerCase().endsWith(`/${schemaPath(urn).toLowerCase()}`)));
  const file = fileOf(kind);
  const named = other ? `the schema of ${fileOf(other[0])}` : value.startsWith('urn:') ? 'a schema Magento does not have' : 'another schema';
  report(location.valueStart, location.valueEnd, DiagnosticSeverity.Warning, DiagnosticCode.schemaLocation,
    `"${value}" is ${named}; ${file} is ${expected}. Magento validates ${file} with its own schema and ignores this, but editors and xmllint read it: they check the file against the wrong schema (false errors, missed ones) and complete the wrong elements.`,
    { replacement: expected } satisfies ReplacementData);
}

function fileOf(kind: MagentoFileKind): string {
  return MODULE_FILES.find((f) => f.kind === kind)?.path ?? kind;
}
