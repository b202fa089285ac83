// The scaffolding commands in the real workbench. Answers are passed as the command's argument: each one
// goes through the wizard's own input boxes and pickers (shown, filled in, validated, accepted).
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { typeInWorkbench, waitFor, workspaceFile } from './helpers';

const INTEGRATION = {
  integration: 'Acme CRM', email: 'crm@acme.example', endpointUrl: 'https://crm.acme.example/magento/callback', identityLinkUrl: 'https://crm.acme.example/magento/login',
};

describe('scaffolding commands in VS Code', () => {
  const appCode = () => workspaceFile('app/code').fsPath;

  it('creates an integration module with the wizard and opens its integration.xml, free of problems', async () => {
    const result = await vscode.commands.executeCommand<{ created: string[]; integrationFile: string }>('magentoIntegrationKit.createIntegrationModule', {
      vendor: 'Acme', module: 'Crm', ...INTEGRATION, resources: ['Magento_Sales::actions_view', 'Acme_Crm::customers'], layout: 'current', target: appCode(),
    });
    const root = workspaceFile('app/code/Acme/Crm').fsPath;
    assert.deepEqual(readdirSync(root, { recursive: true }).map(String).sort(), ['composer.json', 'etc', 'etc/acl.xml', 'etc/integration.xml', 'etc/module.xml', 'registration.php']);
    assert.equal(result.integrationFile, workspaceFile('app/code/Acme/Crm/etc/integration.xml').fsPath);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, result.integrationFile);
    const text = readFileSync(result.integrationFile, 'utf8');
    assert.match(text, /<resource name="Magento_Sales::sales"\/>[\s\S]*<resource name="Magento_Sales::actions_view"\/>\s*<resource name="Acme_Crm::customers"\/>/);
    // The new acl.xml reaches the index, so the new module's own resource is known: no diagnostics at all.
    await waitFor(() => vscode.languages.getDiagnostics(vscode.Uri.file(result.integrationFile)), (d) => d.length === 0, 'a problem-free integration.xml');
  });

  it('creates the legacy layout with InstallData', async () => {
    await vscode.commands.executeCommand('magentoIntegrationKit.createIntegrationModule', {
      vendor: 'Acme', module: 'Pim', ...INTEGRATION, integration: 'Acme PIM', resources: ['Magento_Catalog::products'], layout: 'legacy', setup: 'install-data', target: appCode(),
    });
    const root = workspaceFile('app/code/Acme/Pim').fsPath;
    for (const file of ['etc/integration/config.xml', 'etc/integration/api.xml', 'Setup/InstallData.php', 'etc/module.xml']) assert.ok(existsSync(`${root}/${file}`), file);
    assert.match(readFileSync(`${root}/Setup/InstallData.php`, 'utf8'), /processIntegrationConfig\(\['Acme PIM'\]\)/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, `${root}/etc/integration/config.xml`);
  });

  it('refuses, in the wizard\'s own words, a module or an integration name the workspace already has', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('magentoIntegrationKit.createIntegrationModule', { vendor: 'Acme', module: 'Sync', ...INTEGRATION, integration: 'Fresh', resources: [], layout: 'current', target: appCode() })),
      /Module Acme_Sync already exists in this workspace/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('magentoIntegrationKit.createIntegrationModule', { vendor: 'Acme', module: 'Brandnew', ...INTEGRATION, integration: 'AcmeSync', resources: [], layout: 'current', target: appCode() })),
      /integration named "AcmeSync" is already configured/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('magentoIntegrationKit.createIntegrationModule', { vendor: '../Acme', module: 'Brandnew' })),
      /path separators/,
    );
    assert.equal(existsSync(workspaceFile('app/code/Acme/Brandnew').fsPath), false);
  });

  it('is driven by real keystrokes: refuses a lowercase vendor as you type, goes Back, and creates the module', async () => {
    const created = vscode.commands.executeCommand<{ integrationFile: string }>('magentoIntegrationKit.createIntegrationModule');
    await typeInWorkbench([{ waitForTitle: '(1/9)' }, { type: 'acme' }, { press: 'Enter' }]);
    await typeInWorkbench([{ waitForTitle: '(1/9)' }, { press: 'Control+A' }, { type: 'Acme' }, { press: 'Enter' },
      { waitForTitle: '(2/9)' }, { type: 'Kbd' }, { press: 'Enter' }, { waitForTitle: '(3/9)' }]);
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    await typeInWorkbench([{ waitForTitle: '(2/9)' }, { press: 'Control+A' }, { type: 'Keys' }, { press: 'Enter' },
      { waitForTitle: '(3/9)' }, { type: 'Keyboard Sync' }, { press: 'Enter' },
      { waitForTitle: '(4/9)' }, { type: 'kbd@acme.example' }, { press: 'Enter' },
      { waitForTitle: '(5/9)' }, { press: 'Enter' },
      { waitForTitle: '(6/9)' }, { press: 'Enter' },
      { waitForTitle: '(7/9)' }, { press: 'Enter' },
      { waitForTitle: '(8/9)' }, { press: 'Enter' },
      { waitForTitle: '(9/9)' }, { press: 'Enter' }]);
    const result = await created;
    assert.equal(result.integrationFile, workspaceFile('app/code/Acme/Keys/etc/integration.xml').fsPath);
    assert.match(readFileSync(result.integrationFile, 'utf8'), /<integration name="Keyboard Sync">\s*<email>kbd@acme\.example<\/email>\s*<\/integration>/);
    assert.equal(existsSync(workspaceFile('app/code/acme').fsPath), false, 'the lowercase vendor was refused');
    assert.equal(existsSync(workspaceFile('app/code/Acme/Kbd').fsPath), false, 'Back replaced the module name');
  });

  it('warns when Enter leaves the identity link empty after an endpoint URL, and goes on at the second Enter', async () => {
    const created = vscode.commands.executeCommand<{ integrationFile: string }>('magentoIntegrationKit.createIntegrationModule');
    await typeInWorkbench([{ waitForTitle: '(1/9)' }, { type: 'Acme' }, { press: 'Enter' },
      { waitForTitle: '(2/9)' }, { type: 'OneUrl' }, { press: 'Enter' },
      { waitForTitle: '(3/9)' }, { type: 'One Url' }, { press: 'Enter' },
      { waitForTitle: '(4/9)' }, { type: 'one@acme.example' }, { press: 'Enter' },
      { waitForTitle: '(5/9)' }, { type: 'https://erp.acme.example/cb' }, { press: 'Enter' },
      { waitForTitle: '(6/9)' }, { press: 'Enter' },
      // The first Enter shows the warning and stays; the second goes on.
      { waitForText: 'Only one of the endpoint URL and the identity link URL is set' }, { waitForText: 'Press Enter again to go on' }, { waitForTitle: '(6/9)' }, { press: 'Enter' },
      { waitForTitle: '(7/9)' }, { press: 'Enter' },
      { waitForTitle: '(8/9)' }, { press: 'Enter' },
      { waitForTitle: '(9/9)' }, { press: 'Enter' }]);
    const result = await created;
    const written = readFileSync(result.integrationFile, 'utf8');
    assert.match(written, /<endpoint_url>https:\/\/erp\.acme\.example\/cb<\/endpoint_url>/);
    assert.ok(!written.includes('identity_link_url'));
  });

  it('adds an integration to an existing module, saved in place', async () => {
    const result = await vscode.commands.executeCommand<{ openUri: string }>('magentoIntegrationKit.addIntegrationToModule', {
      module: 'Acme_Sync', integration: 'Acme Sync Two', email: 'two@acme.example', endpointUrl: '', identityLinkUrl: '', resources: ['Magento_Catalog::categories'],
    });
    const file = workspaceFile('app/code/Acme/Sync/etc/integration.xml');
    assert.equal(vscode.Uri.parse(result.openUri).fsPath, file.fsPath);
    const text = readFileSync(file.fsPath, 'utf8');
    assert.match(text, /<integration name="AcmeSync">[\s\S]*<\/integration>\n {4}<integration name="Acme Sync Two">\n {8}<email>two@acme\.example<\/email>/);
    assert.match(text, /<resource name="Magento_Catalog::categories"\/>/);
  });

  it('adds ACL resources to a legacy integration with their parents', async () => {
    await vscode.commands.executeCommand('magentoIntegrationKit.addAclResources', { integration: 'AcmeLegacy', resources: ['Magento_Sales::actions_view'] });
    const text = readFileSync(workspaceFile('app/code/Acme/Legacy/etc/integration/api.xml').fsPath, 'utf8');
    for (const id of ['Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view']) {
      assert.match(text, new RegExp(`<resource name="${id}"/>`), id);
    }
  });
});
