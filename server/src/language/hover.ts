// Hover on an ACL id: title, breadcrumb, declaring module and files.
import { ASYNC_CONSUMER, queuedForms } from '../../../shared/queuedRoutes';
import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import { AclSnapshot } from '../magento/aclIndex';
import { moduleOfId } from '../magento/aclIds';
import { ParsedDocument, referenceAt } from './parsedDocument';
import { displayPath } from './displayPath';
import { ELEMENT_DOCS } from '../magento/integrationSchema';
import { attribute, walkElements, XmlElement } from '../magento/xmlTree';
import { isIntegrationKind } from '../magento/fileKinds';

export interface HoverOptions {
  /** The module a file belongs to (from module.xml or its path). */
  moduleNameOf?(uri: string): string | undefined;
  /** B2B's company ACL, for ids that `isAllowed()` checks against a company's permissions. */
  companySnapshot?: AclSnapshot;
  /** How many REST routes an integration of the workspace can call (the workspace's route index). */
  routeCountOf?(integration: string): number | undefined;
  /** The workspace's integrations that can call a route. */
  integrationsCalling?(method: string, url: string): string[];
}

export function doHover(parsed: ParsedDocument, position: Position, snapshot: AclSnapshot, options: HoverOptions = {}): Hover | null {
  const { document } = parsed;
  const offset = document.offsetAt(position);
  const reference = referenceAt(parsed, offset);
  if (!reference) return elementHover(parsed, offset, options);
  const range = { start: document.positionAt(reference.start), end: document.positionAt(reference.end) };
  const company = reference.tree === 'company';
  const tree = company ? options.companySnapshot : snapshot;
  const resource = tree?.get(reference.id);
  if (!tree || !resource) {
    const file = company ? 'company_acl.xml' : 'acl.xml';
    return { range, contents: { kind: MarkupKind.Markdown, value: `\`${reference.id}\`\n\nNo ${file} in this workspace declares this resource.` } };
  }
  const declaring = resource.locations.filter((l) => l.hasTitle);
  const files = (declaring.length > 0 ? declaring : resource.locations).map((l) => `- [${displayPath(l.uri)}](${l.uri}#L${l.range.start.line + 1})`);
  const module = (declaring[0] && options.moduleNameOf?.(declaring[0].uri)) ?? resource.catalogModule ?? moduleOfId(resource.id);
  const lines = [
    `**${escapeMarkdown(resource.title ?? '(no title)')}** \`${resource.id}\``,
    '',
    escapeMarkdown(tree.breadcrumb(resource.id)),
    '',
    `Module: \`${module}\``,
  ];
  if (company) lines.push('', 'A B2B company permission (etc/company_acl.xml), checked on the storefront; not an admin ACL resource.');
  if (resource.disabled) {
    const by = resource.disabledBy !== resource.id ? ` because \`${resource.disabledBy}\` is` : '';
    lines.push('', `**Disabled**${by}: Magento leaves it and everything below it out of the ACL, so granting it does nothing.`);
  }
  if (files.length > 0) lines.push('', 'Declared in:', ...files);
  else if (resource.bundled) lines.push('', `From the bundled Magento Open Source 2.4.6 catalog (the workspace does not hold ${module}).`);
  const route = parsed.kind === 'webapi' ? enclosing(parsed, offset, 'route') : undefined;
  const method = route && attribute(route, 'method')?.value.trim().toUpperCase();
  const url = route && attribute(route, 'url')?.value.trim();
  if (method && url && options.integrationsCalling) {
    const callers = options.integrationsCalling(method, url);
    lines.push('', callers.length > 0 ? `Integrations of this workspace that can call \`${method} ${url}\`: ${callers.map((c) => `**${escapeMarkdown(c)}**`).join(', ')}.` : `No integration of this workspace can call \`${method} ${url}\` (every resource of a route must be granted).`);
  }
  const queued = method && url ? queuedForms({ method, url }) : undefined;
  if (queued) lines.push('', `Also queued, under the same resources: \`${method} ${queued.async}\` (one body) and \`${method} ${queued.bulk}\` (a list of bodies). They run only while the \`${ASYNC_CONSUMER}\` consumer runs.`);
  return { range, contents: { kind: MarkupKind.Markdown, value: lines.join('\n') } };
}


function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<]/g, (c) => `\\${c}`);
}

/** The innermost element named `name` around `offset`. */
function enclosing(parsed: ParsedDocument, offset: number, name: string): XmlElement | undefined {
  let found: XmlElement | undefined;
  for (const element of walkElements(parsed.tree?.root)) if (element.name === name && element.start <= offset && offset <= element.end) found = element;
  return found;
}

/** What Magento does with an integration file's element, on its start or end tag name. */
function elementHover(parsed: ParsedDocument, offset: number, options: HoverOptions): Hover | null {
  if (!isIntegrationKind(parsed.kind)) return null;
  const { document } = parsed;
  for (const element of walkElements(parsed.tree?.root)) {
    const docs = ELEMENT_DOCS[element.name];
    if (!docs) continue;
    for (const nameStart of [element.start + 1, element.endTagStart + 2]) {
      if (offset < nameStart || offset > nameStart + element.name.length) continue;
      if (document.getText().slice(nameStart, nameStart + element.name.length) !== element.name) continue;
      // On <resources>: what the integration's grants open.
      let routes = '';
      const integration = element.name === 'resources' ? element.parent : undefined;
      const name = integration?.name === 'integration' ? attribute(integration, 'name')?.value : undefined;
      const count = name !== undefined ? options.routeCountOf?.(name) : undefined;
      if (count !== undefined) routes = `\n\nThe grants of **${escapeMarkdown(name!)}** open ${count} REST route${count === 1 ? '' : 's'} ("Show REST Routes This Integration Can Call…" lists them).`;
      return {
        range: { start: document.positionAt(nameStart), end: document.positionAt(nameStart + element.name.length) },
        contents: { kind: MarkupKind.Markdown, value: `**<${element.name}>**\n\n${docs}${routes}` },
      };
    }
  }
  return null;
}
