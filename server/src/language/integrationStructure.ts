// The integration files' structure and values, exactly as Magento's XSDs define them (checked against
// xmllint in test/unit/xsdAgreement.test.ts), plus Magento behaviour the XSDs do not capture.
//   etc/integration.xml           integration.xsd: <config>, children of <integration> in any order (xs:all)
//   etc/integration/config.xml    config.xsd: <integrations>, email, endpoint_url?, identity_link_url? in order
//   etc/integration/api.xml       api.xsd: <integrations>, exactly one <resources> per integration
// Magento merges each format's files by integration name before it checks the merged result, so what
// another file of the workspace supplies (an <email>) is not missing, and what two files both set conflicts.
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { isIntegrationKind, IntegrationKind } from '../magento/fileKinds';
import { IntegrationConfiguration, readIntegrations } from '../magento/moduleFacts';
import { isPlainHttpToRemoteHost } from '../magento/urls';
import { anyUriLength, collapse, isXsdAnyUri, isXsdEmail, isXsdResourceName } from '../magento/xsdValues';
import { attribute, elementText, XmlElement } from '../magento/xmlTree';
import { DiagnosticCode } from './diagnosticCodes';
import { displayPath } from './displayPath';
import { ParsedDocument } from './parsedDocument';
import { checkAttributes, checkNoText, tagName } from './xmlStructure';

type Kind = IntegrationKind;
type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string) => void;
type ElementError = (element: XmlElement, code: string, message: string) => void;

const ROOT: Record<Kind, string> = { integration: 'config', 'integration-config': 'integrations', 'integration-api': 'integrations' };
const CHILDREN: Record<Kind, string[]> = {
  integration: ['email', 'endpoint_url', 'identity_link_url', 'resources'],
  'integration-config': ['email', 'endpoint_url', 'identity_link_url'],
  'integration-api': ['resources'],
};
const REQUIRED: Record<Kind, string[]> = { integration: ['email'], 'integration-config': ['email'], 'integration-api': ['resources'] };

/** Other files of the workspace that configure an integration of this name. */
export type OtherConfigurations = (name: string) => IntegrationConfiguration[];

export function validateIntegrationStructure(
  parsed: ParsedDocument, report: Report, othersNamed: OtherConfigurations = () => [], outsideDependencies: ReadonlySet<string> = new Set(),
): void {
  const kind = parsed.kind;
  const root = parsed.tree?.root;
  if (!isIntegrationKind(kind) || !root || parsed.tree!.problems.length > 0) return;
  const text = parsed.document.getText();
  const error: ElementError = (element, code, message) => report(...tagName(element), DiagnosticSeverity.Error, code, message);
  const unknown = (element: XmlElement, message: string) => error(element, DiagnosticCode.unknownElement, message);

  if (root.name !== ROOT[kind]) {
    unknown(root, `The root element must be <${ROOT[kind]}>, not <${root.name}>.`);
    return;
  }
  checkAttributes(root, [], unknown);
  checkNoText(text, root, unknown);
  const integrations = root.children.filter((child) => child.name === 'integration');
  for (const child of root.children) {
    if (child.name !== 'integration') unknown(child, `<${child.name}> is not allowed in <${root.name}>; only <integration> is.`);
  }
  if (integrations.length === 0) error(root, DiagnosticCode.missingElement, `<${root.name}> needs at least one <integration>.`);
  const seenNames = new Set<string>();
  // Read once for the whole file: each integration's fields and resources as Magento reads them.
  const entries = readIntegrations(text);
  for (const integration of integrations) {
    const name = attribute(integration, 'name');
    const others = name ? othersNamed(name.value) : [];
    validateIntegration(kind, text, integration, error, report, others, suppliedOutside(outsideDependencies));
    if (!name || kind === 'integration-api') continue;
    const own = entries.find((entry) => entry.name.value === name.value);
    if (!seenNames.has(name.value) && own && legacyPairIsTwin([...others, { kind, fields: own.fields, resources: own.resources }])) {
      // Both formats say the same: harmless, and the legacy pair only adds setup code to keep in step. Said once, on config.xml.
      if (kind === 'integration-config') {
        report(name.valueStart, name.valueEnd, DiagnosticSeverity.Information, DiagnosticCode.duplicateName,
          `etc/integration.xml configures "${name.value}" with the same email, URLs and resources: this legacy pair (and its processIntegrationConfig call) is redundant. Magento installs etc/integration.xml on every setup:upgrade; remove the pair, or it must be kept in step by hand.`);
      }
      seenNames.add(name.value);
      continue;
    }
    const conflict = seenNames.has(name.value) ? 'twice in this file' : conflictWith(kind, integration, text, others);
    if (conflict) {
      report(name.valueStart, name.valueEnd, DiagnosticSeverity.Warning, DiagnosticCode.duplicateName, `The integration "${name.value}" is configured ${conflict}`);
    }
    seenNames.add(name.value);
  }
}

/**
 * Whether etc/integration.xml and the legacy pair configure one name identically: the same email and URLs,
 * and the same resources (as listed). The pair is then redundant, not in conflict.
 */
export function legacyPairIsTwin(configurations: ReadonlyArray<Pick<IntegrationConfiguration, 'kind' | 'fields' | 'resources'>>): boolean {
  const current = configurations.filter((c) => c.kind === 'integration');
  const legacy = configurations.filter((c) => c.kind === 'integration-config');
  if (current.length !== 1 || legacy.length === 0) return false;
  for (const field of ['email', 'endpoint_url', 'identity_link_url']) {
    // Magento merges the legacy files: the last that sets a field wins.
    const legacyValue = legacy.map((c) => c.fields.get(field)).filter((v) => v !== undefined).at(-1);
    if ((current[0].fields.get(field) ?? '') !== (legacyValue ?? '')) return false;
  }
  const granted = new Set(current[0].resources);
  const listed = new Set(configurations.filter((c) => c.kind === 'integration-api').flatMap((c) => c.resources));
  return granted.size === listed.size && [...granted].every((id) => listed.has(id));
}

/**
 * Where another file clashes with this integration: one in the other format (both create it, and the
 * later setup step overwrites the other), or one of the same format that sets a field this one sets too
 * (Magento merges the files, and the module loaded last silently wins).
 */
function conflictWith(kind: Kind, integration: XmlElement, text: string, others: IntegrationConfiguration[]): string | undefined {
  const otherFormat = others.filter((o) => o.kind !== kind && o.kind !== 'integration-api');
  if (otherFormat.length > 0) {
    return `again in ${otherFormat.map((o) => displayPath(o.uri)).join(', ')}, in the other format; both create it, and the later setup step overwrites the other.`;
  }
  const mine = new Map(integration.children.filter((c) => c.name !== 'resources').map((c) => [c.name, elementText(text, c).trim()]));
  for (const other of others) {
    if (other.kind !== kind) continue;
    const clash = [...mine].find(([field, value]) => other.fields.has(field) && other.fields.get(field) !== value);
    if (clash) return `again in ${displayPath(other.uri)}, which sets <${clash[0]}> differently; Magento merges the files by name, so the module loaded last silently wins.`;
  }
  return undefined;
}

/**
 * A third-party module this one loads after, absent from the workspace, may configure the same
 * integration (a vendor's base module often holds the email and URLs, add-ons add resources).
 */
function suppliedOutside(outsideDependencies: ReadonlySet<string>): boolean {
  return outsideDependencies.size > 0;
}

function validateIntegration(
  kind: Kind, text: string, integration: XmlElement, error: ElementError, report: Report, others: IntegrationConfiguration[], partial: boolean,
): void {
  const unknown = (element: XmlElement, message: string) => error(element, DiagnosticCode.unknownElement, message);
  const name = attribute(integration, 'name');
  if (!name) error(integration, DiagnosticCode.missingName, '<integration> needs a name attribute.');
  else if ([...name.value].length < 2) {
    report(name.valueStart, name.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.invalidName, `The integration name "${name.value}" is too short; Magento requires at least 2 characters.`);
  }
  checkAttributes(integration, ['name'], unknown);
  checkNoText(text, integration, unknown);

  const allowed = CHILDREN[kind];
  const seen = new Map<string, XmlElement>();
  let lastPosition = -1;
  for (const child of integration.children) {
    if (child.name === 'resources' && kind === 'integration-config') {
      error(child, DiagnosticCode.resourcesNotAllowed, 'Resources do not belong in the legacy config.xml; list them in etc/integration/api.xml (or use etc/integration.xml).');
      continue;
    }
    const position = allowed.indexOf(child.name);
    if (position < 0) {
      error(child, DiagnosticCode.unknownElement, `<${child.name}> is not allowed in <integration>; expected ${allowed.map((a) => `<${a}>`).join(', ')}.`);
      continue;
    }
    if (seen.has(child.name)) {
      error(child, DiagnosticCode.duplicateElement, `<${child.name}> appears twice in this integration.`);
      continue;
    }
    if (kind === 'integration-config' && position < lastPosition) {
      error(child, DiagnosticCode.elementOrder, `<${child.name}> is out of order: the legacy config.xml wants ${allowed.map((a) => `<${a}>`).join(', ')} in that order.`);
    }
    lastPosition = Math.max(lastPosition, position);
    seen.set(child.name, child);
    checkAttributes(child, [], unknown);
    if (child.name === 'resources') validateResources(text, child, error);
    else validateValue(text, child, error, report);
  }
  for (const required of REQUIRED[kind]) {
    if (seen.has(required)) continue;
    // Another file of the same format can supply it: Magento checks the merged integration.
    if (kind !== 'integration-api' && (partial || others.some((o) => o.kind === kind && o.fields.has(required)))) continue;
    error(integration, DiagnosticCode.missingElement, `<integration> is missing <${required}>.`);
  }

  if (kind !== 'integration-api') {
    const endpoint = seen.get('endpoint_url');
    const identity = seen.get('identity_link_url');
    // What another file of the same format sets counts too: Magento reads the merged integration.
    const mergedHas = (field: string) => others.some((o) => o.kind === kind && o.fields.has(field));
    const hasEndpoint = !!endpoint || mergedHas('endpoint_url');
    const hasIdentity = !!identity || mergedHas('identity_link_url');
    if ((endpoint || identity) && hasEndpoint !== hasIdentity) {
      const present = (endpoint ?? identity)!;
      report(...tagName(present), DiagnosticSeverity.Information, DiagnosticCode.exchangeNeedsBothUrls,
        `Only <${present.name}> is set: Magento runs the OAuth exchange only when both endpoint_url and identity_link_url are set; otherwise Activate just shows the tokens to the admin.`);
    }
  }
}

function validateResources(text: string, resources: XmlElement, error: ElementError): void {
  const unknown = (element: XmlElement, message: string) => error(element, DiagnosticCode.unknownElement, message);
  checkNoText(text, resources, unknown);
  const items = resources.children.filter((child) => child.name === 'resource');
  for (const child of resources.children) {
    if (child.name !== 'resource') error(child, DiagnosticCode.unknownElement, `<${child.name}> is not allowed in <resources>; only <resource name="…"/> is.`);
  }
  if (items.length === 0) error(resources, DiagnosticCode.missingElement, '<resources> needs at least one <resource>; leave the element out instead.');
  for (const resource of items) {
    checkAttributes(resource, ['name'], unknown);
    for (const child of resource.children) error(child, DiagnosticCode.unknownElement, `<resource> takes no elements inside; write <resource name="Vendor_Module::id"/>.`);
    const name = attribute(resource, 'name');
    if (!name) error(resource, DiagnosticCode.missingName, '<resource> needs a name attribute with an ACL id.');
    else if (!isXsdResourceName(name.value) && name.value.trim() === '') {
      // An empty name: the ACL checks do not see it as a reference.
      error(resource, DiagnosticCode.invalidAclId, 'The resource name is empty; it must be an ACL id like Vendor_Module::resource.');
    }
  }
}

function validateValue(text: string, element: XmlElement, error: ElementError, report: Report): void {
  for (const child of element.children) error(child, DiagnosticCode.unknownElement, `<${element.name}> takes text only, not <${child.name}>.`);
  if (element.children.length > 0) return;
  const value = elementText(text, element);
  const at = valueRange(text, element);
  if (element.name === 'email') {
    if (!isXsdEmail(value)) {
      // Whitespace around a valid address is the usual cause, and the trimmed value alone would look valid.
      const padded = value.trim() !== value && isXsdEmail(value.trim());
      report(...at, DiagnosticSeverity.Error, DiagnosticCode.invalidEmail, padded
        ? `${JSON.stringify(value)}: the whitespace around "${value.trim()}" makes it an invalid email for Magento (pattern [^@]+@[^.]+\\..+ is matched on the exact text between the tags, newlines included): write <email>${value.trim()}</email>.`
        : `"${value.trim()}" is not an email address Magento accepts (pattern [^@]+@[^.]+\\..+, on the exact text between the tags).`);
    }
    return;
  }
  const length = anyUriLength(value);
  if (length < 4) {
    report(...at, DiagnosticSeverity.Error, DiagnosticCode.invalidUrl, length === 0 ? `<${element.name}> is empty; Magento requires at least 4 characters, so leave the element out instead.` : `"${collapse(value)}" is shorter than the 4 characters Magento requires.`);
    return;
  }
  if (!isXsdAnyUri(value)) {
    report(...at, DiagnosticSeverity.Error, DiagnosticCode.invalidUrl, `"${collapse(value)}" is not a valid URI.`);
    return;
  }
  let url: URL | undefined;
  try {
    url = new URL(collapse(value));
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    report(...at, DiagnosticSeverity.Warning, DiagnosticCode.invalidUrl, `"${collapse(value)}" is not an absolute http(s) URL; Magento could not ${element.name === 'endpoint_url' ? 'POST the activation to it' : 'open it in the admin popup'}.`);
  } else if (isPlainHttpToRemoteHost(url)) {
    report(...at, DiagnosticSeverity.Warning, DiagnosticCode.insecureUrl, `${element.name} uses plain http to ${url.hostname}: the OAuth consumer key and secret would travel unencrypted. Use https.`);
  }
}

function valueRange(text: string, element: XmlElement): [number, number] {
  if (element.endTagStart <= element.startTagEnd) return [element.start, element.end];
  return [element.startTagEnd, element.endTagStart];
}

