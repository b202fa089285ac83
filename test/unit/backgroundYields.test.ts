// Background work gives way to an editor in use through all its phases: while the editor is busy (the quiet
// wait held), the workspace check reads nothing more, its file collection included (each module's PHP walk),
// and it completes once the editor is quiet. Counted in file system calls, not in time.
import * as assert from 'node:assert/strict';
import { WorkspaceDiagnostics } from '../../server/src/lsp/workspaceDiagnostics';
import { workspaceLanguageService } from '../../server/src/service/workspaceService';
import { memoryFileSystem, WorkspaceFileSystem } from '../../server/src/workspace/fileSystem';
import { MagentoWorkspace } from '../../server/src/workspace/magentoWorkspace';

/** Spins for `ms` (a slow disk): slices then end after a few calls. */
const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) { /* a slow read */ }
};

/** `count` app/code modules (registration.php, module.xml), each given its extra files by `more`. */
function acmeModules(count: number, more: (root: string, files: Record<string, string>) => void = () => {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (let m = 0; m < count; m++) {
    const root = `/p/app/code/Acme/M${m}`;
    files[`${root}/registration.php`] = `<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_M${m}', __DIR__);`;
    files[`${root}/etc/module.xml`] = `<config><module name="Acme_M${m}"/></config>`;
    more(root, files);
  }
  return files;
}

describe('background work and a busy editor', function () {
  this.timeout(60_000);

  it('the workspace check collects and checks nothing while the editor is busy, and finishes once it is quiet', async () => {
    const files = acmeModules(60, (root, files) => {
      for (let f = 0; f < 5; f++) files[`${root}/Model/Part${f}/Thing.php`] = '<?php class Thing {}';
    });
    const memory = memoryFileSystem(files);
    let reads = 0;
    let slow = false;
    const counted: WorkspaceFileSystem = {
      ...memory,
      readDirectory: (folder) => {
        reads++;
        if (slow) spin(1);
        return memory.readDirectory(folder);
      },
    };
    const workspace = new MagentoWorkspace(counted);
    await workspace.index(['/p']);
    let release: () => void = () => {};
    const busy = new Promise<void>((resolve) => (release = resolve));
    let quietAsked = 0;
    const check = new WorkspaceDiagnostics({
      workspace, service: workspaceLanguageService(workspace), isOpen: () => false, publish: () => {}, enabled: () => true, log: () => {},
      whenQuiet: () => {
        quietAsked++;
        return busy;
      },
    });
    reads = 0;
    slow = true;
    let done = false;
    const finished = check.checkAll().then((complete) => (done = complete));
    // The first slice runs; then the check waits for the editor.
    for (let i = 0; i < 200 && quietAsked === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.ok(quietAsked > 0, 'the check asked for a quiet editor');
    const whileBusy = reads;
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(reads, whileBusy, 'nothing read while the editor is busy');
    assert.ok(whileBusy < 60 * 4, `the first slice read ${whileBusy} folders, not the whole collection`);
    assert.equal(done, false);
    release();
    await finished;
    assert.equal(done, true);
    assert.ok(reads > whileBusy);
  });

  it('the index describes modules in slices: on a slow disk, events run before it has read every module.xml', async () => {
    const files = acmeModules(60);
    const memory = memoryFileSystem(files);
    let moduleXmlReads = 0;
    const slowDisk: WorkspaceFileSystem = {
      ...memory,
      readFile: (file, maxBytes) => {
        if (file.endsWith('/etc/module.xml')) {
          moduleXmlReads++;
          spin(1);
        }
        return memory.readFile(file, maxBytes);
      },
    };
    const workspace = new MagentoWorkspace(slowDisk);
    let readWhenEventsRan: number | undefined;
    const events = (async () => {
      while (readWhenEventsRan === undefined) {
        await new Promise((resolve) => setImmediate(resolve));
        if (moduleXmlReads > 0) readWhenEventsRan = moduleXmlReads;
      }
    })();
    await workspace.index(['/p']);
    await events;
    assert.equal(workspace.modules.length, 60);
    assert.ok(readWhenEventsRan! < 60, `events ran only after ${readWhenEventsRan} of 60 module.xml reads`);
  });
});
