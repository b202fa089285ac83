// The CLI's lint reads each file of the project once: the index, the checks and the module facts share
// one read of module.xml, acl.xml, registration.php and the rest (a counting file system over the disk).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lint } from '../../server/src/cli/lint';
import { memoryFileSystem, nodeFileSystem, readOnceFileSystem, WorkspaceFileSystem } from '../../server/src/workspace/fileSystem';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('lint reads', () => {
  it('each file once, with the same diagnostics as reading afresh each time', async () => {
    const reads = new Map<string, number>();
    const counting: WorkspaceFileSystem = {
      ...nodeFileSystem,
      readFile: (file, maxBytes) => {
        reads.set(file, (reads.get(file) ?? 0) + 1);
        return nodeFileSystem.readFile(file, maxBytes);
      },
    };
    const diagnostics = await lint([FIXTURE], counting);
    const twice = [...reads].filter(([, count]) => count > 1).map(([file]) => path.relative(FIXTURE, file));
    assert.deepEqual(twice, []);
    assert.ok(reads.size > 20, `read ${reads.size} files`);
    assert.ok(diagnostics.some((d) => d.code === 'acl/unknown-resource'));
  });

  it('asks the disk for the real path of each folder once (each walk of the PHP files of a module starts with its root)', async () => {
    const asked = new Map<string, number>();
    const counting: WorkspaceFileSystem = {
      ...nodeFileSystem,
      realPath: (folder) => {
        asked.set(folder, (asked.get(folder) ?? 0) + 1);
        return nodeFileSystem.realPath!(folder);
      },
    };
    await lint([FIXTURE], counting);
    assert.ok(asked.size > 5, `asked for ${asked.size} folders`);
    assert.deepEqual([...asked].filter(([, count]) => count > 1), []);
  });

  it('lets a released text go: the next read of it goes to the disk again', () => {
    const disk = memoryFileSystem({ '/p/etc/acl.xml': 'first' });
    let reads = 0;
    const once = readOnceFileSystem({ ...disk, readFile: (file, maxBytes) => (reads++, disk.readFile(file, maxBytes)) });
    assert.equal(once.readFile('/p/etc/acl.xml'), 'first');
    assert.equal(once.readFile('/p/etc/acl.xml'), 'first');
    assert.equal(reads, 1);
    disk.files.set('/p/etc/acl.xml', 'second');
    once.release('/p/etc/acl.xml');
    assert.equal(once.readFile('/p/etc/acl.xml'), 'second');
    assert.equal(reads, 2);
  });
});
