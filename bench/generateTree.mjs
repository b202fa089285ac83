// Generates a synthetic but realistic Magento project: the core ACL tree from the bundled catalog,
// third-party and project modules with acl.xml, webapi.xml, system.xml, large di.xml files and PHP,
// and non-Magento vendor packages that the indexer must skip cheaply.
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';

const catalog = JSON.parse(readFileSync(new URL('../data/magento-core-acl-2.4.6.json', import.meta.url), 'utf8'));

function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** acl.xml for resources given as { id, title?, parent? }, nested under their ancestors (repeated without a title). */
function aclXml(resources, parentOf) {
  const own = new Map(resources.map((r) => [r.id, r]));
  const parent = (id) => own.get(id)?.parent ?? parentOf(id);
  const nodes = new Set();
  for (const r of resources) for (let id = r.id; id && !nodes.has(id); id = parent(id)) nodes.add(id);
  const children = new Map();
  for (const id of nodes) {
    const key = nodes.has(parent(id)) ? parent(id) : null;
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(id);
  }
  const render = (id, depth) => {
    const pad = '    '.repeat(depth);
    const resource = own.get(id);
    const attrs = `id="${id}"${resource?.title ? ` title="${escape(resource.title)}" translate="title"` : ''}${resource?.sortOrder !== undefined ? ` sortOrder="${resource.sortOrder}"` : ''}`;
    const kids = children.get(id) ?? [];
    if (kids.length === 0) return `${pad}<resource ${attrs}/>\n`;
    return `${pad}<resource ${attrs}>\n${kids.map((k) => render(k, depth + 1)).join('')}${pad}</resource>\n`;
  };
  const body = (children.get(null) ?? []).map((id) => render(id, 3)).join('');
  return `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
    <acl>
        <resources>
${body}        </resources>
    </acl>
</config>
`;
}

function diXml(moduleNamespace, size, next) {
  const lines = [];
  for (let i = 0; i < size; i++) {
    lines.push(`    <type name="${moduleNamespace}\\Model\\Service${i}">
        <arguments>
            <argument name="logger" xsi:type="object">Psr\\Log\\LoggerInterface</argument>
            <argument name="batchSize" xsi:type="number">${Math.floor(next() * 1000)}</argument>
        </arguments>
    </type>`);
  }
  return `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:ObjectManager/etc/config.xsd">\n${lines.join('\n')}\n</config>\n`;
}

function moduleFiles(root, name, vendorStyle) {
  const [vendor, module] = name.split('_');
  write(path.join(root, 'registration.php'), `<?php\nuse Magento\\Framework\\Component\\ComponentRegistrar;\n\nComponentRegistrar::register(ComponentRegistrar::MODULE, '${name}', __DIR__);\n`);
  write(path.join(root, 'etc', 'module.xml'), `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Module/etc/module.xsd">\n    <module name="${name}"/>\n</config>\n`);
  if (vendorStyle) write(path.join(root, 'composer.json'), JSON.stringify({ name: `${vendor.toLowerCase()}/module-${module.toLowerCase()}`, type: 'magento2-module' }, null, 2));
}

/**
 * Writes the tree and returns what the bench needs: the root, the acl.xml files, a sample of ids.
 * `modules` counts every module, core included.
 */
export function generateTree(root, modules = 1500, seed = 1500) {
  rmSync(root, { recursive: true, force: true });
  const next = random(seed);
  const aclFiles = [];
  // Composer's install record (vendor/composer/installed.json), as a real project has it: Magento finds its
  // vendor components from the registration.php files it autoloads.
  const installed = [];
  const allIds = catalog.resources.map((r) => r.id);
  const parents = new Map(catalog.resources.map((r) => [r.id, r.parent]));
  const parentOf = (id) => parents.get(id) ?? undefined;
  write(path.join(root, 'app', 'etc', 'di.xml'), diXml('Magento\\Framework', 200, next));

  // The core: every catalog module, with its real resources.
  const coreModules = [...new Set(catalog.resources.map((r) => r.module))];
  for (const name of coreModules) {
    const dir = path.join(root, 'vendor', 'magento', `module-${name.split('_')[1].replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`);
    moduleFiles(dir, name, true);
    installed.push({ name: `magento/${path.basename(dir)}`, type: 'magento2-module', autoload: { files: ['registration.php'] }, 'install-path': `../magento/${path.basename(dir)}` });
    const resources = catalog.resources.filter((r) => r.module === name).map((r) => ({ id: r.id, title: r.title, parent: r.parent ?? undefined, sortOrder: r.sortOrder }));
    write(path.join(dir, 'etc', 'acl.xml'), aclXml(resources, parentOf));
    aclFiles.push(path.join(dir, 'etc', 'acl.xml'));
    write(path.join(dir, 'etc', 'di.xml'), diXml(`Magento\\${name.split('_')[1]}`, 150, next));
  }

  // Third-party and project modules.
  const parentCandidates = ['Magento_Backend::admin', 'Magento_Config::config', 'Magento_Sales::sales', 'Magento_Catalog::catalog', 'Magento_Backend::stores'];
  for (let i = coreModules.length; i < modules; i++) {
    const inVendor = next() < 0.6;
    const vendor = `Vendor${i % 97}`;
    const module = `Module${i}`;
    const name = `${vendor}_${module}`;
    const dir = inVendor ? path.join(root, 'vendor', vendor.toLowerCase(), `module-${i}`) : path.join(root, 'app', 'code', vendor, module);
    moduleFiles(dir, name, inVendor);
    if (inVendor) installed.push({ name: `${vendor.toLowerCase()}/module-${i}`, type: 'magento2-module', autoload: { files: ['registration.php'] }, 'install-path': `../${vendor.toLowerCase()}/module-${i}` });
    {
      // Every module declares its own resources: 3 to 23 (about 18k ids over 1,500 modules).
      const count = 3 + Math.floor(next() * 21);
      const top = parentCandidates[Math.floor(next() * parentCandidates.length)];
      const resources = [];
      for (let r = 0; r < count; r++) {
        const id = `${name}::resource_${r}`;
        const parent = r === 0 ? top : `${name}::resource_${Math.floor(next() * r)}`;
        resources.push({ id, title: `${module} resource ${r}`, parent, sortOrder: r * 10 });
        parents.set(id, parent);
        allIds.push(id);
      }
      write(path.join(dir, 'etc', 'acl.xml'), aclXml(resources, parentOf));
      aclFiles.push(path.join(dir, 'etc', 'acl.xml'));
      write(path.join(dir, 'etc', 'webapi.xml'), `<?xml version="1.0"?>\n<routes>\n    <route url="/V1/m${i}" method="GET">\n        <service class="${vendor}\\${module}\\Api\\ServiceInterface" method="get"/>\n        <resources>\n            <resource ref="${name}::resource_0"/>\n        </resources>\n    </route>\n</routes>\n`);
      write(path.join(dir, 'etc', 'adminhtml', 'system.xml'), `<?xml version="1.0"?>\n<config>\n    <system>\n        <section id="m${i}">\n            <resource>${name}::resource_0</resource>\n        </section>\n    </system>\n</config>\n`);
      write(path.join(dir, 'Controller', 'Adminhtml', 'Index', 'Index.php'), `<?php\nnamespace ${vendor}\\${module}\\Controller\\Adminhtml\\Index;\n\nclass Index extends \\Magento\\Backend\\App\\Action\n{\n    const ADMIN_RESOURCE = '${name}::resource_0';\n}\n`);
    }
    // Several hundred large di.xml files that must cost nothing.
    write(path.join(dir, 'etc', 'di.xml'), diXml(`${vendor}\\${module}`, i % 3 === 0 ? 240 : 40, next));
    for (let f = 0; f < 16; f++) write(path.join(dir, 'Model', `Service${f}.php`), `<?php\nnamespace ${vendor}\\${module}\\Model;\n\nclass Service${f}\n{\n    public function run(array $items): array\n    {\n        return array_map(fn ($item) => $item, $items);\n    }\n}\n`);
    write(path.join(dir, 'view', 'adminhtml', 'layout', `m${i}_index_index.xml`), '<page/>\n');
  }

  // Libraries that are not Magento modules: deep trees with no registration.php.
  for (let p = 0; p < Math.max(10, Math.round(modules / 5)); p++) {
    for (let f = 0; f < 30; f++) write(path.join(root, 'vendor', `lib${p % 40}`, `package-${p}`, 'src', `Part${f % 5}`, `Class${f}.php`), `<?php\nclass C${p}_${f} {}\n`);
    installed.push({ name: `lib${p % 40}/package-${p}`, type: 'library', autoload: { 'psr-4': { [`Lib${p}\\`]: 'src/' } }, 'install-path': `../lib${p % 40}/package-${p}` });
  }
  write(path.join(root, 'vendor', 'composer', 'installed.json'), `${JSON.stringify({ packages: installed, dev: false, 'dev-package-names': [] }, null, 4)}\n`);
  // The module Magento loads last (no sequence: Magento_ modules first, then by name in code-unit order): its
  // ids are the last the index reads, so a completion that lists one lists every id.
  const names = [...new Set(allIds.map((id) => id.split('::')[0]))].filter((n) => !n.includes('Magento_')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lastLoaded = names.at(-1);
  return { root, aclFiles, ids: allIds, lastModuleIds: allIds.filter((id) => id.startsWith(`${lastLoaded}::`)) };
}
