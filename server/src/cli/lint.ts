// `magento-integration-kit lint [PATH…] [--format text|json]`: the language server's diagnostics over
// module trees, with the same service and the same index as the editor.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { fileKindOf } from '../magento/fileKinds';
import { findMagentoRoot } from '../magento/magentoRoot';
import { locateModule } from '../magento/moduleLocator';
import { findReferenceFiles } from '../magento/workspaceScanner';
import { createLanguageService } from '../language/languageService';
import { loadProject } from './project';
import { UsageError } from './args';

export interface LintDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

const SEVERITIES: Record<DiagnosticSeverity, LintDiagnostic['severity']> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const MODULE_FILES = [['etc', 'acl.xml'], ['etc', 'integration', 'config.xml'], ['etc', 'module.xml'], ['registration.php'], ['composer.json']];

export async function lint(paths: string[]): Promise<LintDiagnostic[]> {
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  for (const target of targets) {
    try {
      statSync(target);
    } catch {
      throw new UsageError(`cannot read ${target}`);
    }
  }
  // Index each target's whole Magento project (or the target itself when it is not inside one).
  const roots = [...new Set(targets.map((t) => findMagentoRoot(statSync(t).isDirectory() ? t : path.dirname(t)) ?? t))];
  const { index, indexer, names: modules, integrations } = await loadProject(roots.filter((r) => statSync(r).isDirectory()));
  const service = createLanguageService({
    index,
    isIndexComplete: () => true,
    moduleNameOf: (uri) => modules.nameOf(URI.parse(uri).fsPath),
    moduleContextOf: (uri) => locateModule(URI.parse(uri).fsPath),
    integrationsNamed: (name, exceptUri) => integrations.othersNamed(name, exceptUri),
  });

  const files = new Set<string>();
  for (const target of targets) {
    if (!statSync(target).isDirectory()) {
      files.add(target);
      continue;
    }
    const inside = indexer.knownModules.filter((m) => isWithin(m.root, target) || isWithin(target, m.root));
    for (const module of inside) {
      for (const parts of MODULE_FILES) files.add(path.join(module.root, ...parts));
    }
    for (const file of await findReferenceFiles(inside)) files.add(file);
  }

  const diagnostics: LintDiagnostic[] = [];
  for (const file of [...files].sort()) {
    if (!fileKindOf(file) || !targets.some((t) => isWithin(file, t))) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const document = TextDocument.create(URI.file(file).toString(), 'xml', 0, text);
    for (const diagnostic of service.doValidation(document)) {
      diagnostics.push({
        file,
        line: diagnostic.range.start.line + 1,
        column: diagnostic.range.start.character + 1,
        severity: SEVERITIES[diagnostic.severity ?? DiagnosticSeverity.Error],
        code: String(diagnostic.code),
        message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
      });
    }
    service.forget(document.uri);
  }
  return diagnostics;
}

function isWithin(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function formatText(diagnostics: LintDiagnostic[]): string {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`).join('');
}
