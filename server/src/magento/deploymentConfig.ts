// What the doctor needs from Magento's deployment configuration: the database the store uses (env.php's
// db.connection.default, its host read as Magento's PDO adapter reads it), the table prefix, the mode, the
// settings env.php fixes (system.default.*, which beat the database), and the modules config.php enables.
import { PhpArray, phpPath, PhpValue } from './phpArrayLiteral';

export interface DatabaseTarget {
  /** TCP host, when not a socket. */
  host?: string;
  port?: number;
  socketPath?: string;
  database: string;
  user: string;
  /** Never printed. */
  password: string;
  tablePrefix: string;
}

export interface DeploymentConfig {
  database?: DatabaseTarget;
  /** Why there is no database (no db section, say). */
  databaseProblem?: string;
  mode?: string;
  /** Settings env.php sets for the default scope, by path (web/unsecure/base_url…). */
  systemDefaults: ReadonlyMap<string, string>;
}

const text = (value: PhpValue | undefined): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/**
 * Magento\Framework\DB\Adapter\Pdo\Mysql::_connect: a host with "/" is a socket path; "name:port" splits;
 * a separate port key is refused. "localhost" alone is PDO's default socket, which differs by system.
 */
export function readDeploymentConfig(env: PhpArray): DeploymentConfig {
  const connection = phpPath(env, 'db', 'connection', 'default');
  const systemDefaults = new Map<string, string>();
  flatten(phpPath(env, 'system', 'default'), '', systemDefaults);
  const mode = text(phpPath(env, 'MAGE_MODE'));
  if (!(connection instanceof Map)) return { databaseProblem: "app/etc/env.php has no db.connection.default: the store's database is not configured there", mode, systemDefaults };
  const database = text(connection.get('dbname'));
  const host = text(connection.get('host'));
  if (!database || !host) return { databaseProblem: 'app/etc/env.php\'s db.connection.default lacks its host or dbname', mode, systemDefaults };
  const target: DatabaseTarget = {
    database, user: text(connection.get('username')) ?? '', password: text(connection.get('password')) ?? '',
    tablePrefix: text(phpPath(env, 'db', 'table_prefix')) ?? '',
  };
  Object.assign(target, hostOf(host));
  return { database: target, mode, systemDefaults };
}

export function hostOf(host: string): Pick<DatabaseTarget, 'host' | 'port' | 'socketPath'> {
  if (host.includes('/')) return { socketPath: host };
  const colon = host.indexOf(':');
  if (colon >= 0) return { host: host.slice(0, colon), port: Number(host.slice(colon + 1)) || 3306 };
  return { host, port: 3306 };
}

/** config.php's modules: name -> enabled. */
export function readModuleStatus(config: PhpArray): Map<string, boolean> {
  const modules = phpPath(config, 'modules');
  const status = new Map<string, boolean>();
  if (modules instanceof Map) for (const [name, enabled] of modules) if (typeof name === 'string') status.set(name, enabled === 1 || enabled === true || enabled === '1');
  return status;
}

/**
 * `--db mysql://user:password@host:port/name` or `mysql://user:password@localhost/name?socket=/path`
 * (mariadb:// too); the prefix with `?prefix=`. Undefined, with the reason, when it is not one.
 */
export function readDatabaseUrl(url: string): DatabaseTarget | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: a mistyped URL may still hold the password.
    return '--db takes mysql://user:password@host:port/database (special characters in the password percent-encoded); this is not a URL';
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') return `--db takes a mysql:// or mariadb:// URL, not ${parsed.protocol}`;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) return '--db needs the database name: mysql://user:password@host:port/database';
  const socketPath = parsed.searchParams.get('socket') ?? undefined;
  return {
    ...(socketPath ? { socketPath } : { host: parsed.hostname || '127.0.0.1', port: parsed.port ? Number(parsed.port) : 3306 }),
    database, user: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password),
    tablePrefix: parsed.searchParams.get('prefix') ?? '',
  };
}

/** The URL with its password replaced, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Where the target is, for messages: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  const where = target.socketPath ? `socket ${target.socketPath}` : `${target.host}:${target.port}`;
  return `database "${target.database}" as "${target.user}" on ${where}`;
}

function flatten(value: PhpValue | undefined, prefix: string, into: Map<string, string>): void {
  if (!(value instanceof Map)) return;
  for (const [key, child] of value) {
    const path = prefix ? `${prefix}/${key}` : String(key);
    if (child instanceof Map) flatten(child, path, into);
    else if (child !== null) into.set(path, String(child === true ? 1 : child === false ? 0 : child));
  }
}
