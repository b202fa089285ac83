// Each diagnostic links to the page that explains its code (docs/diagnostics/<code>.md in the repository):
// what Magento does, an example, the fix.
import { Diagnostic } from 'vscode-languageserver-types';

export const DIAGNOSTIC_DOCS_BASE = 'https://github.com/magento-integration-kit/magento-integration-kit/blob/main/docs/diagnostics';

export function diagnosticDocUrl(code: string): string {
  return `${DIAGNOSTIC_DOCS_BASE}/${code}.md`;
}

export function withDescription(diagnostic: Diagnostic): Diagnostic {
  if (typeof diagnostic.code !== 'string' || diagnostic.codeDescription) return diagnostic;
  return { ...diagnostic, codeDescription: { href: diagnosticDocUrl(diagnostic.code) } };
}
