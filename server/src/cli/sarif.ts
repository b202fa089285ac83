// `lint --format sarif`: one SARIF 2.1.0 run (OASIS SARIF v2.1.0, §3), as GitHub code scanning and other
// SARIF viewers read it: the tool's rules (every diagnostic code, with its summary and its docs page), and
// one result per diagnostic with its location relative to the checked root (%SRCROOT%).
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticCode } from '../language/diagnosticCodes';
import { DIAGNOSTIC_SUMMARIES, diagnosticDocUrl } from '../language/diagnosticDocs';
import type { LintDiagnostic } from './lint';
import { relativeInside } from '../workspace/insideFolder';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** SARIF's levels (§3.27.10); hints are "note" too: SARIF's "none" would hide them in most viewers. */
const LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
const SRCROOT = 'SRCROOT';

interface Tool {
  name: string;
  version: string;
  informationUri: string;
}

export function formatSarif(diagnostics: readonly LintDiagnostic[], tool: Tool, root = process.cwd()): string {
  const codes = Object.values(DiagnosticCode) as string[];
  const ruleIndex = new Map(codes.map((code, index) => [code, index]));
  const rules = codes.map((code) => ({
    id: code,
    shortDescription: { text: DIAGNOSTIC_SUMMARIES[code] ?? code },
    help: { text: `${DIAGNOSTIC_SUMMARIES[code] ?? code} See ${diagnosticDocUrl(code)}`, markdown: `${DIAGNOSTIC_SUMMARIES[code] ?? code} [What Magento does, an example, the fix](${diagnosticDocUrl(code)}).` },
    helpUri: diagnosticDocUrl(code),
  }));
  const results = diagnostics.map((d) => ({
    ruleId: d.code,
    ...(ruleIndex.has(d.code) ? { ruleIndex: ruleIndex.get(d.code) } : {}),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: artifactLocation(d.file, root), region: { startLine: d.line, startColumn: d.column } } }],
  }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules } },
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A file under the root as a relative URI against %SRCROOT%; elsewhere, its absolute file URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = relativeInside(root, file);
  if (relative === undefined) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
