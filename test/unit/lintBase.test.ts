// `lint --base REF`: a change since REF to an integration's grants, email or URLs, said as what every store's
// next setup:upgrade does with it (reset for integration.xml; nothing for the legacy pair). A real git
// repository of the fixture project, changed as a developer changes it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../../server/src/cli/main';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('lint --base: what a change since a git revision does to the stores', function () {
  this.timeout(60000);
  let repo: string;
  const git = (...args: string[]) => {
    const result = spawnSync('git', ['-C', repo, '-c', 'user.name=Dev', '-c', 'user.email=dev@example.com', ...args], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const edit = (relative: string, from: string, to: string) => {
    const file = path.join(repo, relative);
    const text = readFileSync(file, 'utf8');
    assert.ok(text.includes(from), `${relative} holds ${from}`);
    writeFileSync(file, text.replace(from, to));
  };
  async function lintBase(...args: string[]): Promise<{ code: number; diagnostics: Array<{ file: string; line: number; code: string; message: string }>; err: string }> {
    let out = '';
    let err = '';
    const code = await run(['lint', path.join(repo, 'app/code'), '--format', 'json', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
    const diagnostics = out ? (JSON.parse(out) as { diagnostics: Array<{ file: string; line: number; code: string; message: string }> }).diagnostics : [];
    return { code, err, diagnostics: diagnostics.filter((d) => d.code.startsWith('integration/reset') || d.code.startsWith('integration/change')).map((d) => ({ ...d, file: path.relative(repo, d.file) })) };
  }

  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'mik-base-'));
    cpSync(FIXTURE, repo, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'as released');
  });
  after(() => rmSync(repo, { recursive: true, force: true }));

  it('says nothing when nothing changed', async () => {
    assert.deepEqual((await lintBase('--base', 'HEAD')).diagnostics, []);
  });

  it('a resource added to integration.xml: reset on every store; one added to api.xml: never applied to installed stores', async () => {
    edit('app/code/Acme/Sync/etc/integration.xml', '<resource name="Magento_Sales::actions_view"/>', '<resource name="Magento_Sales::actions_view"/>\n            <resource name="Magento_Customer::customer"/>');
    edit('app/code/Acme/Legacy/etc/integration/api.xml', '<resource name="Magento_Catalog::products"/>', '<resource name="Magento_Catalog::products"/>\n            <resource name="Magento_Customer::customer"/>');
    const { diagnostics } = await lintBase('--base', 'HEAD');
    assert.deepEqual(diagnostics.map((d) => [d.file, d.line, d.code]), [
      ['app/code/Acme/Legacy/etc/integration/config.xml', 3, 'integration/change-not-applied'],
      ['app/code/Acme/Sync/etc/integration.xml', 3, 'integration/reset-on-upgrade'],
    ]);
    assert.match(diagnostics[1].message, /^"AcmeSync" changed since HEAD: it now grants Magento_Customer::customer\. The next setup:upgrade on every store that has it deletes it and creates it again \(status Reset\)/);
    assert.match(diagnostics[0].message, /"AcmeLegacy" changed since HEAD: it now grants Magento_Customer::customer\. On stores that installed the module, setup:upgrade does not apply it/);
  });

  it('a grant that adds nothing Magento stores is no change (a parent integration.xml already brings)', async () => {
    git('checkout', '-q', '--', '.');
    // Magento_Catalog::catalog is a parent of Magento_Catalog::products, which integration.xml's converter adds anyway.
    edit('app/code/Acme/Sync/etc/integration.xml', '<resource name="Magento_Catalog::products"/>', '<resource name="Magento_Catalog::catalog"/>\n            <resource name="Magento_Catalog::products"/>');
    assert.deepEqual((await lintBase('--base', 'HEAD')).diagnostics, []);
  });

  it('an endpoint URL changed: reset; a new integration: nothing to reset', async () => {
    git('checkout', '-q', '--', '.');
    edit('app/code/Acme/Sync/etc/integration.xml', 'https://erp.acme.example/magento/callback', 'https://erp2.acme.example/magento/callback');
    edit('app/code/Acme/Sync/etc/integration.xml', '</config>', '    <integration name="AcmeNew">\n        <email>new@acme.example</email>\n    </integration>\n</config>');
    const { diagnostics } = await lintBase('--base', 'HEAD');
    assert.deepEqual(diagnostics.map((d) => d.code), ['integration/reset-on-upgrade']);
    assert.match(diagnostics[0].message, /its endpoint URL is "https:\/\/erp2\.acme\.example\/magento\/callback" \(was "https:\/\/erp\.acme\.example\/magento\/callback"\)/);
  });

  it('refuses a revision git does not know, and one that is not a revision, as usage errors', async () => {
    assert.equal((await lintBase('--base', 'no-such-branch')).code, 2);
    const odd = await lintBase('--base', '--upload-pack=x');
    assert.equal(odd.code, 2);
    assert.match(odd.err, /--base takes a git revision/);
  });
});
