import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { findComponents } from '../../server/src/workspace/componentScanner';
import { memoryFileSystem, nodeFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace, MAX_ACL_FILE_BYTES } from '../../server/src/workspace/magentoWorkspace';
import { aclXml } from './helpers';

describe('finding components and indexing a workspace', () => {
  let root: string;
  const write = (relative: string, text = '') => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const registration = (name: string) => `<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);`;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mik-scan-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds app/code modules, vendor packages and nested registration.php folders, skipping libraries and tests', async () => {
    write('app/code/Acme/Sync/etc/module.xml');
    write('vendor/magento/module-catalog/registration.php', registration('Magento_Catalog'));
    write('vendor/acme/monorepo/src/Feed/registration.php', registration('Acme_Feed'));
    write('vendor/symfony/console/Command/Command.php');
    write('packages/Tools/Importer/registration.php', registration('Tools_Importer'));
    write('dev/tests/Fixture/registration.php', registration('Fixture_Module'));
    write('node_modules/x/registration.php');
    const modules = (await findComponents(nodeFileSystem, root)).map((m) => [path.relative(root, m.root), m.vendor]).sort();
    assert.deepEqual(modules, [
      ['app/code/Acme/Sync', false],
      ['packages/Tools/Importer', false],
      ['vendor/acme/monorepo/src/Feed', true],
      ['vendor/magento/module-catalog', true],
    ]);
  });

  it('treats a folder with registration.php at its root as a standalone module', async () => {
    write('registration.php', registration('Acme_Standalone'));
    write('Test/Unit/registration.php');
    assert.deepEqual((await findComponents(nodeFileSystem, root)).map((m) => m.root), [root]);
  });

  it('indexes every acl.xml, skips oversized ones, and drops vanished files on rebuild', async () => {
    write('app/code/Acme/Sync/registration.php', registration('Acme_Sync'));
    write('app/code/Acme/Huge/registration.php', registration('Acme_Huge'));
    write('app/code/Acme/Sync/etc/acl.xml', aclXml('<resource id="Magento_Backend::admin"><resource id="Acme_Sync::sync" title="Sync"/></resource>'));
    write('app/code/Acme/Huge/etc/acl.xml', aclXml(`<resource id="Acme_Huge::x" title="Huge"/>${' '.repeat(MAX_ACL_FILE_BYTES)}`));
    const logs: string[] = [];
    const workspace = new MagentoWorkspace(nodeFileSystem, { log: (m) => logs.push(m) });
    const index = workspace.acl;
    const result = await workspace.index([root]);
    assert.equal(result.aclFiles, 1);
    assert.ok(index.snapshot().get('Acme_Sync::sync'));
    assert.equal(index.snapshot().get('Acme_Huge::x'), undefined);
    assert.match(logs.join('\n'), /too large for an acl\.xml/);
    rmSync(path.join(root, 'app/code/Acme/Sync/etc/acl.xml'));
    await workspace.index([root]);
    assert.equal(index.snapshot().get('Acme_Sync::sync'), undefined);
  });
});

describe('which open documents a change affects', () => {
  const register = (name: string) => `<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);`;
  const A = '/p/app/code/Acme/A';
  const B = '/p/app/code/Acme/B';
  const open = [`${A}/etc/integration/config.xml`, `${A}/etc/module.xml`, `${A}/etc/webapi.xml`, `${B}/etc/integration.xml`, `${B}/etc/webapi.xml`, `${B}/composer.json`];

  it('re-checks everything for the ACL tree and the module graph, the module and the other integrations for an integration file, the module for PHP, the integrations for a route or admin file, nothing else', async () => {
    const workspace = new MagentoWorkspace(memoryFileSystem({
      [`${A}/registration.php`]: register('Acme_A'),
      [`${B}/registration.php`]: register('Acme_B'),
    }));
    await workspace.index(['/p']);
    const affected = (file: string) => workspace.affectedBy([file], open).sort();
    for (const file of [`${A}/etc/acl.xml`, `${B}/etc/module.xml`, `${A}/registration.php`, '/p/app/etc/config.php']) assert.deepEqual(affected(file), [...open].sort(), file);
    assert.deepEqual(affected(`${A}/etc/integration/config.xml`), [`${A}/etc/module.xml`, `${A}/etc/webapi.xml`, `${B}/etc/integration.xml`]);
    assert.deepEqual(affected(`${B}/Setup/Patch/Data/Install.php`), [`${B}/composer.json`, `${B}/etc/integration.xml`, `${B}/etc/webapi.xml`]);
    // A route that starts or stops naming an id changes what the integrations' grants open (integration/unused-grant).
    assert.deepEqual(affected(`${A}/etc/webapi.xml`), [`${A}/etc/integration/config.xml`, `${B}/etc/integration.xml`]);
    assert.deepEqual(affected(`${B}/composer.json`), []);
  });
});
