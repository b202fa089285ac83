// The integration files' structure and values, exactly as Magento's XSDs define them (checked against
// xmllint in test/unit/xsdAgreement.test.ts), plus Magento behaviour the XSDs do not capture.
//   etc/integration.xml           integration.xsd: <config>, children of <integration> in any order (xs:all)
//   etc/integration/config.xml    config.xsd: <integrations>, email, endpoint_url?, identity_link_url? in order
//   etc/integration/api.xml       api.xsd: <integrations>, exactly one <resources> per integration
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { MagentoFileKind } from '../magento/fileKinds';
import { anyUriLength, collapse, isXsdAnyUri, isXsdEmail, isXsdResourceName } from '../magento/xsdValues';
import { attribute, XmlElement } from '../magento/xmlTree';
import { decodeEntities } from '../magento/xmlTags';
import { DiagnosticCode } from './diagnosticCodes';
import { ParsedDocument } from './parsedDocument';
import { displayPath } from './displayPath';
import { isPlainHttpToRemoteHost } from '../magento/urls';

type Kind = 'integration' | 'integration-config' | 'integration-api';
type Report = (start: number, end: number, severity: DiagnosticSeverity, code: string, message: string) => void;

const ROOT: Record<Kind, string> = { integration: 'config', 'integration-config': 'integrations', 'integration-api': 'integrations' };
const CHILDREN: Record<Kind, string[]> = {
  integration: ['email', 'endpoint_url', 'identity_link_url', 'resources'],
  'integration-config': ['email', 'endpoint_url', 'identity_link_url'],
  'integration-api': ['resources'],
};
const REQUIRED: Record<Kind, string[]> = { integration: ['email'], 'integration-config': ['email'], 'integration-api': ['resources'] };

/** Offsets of an element's name in its start tag, where its diagnostics go. */
function tagName(element: XmlElement): [number, number] {
  return [element.start + 1, element.start + 1 + element.name.length];
}

export function isIntegrationKind(kind: MagentoFileKind | undefined): kind is Kind {
  return kind === 'integration' || kind === 'integration-config' || kind === 'integration-api';
}

/** Files elsewhere in the workspace that configure the same integration name. */
export type OtherConfigurations = (name: string) => string[];

export function validateIntegrationStructure(parsed: ParsedDocument, report: Report, othersNamed?: OtherConfigurations): void {
  const kind = parsed.kind;
  const root = parsed.tree?.root;
  if (!isIntegrationKind(kind) || !root || parsed.tree!.problems.length > 0) return;
  const text = parsed.document.getText();
  const error = (element: XmlElement, code: string, message: string) => report(...tagName(element), DiagnosticSeverity.Error, code, message);

  if (root.name !== ROOT[kind]) {
    error(root, DiagnosticCode.unknownElement, `The root element must be <${ROOT[kind]}>, not <${root.name}>.`);
    return;
  }
  checkAttributes(root, [], error);
  checkNoText(text, root, error);
  const integrations = root.children.filter((child) => child.name === 'integration');
  for (const child of root.children) {
    if (child.name !== 'integration') error(child, DiagnosticCode.unknownElement, `<${child.name}> is not allowed in <${root.name}>; only <integration> is.`);
  }
  if (integrations.length === 0) error(root, DiagnosticCode.missingElement, `<${root.name}> needs at least one <integration>.`);
  const seenNames = new Set<string>();
  for (const integration of integrations) {
    validateIntegration(kind, text, integration, error, report);
    const name = attribute(integration, 'name');
    if (!name || kind === 'integration-api') continue;
    const elsewhere = othersNamed?.(name.value) ?? [];
    if (seenNames.has(name.value) || elsewhere.length > 0) {
      report(name.valueStart, name.valueEnd, DiagnosticSeverity.Warning, DiagnosticCode.duplicateName,
        `The integration "${name.value}" is configured ${elsewhere.length > 0 ? `again in ${elsewhere.map(displayPath).join(', ')}` : 'twice in this file'}; Magento merges integrations by name, so one silently changes the other.`);
    }
    seenNames.add(name.value);
  }
}


function validateIntegration(kind: Kind, text: string, integration: XmlElement, error: (e: XmlElement, code: string, message: string) => void, report: Report): void {
  const name = attribute(integration, 'name');
  if (!name) error(integration, DiagnosticCode.missingName, '<integration> needs a name attribute.');
  else if ([...name.value].length < 2) {
    report(name.valueStart, name.valueEnd, DiagnosticSeverity.Error, DiagnosticCode.invalidName, `The integration name "${name.value}" is too short; Magento requires at least 2 characters.`);
  }
  checkAttributes(integration, ['name'], error);
  checkNoText(text, integration, error);

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
    checkAttributes(child, [], error);
    if (child.name === 'resources') validateResources(text, child, error);
    else validateValue(text, child, error, report);
  }
  for (const required of REQUIRED[kind]) {
    if (!seen.has(required)) error(integration, DiagnosticCode.missingElement, `<integration> is missing <${required}>.`);
  }

  if (kind !== 'integration-api') {
    const endpoint = seen.get('endpoint_url');
    const identity = seen.get('identity_link_url');
    if (!!endpoint !== !!identity) {
      const present = (endpoint ?? identity)!;
      report(...tagName(present), DiagnosticSeverity.Information, DiagnosticCode.exchangeNeedsBothUrls,
        `Only <${present.name}> is set: Magento runs the OAuth exchange only when both endpoint_url and identity_link_url are set; otherwise Activate just shows the tokens to the admin.`);
    }
  }
}

function validateResources(text: string, resources: XmlElement, error: (e: XmlElement, code: string, message: string) => void): void {
  checkNoText(text, resources, error);
  const items = resources.children.filter((child) => child.name === 'resource');
  for (const child of resources.children) {
    if (child.name !== 'resource') error(child, DiagnosticCode.unknownElement, `<${child.name}> is not allowed in <resources>; only <resource name="…"/> is.`);
  }
  if (items.length === 0) error(resources, DiagnosticCode.missingElement, '<resources> needs at least one <resource>; leave the element out instead.');
  for (const resource of items) {
    checkAttributes(resource, ['name'], error);
    for (const child of resource.children) error(child, DiagnosticCode.unknownElement, `<resource> takes no elements inside; write <resource name="Vendor_Module::id"/>.`);
    const name = attribute(resource, 'name');
    if (!name) error(resource, DiagnosticCode.missingName, '<resource> needs a name attribute with an ACL id.');
    else if (!isXsdResourceName(name.value) && name.value.trim() === '') {
      // An empty name: the ACL checks do not see it as a reference.
      error(resource, DiagnosticCode.invalidAclId, 'The resource name is empty; it must be an ACL id like Vendor_Module::resource.');
    }
  }
}

function validateValue(text: string, element: XmlElement, error: (e: XmlElement, code: string, message: string) => void, report: Report): void {
  for (const child of element.children) error(child, DiagnosticCode.unknownElement, `<${element.name}> takes text only, not <${child.name}>.`);
  if (element.children.length > 0) return;
  const value = contentOf(text, element);
  const at = valueRange(text, element);
  if (element.name === 'email') {
    if (!isXsdEmail(value)) report(...at, DiagnosticSeverity.Error, DiagnosticCode.invalidEmail, `"${value.trim()}" is not an email address Magento accepts (pattern [^@]+@[^.]+\\..+, on the exact text between the tags).`);
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

/** Only xmlns and xsi:* attributes, plus `allowed`, may appear (XSD declares no others). */
function checkAttributes(element: XmlElement, allowed: string[], error: (e: XmlElement, code: string, message: string) => void): void {
  for (const a of element.attributes) {
    if (allowed.includes(a.name) || a.name === 'xmlns' || a.name.startsWith('xmlns:') || a.name.startsWith('xsi:')) continue;
    error(element, DiagnosticCode.unknownElement, `The attribute ${a.name} is not allowed on <${element.name}>.`);
  }
}

/** Element-only content: text other than whitespace between the children is an XSD error. */
function checkNoText(text: string, element: XmlElement, error: (e: XmlElement, code: string, message: string) => void): void {
  let from = element.startTagEnd;
  const gaps: string[] = [];
  for (const child of element.children) {
    gaps.push(text.slice(from, child.start));
    from = child.end;
  }
  gaps.push(text.slice(from, element.endTagStart));
  if (gaps.some((gap) => stripMarkup(gap).trim() !== '')) error(element, DiagnosticCode.unknownElement, `<${element.name}> holds elements only; remove the text inside it.`);
}

/** Comments and processing instructions removed, CDATA unwrapped, entities decoded: the text XSD sees. */
function stripMarkup(raw: string): string {
  return decodeEntities(raw.replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>/g, '').replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1'));
}

function contentOf(text: string, element: XmlElement): string {
  return stripMarkup(text.slice(element.startTagEnd, element.endTagStart));
}

function valueRange(text: string, element: XmlElement): [number, number] {
  if (element.endTagStart <= element.startTagEnd) return [element.start, element.end];
  return [element.startTagEnd, element.endTagStart];
}

