// The CLI's lint reads each file of the project once: the index, the checks and the module facts share
// one read of module.xml, acl.xml, registration.php and the rest (a counting file system over the disk).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { lint } from '../../server/src/cli/lint';
import { nodeFileSystem, WorkspaceFileSystem } from '../../server/src/workspace/fileSystem';

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
});
