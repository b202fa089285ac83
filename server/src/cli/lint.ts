// `magento-integration-kit lint [PATH…] [--format text|json|github|sarif]`: the language server's diagnostics over
// module trees, with the same service and the same workspace model as the editor. What the user names
// is checked wherever it lives (a module under dev/tests too); a path with nothing to check is an error.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { fileKindOf, INTEGRATION_KINDS, isIntegrationKind, MODULE_FILES, modulePathOf } from '../magento/fileKinds';
import { changeMessage, integrationChanges } from '../magento/integrationChange';
import type { IntegrationConfiguration } from '../magento/moduleFacts';
import { GitRevision } from '../workspace/gitBase';
import { read as readIntegrationFile } from '../workspace/integrationRegistry';
import { findComponents, findModuleXmlRoots } from '../workspace/componentScanner';
import { nodeFileSystem, readOnceFileSystem, WorkspaceFileSystem } from '../workspace/fileSystem';
import { findMagentoRoot } from '../workspace/magentoRoot';
import { pathOfUri, uriOfPath } from '../workspace/uris';
import { BATCH_LIMITS } from '../language/parsedDocument';
import { DiagnosticCode } from '../language/diagnosticCodes';
import { loadProject, workspaceLanguageService } from './project';
import { UsageError } from './args';
import { isInsideFolder } from '../workspace/insideFolder';

export interface LintDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
}

const SEVERITIES: Record<DiagnosticSeverity, LintDiagnostic['severity']> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
/** No Magento file the lint checks comes near this; a larger one is reported, not read. */
const MAX_LINTED_BYTES = BATCH_LIMITS.xml;

export async function lint(paths: string[], disk: WorkspaceFileSystem = nodeFileSystem, options: { base?: string } = {}): Promise<LintDiagnostic[]> {
  // One run, one look at each file: the index, the checks and the module facts share the reads.
  const fs = readOnceFileSystem(disk);
  const targets = (paths.length > 0 ? paths : ['.']).map((p) => path.resolve(p));
  for (const target of targets) {
    if (!fs.isFile(target) && !fs.isDirectory(target)) throw new UsageError(`cannot read ${target}`);
  }
  // Index each target's whole Magento project (or the target itself when it is not inside one).
  const roots = [...new Set(targets.map((t) => findMagentoRoot(fs, fs.isDirectory(t) ? t : path.dirname(t)) ?? (fs.isDirectory(t) ? t : path.dirname(t))))];
  const workspace = await loadProject(roots, fs);
  const service = workspaceLanguageService(workspace, { documentLimits: BATCH_LIMITS });

  const files = new Set<string>();
  for (const target of targets) {
    if (fs.isFile(target)) {
      if (!fileKindOf(target)) throw new UsageError(`${target} is not a Magento file this linter checks`);
      files.add(target);
      continue;
    }
    // The workspace's components inside the target, those a scan of the target itself finds (whatever
    // folder it lives in), and the component the target is inside of.
    const componentRoots = new Set(workspace.allComponents.filter((c) => isWithin(c.root, target)).map((c) => c.root));
    for (const found of await findComponents(fs, target)) componentRoots.add(found.root);
    for (const found of findModuleXmlRoots(fs, target)) componentRoots.add(found);
    const enclosing = workspace.componentOf(path.join(target, 'x'));
    if (enclosing && isWithin(target, enclosing.root)) componentRoots.add(enclosing.root);
    const before = files.size;
    for (const root of componentRoots) {
      if (workspace.componentAt(root)) for (const file of await workspace.filesToCheck(root)) files.add(file);
      else for (const { path: relative } of MODULE_FILES) if (fs.isFile(path.join(root, relative))) files.add(path.join(root, relative));
    }
    if (![...files].slice(before).some((file) => isWithin(file, target))) throw new UsageError(`${target} holds no Magento component to check`);
  }

  const diagnostics: LintDiagnostic[] = [];
  for (const file of [...files].sort()) {
    if (!fileKindOf(file) || !targets.some((t) => isWithin(file, t))) continue;
    const text = fs.readFile(file, MAX_LINTED_BYTES);
    if (text === undefined) {
      const size = fs.fileSize(file);
      if (size !== undefined && size > MAX_LINTED_BYTES) {
        diagnostics.push({ file, line: 1, column: 1, severity: 'information', code: DiagnosticCode.fileTooLarge,
          message: `This file has ${size.toLocaleString('en')} bytes, more than the ${MAX_LINTED_BYTES.toLocaleString('en')} the lint reads: it was not checked.` });
      }
      continue;
    }
    const document = TextDocument.create(uriOfPath(file), 'xml', 0, text);
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
    // Checked last: its text need not stay in memory for the rest of the run.
    fs.release(file);
  }
  if (options.base !== undefined) diagnostics.push(...changesSinceBase([...files].filter((file) => targets.some((t) => isWithin(file, t))), workspace, fs, options.base));
  return diagnostics;
}

/**
 * `--base REF`: each integration whose configuration changed since REF in a way the stores feel (a reset on the
 * next setup:upgrade, or a legacy change setup:upgrade never applies), said on its `<integration>` line.
 */
function changesSinceBase(files: string[], workspace: Awaited<ReturnType<typeof loadProject>>, fs: WorkspaceFileSystem, ref: string): LintDiagnostic[] {
  let revision: GitRevision;
  try {
    revision = new GitRevision(ref);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const moduleRoots = new Set<string>();
  for (const file of files) {
    const kind = fileKindOf(file);
    const component = kind && isIntegrationKind(kind) ? workspace.componentOf(file) : undefined;
    if (component) moduleRoots.add(component.root);
  }
  const found: LintDiagnostic[] = [];
  for (const root of [...moduleRoots].sort()) {
    const now: IntegrationConfiguration[] = [];
    const then: IntegrationConfiguration[] = [];
    for (const kind of INTEGRATION_KINDS) {
      const file = path.join(root, modulePathOf(kind));
      const current = fs.readFile(file, MAX_LINTED_BYTES);
      if (current !== undefined) now.push(...readIntegrationFile(uriOfPath(file), kind, current));
      let old: string | undefined;
      try {
        old = revision.read(file);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
      if (old !== undefined) then.push(...readIntegrationFile(uriOfPath(file), kind, old));
    }
    for (const change of integrationChanges(then, now, workspace.acl.snapshot())) {
      found.push({
        file: pathOfUri(change.at.uri) ?? change.at.uri, line: (change.at.lines?.start ?? 0) + 1, column: 1, severity: 'warning',
        code: change.format === 'integration.xml' ? DiagnosticCode.resetOnUpgrade : DiagnosticCode.changeNotApplied,
        message: changeMessage(change, ref),
      });
    }
  }
  return found;
}

function isWithin(file: string, folder: string): boolean {
  return isInsideFolder(folder, file);
}

/**
 * GitHub Actions workflow commands: one annotation per diagnostic, paths relative to the job's folder,
 * with the escapes GitHub defines (%, CR, LF in the message; also : and , in the properties).
 */
export function formatGithub(diagnostics: LintDiagnostic[], cwd = process.cwd()): string {
  const data = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (value: string) => data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const level = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;
  return diagnostics.map((d) => {
    const file = path.relative(cwd, d.file).split(path.sep).join('/');
    return `::${level[d.severity]} file=${property(file)},line=${d.line},col=${d.column},title=${property(d.code)}::${data(d.message)}\n`;
  }).join('');
}

export function formatText(diagnostics: LintDiagnostic[]): string {
  return diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`).join('');
}
