// The workspace's REST routes: every enabled module's etc/webapi.xml in Magento's load order (a later
// module's route replaces an earlier one with the same URL and method), over the bundled 2.4.6 routes when
// the workspace has no Magento core of its own, as the ACL catalog does.
import * as path from 'node:path';
import coreRoutes from '../../../data/magento-core-webapi-2.4.6.json';
import { moduleLoadOrder } from '../magento/components';
import { modulePathOf } from '../magento/fileKinds';
import { mergeRoutes, readWebapiRoutes, WebapiRoute } from '../magento/webapiRoutes';
import { MagentoWorkspace } from './magentoWorkspace';

/** The 420 routes of Magento Open Source 2.4.6-p1 (data/magento-core-webapi-2.4.6.json). */
export function bundledRoutes(): WebapiRoute[] {
  return (coreRoutes as { routes: WebapiRoute[] }).routes.map((r) => ({ ...r, resources: [...r.resources] }));
}

export function workspaceRoutes(workspace: MagentoWorkspace): WebapiRoute[] {
  const modules = workspace.modules;
  const rank = new Map(moduleLoadOrder(modules.filter((m) => m.name).map((m) => ({ name: m.name!, sequence: m.sequence }))).map((name, i) => [name, i]));
  const ordered = [...modules].sort((a, b) => (rank.get(a.name ?? '') ?? rank.size) - (rank.get(b.name ?? '') ?? rank.size));
  const routes = workspace.acl.snapshot().usesCatalog ? bundledRoutes() : [];
  for (const module of ordered) {
    const text = workspace.readText(path.join(module.root, modulePathOf('webapi')));
    if (text !== undefined) routes.push(...readWebapiRoutes(text, module.name));
  }
  return mergeRoutes(routes);
}
