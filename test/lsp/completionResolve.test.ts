// Lighter completion lists for clients that resolve items lazily (VS Code announces resolveSupport for
// detail and documentation): the list carries what it shows, completionItem/resolve the breadcrumb.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('completion resolve over stdio', function () {
  this.timeout(60000);

  it('leaves the breadcrumb out of the list and gives it on completionItem/resolve', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE, {
      textDocument: { completion: { completionItem: { snippetSupport: true, resolveSupport: { properties: ['detail', 'documentation'] } }, completionList: { itemDefaults: ['editRange'] } } },
    });
    try {
      assert.equal(client.initializeResult?.capabilities.completionProvider?.resolveProvider, true);
      const text = '<config><integration name="X"><resources><resource name=""/></resources></integration></config>';
      const uri = await client.open(path.join(workspace, 'app/code/Acme/Sync/etc/integration.xml'), text);
      const list = await client.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.indexOf('name=""') + 6 } });
      const products = list.items.find((i) => i.label === 'Magento_Catalog::products')!;
      assert.deepEqual([products.detail, products.labelDetails?.description, products.textEdit], [undefined, 'Products', undefined]);
      const resolved = await client.connection.sendRequest<CompletionItem>('completionItem/resolve', products);
      assert.equal(resolved.detail, 'Magento Admin > Catalog > Inventory > Products');
    } finally {
      await dispose();
    }
  });
});
