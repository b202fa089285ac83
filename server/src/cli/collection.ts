// `magento-integration-kit collection`: an integration's REST routes as a Postman (v2.1.0) or Bruno
// collection, OAuth 1.0a preset, no secret inside. Writes a new file (Postman) or a new folder (Bruno),
// never over an existing one. Exit codes: 0 written, 2 bad usage or a target that exists.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { collectionFileStem } from '../magento/apiCollections';
import { integrationCollection } from '../workspace/integrationCollection';
import { writeAllOrNothing } from '../scaffold/writeFiles';
import { oneOf, parseOptions, UsageError } from './args';
import type { Output } from './output';
import { loadProject } from './project';
import { count } from '../../../shared/words';
import packageJson from '../../../package.json';

export async function runCollection(args: string[], io: Output): Promise<number> {
  const values = parseOptions('collection', args, {
    root: { type: 'string' }, integration: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
    'store-url': { type: 'string' }, 'store-code': { type: 'string' },
  });
  const integration = values.integration;
  if (!integration) throw new UsageError('collection: give --integration NAME');
  const format = oneOf('collection', 'format', values.format, ['postman', 'bruno'], 'postman');
  const storeUrl = values['store-url']?.replace(/\/+$/, '');
  if (storeUrl !== undefined && !/^https?:\/\/[^/]/i.test(storeUrl)) throw new UsageError(`collection: --store-url takes the store's http(s) base URL, not "${storeUrl}"`);
  // Magento's store codes: a lower-case letter, then lower-case letters, digits and "_".
  const storeCode = values['store-code'];
  if (storeCode !== undefined && !/^[a-z][a-z0-9_]*$/.test(storeCode)) throw new UsageError(`collection: --store-code takes a store view's code (a-z, 0-9, _) or "all", not "${storeCode}"`);
  const root = path.resolve(values.root ?? '.');
  const workspace = await loadProject([root]);
  const collection = integrationCollection(workspace, integration, format, { storeUrl, storeCode, generator: `Magento Integration Kit ${packageJson.version}` });
  if (!collection) throw new UsageError(`collection: no integration named "${integration}" is configured in ${root}`);
  const stem = collectionFileStem(integration);
  const out = path.resolve(values.out ?? (format === 'postman' ? `${stem}.postman_collection.json` : `${stem}-bruno`));
  try {
    if (format === 'postman') writeAllOrNothing(path.dirname(out), new Map([[path.basename(out), [...collection.files.values()][0]]]));
    else {
      // A Bruno collection is a folder of its own: a new one, never files added to an existing one.
      if (existsSync(out)) throw new Error(`${out} already exists; nothing was written.`);
      writeAllOrNothing(out, collection.files, path.dirname(out));
    }
  } catch (error) {
    io.err(`magento-integration-kit collection: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.out(`Wrote ${out}: ${count(collection.routes, 'REST route')} ${integration} can call, as a ${format === 'postman' ? 'Postman v2.1 collection' : 'Bruno collection'}. Fill consumer_key, consumer_secret, access_token and access_token_secret${format === 'bruno' ? ' (secret variables of the Store environment)' : ' (collection variables)'}, and store_url.\n`);
  return 0;
}
