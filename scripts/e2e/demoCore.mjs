// The demo's Magento core, written from the bundled 2.4.6 catalogs (data/, read from Magento Open Source
// 2.4.6-p1, OSL-3.0/AFL-3.0): for every core module they name, vendor/magento/<package>/ with its
// registration.php, etc/module.xml, etc/acl.xml (its resources, nested under their ancestors as Magento's own
// acl.xml files are) and etc/webapi.xml (its routes). Adobe's "Create an integration" guide then finds every id
// and route it uses, in files a user can open, as in a real project.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const xml = (value) => String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export function writeDemoCore(root, workspace) {
  const acl = JSON.parse(readFileSync(path.join(root, 'data', 'magento-core-acl-2.4.6.json'), 'utf8'));
  const webapi = JSON.parse(readFileSync(path.join(root, 'data', 'magento-core-webapi-2.4.6.json'), 'utf8'));
  const packages = new Map([...acl.modules, ...webapi.modules].map((m) => [m.module, m.package]));
  const byId = new Map(acl.resources.map((r) => [r.id, r]));
  // Modules that load after Magento_Integration in 2.4.6 (through their sequences): said directly here.
  const afterIntegration = new Set(JSON.parse(readFileSync(path.join(root, 'data', 'magento-core-load-order-2.4.6.json'), 'utf8')).loadAfterIntegration);
  for (const [module, pkg] of packages) {
    const dir = path.join(workspace, 'vendor', ...pkg.split('/'));
    mkdirSync(path.join(dir, 'etc'), { recursive: true });
    writeFileSync(path.join(dir, 'registration.php'), `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${module}', __DIR__);\n`);
    const sequence = afterIntegration.has(module) ? '\n        <sequence>\n            <module name="Magento_Integration"/>\n        </sequence>\n    ' : '';
    writeFileSync(path.join(dir, 'etc', 'module.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n    <module name="${module}">${sequence}</module>\n</config>\n`);
    const own = acl.resources.filter((r) => r.module === module);
    if (own.length > 0) writeFileSync(path.join(dir, 'etc', 'acl.xml'), aclXml(module, own, byId));
    // Routes guarded by ids of modules the Open Source catalog lacks (Adobe Stock's, say) are left out: the demo has no false problem.
    const known = (ref) => ref === 'anonymous' || ref === 'self' || byId.has(ref);
    const routes = webapi.routes.filter((r) => r.module === module && r.resources.every(known));
    if (routes.length > 0) writeFileSync(path.join(dir, 'etc', 'webapi.xml'), webapiXml(routes));
  }
  return packages.size;
}

/** The module's resources with their ancestors (ids only, as a module refers to another's), nested. */
function aclXml(module, own, byId) {
  const children = new Map();
  const included = new Set();
  const include = (id) => {
    if (included.has(id) || !byId.has(id)) return;
    included.add(id);
    const parent = byId.get(id).parent;
    if (parent) include(parent);
    const siblings = children.get(parent ?? null) ?? [];
    siblings.push(id);
    children.set(parent ?? null, siblings);
  };
  for (const resource of own) include(resource.id);
  const render = (id, depth) => {
    const resource = byId.get(id);
    const mine = resource.module === module;
    const attributes = mine ? ` title="${xml(resource.title ?? '')}"${resource.sortOrder !== undefined && resource.sortOrder !== null ? ` sortOrder="${resource.sortOrder}"` : ''}` : '';
    const pad = '    '.repeat(depth);
    const nested = children.get(id) ?? [];
    if (nested.length === 0) return `${pad}<resource id="${id}"${attributes}/>`;
    return [`${pad}<resource id="${id}"${attributes}>`, ...nested.map((child) => render(child, depth + 1)), `${pad}</resource>`].join('\n');
  };
  const top = (children.get(null) ?? []).map((id) => render(id, 3)).join('\n');
  return `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">\n    <acl>\n        <resources>\n${top}\n        </resources>\n    </acl>\n</config>\n`;
}

function webapiXml(routes) {
  const body = routes.map((route) => {
    const [serviceClass, method] = (route.service ?? '::').split('::');
    return [
      `    <route url="${xml(route.url)}" method="${route.method}">`,
      `        <service class="${xml(serviceClass)}" method="${xml(method)}"/>`,
      '        <resources>',
      ...route.resources.map((ref) => `            <resource ref="${xml(ref)}"/>`),
      '        </resources>',
      '    </route>',
    ].join('\n');
  }).join('\n');
  return `<?xml version="1.0"?>\n<routes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:module:Magento_Webapi:etc/webapi.xsd">\n${body}\n</routes>\n`;
}
