// A store's database as a real Adobe Commerce 2.4.6 writes it, for the doctor's tests: the tables
// (test/fixtures/store-schema.sql), a read-only user, and rows for the fixture project's integrations
// (AcmeSync active with a grant missing, AcmeLegacy reset, one the workspace does not hold with a request
// token, a token of a consumer no integration owns).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TestDatabaseServer } from './mariadb';

const SCHEMA = readFileSync(path.resolve(__dirname, '../fixtures/store-schema.sql'), 'utf8');
export const READER_PASSWORD = 'reader-Pw-7q2x';
/** What must never be printed: keys, secrets, tokens, the reader's password. */
export const SECRETS = ['ck0000000000000000000000000sync', 'cs0000000000000000000000000sync', 'tk0000000000000000000000000sync', 'ts0000000000000000000000000sync', 'tk00000000000000000000000000req', 'tk0000000000000000000000000orph', READER_PASSWORD];

/** Databases `magento` (rows), `prefixed` (mg_ tables, empty), `empty` (no tables); user `reader` may only SELECT. */
export async function seedStore(db: TestDatabaseServer, storeBaseUrl: string): Promise<void> {
  for (const [database, prefix] of [['magento', ''], ['prefixed', 'mg_']]) {
    await db.root(`CREATE DATABASE ${database}; USE ${database}; ${SCHEMA.replace(/\{prefix\}/g, prefix)}`);
  }
  await db.root('CREATE DATABASE empty');
  for (const host of ['127.0.0.1', 'localhost']) {
    await db.root(`CREATE USER 'reader'@'${host}' IDENTIFIED BY '${READER_PASSWORD}'; GRANT SELECT ON magento.* TO 'reader'@'${host}'; GRANT SELECT ON prefixed.* TO 'reader'@'${host}'; GRANT SELECT ON empty.* TO 'reader'@'${host}';`);
  }
  // Consumers, integrations, each one's role (user_type 1) with a rule per resource the ACL knew, tokens.
  await db.root(`USE magento;
    INSERT INTO oauth_consumer (entity_id, name, \`key\`, secret, rejected_callback_url) VALUES
      (1, 'Integration1', '${SECRETS[0]}', '${SECRETS[1]}', ''), (2, 'Integration2', 'ck00000000000000000000000legacy', 'cs00000000000000000000000legacy', ''),
      (3, 'Integration3', 'ck000000000000000000000000elsew', 'cs000000000000000000000000elsew', ''), (9, 'Integration9', 'ck000000000000000000000000orph9', 'cs000000000000000000000000orph9', '');
    INSERT INTO integration (integration_id, name, email, endpoint, identity_link_url, status, setup_type, consumer_id) VALUES
      (1, 'AcmeSync', 'dev@acme.example', 'https://erp.acme.example/magento/callback', 'https://erp.acme.example/magento/login', 1, 1, 1),
      (2, 'AcmeLegacy', 'legacy@acme.example', 'https://erp.acme.example/legacy/callback', 'https://erp.acme.example/legacy/login', 2, 1, 2),
      (3, 'Elsewhere', 'x@example.com', NULL, NULL, 0, 1, 3);
    INSERT INTO authorization_role (role_id, parent_id, tree_level, role_type, user_id, user_type, role_name) VALUES
      (10, 0, 1, 'U', 1, '1', 'AcmeSync'), (11, 0, 1, 'U', 2, '1', 'AcmeLegacy'), (12, 0, 1, 'G', 0, '2', 'Administrators');
    INSERT INTO authorization_rule (role_id, resource_id, permission) VALUES
      ${['Magento_Backend::admin', 'Magento_Catalog::catalog', 'Magento_Catalog::catalog_inventory', 'Magento_Catalog::products', 'Magento_Sales::sales', 'Magento_Sales::sales_operation', 'Magento_Sales::sales_order', 'Magento_Sales::actions', 'Magento_Sales::actions_view'].map((id) => `(10, '${id}', 'allow')`).join(', ')},
      (10, 'Acme_Sync::sync', 'deny'), (10, 'Acme_Sync::sync_orders', 'deny'), (10, 'Magento_Customer::customer', 'deny'),
      (11, 'Magento_Backend::admin', 'allow'), (11, 'Magento_Catalog::catalog', 'allow'), (11, 'Magento_Catalog::products', 'allow'), (11, 'Magento_Sales::sales', 'deny'),
      (12, 'Magento_Backend::all', 'allow');
    INSERT INTO oauth_token (consumer_id, type, token, secret, callback_url, authorized, user_type) VALUES
      (1, 'access', '${SECRETS[2]}', '${SECRETS[3]}', 'oob', 1, 1), (3, 'request', '${SECRETS[4]}', 'ts00000000000000000000000000req', 'oob', 0, 1),
      (9, 'access', '${SECRETS[5]}', 'ts0000000000000000000000000orph', 'oob', 1, 1);
    INSERT INTO oauth_nonce (nonce, timestamp, consumer_id) VALUES ('n0000000000000000000000000000001', 1796668172, 1);
    INSERT INTO core_config_data (path, value) VALUES ('web/unsecure/base_url', '${storeBaseUrl}'), ('oauth/consumer/expiration_period', '600');
    INSERT INTO patch_list (patch_name) VALUES ('Acme\\\\Legacy\\\\Setup\\\\Patch\\\\Data\\\\InstallAcmeLegacyIntegration');
    USE prefixed; INSERT INTO mg_core_config_data (path, value) VALUES ('web/unsecure/base_url', '${storeBaseUrl}');`);
}

export const STORE_TABLES = ['integration', 'oauth_consumer', 'oauth_token', 'oauth_nonce', 'authorization_role', 'authorization_rule', 'core_config_data', 'patch_list', 'setup_module'];

/** CHECKSUM TABLE of every table of `database`: equal before and after means byte for byte unchanged. */
export async function tableChecksums(db: TestDatabaseServer, database: string, prefix = ''): Promise<string> {
  const rows = (await db.root(`CHECKSUM TABLE ${STORE_TABLES.map((t) => `${database}.${prefix}${t}`).join(', ')} EXTENDED`)) as Array<{ Table: string; Checksum: unknown }>;
  return rows.map((row) => `${row.Table}=${String(row.Checksum)}`).join(' ');
}
