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

  it('in a Magento root with Composer\'s installed.json, finds the components Magento registers: the glob list\'s and the autoloaded registration.php files, nothing else', async () => {
    write('app/etc/di.xml', '<config/>');
    write('app/code/Acme/Sync/registration.php', registration('Acme_Sync'));
    // A folder of app/code without registration.php (tests or overrides): not a component to Magento.
    write('app/code/Magento/Catalog/Test/Mftf/Test/ProductTest.xml');
    // A module being written: module.xml, no registration.php yet. Checked, so its author hears what is missing.
    write('app/code/Acme/Draft/etc/module.xml', '<config><module name="Acme_Draft"/></config>');
    write('app/design/frontend/Acme/theme/registration.php');
    write('app/i18n/acme/de_de/registration.php');
    // The project's own glob list adds a folder of its own.
    write('app/etc/registration_globlist.php', "<?php\nreturn [\n    'app/code/*/*/cli_commands.php',\n    'app/code/*/*/registration.php',\n    'app/design/*/*/*/registration.php',\n    'app/i18n/*/*/registration.php',\n    'extensions/*/*/registration.php',\n];\n");
    write('extensions/Acme/Extra/registration.php', registration('Acme_Extra'));
    write('vendor/magento/module-catalog/registration.php', registration('Magento_Catalog'));
    write('vendor/acme/monorepo/src/Feed/registration.php', registration('Acme_Feed'));
    // Installed by hand, unknown to Composer: Magento never loads it.
    write('vendor/stray/module-x/registration.php', registration('Stray_X'));
    write('vendor/composer/installed.json', JSON.stringify({ packages: [
      { name: 'magento/module-catalog', type: 'magento2-module', autoload: { files: ['registration.php'], 'psr-4': { 'Magento\\Catalog\\': '' } }, 'install-path': '../magento/module-catalog' },
      { name: 'acme/monorepo', type: 'magento2-module', autoload: { files: ['src/Feed/registration.php'] }, 'install-path': '../acme/monorepo' },
      { name: 'symfony/console', type: 'library', autoload: { 'psr-4': { 'Symfony\\Component\\Console\\': '' } }, 'install-path': '../symfony/console' },
      { name: 'evil/escape', type: 'magento2-module', autoload: { files: ['registration.php'] }, 'install-path': '../../../outside' },
    ] }));
    const modules = (await findComponents(nodeFileSystem, root)).map((m) => [path.relative(root, m.root), m.vendor]).sort();
    assert.deepEqual(modules, [
      ['app/code/Acme/Draft', false],
      ['app/code/Acme/Sync', false],
      ['app/design/frontend/Acme/theme', false],
      ['app/i18n/acme/de_de', false],
      ['extensions/Acme/Extra', false],
      ['vendor/acme/monorepo/src/Feed', true],
      ['vendor/magento/module-catalog', true],
    ]);
  });

  it('reads Composer 1\'s installed.json (a list, each package at vendor/<name>), and walks the tree where there is none', async () => {
    write('app/etc/env.php', '<?php return [];');
    write('app/code/Acme/Sync/registration.php', registration('Acme_Sync'));
    write('vendor/magento/module-catalog/registration.php', registration('Magento_Catalog'));
    write('vendor/stray/module-x/registration.php', registration('Stray_X'));
    write('vendor/composer/installed.json', JSON.stringify([{ name: 'magento/module-catalog', autoload: { files: ['registration.php'] } }]));
    const listed = async () => (await findComponents(nodeFileSystem, root)).map((m) => path.relative(root, m.root)).sort();
    assert.deepEqual(await listed(), ['app/code/Acme/Sync', 'vendor/magento/module-catalog']);
    rmSync(path.join(root, 'vendor/composer/installed.json'));
    assert.deepEqual(await listed(), ['app/code/Acme/Sync', 'vendor/magento/module-catalog', 'vendor/stray/module-x'], 'no install record: the walk finds every registration.php');
  });

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

  it('reads the modules\' acl.xml files in Magento\'s load order (sequence first), not in the order they are found', async () => {
    // Found A, B, C (folder order); C loads first (A and B name it in their sequence), then B before A.
    const module = (name: string, sequence: string[]) => `<config><module name="${name}">${sequence.length ? `<sequence>${sequence.map((s) => `<module name="${s}"/>`).join('')}</sequence>` : ''}</module></config>`;
    for (const [folder, name, sequence] of [['A', 'Acme_A', ['Acme_C', 'Acme_B']], ['B', 'Acme_B', ['Acme_C']], ['C', 'Acme_C', []]] as const) {
      write(`app/code/Acme/${folder}/registration.php`, registration(name));
      write(`app/code/Acme/${folder}/etc/module.xml`, module(name, [...sequence]));
      write(`app/code/Acme/${folder}/etc/acl.xml`, aclXml(`<resource id="Magento_Backend::admin"><resource id="${name}::top" title="${name}"/></resource>`));
    }
    const read: string[] = [];
    const workspace = new MagentoWorkspace({ ...nodeFileSystem, readFile: (file, maxBytes) => {
      if (file.endsWith('/etc/acl.xml')) read.push(path.basename(path.dirname(path.dirname(file))));
      return nodeFileSystem.readFile(file, maxBytes);
    } });
    await workspace.index([root]);
    assert.deepEqual(read, ['C', 'B', 'A']);
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
