// The editor session's pieces, tested without stdio: the client's capabilities read once at initialize,
// and the settings (pulled or pushed) with what changed.
import * as assert from 'node:assert/strict';
import { InitializeParams } from 'vscode-languageserver';
import { NO_CAPABILITIES, readCapabilities } from '../../server/src/lsp/capabilities';
import { SessionSettings } from '../../server/src/lsp/settings';

const VS_CODE: InitializeParams = {
  processId: 1, rootUri: null, workspaceFolders: [{ uri: 'file:///p', name: 'p' }],
  capabilities: {
    window: { workDoneProgress: true },
    workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
    textDocument: {
      diagnostic: { dynamicRegistration: false },
      completion: { completionList: { itemDefaults: ['editRange'] }, completionItem: { resolveSupport: { properties: ['detail', 'documentation'] } } },
    },
  },
};
/** Neovim 0.7's client: no pull diagnostics, no configuration requests, the root as rootUri. */
const NEOVIM_07: InitializeParams = { processId: 1, rootUri: 'file:///q', capabilities: { textDocument: { completion: { completionItem: {} } } } };

describe('the session: capabilities', () => {
  it('reads each capability once, from an editor that has them all and one that has few', () => {
    assert.deepEqual(readCapabilities(VS_CODE), {
      folders: ['/p'], progress: true, watcherRegistration: true, folderChanges: true, completionItemDefaults: true,
      completionResolvesDetails: true, configuration: true, pullDiagnostics: true, diagnosticRefresh: true,
    });
    assert.deepEqual(readCapabilities(NEOVIM_07), { ...NO_CAPABILITIES, folders: ['/q'] });
    assert.ok(Object.isFrozen(readCapabilities(VS_CODE)));
    // Invalid, but hand-written clients send it: served with the defaults instead of a TypeError.
    assert.deepEqual(readCapabilities({ processId: 1, rootUri: 'file:///r' } as unknown as InitializeParams), { ...NO_CAPABILITIES, folders: ['/r'] });
  });
});

describe('the session: settings', () => {
  it('pulls what was not pushed, and says when the excluded folders change', async () => {
    const pulled: string[] = [];
    const values: Record<string, unknown> = {
      magentoIntegrationKit: { diagnostics: { severity: { 'acl/missing-parent': 'off' }, workspace: false }, exclude: ['vendor/acme/**'] },
      'files.exclude': { '**/node_modules': true },
    };
    const settings = new SessionSettings(async (section) => (pulled.push(section), values[section]));
    assert.equal(await settings.read(), true, 'the first read sets the exclusions');
    assert.deepEqual(pulled, ['magentoIntegrationKit', 'files.exclude']);
    assert.equal(settings.severities.get('acl/missing-parent'), 'off');
    assert.equal(settings.checkWorkspace, false);
    assert.ok(settings.excludePatterns.includes('vendor/acme/**'));
    assert.equal(await settings.read(), false, 'the same exclusions: no re-index');
    // Pushed values win; only the missing section is pulled.
    pulled.length = 0;
    assert.equal(await settings.read({ magentoIntegrationKit: { exclude: [] } }), true);
    assert.deepEqual(pulled, ['files.exclude']);
    assert.equal(settings.checkWorkspace, true);
  });

  it('takes pushed settings alone from a client that answers no configuration request', async () => {
    const settings = new SessionSettings();
    assert.equal(await settings.read(), false, 'nothing excluded, as before');
    await settings.read({ magentoIntegrationKit: { diagnostics: { severity: { 'integration/insecure-url': 'error' } } } });
    assert.equal(settings.severities.get('integration/insecure-url'), 'error');
  });
});
