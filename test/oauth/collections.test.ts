// The API collection export: a Postman v2.1.0 file valid against Postman's published schema and run by
// Postman's own runner (newman) against the simulated store, every request signed as Magento takes it; a
// Bruno collection read back by Bruno's own parser. No credential travels in either.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { bruToEnvJsonV2, bruToJsonV2, collectionBruToJson } from '@usebruno/lang';
import * as newman from 'newman';
import { loadProject } from '../../server/src/cli/project';
import { brunoCollection, postmanCollection } from '../../server/src/magento/apiCollections';
import { routeVerdict, WebapiRoute } from '../../server/src/magento/webapiRoutes';
import { CallbackReceiver } from '../../server/src/oauth/callbackReceiver';
import { MockStore } from '../../server/src/oauth/mockStore';
import { integrationAccess } from '../../server/src/workspace/routeIndex';

const FIXTURE = path.resolve(__dirname, '../fixtures/magento-project');
const POSTMAN = path.resolve(__dirname, '../fixtures/postman');
const CLI = path.resolve(__dirname, '../../dist/cli.js');

async function acmeSync() {
  const workspace = await loadProject([FIXTURE]);
  const access = integrationAccess(workspace, 'AcmeSync')!;
  return { workspace, access, routes: access.routes.filter((r) => r.verdict.allowed).map((r) => r.route) };
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(JSON.parse(readFileSync(path.join(POSTMAN, 'collection.v2.1.0.schema.json'), 'utf8')) as object);
}

function runNewman(collection: object, variables: Record<string, string>): Promise<newman.Summary> {
  return new Promise((resolve, reject) => newman.run({ collection, envVar: Object.entries(variables).map(([key, value]) => ({ key, value })), reporters: [], timeoutRequest: 20_000 }, (error, summary) => (error ? reject(error) : resolve(summary))));
}

/** Every file under `folder`, relative, with its text. */
function readTree(folder: string, prefix = ''): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) for (const [file, text] of readTree(full, `${prefix}${name}/`)) files.set(file, text);
    else files.set(`${prefix}${name}`, readFileSync(full, 'utf8'));
  }
  return files;
}

describe('API collections of an integration (Postman v2.1.0, Bruno)', function () {
  this.timeout(120_000);

  it('the published v2.1.0 schema takes Postman\'s own examples and refuses a broken collection (the validator discriminates)', () => {
    const validate = validator();
    for (const example of ['example-httpMethods.json', 'example-nestedEntities.json']) {
      assert.ok(validate(JSON.parse(readFileSync(path.join(POSTMAN, example), 'utf8'))), `${example}: ${JSON.stringify(validate.errors)}`);
    }
    assert.equal(validate({ info: { name: 'x', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'a', request: { method: 'GET', url: 7 } }] }), false);
  });

  it('writes a Postman collection valid against the v2.1.0 schema: only the granted routes, OAuth 1.0a HMAC-SHA256 in the header, empty credentials', async () => {
    const { routes } = await acmeSync();
    const collection = postmanCollection({ integration: 'AcmeSync', routes, storeUrl: 'https://shop.example', storeCode: 'all', generator: 'test' }) as {
      item: Array<{ name: string; item: Array<{ name: string; request: { method: string; url: { raw: string } } }> }>; auth: { type: string; oauth1: Array<{ key: string; value: unknown }> }; variable: Array<{ key: string; value: string }>;
    };
    const validate = validator();
    assert.ok(validate(collection), JSON.stringify(validate.errors));
    const requests = collection.item.flatMap((folder) => folder.item);
    assert.deepEqual(requests.map((r) => r.name).sort(), routes.map((r) => `${r.method} ${r.url}`).sort());
    assert.ok(requests.every((r) => r.request.url.raw.startsWith('{{store_url}}/rest/{{store_code}}/V1/')));
    const auth = Object.fromEntries(collection.auth.oauth1.map(({ key, value }) => [key, value]));
    assert.deepEqual([collection.auth.type, auth.signatureMethod, auth.addParamsToHeader, auth.consumerKey, auth.token, auth.tokenSecret], ['oauth1', 'HMAC-SHA256', true, '{{consumer_key}}', '{{access_token}}', '{{access_token_secret}}']);
    assert.deepEqual(collection.variable.map((v) => [v.key, v.value]), [['store_url', 'https://shop.example'], ['store_code', 'all'], ['consumer_key', ''], ['consumer_secret', ''], ['access_token', ''], ['access_token_secret', '']]);
  });

  it('newman (Postman\'s runner) signs every request of the collection as the simulated store takes it: each granted route answers', async () => {
    const { workspace, access, routes } = await acmeSync();
    const snapshot = workspace.acl.snapshot();
    const app = new CallbackReceiver({ onEvent: () => {} });
    await app.start();
    const store = new MockStore({ endpointUrl: app.endpointUrl, identityLinkUrl: app.identityLinkUrl, onEvent: () => {}, api: { routes: workspace.routes(), verdict: (route) => routeVerdict(route, access.grants, snapshot) } });
    const base = await store.start();
    try {
      await store.activate();
      // The app's own first call made, so that what follows is newman's alone.
      await store.done(false);
      for (const deadline = Date.now() + 30_000; store.restCalls.length === 0 && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 50));
      const credentials = store.accessCredentials!;
      const before = store.restCalls.length;
      const summary = await runNewman(postmanCollection({ integration: 'AcmeSync', routes, generator: 'test' }), {
        store_url: base.replace(/\/$/, ''), consumer_key: credentials.consumerKey, consumer_secret: credentials.consumerSecret, access_token: credentials.token, access_token_secret: credentials.tokenSecret,
      });
      const answered = summary.run.executions.map((e) => [e.item.name, e.response?.code ?? String(e.requestError)]);
      assert.equal(answered.length, routes.length);
      assert.deepEqual(answered.filter(([, code]) => code !== 200), [], 'every request signed and allowed');
      // The store saw each as the route it names, allowed.
      const seen = store.restCalls.slice(before);
      assert.deepEqual(seen.map((c) => c.route).sort(), routes.map((r) => `${r.method} ${r.url}`).sort());
      assert.ok(seen.every((c) => c.allowed));
      // Signed with the wrong token secret, the same collection is refused: the answers above come from the signature.
      const wrong = await runNewman(postmanCollection({ integration: 'AcmeSync', routes: routes.filter((r) => !r.resources.includes('anonymous')).slice(0, 3), generator: 'test' }), {
        store_url: base.replace(/\/$/, ''), consumer_key: credentials.consumerKey, consumer_secret: credentials.consumerSecret, access_token: credentials.token, access_token_secret: 'x'.repeat(32),
      });
      assert.deepEqual(wrong.run.executions.map((e) => e.response?.code), [401, 401, 401]);
    } finally {
      await store.stop();
      await app.stop();
    }
  });

  it('writes a Bruno collection that Bruno\'s own parser reads back: OAuth 1.0a HMAC-SHA256, one request per granted route, credentials as secret variables without values', async () => {
    const { routes } = await acmeSync();
    const files = brunoCollection({ integration: 'AcmeSync', routes, storeUrl: 'https://shop.example', generator: 'test' });
    assert.deepEqual(JSON.parse(files.get('bruno.json')!), { version: '1', name: 'AcmeSync (Magento REST)', type: 'collection', ignore: ['node_modules', '.git'] });
    const collection = collectionBruToJson(files.get('collection.bru')!);
    assert.deepEqual([collection.auth.mode, collection.auth.oauth1.signatureMethod, collection.auth.oauth1.placement, collection.auth.oauth1.consumerKey, collection.auth.oauth1.accessTokenSecret], ['oauth1', 'HMAC-SHA256', 'header', '{{consumer_key}}', '{{access_token_secret}}']);
    const environment = bruToEnvJsonV2(files.get('environments/Store.bru')!);
    assert.deepEqual(environment.variables.map((v: { name: string; value: string; secret: boolean }) => [v.name, v.value, v.secret]), [
      ['store_url', 'https://shop.example', false], ['store_code', 'default', false],
      ['consumer_key', '', true], ['consumer_secret', '', true], ['access_token', '', true], ['access_token_secret', '', true],
    ]);
    const requests = [...files].filter(([name]) => name.endsWith('.bru') && !name.endsWith('folder.bru') && name.includes('/') && !name.startsWith('environments/')).map(([, text]) => bruToJsonV2(text));
    assert.deepEqual(requests.map((r) => `${r.http.method.toUpperCase()} ${r.http.url.replace('{{store_url}}/rest/{{store_code}}', '').split('?')[0]}`).sort(), routes.map((r: WebapiRoute) => `${r.method} ${r.url}`).sort());
    assert.ok(requests.every((r) => r.http.auth === 'inherit'));
    const withPath = requests.find((r) => r.http.url.includes('/:'))!;
    assert.ok(withPath.params.some((p: { type: string }) => p.type === 'path'), 'path parameters declared');
    for (const [name, text] of files) if (name.endsWith('folder.bru')) assert.equal(collectionBruToJson(text).meta.name, name.split('/')[0]);
  });

  it('the CLI writes each format once and never over an existing file or folder', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'mik-collection-'));
    try {
      const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'collection', '--root', FIXTURE, '--integration', 'AcmeSync', ...args], { cwd: folder, encoding: 'utf8' });
      const postman = cli();
      assert.equal(postman.status, 0, postman.stderr);
      assert.match(postman.stdout, /AcmeSync\.postman_collection\.json: 92 REST routes AcmeSync can call, as a Postman v2\.1 collection/);
      const written = readFileSync(path.join(folder, 'AcmeSync.postman_collection.json'), 'utf8');
      const again = cli();
      assert.equal(again.status, 2);
      assert.match(again.stderr, /already exists; nothing was written/);
      assert.equal(readFileSync(path.join(folder, 'AcmeSync.postman_collection.json'), 'utf8'), written, 'the first file is untouched');
      const bruno = cli('--format', 'bruno', '--out', 'api');
      assert.equal(bruno.status, 0, bruno.stderr);
      const tree = readTree(path.join(folder, 'api'));
      assert.ok(tree.has('bruno.json') && tree.has('collection.bru') && tree.has('environments/Store.bru'));
      assert.equal(cli('--format', 'bruno', '--out', 'api').status, 2);
      assert.deepEqual(readTree(path.join(folder, 'api')), tree, 'the folder is untouched');
      assert.equal(cli('--store-code', 'Default').status, 2, 'store codes are lower case');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
