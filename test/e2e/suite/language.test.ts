// The extension in a real VS Code workbench, through the public API, against the fixture Magento project.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { completionsAt, descriptionOf, EXTENSION_ID, labelOf, positionAfter, waitFor, workspaceFile } from './helpers';

const INTEGRATION = 'app/code/Acme/Sync/etc/integration.xml';
const WEBAPI = 'app/code/Acme/Sync/etc/webapi.xml';
const LEGACY_API = 'app/code/Acme/Legacy/etc/integration/api.xml';

describe('Magento Integration Kit in VS Code', () => {
  let integration: vscode.TextDocument;
  /** The editor tabs once the extension has activated, before any test opens a walkthrough itself. */
  let tabsAtStart: string[] = [];

  before(async () => {
    // Before any file is shown: a walkthrough opened as a preview tab gives way to the next file opened.
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    tabsAtStart = await waitFor(() => vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label)),
      (labels) => labels.some((label) => /Welcome|Walkthrough|Magento/i.test(label)), 'the walkthrough opened on the first activation', 20000).catch(() => []);
    integration = await vscode.workspace.openTextDocument(workspaceFile(INTEGRATION));
    await vscode.window.showTextDocument(integration);
    // The language server's first answer, not a fixed sleep.
    await waitFor(() => completionsAt(integration.uri, positionAfter(integration, '<resource name="')), (items) => items.length > 0, 'the first ACL completion');
  });

  it('activates in a Magento workspace', () => {
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('completes ACL ids with titles in integration.xml and webapi.xml', async () => {
    const items = await completionsAt(integration.uri, positionAfter(integration, '<resource name="'));
    const products = items.find((i) => labelOf(i) === 'Magento_Catalog::products');
    assert.ok(products, 'Magento_Catalog::products is offered');
    assert.equal(descriptionOf(products), 'Products');
    assert.equal(products.detail, 'Magento Admin > Catalog > Inventory > Products');
    const webapi = await vscode.workspace.openTextDocument(workspaceFile(WEBAPI));
    // Typed as far as the module: the list at an empty value is capped, and the demo's core now has the bundled catalog's ids too.
    const refs = await completionsAt(webapi.uri, positionAfter(webapi, '<resource ref="Acme_Sync::'));
    const orders = refs.find((i) => labelOf(i) === 'Acme_Sync::sync_orders');
    assert.equal(orders && descriptionOf(orders), 'Order Export');
  });

  it('hovers and goes to the definition', async () => {
    const position = positionAfter(integration, '<resource name="Magento_Sales::act');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', integration.uri, position);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*View\*\* `Magento_Sales::actions_view`/);
    assert.match(text, /Magento Admin > Sales > Operations > Orders > Actions > View/);
    const definitions = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', integration.uri, position);
    const target = definitions.map((d) => ('targetUri' in d ? d.targetUri : d.uri).fsPath);
    assert.deepEqual(target, [workspaceFile('vendor/magento/module-sales/etc/acl.xml').fsPath]);
  });

  it('shows diagnostics for an unknown id and for a missing parent', async () => {
    const unknown = await waitFor(() => vscode.languages.getDiagnostics(integration.uri), (d) => d.length > 0, 'diagnostics on integration.xml');
    assert.deepEqual(unknown.map((d) => codeOf(d)), ['acl/unknown-resource']);
    assert.match(unknown[0].message, /looks like a misspelling of "Magento_Catalog::products", which this integration already grants/);
    const legacy = (await vscode.window.showTextDocument(workspaceFile(LEGACY_API))).document;
    const missing = await waitFor(() => problems(legacy.uri), (d) => d.length > 0, 'diagnostics on api.xml');
    assert.deepEqual(missing.map((d) => codeOf(d)), ['acl/missing-parent']);
  });

  it('shows a closed file\'s disk problems again once an unsaved edit is reverted and the file closed', async () => {
    const uri = workspaceFile(WEBAPI);
    const editor = await vscode.window.showTextDocument(uri);
    const before = await waitFor(() => codes(uri), () => true, 'webapi.xml problems');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, editor.document.lineAt(0).text.length), '\n<!-- <resource ref="Not_Valid"/> -->\n<bogus'));
    await waitFor(() => codes(uri), (c) => c.includes('xml/malformed'), 'the edit\'s problem');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor(() => codes(uri), (c) => JSON.stringify(c) === JSON.stringify(before), `the disk problems (${JSON.stringify(before)}) again`);
  });

  it('applies the quick fix that inserts the missing parents', async () => {
    const legacy = await vscode.workspace.openTextDocument(workspaceFile(LEGACY_API));
    await vscode.window.showTextDocument(legacy);
    const [diagnostic] = await waitFor(() => problems(legacy.uri), (d) => d.length > 0, 'the missing-parent diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', legacy.uri, diagnostic.range);
    const fix = actions.find((a) => a.title.startsWith('Add missing parent'));
    assert.ok(fix?.edit, 'a quick fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const lines = legacy.getText().split('\n').map((l) => l.trim());
    const catalog = lines.indexOf('<resource name="Magento_Catalog::catalog"/>');
    assert.equal(lines[catalog + 1], '<resource name="Magento_Catalog::catalog_inventory"/>');
    assert.equal(lines[catalog + 2], '<resource name="Magento_Catalog::products"/>');
    await waitFor(() => problems(legacy.uri), (d) => d.length === 0, 'the warning to go away');
  });

  it('fixes the misspelled id by removing it, since what it misspells is already granted: no new warning', async () => {
    await vscode.window.showTextDocument(integration);
    const [diagnostic] = await waitFor(() => problems(integration.uri), (d) => d.length > 0, 'the unknown-resource diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', integration.uri, diagnostic.range);
    assert.ok(!actions.some((a) => a.title === 'Change to "Magento_Catalog::products"'), 'no suggestion that would duplicate a granted id');
    const fix = actions.find((a) => a.title === 'Remove it (Magento_Catalog::products is already granted)');
    assert.ok(fix?.edit && fix.isPreferred, 'the preferred fix removes the misspelling');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(!integration.getText().includes('prodcts'));
    await waitFor(() => problems(integration.uri), (d) => d.length === 0, 'no problem left, not even a duplicate');
    await vscode.commands.executeCommand('undo');
  });

  it('migrates a legacy pair to etc/integration.xml when the user picks the fix on the hint and applies it from the list of changes', async () => {
    const root = 'app/code/Acme/Migrating';
    const write = (relative: string, text: string) => {
      mkdirSync(path.dirname(workspaceFile(`${root}/${relative}`).fsPath), { recursive: true });
      writeFileSync(workspaceFile(`${root}/${relative}`).fsPath, text);
    };
    write('registration.php', "<?php\n\\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_Migrating', __DIR__);\n");
    write('etc/module.xml', '<?xml version="1.0"?>\n<config><module name="Acme_Migrating"><sequence><module name="Magento_Integration"/></sequence></module></config>\n');
    write('etc/integration/config.xml', '<?xml version="1.0"?>\n<integrations>\n    <integration name="AcmeMigrating">\n        <email>ops@acme.example</email>\n    </integration>\n</integrations>\n');
    write('etc/integration/api.xml', '<?xml version="1.0"?>\n<integrations>\n    <integration name="AcmeMigrating">\n        <resources>\n            <resource name="Magento_Backend::stores"/>\n        </resources>\n    </integration>\n</integrations>\n');
    write('Setup/Patch/Data/Install.php', "<?php\nclass Install { public function apply() { $this->manager->processIntegrationConfig(['AcmeMigrating']); } }\n");
    await vscode.commands.executeCommand('magentoIntegrationKit.rebuildAclIndex');
    const config = await vscode.workspace.openTextDocument(workspaceFile(`${root}/etc/integration/config.xml`));
    await vscode.window.showTextDocument(config);
    const hint = (await waitFor(() => vscode.languages.getDiagnostics(config.uri), (d) => d.some((x) => codeOf(x) === 'integration/legacy-format'), 'the legacy-format hint'))
      .find((d) => codeOf(d) === 'integration/legacy-format')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', config.uri, hint.range, vscode.CodeActionKind.QuickFix.value);
    // Offered as a quick fix of the hint (so the hover lists it too); it deletes files, so it is shown first:
    // the confirmation command carries the edit and the list of changes. (Test-mode VS Code answers modal
    // dialogs itself: the click on "Apply" is driven in the workbench suite, test/workbench/migration.test.ts.)
    const migrate = actions.find((a) => a.title === 'Migrate to etc/integration.xml')!;
    assert.equal(migrate.command?.command, 'magentoIntegrationKit.confirmEdit');
    const [, edit, changes] = migrate.command!.arguments as [string, vscode.WorkspaceEdit, string[]];
    assert.deepEqual(changes.map((c) => c.split(' ')[0]), ['Write', 'Delete', 'Edit']);
    assert.ok(await vscode.workspace.applyEdit(edit));
    const written = await waitFor(() => existsSync(workspaceFile(`${root}/etc/integration.xml`).fsPath), (e) => e, 'etc/integration.xml to be written');
    assert.ok(written);
    // The edit is applied as the user chose it: the legacy pair goes too.
    await waitFor(() => existsSync(workspaceFile(`${root}/etc/integration/config.xml`).fsPath), (e) => !e, 'the legacy config.xml to be deleted');
    await waitFor(() => existsSync(workspaceFile(`${root}/etc/integration/api.xml`).fsPath), (e) => !e, 'the legacy api.xml to be deleted');
  });

  it('offers an id added to an acl.xml on disk, without a reload', async () => {
    const file = workspaceFile('app/code/Acme/Fresh/etc/acl.xml').fsPath;
    // One folder at a time, as a person creates them, each watched before the next is made.
    for (const folder of [path.dirname(path.dirname(file)), path.dirname(file)]) {
      mkdirSync(folder);
      await fileWatchingIsLive(folder);
      // A module is a folder registration.php registers; Magento reads no acl.xml of any other folder.
      if (folder === path.dirname(path.dirname(file))) {
        writeFileSync(path.join(folder, 'registration.php'), "<?php \\Magento\\Framework\\Component\\ComponentRegistrar::register(\\Magento\\Framework\\Component\\ComponentRegistrar::MODULE, 'Acme_Fresh', __DIR__);\n");
      }
    }
    writeFileSync(file, '<config><acl><resources><resource id="Magento_Backend::admin"><resource id="Acme_Fresh::fresh" title="Fresh Resource"/></resource></resources></acl></config>');
    const position = positionAfter(integration, '<resource name="');
    const items = await waitFor(() => completionsAt(integration.uri, position), (list) => list.some((i) => labelOf(i) === 'Acme_Fresh::fresh'), 'the new id to be offered');
    assert.equal(descriptionOf(items.find((i) => labelOf(i) === 'Acme_Fresh::fresh')!), 'Fresh Resource');
  });

  it('runs the Rebuild ACL Index and Show Output commands', async () => {
    const result = await vscode.commands.executeCommand<{ resources: number; aclFiles: number }>('magentoIntegrationKit.rebuildAclIndex');
    assert.ok(result && result.resources >= 17, `rebuilt with ${JSON.stringify(result)}`);
    await vscode.commands.executeCommand('magentoIntegrationKit.showOutput');
  });

  it('contributes the walkthrough, and every command has the Magento category', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.equal(manifest.contributes.walkthroughs[0].title, 'Build your first Magento integration');
    // No step ticks by being looked at: each waits for the user's own action.
    assert.ok(manifest.contributes.walkthroughs[0].steps.every((step: { completionEvents?: string[] }) => step.completionEvents?.length), 'every step has its completion event');
    assert.ok(manifest.contributes.commands.every((c: { category: string }) => c.category === 'Magento'));
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#firstIntegration`, false);
    const commands = await vscode.commands.getCommands(true);
    const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command);
    const ownPlace = /\.(walkthrough|aclView|integrationsView|views)\./;
    assert.equal(contributed.filter((c: string) => !ownPlace.test(c)).length, 12, 'the design\'s commands (eight, the two REST route commands, the store check and the API collection export), besides the walkthrough\'s and the views\'');
    const inViews = JSON.stringify([manifest.contributes.menus['view/title'], manifest.contributes.menus['view/item/context']]);
    for (const command of contributed.filter((c: string) => /\.(aclView|integrationsView|views)\./.test(c))) assert.ok(inViews.includes(`"${command}"`), `${command} is on a view`);
    assert.deepEqual(contributed.filter((c: string) => !commands.includes(c)), [], 'every contributed command is registered');
  });

  it('opened the walkthrough on the first activation; its "try" steps do the thing with the user', async () => {
    const now = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => `${tab.label} [${tab.input?.constructor?.name}]`));
    assert.ok(tabsAtStart.some((label) => /Welcome|Walkthrough|Magento/i.test(label)), `tabs at start: ${tabsAtStart.join(', ')}; now: ${now.join(', ')}`);
    assert.equal(await vscode.commands.executeCommand('magentoIntegrationKit.walkthrough.tryCompletion'), true);
    const editor = vscode.window.activeTextEditor!;
    assert.match(editor.document.uri.fsPath, /etc\/integration\.xml$/);
    assert.equal(editor.document.getText().slice(editor.document.offsetAt(editor.selection.active) - '<resource name="'.length, editor.document.offsetAt(editor.selection.active)), '<resource name="');
    await vscode.commands.executeCommand('hideSuggestWidget');
  });
});

/**
 * VS Code's recursive watcher (inotify) watches a new folder only after it has seen it appear: folders
 * created in the same instant as their parent, and files written into them at once, can be missed
 * (as after a `git checkout` that adds a module, for which Rebuild ACL Index exists). Waits until a
 * probe file's creation in `folder` is seen.
 */
async function fileWatchingIsLive(folder: string): Promise<void> {
  const watcher = vscode.workspace.createFileSystemWatcher('**/watch-probe-*.txt');
  let seen = false;
  watcher.onDidCreate(() => (seen = true));
  try {
    let attempt = 0;
    await waitFor(() => {
      if (!seen) writeFileSync(path.join(folder, `watch-probe-${attempt++}.txt`), '');
      return seen;
    }, Boolean, 'VS Code to report file changes', 30000);
  } finally {
    watcher.dispose();
  }
}

/** Diagnostics above hint level (the legacy pair also carries an integration/legacy-format hint). */
function problems(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint);
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages.getDiagnostics(uri).map((d) => String(typeof d.code === 'object' ? d.code.value : d.code)).sort();
}
