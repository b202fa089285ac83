// Reads a store's integration tables, read-only: one connection (the mariadb client, which speaks to MySQL
// and MariaDB), a READ ONLY transaction, SELECTs of the columns the doctor needs and never a key, token or
// secret column, then ROLLBACK. A read-only database user is enough.
import type * as Mariadb from 'mariadb';
import type { DatabaseTarget } from '../magento/deploymentConfig';
import { describeTarget } from '../magento/deploymentConfig';
import type { StoreSnapshot, StoreTokenRow } from '../magento/storeDoctor';

/** The settings the doctor reads from core_config_data. */
export const DOCTOR_SETTINGS = [
  'web/unsecure/base_url', 'web/secure/base_url',
  'oauth/consumer/enable_integration_as_bearer', 'oauth/consumer/expiration_period',
] as const;

/** Bounds: a store with more rows than this is read up to here (the findings say so where it matters). */
const MAX_RULE_ROWS = 500_000;
const MAX_TOKEN_ROWS = 200_000;

export class StoreDatabaseError extends Error {
  constructor(message: string, readonly kind: 'unreachable' | 'refused' | 'not-magento' | 'failed') {
    super(message);
  }
}

export async function readStoreSnapshot(target: DatabaseTarget, options: { timeoutMs?: number } = {}): Promise<StoreSnapshot> {
  if (!/^[A-Za-z0-9_]*$/.test(target.tablePrefix)) throw new StoreDatabaseError(`The table prefix "${target.tablePrefix}" is not one Magento allows (letters, digits, _).`, 'failed');
  const table = (name: string) => `\`${target.tablePrefix}${name}\``;
  const timeout = options.timeoutMs ?? 15000;
  // Loaded on first use: the language server, which carries it, starts without it.
  const mariadb = await import('mariadb');
  let connection: Mariadb.Connection;
  try {
    connection = await mariadb.createConnection({
      host: target.socketPath ? undefined : target.host, port: target.socketPath ? undefined : target.port, socketPath: target.socketPath,
      user: target.user, password: target.password, database: target.database,
      connectTimeout: timeout, queryTimeout: timeout, dateStrings: true, bigIntAsNumber: true, decimalAsNumber: true,
      // Nothing of ours runs at connect, and nothing is written: no multiple statements, no local files.
      multipleStatements: false, permitLocalInfile: false,
    });
  } catch (error) {
    throw connectionError(error, target);
  }
  try {
    await connection.query('SET SESSION TRANSACTION READ ONLY');
    await connection.query('START TRANSACTION READ ONLY');
    const integrations = await connection.query(`SELECT integration_id, name, email, endpoint, identity_link_url, status, setup_type, consumer_id FROM ${table('integration')} ORDER BY integration_id`);
    // UserContextInterface::USER_TYPE_INTEGRATION is 1; authorization_role.user_id is then the integration's id.
    const ruleRows = await connection.query(`SELECT ro.user_id, ru.resource_id, ru.permission FROM ${table('authorization_role')} ro JOIN ${table('authorization_rule')} ru ON ru.role_id = ro.role_id WHERE ro.user_type = '1' LIMIT ${MAX_RULE_ROWS}`);
    const tokenRows = await connection.query(`SELECT entity_id, consumer_id, type, revoked, authorized, created_at FROM ${table('oauth_token')} WHERE consumer_id IS NOT NULL ORDER BY entity_id LIMIT ${MAX_TOKEN_ROWS}`);
    const configRows = await connection.query(`SELECT path, value FROM ${table('core_config_data')} WHERE scope = 'default' AND scope_id = 0 AND path IN (?)`, [[...DOCTOR_SETTINGS]]);
    const patchRows = await connection.query(`SELECT patch_name FROM ${table('patch_list')}`);
    const moduleRows = await connection.query(`SELECT module FROM ${table('setup_module')}`);

    const rules = new Map<number, { allowed: string[]; all: string[] }>();
    for (const row of ruleRows as Array<{ user_id: number; resource_id: string | null; permission: string | null }>) {
      if (!row.resource_id) continue;
      const entry = rules.get(Number(row.user_id)) ?? { allowed: [], all: [] };
      entry.all.push(row.resource_id);
      if (row.permission === 'allow') entry.allowed.push(row.resource_id);
      rules.set(Number(row.user_id), entry);
    }
    return {
      integrations: (integrations as Array<Record<string, unknown>>).map((row) => ({
        id: Number(row.integration_id), name: String(row.name), email: nullableText(row.email), endpoint: nullableText(row.endpoint),
        identityLinkUrl: nullableText(row.identity_link_url), status: Number(row.status), setupType: Number(row.setup_type),
        consumerId: row.consumer_id === null ? null : Number(row.consumer_id),
      })),
      rules,
      tokens: (tokenRows as Array<Record<string, unknown>>).map((row): StoreTokenRow => ({
        id: Number(row.entity_id), consumerId: Number(row.consumer_id), type: String(row.type), revoked: Number(row.revoked) === 1, authorized: Number(row.authorized) === 1,
        createdAt: row.created_at === null ? undefined : String(row.created_at),
      })),
      config: new Map((configRows as Array<{ path: string; value: string | null }>).filter((row) => row.value !== null).map((row) => [row.path, String(row.value)])),
      appliedPatches: new Set((patchRows as Array<{ patch_name: string }>).map((row) => row.patch_name)),
      installedModules: new Set((moduleRows as Array<{ module: string }>).map((row) => row.module)),
    };
  } catch (error) {
    throw queryError(error, target);
  } finally {
    await connection.query('ROLLBACK').catch(() => undefined);
    await connection.end().catch(() => connection.destroy());
  }
}

function nullableText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

interface SqlError {
  errno?: number;
  code?: string;
  text?: string;
  message?: string;
}

function connectionError(error: unknown, target: DatabaseTarget): StoreDatabaseError {
  const e = error as SqlError;
  const where = describeTarget(target);
  // Access denied (1045, 1044) and unknown database (1049) come from the server; the rest is the way there.
  if (e.errno === 1045 || e.errno === 1044 || e.errno === 1698) return new StoreDatabaseError(`The database server refused the credentials for ${where}: ${e.text ?? e.code}.`, 'refused');
  if (e.errno === 1049) return new StoreDatabaseError(`The database server has no ${where.replace(/ as .*/, '')}.`, 'refused');
  return new StoreDatabaseError(`Cannot reach the ${where}: ${e.code ?? ''} ${e.text ?? e.message ?? String(error)}`.replace(/\s+/g, ' ').trim(), 'unreachable');
}

function queryError(error: unknown, target: DatabaseTarget): StoreDatabaseError {
  if (error instanceof StoreDatabaseError) return error;
  const e = error as SqlError;
  if (e.errno === 1146) return new StoreDatabaseError(`The ${describeTarget(target)} is not a Magento 2 database (or not with the table prefix "${target.tablePrefix}"): ${e.text}.`, 'not-magento');
  if (e.errno === 1142 || e.errno === 1143) return new StoreDatabaseError(`The user may not read the integration tables: ${e.text}. Grant it SELECT on the database.`, 'refused');
  return new StoreDatabaseError(`Reading the store's tables failed: ${e.text ?? e.message ?? String(error)}`, 'failed');
}
