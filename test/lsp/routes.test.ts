// The REST routes an integration can call, asked of the server as the Integrations view asks.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { startOnFixtureCopy } from './lspClient';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('integration routes over stdio', function () {
  this.timeout(60000);

  it('answers the routes an integration\'s grants open, and counts them in the Integrations view', async () => {
    const { client, dispose } = await startOnFixtureCopy(FIXTURE);
    try {
      const routes = await client.connection.sendRequest<Array<{ method: string; url: string; resources: string[] }>>('magentoIntegrationKit/integrationRoutes', { name: 'AcmeSync' });
      assert.deepEqual(routes.map((r) => `${r.method} ${r.url} ${r.resources.join(',')}`), ['GET /V1/acme/orders Acme_Sync::sync_orders', 'GET /V1/acme/ping anonymous']);
      const legacy = await client.connection.sendRequest<unknown[]>('magentoIntegrationKit/integrationRoutes', { name: 'AcmeLegacy' });
      assert.equal(legacy.length, 1, 'only the anonymous ping: api.xml does not grant Acme_Sync::sync_orders');
      const summaries = await client.connection.sendRequest<Array<{ name: string; routes: number }>>('magentoIntegrationKit/integrationsView');
      assert.deepEqual(summaries.filter((s) => s.name.startsWith('Acme')).map((s) => [s.name, s.routes]), [['AcmeLegacy', 1], ['AcmeSync', 2]]);
    } finally {
      await dispose();
    }
  });
});
