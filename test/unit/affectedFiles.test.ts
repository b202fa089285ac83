// Which open files an edit reaches (re-checked), table-driven on paths alone.
import * as assert from 'node:assert/strict';
import { affectedOpenFiles } from '../../server/src/workspace/affectedFiles';

const OPEN = [
  '/p/app/code/Acme/Sync/etc/integration.xml',
  '/p/app/code/Acme/Sync/etc/module.xml',
  '/p/app/code/Acme/Sync/Setup/Patch/Data/Install.php',
  '/p/app/code/Acme/Other/etc/integration/api.xml',
  '/p/app/code/Acme/Other/etc/webapi.xml',
];
const componentOf = (file: string) => ({ root: file.split('/').slice(0, 6).join('/') });

describe('affectedOpenFiles', () => {
  const cases: Array<[string, string, string[]]> = [
    ['an acl.xml moves the tree: every open file', '/p/app/code/Acme/Other/etc/acl.xml', OPEN],
    ['config.php switches modules: every open file', '/p/app/etc/config.php', OPEN],
    ['a webapi.xml changes what grants open: the integration files', '/p/app/code/Acme/Other/etc/webapi.xml', [OPEN[0], OPEN[3]]],
    ['an integration file: its module\'s files and the other integration files', OPEN[0], [OPEN[1], OPEN[2], OPEN[3]]],
    ['a setup class: its module\'s files', OPEN[2], [OPEN[0], OPEN[1]]],
    ['a file that only refers to ids: nothing else', '/p/app/code/Acme/Other/etc/adminhtml/routes.xml', []],
  ];
  for (const [name, changed, expected] of cases) {
    it(name, () => assert.deepEqual(affectedOpenFiles([changed], OPEN, componentOf).sort(), [...expected].sort()));
  }
});
