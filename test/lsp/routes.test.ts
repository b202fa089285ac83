// The REST routes an integration can call, asked of the server as the Integrations view asks.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('integration routes over stdio', function () {
  this.timeout(60000);

  it('answers the routes an integration\'s grants open, and counts them in the Integrations view', async () => {
    const { client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const routes = await client.connection.sendRequest<Array<{ method: string; url: string; resources: string[] }>>('magentoIntegrationKit/integrationRoutes', { name: 'AcmeSync' });
      // The fixture holds a partial core (Backend, Sales, Catalog): the bundled 2.4.6 routes of the core modules it lacks count too.
      const listed = routes.map((r) => `${r.method} ${r.url} ${r.resources.join(',')}`);
      assert.deepEqual(listed.slice(0, 2), ['GET /V1/acme/orders Acme_Sync::sync_orders', 'GET /V1/acme/ping anonymous']);
      assert.ok(listed.includes('GET /V1/directory/countries anonymous'));
      assert.equal(routes.length, 92);
      const legacy = await client.connection.sendRequest<Array<{ url: string }>>('magentoIntegrationKit/integrationRoutes', { name: 'AcmeLegacy' });
      assert.ok(!legacy.some((r) => r.url === '/V1/acme/orders'), 'api.xml does not grant Acme_Sync::sync_orders');
      const summaries = await client.connection.sendRequest<Array<{ name: string; routes: number }>>('magentoIntegrationKit/integrationsView');
      assert.deepEqual(summaries.filter((s) => s.name.startsWith('Acme')).map((s) => [s.name, s.routes]), [['AcmeLegacy', 85], ['AcmeSync', 92]]);
    } finally {
      await dispose();
    }
  });

  it('says on hover how many routes an integration\'s grants open, and which integrations can call a route', async () => {
    const { workspace, client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const at = (text: string, marker: string) => {
        const offset = text.indexOf(marker);
        const before = text.slice(0, offset);
        return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
      };
      const hover = async (file: string, marker: string, shift: number) => {
        const text = readFileSync(path.join(workspace, file), 'utf8');
        const uri = await client.open(path.join(workspace, file), text);
        const position = at(text, marker);
        const result = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: position.line, character: position.character + shift } });
        return result?.contents.value ?? '';
      };
      assert.match(await hover('app/code/Acme/Sync/etc/integration.xml', '<resources>', 3), /The grants of \*\*AcmeSync\*\* open 92 REST routes/);
      assert.match(await hover('app/code/Acme/Sync/etc/webapi.xml', 'Acme_Sync::sync_orders', 3), /Integrations of this workspace that can call `GET \/V1\/acme\/orders`: \*\*AcmeSync\*\*\./);
    } finally {
      await dispose();
    }
  });
});
