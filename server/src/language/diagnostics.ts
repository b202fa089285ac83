// Diagnostics for ACL ids: malformed XML, invalid and unknown ids, missing parents, duplicates, titles.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { AclReference } from '../magento/aclReferences';
import { AclSnapshot } from '../magento/aclIndex';
import { ALL_ID, isValidDeclaredId, isValidReferencedId, isValidTitle, ROOT_ID } from '../magento/aclIds';
import { magentoEditionOf } from '../magento/coreCatalog';
import { attribute } from '../magento/xmlTree';
import { DIAGNOSTIC_SOURCE, DiagnosticCode } from './diagnosticCodes';
import { nearestIds } from './didYouMean';
import { validateSchemaLocation } from './schemaLocation';
import { ParsedDocument } from './parsedDocument';
import { OtherConfigurations, validateIntegrationStructure } from './integrationStructure';
import { ModuleContext, validateModule } from './moduleDiagnostics';
import { validateModuleXmlStructure } from './moduleXmlStructure';
import type { EncodingProblem } from '../magento/xmlEncoding';

export interface ValidationOptions {
  /** False while the workspace is still being indexed: unknown ids may only be not yet read. */
  indexComplete: boolean;
  /** The module the document belongs to, for the cross-file checks. */
  module?: ModuleContext;
  /** Other files of the workspace that configure an integration of the same name. */
  othersNamed?: OtherConfigurations;
  /** B2B's company ACL (etc/company_acl.xml files), when the workspace has one. */
  companySnapshot?: AclSnapshot;
  /** Whether the workspace holds a module of that name. */
  hasModule?(name: string): boolean;
  /** Whether granting an id gives an integration anything: a REST route names it, or its module's files use it. */
  resourceUse?(id: string): 'used' | 'unused' | 'unknown';
  /** The file's first invalid UTF-8 byte on disk, if it has one. */
  encodingProblem?(): EncodingProblem | undefined;
}

export interface MissingParentData {
  missing: string[];
}

export interface UnknownResourceData {
  suggestions: string[];
  /** Near ids the integration already lists: the fix is to remove this one, not to change it. */
  alreadyGranted?: string[];
  /** In a legacy api.xml: each suggestion's ancestors the integration lacks, inserted with it. */
  missingParents?: Record<string, string[]>;
}

/** The ancestors of each id that a legacy api.xml must list and `granted` lacks, top-down. */
function missingParentsOf(ids: string[], tree: AclSnapshot, granted: ReadonlySet<string>): Record<string, string[]> {
  return Object.fromEntries(ids.map((id) => [id, tree.ancestors(id).map((a) => a.id).filter((a) => a !== ROOT_ID && a !== ALL_ID && !granted.has(a))]));
}

/** More than this many problems in one file are summed up in one line: the rest would only flood the editor. */
export const MAX_DIAGNOSTICS_PER_DOCUMENT = 500;

export function doValidation(parsed: ParsedDocument, snapshot: AclSnapshot, options: ValidationOptions): Diagnostic[] {
  if (parsed.tooLarge) {
    const { length, limit } = parsed.tooLarge;
    return [{
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: DiagnosticSeverity.Information,
      code: DiagnosticCode.fileTooLarge,
      source: DIAGNOSTIC_SOURCE,
      message: `This file has ${length.toLocaleString('en')} characters, more than the ${limit.toLocaleString('en')} this checks as you type: ` +
        'diagnostics, completion, hover and the outline are off for it. `magento-integration-kit lint` checks it in full.',
    }];
  }
  const diagnostics = validate(parsed, snapshot, options);
  if (diagnostics.length <= MAX_DIAGNOSTICS_PER_DOCUMENT) return diagnostics;
  const shown = diagnostics.slice(0, MAX_DIAGNOSTICS_PER_DOCUMENT);
  const last = shown[shown.length - 1].range;
  shown.push({
    range: last,
    severity: DiagnosticSeverity.Information,
    code: DiagnosticCode.moreProblems,
    source: DIAGNOSTIC_SOURCE,
    message: `${(diagnostics.length - MAX_DIAGNOSTICS_PER_DOCUMENT).toLocaleString('en')} more problems in this file are not shown.`,
  });
  return shown;
}

function validate(parsed: ParsedDocument, snapshot: AclSnapshot, options: ValidationOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { document, kind, tree } = parsed;
  const make = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string, data?: unknown): void => {
    diagnostics.push({ range: { start: document.positionAt(start), end: document.positionAt(end) }, severity, code, source: DIAGNOSTIC_SOURCE, message, data });
  };

  const problem = tree?.problems[0];
  // An invalid byte decodes to U+FFFD: only then is the disk asked (libxml stops at it; Magento refuses the file).
  const encoding = document.getText().includes('\uFFFD') ? options.encodingProblem?.() : undefined;
  if (encoding) {
    const at = Math.min(encoding.offset, Math.max(0, document.getText().length - 1));
    make(at, at + 1, DiagnosticSeverity.Error, DiagnosticCode.malformedXml,
      `Malformed XML: ${encoding.message}. Magento refuses the file ("The XML in file … is invalid"; setup:upgrade exits 1): save it as UTF-8, or declare the encoding it is written in.`);
  }
  if (problem) {
    const text = document.getText();
    const end = Math.min(text.length, problem.offset + 1);
    make(Math.max(0, Math.min(problem.offset, end - 1)), end, DiagnosticSeverity.Error, DiagnosticCode.malformedXml, `Malformed XML: ${problem.message}`);
  }
  if (!kind) return diagnostics;
  validateSchemaLocation(parsed, make);
  validateIntegrationStructure(parsed, make, options.othersNamed, options.module?.outsideDependencies);
  validateModuleXmlStructure(parsed, make);
  if (options.module && !problem) validateModule(parsed, options.module, make, options.othersNamed);

  if (kind === 'acl' || kind === 'company-acl') {
    validateDeclarations(parsed, kind === 'acl' ? snapshot : options.companySnapshot, options, make);
    return diagnostics;
  }

  // What each integration already lists: a suggestion must not propose one of them (it would make a duplicate).
  const listed = new Map<unknown, Set<string>>();
  for (const reference of parsed.references) {
    if (!reference.integration) continue;
    let ids = listed.get(reference.integration);
    if (!ids) listed.set(reference.integration, (ids = new Set()));
    ids.add(reference.id);
  }
  const groups = new Map<unknown, AclReference[]>();
  for (const reference of parsed.references) {
    if (!isValidReferencedId(reference.id)) {
      make(reference.start, reference.end, DiagnosticSeverity.Error, DiagnosticCode.invalidAclId,
        `"${reference.id}" is not an ACL resource id; ids look like Vendor_Module::resource.`);
      continue;
    }
    // An integration with every resource: once activated, it can do anything the admin can, wherever the module lives.
    // Only a list that is exactly Magento_Backend::all is stored as "everything" (Rules::saveRel); beside other ids it is one more row.
    const onlyAll = reference.integration ? listed.get(reference.integration) : undefined;
    if (reference.integration && reference.id === ALL_ID && onlyAll?.size === 1) {
      const vendor = !!options.module && isUnderVendor(options.module.root);
      make(reference.start, reference.end, DiagnosticSeverity.Warning, DiagnosticCode.fullAccess,
        `This integration${vendor ? ', shipped under vendor/,' : ''} asks for all resources (${ALL_ID}): once activated it can call every REST route and read and change everything in the store. ` +
          (vendor ? 'Ask the vendor which routes the app calls; "magento-integration-kit routes --call …" gives the resources they need.'
            : 'Grant what the app calls instead: "Grant Access to REST Routes…" (or magento-integration-kit routes --call …) gives the resources those routes need.'));
    }
    // Company permissions are checked against company_acl.xml, and only where the workspace has one.
    const tree = reference.tree === 'company' ? (options.companySnapshot?.size ? options.companySnapshot : undefined) : snapshot;
    if (!tree) continue;
    const resource = tree.get(reference.id);
    if (resource?.disabled) {
      const by = resource.disabledBy !== resource.id ? ` under "${resource.disabledBy}"` : '';
      make(reference.start, reference.end, DiagnosticSeverity.Warning, DiagnosticCode.disabledResource,
        `"${reference.id}" is disabled${by} (disabled="true" in acl.xml): Magento leaves it out of the ACL, so ${kind === 'integration' || kind === 'integration-api' ? 'granting it does nothing' : 'no role can be allowed it'}.`);
    }
    if (reference.integration && reference.tree !== 'company' && resource && !resource.disabled && options.resourceUse?.(reference.id) === 'unused') {
      const module = reference.id.slice(0, reference.id.indexOf('::'));
      make(reference.start, reference.end, DiagnosticSeverity.Information, DiagnosticCode.unusedGrant,
        `"${reference.id}" opens no REST route of the workspace, and no file of ${module} uses it: granting it gives the integration nothing. Grant what the app's calls need ("Show REST Routes This Integration Can Call…", or magento-integration-kit routes --call …).`);
    }
    if (options.indexComplete && !resource && !declaredOutside(reference.id, options)) {
      const near = nearestIds(reference.id, tree.idsByModule());
      const granted = reference.integration ? listed.get(reference.integration)! : new Set<string>();
      const alreadyGranted = near.filter((id) => granted.has(id));
      const suggestions = near.filter((id) => !granted.has(id));
      const what = reference.tree === 'company' ? 'company ACL resource' : 'ACL resource';
      const where = reference.tree === 'company' ? 'company_acl.xml' : 'acl.xml';
      const owner = reference.id.slice(0, reference.id.indexOf('::'));
      // An Open Source module (the bundled catalog speaks for it), or a workspace that holds the whole core, settles it: an unknown id.
      const edition = magentoEditionOf(owner);
      const settled = owner.startsWith('Magento_') && (!tree.usesCatalog || edition === 'open-source');
      if (near.length === 0 && options.hasModule && !options.hasModule(owner) && !tree.idsByModule().has(owner) && !settled) {
        // A module neither this workspace nor the bundled core holds: an optional module, one of Adobe
        // Commerce, or one Magento removed. Where it is installed the id may well exist; elsewhere Magento drops it.
        const message = edition === 'commerce'
          ? `"${reference.id}" belongs to ${owner}, an Adobe Commerce module this workspace does not hold: Magento ignores the id where Adobe Commerce is not installed.`
          : owner.startsWith('Magento_')
            ? `"${reference.id}": neither Magento Open Source nor Adobe Commerce 2.4.6 has a module ${owner}, and this workspace does not hold it: ` +
              'one Magento removed, or an optional module (B2B, say). Magento ignores the id unless a module that declares it is installed.'
          : `"${reference.id}" belongs to ${owner}, which is not in this workspace: Magento ignores the id unless that module is installed.`;
        make(reference.start, reference.end, DiagnosticSeverity.Information, DiagnosticCode.unknownResource, message, { suggestions } satisfies UnknownResourceData);
      } else {
        const hint = alreadyGranted.length > 0 && suggestions.length === 0
          ? ` It looks like a misspelling of ${alreadyGranted.map((s) => `"${s}"`).join(', ')}, which this integration already grants.`
          : suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '';
        const consequence = kind === 'integration' || kind === 'integration-api' ? ' Magento silently drops unknown ids from an integration.' : '';
        // Say which Magento the verdict is about when only the bundled catalog speaks for the module.
        const who = tree.usesCatalog && options.hasModule && !options.hasModule(owner) ? `neither this workspace nor Magento Open Source 2.4.6 declares it` : `no ${where} declares it`;
        make(reference.start, reference.end, DiagnosticSeverity.Warning, DiagnosticCode.unknownResource,
          `Unknown ${what} "${reference.id}": ${who}.${hint}${consequence}`, { suggestions, alreadyGranted, missingParents: kind === 'integration-api' ? missingParentsOf(suggestions, tree, granted) : undefined } satisfies UnknownResourceData);
      }
    }
    if (reference.integration) {
      let group = groups.get(reference.integration);
      if (!group) groups.set(reference.integration, (group = []));
      group.push(reference);
    }
  }

  for (const group of groups.values()) {
    const seen = new Set<string>();
    for (const reference of group) {
      if (seen.has(reference.id)) {
        make(reference.start, reference.end, DiagnosticSeverity.Warning, DiagnosticCode.duplicateResource,
          `"${reference.id}" is already listed in this integration.`);
      }
      seen.add(reference.id);
    }
    // Only the legacy api.xml needs parents listed; integration.xml's converter adds them itself.
    if (kind !== 'integration-api' || !options.indexComplete) continue;
    for (const reference of group) {
      if (!snapshot.get(reference.id)) continue;
      const missing = snapshot.ancestors(reference.id).map((a) => a.id).filter((id) => id !== ROOT_ID && id !== ALL_ID && !seen.has(id));
      if (missing.length === 0) continue;
      // Information: a real 2.4.6 store stores an allow rule per listed id and checks a resource's own rule
      // first, so the grant works; only what the unlisted parents guard stays closed.
      make(reference.start, reference.end, DiagnosticSeverity.Information, DiagnosticCode.missingParent,
        `"${reference.id}" is granted without its parent${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}. ` +
          `The grant works (Magento stores an allow rule for each listed id), but the legacy api.xml grants only what it lists: routes guarded by ${missing.length > 1 ? 'those parents' : 'that parent'} stay closed, and the admin shows the integration half-granted. Adobe's guide lists every ancestor.`, { missing } satisfies MissingParentData);
    }
  }
  return diagnostics;
}

/** An id of a module this one depends on that the workspace does not hold: its acl.xml cannot be read here. */
function declaredOutside(id: string, options: ValidationOptions): boolean {
  const outside = options.module?.outsideDependencies;
  return !!outside && outside.size > 0 && outside.has(id.slice(0, id.indexOf('::')));
}

type Reporter = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string, data?: unknown) => void;

function validateDeclarations(parsed: ParsedDocument, snapshot: AclSnapshot | undefined, options: ValidationOptions, make: Reporter): void {
  const text = parsed.document.getText();
  const seen = new Set<string>();
  for (const reference of parsed.references) {
    const { id } = reference;
    if (!isValidDeclaredId(id)) {
      make(reference.start, reference.end, DiagnosticSeverity.Error, DiagnosticCode.invalidAclId,
        `"${id}" is not a valid ACL resource id: acl.xsd wants Vendor_Module::name (both parts starting uppercase, letters, digits and _ after ::).`);
    }
    if (seen.has(id)) {
      make(reference.start, reference.end, DiagnosticSeverity.Error, DiagnosticCode.duplicateResource, `"${id}" is declared twice in this file; acl.xsd requires unique ids.`);
    }
    seen.add(id);
    const title = reference.element && attribute(reference.element, 'title');
    if (title) {
      const value = text.slice(title.valueStart, title.valueEnd);
      if (!isValidTitle(title.value)) {
        make(title.valueStart, title.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.missingTitle,
          `The title "${value}" is ${title.value.length} characters long; Magento requires 3 to 50.`);
      }
    } else if (snapshot && options.indexComplete && isValidDeclaredId(id) && !snapshot.get(id)?.title && !declaredOutside(id, options)) {
      make(reference.start, reference.end, DiagnosticSeverity.Error, DiagnosticCode.missingTitle,
        `"${id}" has no title in any acl.xml; Magento's merged ACL schema requires one.`);
    }
  }
}

/** A module installed by Composer (a third party's, or Magento's own). */
function isUnderVendor(root: string): boolean {
  return root.split(/[\\/]/).includes('vendor');
}
