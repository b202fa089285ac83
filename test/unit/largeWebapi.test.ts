// A webapi.xml larger than other module files (a generated one with thousands of routes) is read by the
// route index, as lint reads it; one past the index's limit is named, never dropped without a word.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MAX_ROUTE_FILE_BYTES } from '../../server/src/workspace/magentoWorkspace';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function moduleWithRoutes(root: string, name: string, routes: number, padding = 0): string {
  const [vendor, module] = name.split('_');
  const dir = path.join(root, 'app/code', vendor, module);
  mkdirSync(path.join(dir, 'etc'), { recursive: true });
  writeFileSync(path.join(dir, 'registration.php'), `<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, '${name}', __DIR__);\n`);
  writeFileSync(path.join(dir, 'etc/module.xml'), `<?xml version="1.0"?>\n<config><module name="${name}"/></config>\n`);
  writeFileSync(path.join(dir, 'etc/acl.xml'), `<?xml version="1.0"?>\n<config><acl><resources><resource id="Magento_Backend::admin"><resource id="${name}::read" title="Read"/></resource></resources></acl></config>\n`);
  const body = Array.from({ length: routes }, (_, i) =>
    `  <route url="/V1/generated/${name}/item${i}" method="GET">\n    <service class="${vendor}\\${module}\\Api\\ReadInterface" method="get${i}"/>\n    <resources>\n      <resource ref="${name}::read"/>\n    </resources>\n  </route>\n`).join('');
  const file = path.join(dir, 'etc/webapi.xml');
  writeFileSync(file, `<?xml version="1.0"?>\n<routes>\n${body}<!--${' '.repeat(padding)}-->\n</routes>\n`);
  return file;
}

describe('a large webapi.xml', function () {
  this.timeout(120000);
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 'mik-webapi-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is read by routes when it holds 20,000 routes (over 1 MiB), as lint reads it', () => {
    const file = moduleWithRoutes(root, 'Gen_Big', 20000);
    assert.ok(statSync(file).size > 1024 * 1024, 'over 1 MiB');
    const result = spawnSync(process.execPath, [CLI, 'routes', '--call', 'GET /V1/generated/Gen_Big/item19999', root], { encoding: 'utf8', timeout: 60000 });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /<resource name="Gen_Big::read"\/>/);
    assert.equal(result.stderr, '');
  });

  it('is named on standard error when it is past the route index\'s limit, not dropped silently', () => {
    const file = moduleWithRoutes(root, 'Gen_Huge', 1, MAX_ROUTE_FILE_BYTES);
    moduleWithRoutes(root, 'Gen_Small', 2);
    const result = spawnSync(process.execPath, [CLI, 'routes', '--call', 'GET /V1/generated/Gen_Huge/item0', '--call', 'GET /V1/generated/Gen_Small/item1', root], { encoding: 'utf8', timeout: 60000 });
    assert.equal(result.status, 1, 'the huge module\'s route is not known');
    assert.ok(result.stderr.includes(`routes: skipped ${file}:`), result.stderr);
    assert.match(result.stderr, /more than the 16,777,216 the route index reads: its routes are not known/);
    assert.match(result.stdout, /Gen_Small::read/, 'the other module\'s routes are read');
  });
});
