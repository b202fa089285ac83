// What the editor's "Magento ACL" and "Integrations" views show, read from the workspace model: the merged
// resource tree with where each id is declared, and every integration with its format, module, URLs and grants.
import { WebapiRoute } from '../magento/webapiRoutes';
import { MagentoWorkspace } from './magentoWorkspace';
import { integrationAccess } from './routeIndex';
import { pathOfUri } from './uris';

import type { AclViewNode, IntegrationSummary } from '../../../shared/protocol';

// The shapes are the protocol's (shared/protocol.ts).
export type { AclViewNode, IntegrationSummary };

/** The merged admin ACL in tree order. */
export function aclViewNodes(workspace: MagentoWorkspace): AclViewNode[] {
  return workspace.acl.snapshot().ordered.map((resource) => {
    const titled = resource.locations.filter((l) => l.hasTitle);
    return {
      id: resource.id,
      title: resource.title,
      parentId: resource.parentId,
      declarations: (titled.length > 0 ? titled : resource.locations).map(({ uri, range }) => ({ uri, range })),
      catalogModule: resource.bundled ? resource.catalogModule : undefined,
      disabled: resource.disabled,
    };
  });
}

/** Every integration in the workspace, one entry per name and format, as Magento merges them. */
export function integrationSummaries(workspace: MagentoWorkspace): IntegrationSummary[] {
  const byKey = new Map<string, IntegrationSummary>();
  for (const configuration of workspace.integrations.all()) {
    const format = configuration.kind === 'integration' ? 'integration.xml' : 'legacy';
    const key = `${format}\u0000${configuration.name}`;
    const file = pathOfUri(configuration.uri);
    const component = file ? workspace.componentOf(file) : undefined;
    let summary = byKey.get(key);
    if (!summary) {
      summary = { name: configuration.name, format, module: component?.name, vendor: !!component?.vendor, files: [], resources: [], routes: 0 };
      byKey.set(key, summary);
    }
    summary.files.push({ uri: configuration.uri, kind: configuration.kind, lines: configuration.lines });
    // The first file that sets a field is shown; integration/duplicate-name reports files that disagree.
    summary.email ??= configuration.fields.get('email') || undefined;
    summary.endpointUrl ??= configuration.fields.get('endpoint_url') || undefined;
    summary.identityLinkUrl ??= configuration.fields.get('identity_link_url') || undefined;
    for (const id of configuration.resources) if (!summary.resources.includes(id)) summary.resources.push(id);
  }
  for (const summary of byKey.values()) summary.routes = openedRoutes(workspace, summary.name).length;
  return [...byKey.values()].sort((a, b) => Number(a.vendor) - Number(b.vendor) || a.name.localeCompare(b.name));
}

/** The REST routes an integration of the workspace can call, by module then URL. */
export function openedRoutes(workspace: MagentoWorkspace, name: string): WebapiRoute[] {
  const access = integrationAccess(workspace, name);
  return (access?.routes ?? []).filter((r) => r.verdict.allowed).map((r) => r.route)
    .sort((a, b) => (a.module ?? '').localeCompare(b.module ?? '') || a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
}
