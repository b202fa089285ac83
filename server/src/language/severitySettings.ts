// The user's severity per diagnostic code (`magentoIntegrationKit.diagnostics.severity`): a code's
// severity changed, or "off" to drop it. Unknown codes and values are ignored, never fatal.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint' | 'off';

const SEVERITIES: Record<Exclude<SeveritySetting, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Reads the setting's object as the user wrote it (any JSON); keeps the entries that make sense. */
export function readSeveritySettings(value: unknown): Map<string, SeveritySetting> {
  const result = new Map<string, SeveritySetting>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
  for (const [code, setting] of Object.entries(value)) {
    const normalized = typeof setting === 'string' ? setting.trim().toLowerCase() : '';
    const known = normalized === 'info' ? 'information' : normalized;
    if (known === 'off' || known in SEVERITIES) result.set(code, known as SeveritySetting);
  }
  return result;
}

export function applySeveritySettings(diagnostics: Diagnostic[], settings: ReadonlyMap<string, SeveritySetting>): Diagnostic[] {
  if (settings.size === 0) return diagnostics;
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const setting = settings.get(String(diagnostic.code));
    if (setting === 'off') continue;
    result.push(setting ? { ...diagnostic, severity: SEVERITIES[setting] } : diagnostic);
  }
  return result;
}
