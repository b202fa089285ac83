// A symlink loop in a module (`Model/Loop/a -> .`, `b -> .`) once made the PHP walk endless: lint never
// ended and the server burned a core. Walks now enter each real folder once, stay inside the module and
// are depth-bounded. The lint runs in a child process with a time limit, so a hang fails instead of stalling.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { phpFilesOf, xmlFilesUnder } from '../../server/src/workspace/componentScanner';
import { nodeFileSystem } from '../../server/src/workspace/fileSystem';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

describe('symlink loops in a module', function () {
  this.timeout(120_000);
  let root: string;
  let outside: string;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'mik-loop-'));
    outside = mkdtempSync(path.join(tmpdir(), 'mik-outside-'));
    writeFileSync(path.join(outside, 'Elsewhere.php'), '<?php\n');
    const module = path.join(root, 'app/code/Acme/Loop');
    mkdirSync(path.join(module, 'etc/adminhtml/Loop'), { recursive: true });
    mkdirSync(path.join(module, 'Model/Loop'), { recursive: true });
    writeFileSync(path.join(module, 'registration.php'), "<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_Loop', __DIR__);\n");
    writeFileSync(path.join(module, 'etc/module.xml'), '<?xml version="1.0"?>\n<config><module name="Acme_Loop"/></config>\n');
    writeFileSync(path.join(module, 'Model/Thing.php'), '<?php\nclass Thing {}\n');
    writeFileSync(path.join(module, 'etc/adminhtml/menu.xml'), '<config/>\n');
    // Two links to the folder itself (no PHP file inside: the walk's file limit never stops it), and one out of the workspace.
    for (const loop of ['Model/Loop', 'etc/adminhtml/Loop']) {
      symlinkSync('.', path.join(module, loop, 'a'));
      symlinkSync('.', path.join(module, loop, 'b'));
    }
    symlinkSync(outside, path.join(module, 'Model/Out'));
    // A link to a folder of the module itself, whose subfolder is plain: each file once, by one path or the other.
    mkdirSync(path.join(module, 'Api/Deep'), { recursive: true });
    writeFileSync(path.join(module, 'Api/Service.php'), '<?php\n');
    writeFileSync(path.join(module, 'Api/Deep/Detail.php'), '<?php\n');
    symlinkSync('../Api', path.join(module, 'Model/Alias'));
  });

  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('the PHP and XML walks list each file once and leave nothing of the module unread', () => {
    const module = path.join(root, 'app/code/Acme/Loop');
    const php = phpFilesOf(nodeFileSystem, module, 2000);
    assert.deepEqual(php.filter((f) => !/(Service|Detail)\.php$/.test(f)), ['Model/Thing.php', 'registration.php']);
    assert.deepEqual(php.filter((f) => /(Service|Detail)\.php$/.test(f)).map((f) => path.basename(f)).sort(), ['Detail.php', 'Service.php'], 'the linked folder\'s files once each');
    assert.deepEqual(xmlFilesUnder(nodeFileSystem, module, ['etc/adminhtml'], 2000), ['etc/adminhtml/menu.xml']);
  });

  it('lint ends', () => {
    const run = spawnSync(process.execPath, [CLI, 'lint', root, '--format', 'json'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.signal, null, 'lint was stopped by the time limit: it did not end');
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    JSON.parse(run.stdout);
  });
});
