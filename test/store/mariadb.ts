// A real MariaDB for the doctor's tests: Debian's mariadb-server (installed by the prerequisites), started
// on 127.0.0.1 with a temporary data folder and stopped after. Root connects over the socket, without a password.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as mariadb from 'mariadb';
import { freePort } from '../freePort';

export interface TestDatabaseServer {
  port: number;
  socket: string;
  /** The general query log: every statement the server ran. */
  generalLog: string;
  /** Runs statements as root (one connection, multiple statements allowed). */
  root(sql: string, values?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startMariaDb(): Promise<TestDatabaseServer> {
  // Short: a socket path must stay under about 100 characters.
  const home = mkdtempSync('/tmp/mik-db-');
  const data = path.join(home, 'data');
  const socket = path.join(home, 's.sock');
  const generalLog = path.join(home, 'general.log');
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  const installed = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot], { encoding: 'utf8' });
  if (installed.status !== 0) throw new Error(`mariadb-install-db failed (is Debian's mariadb-server installed?): ${installed.stderr || installed.error}`);
  const port = await freePort();
  const server: ChildProcess = spawn('/usr/sbin/mariadbd', [
    '--no-defaults', `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, '--bind-address=127.0.0.1', `--pid-file=${path.join(home, 'pid')}`,
    '--skip-log-bin', '--innodb-buffer-pool-size=16M', '--general-log=1', `--general-log-file=${generalLog}`, `--log-error=${path.join(home, 'error.log')}`, ...asRoot,
  ], { stdio: 'ignore' });
  const connect = () => mariadb.createConnection({ socketPath: socket, user: 'root', multipleStatements: true });
  let connection: mariadb.Connection | undefined;
  const deadline = Date.now() + 90000;
  while (!connection) {
    try {
      connection = await connect();
    } catch (error) {
      if (server.exitCode !== null || Date.now() > deadline) {
        server.kill('SIGKILL');
        throw new Error(`MariaDB did not start: ${String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const rootConnection = connection;
  return {
    port, socket, generalLog,
    root: (sql, values) => rootConnection.query(sql, values),
    async stop() {
      await rootConnection.end().catch(() => undefined);
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    },
  };
}
