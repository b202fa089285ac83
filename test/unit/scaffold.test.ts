// Scaffolded modules must pass Magento's XSDs (xmllint), php -l, composer validate and our own lint, in
// every layout; refusals must write nothing.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { lint } from '../../server/src/cli/lint';
import { AclIndex } from '../../server/src/magento/aclIndex';
import { bundledCoreCatalog } from '../../server/src/magento/coreCatalog';
import { generateModule } from '../../server/src/scaffold/generateModule';
import { ModuleInput, notLocalAppWarning, ScaffoldError, urlWarnings } from '../../server/src/scaffold/inputs';
import { dataPatchClassName } from '../../server/src/scaffold/templates';
import { writeAllOrNothing } from '../../server/src/scaffold/writeFiles';

const CLI = path.resolve(__dirname, '../../dist/cli.js');
const CATALOG = path.resolve(__dirname, '../../data/magento-xsd/catalog.xml');
const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const SCHEMAS: Record<string, string[]> = {
  'etc/integration.xml': ['urn:magento:module:Magento_Integration:etc/integration/integration_file.xsd', 'urn:magento:module:Magento_Integration:etc/integration/integration.xsd'],
  'etc/integration/config.xml': ['urn:magento:module:Magento_Integration:etc/integration/config.xsd'],
  'etc/integration/api.xml': ['urn:magento:module:Magento_Integration:etc/integration/api.xsd'],
  'etc/acl.xml': ['urn:magento:framework:Acl/etc/acl.xsd'],
  'etc/module.xml': ['urn:magento:framework:Module/etc/module.xsd'],
};

function cli(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function snapshot(folder: string): Map<string, string> {
  return new Map(listFiles(folder).map((file) => [file, readFileSync(path.join(folder, file), 'latin1')]));
}

const HOSTILE_NAME = `Acme "ERP" & <Sync> it's \\ done`;
const EMAIL = `o'brien&co"x"@acme.example`;
const ENDPOINT = 'https://erp.example.com/magento/callback?tenant=1&mode=a';

const COMBINATIONS: Array<{ layout: string; setup?: string; expected: string[] }> = [
  { layout: 'current', expected: ['composer.json', 'etc/acl.xml', 'etc/integration.xml', 'etc/module.xml', 'registration.php'] },
  { layout: 'legacy', setup: 'data-patch', expected: ['Setup/Patch/Data/CreateAcmeERPSyncItSDoneIntegration.php', 'composer.json', 'etc/acl.xml', 'etc/integration/api.xml', 'etc/integration/config.xml', 'etc/module.xml', 'registration.php'] },
  { layout: 'legacy', setup: 'install-data', expected: ['Setup/InstallData.php', 'composer.json', 'etc/acl.xml', 'etc/integration/api.xml', 'etc/integration/config.xml', 'etc/module.xml', 'registration.php'] },
];

describe('scaffold', function () {
  this.timeout(60_000);
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(tmpdir(), 'mik-scaffold-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  for (const { layout, setup, expected } of COMBINATIONS) {
    it(`${layout}${setup ? ` + ${setup}` : ''}: passes xmllint, php -l, composer validate and our lint, and a second run is refused`, () => {
      const args = ['scaffold', '--root', work, '--vendor', 'Acme', '--module', 'ErpSync', '--integration', HOSTILE_NAME, '--email', EMAIL,
        '--endpoint-url', ENDPOINT, '--identity-link-url', 'https://erp.example.com/login',
        '--resource', 'Magento_Sales::actions_view', '--resource', 'Magento_Catalog::products', '--resource', 'Acme_ErpSync::sync_orders', '--layout', layout];
      if (setup) args.push('--setup', setup);
      const result = cli(...args);
      assert.equal(result.status, 0, result.stderr);
      const moduleRoot = path.join(work, 'app/code/Acme/ErpSync');
      assert.deepEqual(listFiles(moduleRoot), expected);
      for (const file of expected) assert.match(result.stdout, new RegExp(`created ${path.join(moduleRoot, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));

      for (const [file, schemas] of Object.entries(SCHEMAS)) {
        if (!expected.includes(file)) continue;
        for (const schema of schemas) {
          const xmllint = spawnSync('xmllint', ['--nonet', '--noout', '--schema', schema, path.join(moduleRoot, file)], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, XML_CATALOG_FILES: CATALOG } });
          assert.equal(xmllint.status, 0, `${file} against ${schema}: ${xmllint.stderr}`);
        }
        // Escaped values come back unchanged once parsed.
        const name = spawnSync('xmllint', ['--xpath', 'string(//integration/@name)', path.join(moduleRoot, file)], { encoding: 'utf8', timeout: 60_000 });
        if (file.includes('integration')) assert.equal(name.stdout.replace(/\n$/, ''), HOSTILE_NAME);
      }
      for (const file of expected.filter((f) => f.endsWith('.php'))) {
        const php = spawnSync('php', ['-l', path.join(moduleRoot, file)], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(php.status, 0, `${file}: ${php.stdout}${php.stderr}`);
        const literal = /processIntegrationConfig\(\[('(?:[^'\\]|\\.)*')\]\)/.exec(readFileSync(path.join(moduleRoot, file), 'utf8'));
        if (literal) assert.equal(spawnSync('php', ['-r', `echo ${literal[1]};`], { encoding: 'utf8', timeout: 60_000 }).stdout, HOSTILE_NAME);
      }
      const composer = spawnSync('composer', ['validate', '--no-check-publish', '--no-check-all', '--no-interaction'], { cwd: moduleRoot, encoding: 'utf8', timeout: 60_000, env: { ...process.env, COMPOSER_HOME: path.join(work, '.composer') } });
      assert.equal(composer.status, 0, composer.stdout + composer.stderr);
      const json = JSON.parse(readFileSync(path.join(moduleRoot, 'composer.json'), 'utf8'));
      assert.equal(json.name, 'acme/module-erp-sync');

      return lint([moduleRoot]).then((diagnostics) => {
        // The legacy pair carries the deprecation hint by design; nothing else may be reported.
        const unexpected = diagnostics.filter((d) => !(layout === 'legacy' && d.code === 'integration/legacy-format'));
        assert.deepEqual(unexpected, []);

        const before = snapshot(moduleRoot);
        rmSync(path.join(work, '.composer'), { recursive: true, force: true });
        const again = cli(...args);
        assert.equal(again.status, 1);
        assert.match(again.stderr, /already exists/);
        assert.deepEqual(snapshot(moduleRoot), before);
      });
    });
  }

  it('refuses a module or an integration name the project already has, naming it', () => {
    cpSync(FIXTURE, work, { recursive: true });
    const before = snapshot(work);
    const sameModule = cli('scaffold', '--root', work, '--vendor', 'Acme', '--module', 'Sync', '--integration', 'Brand new', '--email', 'a@b.example');
    assert.equal(sameModule.status, 1);
    assert.match(sameModule.stderr, /Module Acme_Sync already exists at .*app\/code\/Acme\/Sync/);
    const sameIntegration = cli('scaffold', '--root', work, '--vendor', 'Acme', '--module', 'Other', '--integration', 'AcmeSync', '--email', 'a@b.example');
    assert.equal(sameIntegration.status, 1);
    assert.match(sameIntegration.stderr, /integration named "AcmeSync" is already configured/);
    assert.deepEqual(snapshot(work), before);
  });

  const HOSTILE: Array<[string, string[], RegExp]> = [
    ['a vendor with ../', ['--vendor', '../Evil'], /path separators/],
    ['a module with a slash', ['--module', 'Erp/Sync'], /path separators/],
    ['a vendor with whitespace', ['--vendor', 'Ac me'], /whitespace/],
    ['a lowercase vendor', ['--vendor', 'acme'], /not a valid vendor name/],
    ['a one-letter module', ['--module', 'E'], /not a valid module name/],
    ['a module with <', ['--module', 'Erp<x>'], /not a valid module name/],
    ['a one-character integration', ['--integration', 'x'], /at least 2 characters/],
    ['an integration with a line break', ['--integration', 'Erp\nSync'], /integration name contains a control character \(U\+000A\) at position 4/],
    ['an email with a NUL', ['--email', 'ops\u0001@acme.example'], /email contains a control character \(U\+0001\) at position 4/],
    ['an email with an ESC', ['--email', 'ops@acme.example\u001b[31m'], /email contains a control character \(U\+001B\)/],
    ['a URL with a control character', ['--endpoint-url', 'https://erp.example/cb\u0007'], /endpoint URL contains a control character \(U\+0007\)/],
    ['the vendor CON', ['--vendor', 'CON'], /"CON" is a device name Windows reserves/],
    ['the module Nul', ['--module', 'Nul'], /"Nul" is a device name Windows reserves/],
    ['the module COM1', ['--module', 'COM1'], /"COM1" is a device name Windows reserves/],
    ['the vendor LPT1', ['--vendor', 'LPT1'], /"LPT1" is a device name Windows reserves/],
    ['an email without a dot', ['--email', 'ops@localhost'], /not an email/],
    ['a javascript: URL', ['--endpoint-url', 'javascript:alert(1)'], /must use http or https/],
    ['a relative URL', ['--identity-link-url', '/login'], /absolute http\(s\) URL/],
    ['an unknown resource', ['--resource', 'Magento_Catalog::prodcts'], /Unknown ACL resource "Magento_Catalog::prodcts"/],
    ['a malformed resource', ['--resource', 'catalog'], /not an ACL id/],
    ['the legacy layout without resources', ['--layout', 'legacy'], /at least one ACL resource/],
  ];
  for (const [what, override, message] of HOSTILE) {
    it(`refuses ${what} and writes nothing`, () => {
      const options = new Map([['--vendor', 'Acme'], ['--module', 'ErpSync'], ['--integration', 'Erp Sync'], ['--email', 'ops@acme.example']]);
      for (let i = 0; i < override.length; i += 2) options.set(override[i], override[i + 1]);
      const result = cli('scaffold', '--root', work, ...[...options].flat());
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.deepEqual(readdirSync(work), []);
    });
  }

  it('exits 2 on bad usage', () => {
    assert.equal(cli('scaffold', '--root', work, '--vendor', 'Acme').status, 2);
    assert.equal(cli('scaffold', '--root', path.join(work, 'missing'), '--vendor', 'Acme', '--module', 'Erp', '--integration', 'Erp', '--email', 'a@b.example').status, 2);
    assert.equal(cli('scaffold', '--root', work, '--vendor', 'Acme', '--module', 'Erp', '--integration', 'Erp', '--email', 'a@b.example', '--layout', 'old').status, 2);
    assert.deepEqual(readdirSync(work), []);
  });

  it('leaves nothing behind when a write fails midway', () => {
    const moduleRoot = path.join(work, 'Acme/ErpSync');
    mkdirSync(moduleRoot, { recursive: true });
    writeFileSync(path.join(moduleRoot, 'Setup'), 'a file where a folder must go');
    const { files } = generateModule(moduleInput({ layout: 'legacy', setup: 'data-patch' }), new AclIndex(bundledCoreCatalog()).snapshot());
    assert.throws(() => writeAllOrNothing(moduleRoot, files), (error: Error) => error instanceof ScaffoldError && /nothing was left behind/.test(error.message));
    assert.deepEqual(listFiles(moduleRoot), ['Setup']);
    assert.equal(readFileSync(path.join(moduleRoot, 'Setup'), 'utf8'), 'a file where a folder must go');
    assert.ok(statSync(moduleRoot).isDirectory());
    assert.deepEqual(readdirSync(moduleRoot), ['Setup'], 'the etc/ folder it created is removed again');
  });

  it('refuses paths that leave the target folder', () => {
    assert.throws(() => writeAllOrNothing(work, new Map([['../escape.txt', 'x']])), /outside/);
    assert.deepEqual(readdirSync(work), []);
  });

  for (const linked of ['app/code', 'app/code/Acme', 'app/code/Acme/ErpSync']) {
    it(`refuses a symbolic link (${linked}) that leads the writes outside --root, saying where it points`, () => {
      const outside = mkdtempSync(path.join(tmpdir(), 'mik-outside-'));
      try {
        mkdirSync(path.dirname(path.join(work, linked)), { recursive: true });
        symlinkSync(outside, path.join(work, linked));
        const result = cli('scaffold', '--root', work, '--vendor', 'Acme', '--module', 'ErpSync', '--integration', 'Erp Sync', '--email', 'ops@acme.example');
        assert.equal(result.status, 1, result.stdout);
        assert.match(result.stderr, new RegExp(`${path.join(work, linked).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a symbolic link to ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, outside ${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
        assert.deepEqual(readdirSync(outside), [], 'nothing was written where the link points');
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });
  }

  it('follows a symbolic link that stays inside --root', () => {
    mkdirSync(path.join(work, 'modules'), { recursive: true });
    mkdirSync(path.join(work, 'app'), { recursive: true });
    symlinkSync(path.join(work, 'modules'), path.join(work, 'app/code'));
    const result = cli('scaffold', '--root', work, '--vendor', 'Acme', '--module', 'ErpSync', '--integration', 'Erp Sync', '--email', 'ops@acme.example');
    assert.equal(result.status, 0, result.stderr);
    assert.ok(readdirSync(path.join(work, 'modules/Acme/ErpSync')).includes('registration.php'));
  });
});

function moduleInput(overrides: Partial<ModuleInput>): ModuleInput {
  return {
    vendor: 'Acme', module: 'ErpSync', layout: 'current', setup: 'data-patch',
    integration: { name: 'Erp Sync', email: 'ops@acme.example', resources: ['Magento_Catalog::products'] },
    ...overrides,
  };
}

describe('scaffold generator', () => {
  const acl = new AclIndex(bundledCoreCatalog()).snapshot();

  it('lists parents before children, without Magento\'s root, and each id once', () => {
    const { files } = generateModule(moduleInput({ integration: { name: 'Erp', email: 'a@b.example', resources: ['Magento_Catalog::products', 'Magento_Catalog::catalog'] } }), acl);
    const ids = [...files.get('etc/integration.xml')!.matchAll(/resource name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(ids, ['Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products']);
  });

  it('declares the module\'s own new resources in etc/acl.xml with a title', () => {
    const { files } = generateModule(moduleInput({ integration: { name: 'Erp', email: 'a@b.example', resources: ['Acme_ErpSync::orders'] } }), acl);
    assert.match(files.get('etc/acl.xml')!, /<resource id="Magento_Backend::admin">\s*<resource id="Acme_ErpSync::orders" title="Orders"\/>/);
  });

  it('omits <resources> when nothing is granted, as the XSD requires', () => {
    const { files } = generateModule(moduleInput({ integration: { name: 'Erp', email: 'a@b.example', resources: [] } }), acl);
    assert.doesNotMatch(files.get('etc/integration.xml')!, /resources/);
    assert.equal(files.has('etc/acl.xml'), false);
  });

  it('makes a PHP class name of any integration name', () => {
    assert.equal(dataPatchClassName('acme erp-sync 2'), 'CreateAcmeErpSync2Integration');
    assert.equal(dataPatchClassName('<<>>'), 'CreateIntegration');
  });

  it('warns about one URL without the other, and about http to a remote host', () => {
    assert.match(urlWarnings('https://a.example/cb', undefined).join(), /skips the OAuth exchange/);
    assert.match(urlWarnings('http://a.example/cb', 'https://a.example/login').join(), /plain http for a\.example/);
    assert.deepEqual(urlWarnings('http://localhost:8080/cb', 'http://127.0.0.1/login'), []);
  });

  it('warns before the simulated store posts test credentials to an app that is not on this machine', () => {
    assert.match(notLocalAppWarning('https://crm.acme.example/magento/callback') ?? '', /crm\.acme\.example is not this machine.*http:\/\/127\.0\.0\.1:8000/);
    for (const local of ['http://127.0.0.1:8000/cb', 'http://localhost/cb', 'http://[::1]:3000/cb', 'http://127.1.2.3/cb', 'http://app.localhost/cb']) {
      assert.equal(notLocalAppWarning(local), undefined, local);
    }
  });
});
