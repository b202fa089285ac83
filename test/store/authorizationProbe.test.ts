// The doctor's probe of the Authorization header, against the simulated store (which answers REST calls as a
// real 2.4.6 does: a guest's 401, the OAuth validator's 400) behind web servers that pass or drop the header.
// The same probe runs against the real store in test/real-store.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as path from 'node:path';
import { loadProject } from '../../server/src/cli/project';
import { apiFromVerdicts, MockStore } from '../../server/src/oauth/mockStore';
import { probeAuthorizationHeader } from '../../server/src/store/authorizationProbe';
import { integrationAccess } from '../../server/src/workspace/routeIndex';
import { frontServer, FrontServer } from './webServers';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');

describe('the Authorization header probe', function () {
  this.timeout(30000);
  let store: MockStore;
  const fronts: FrontServer[] = [];
  before(async () => {
    const workspace = await loadProject([FIXTURE]);
    const access = integrationAccess(workspace, 'AcmeSync')!;
    store = new MockStore({ endpointUrl: 'http://127.0.0.1:9/callback', identityLinkUrl: 'http://127.0.0.1:9/login', onEvent: () => {}, api: apiFromVerdicts(access.routes) });
    await store.start();
  });
  after(async () => {
    for (const front of fronts) await front.close();
    await store?.stop();
  });
  const front = async (mode: Parameters<typeof frontServer>[1]) => {
    const server = await frontServer(store.storeBaseUrl, mode);
    fronts.push(server);
    return server.url;
  };

  it('sees the header reach Magento when the web server passes it', async () => {
    assert.equal((await probeAuthorizationHeader(store.storeBaseUrl)).verdict, 'passes');
    assert.equal((await probeAuthorizationHeader(await front('pass'))).verdict, 'passes');
  });

  it('sees it dropped when the web server strips it: the same guest 401 with and without', async () => {
    const verdict = await probeAuthorizationHeader(await front('drop-authorization'));
    assert.equal(verdict.verdict, 'stripped');
    if (verdict.verdict !== 'stripped') return;
    assert.equal(verdict.withHeader.status, 401);
    assert.match(verdict.withHeader.body, /The consumer isn't authorized to access/);
  });

  it('follows a redirect (http to https, say)', async () => {
    assert.equal((await probeAuthorizationHeader(await front('redirect'))).verdict, 'passes');
  });

  it('says it cannot tell when the URL is not a Magento store, and names an unreachable one', async () => {
    const plain = http.createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as { port: number };
    try {
      assert.equal((await probeAuthorizationHeader(`http://127.0.0.1:${port}/`)).verdict, 'unknown');
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
    const closed = await probeAuthorizationHeader(`http://127.0.0.1:${port}/`, { timeoutMs: 3000 });
    assert.equal(closed.verdict, 'unreachable');
  });
});
