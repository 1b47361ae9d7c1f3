/**
 * A throwaway PostgreSQL 15 cluster on loopback, one per test file: `initdb` into a temporary
 * directory owned by the `postgres` user (the server refuses to run as root), password
 * authentication (SCRAM) over TCP on 127.0.0.1 and a free port, the Unix socket inside the temp
 * directory. `stop()` / `start()` let a fault test take the server away mid-rotation.
 * If the server cannot start, `startPostgres()` throws: tests fail, they never skip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const BIN_CANDIDATES = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'].filter((d): d is string => !!d);

function pgBin(): string {
  for (const dir of BIN_CANDIDATES) if (existsSync(join(dir, 'initdb'))) return dir;
  throw new Error(`PostgreSQL 15 server binaries not found (looked in ${BIN_CANDIDATES.join(', ')}); set PG_BIN`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly adminUser: string;
  readonly adminPassword: string;
  /** `postgresql://admin:password@127.0.0.1:port/postgres` */
  readonly adminUrl: string;
  /** A connection URL for any role. */
  url(user: string, password: string, database?: string): string;
  /** Runs SQL as the admin (for fixtures: roles, grants). */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** True when `user`/`password` can log in and run a query. */
  canLogin(user: string, password: string): Promise<boolean>;
  /** Stops the server (fast shutdown): logins fail until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** The server's log, to check nothing secret was logged. */
  log(): string;
  /** Stops the server and deletes the cluster. */
  close(): Promise<void>;
}

/** Runs a PostgreSQL binary as the `postgres` user when we are root, directly otherwise. */
function runPg(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const asRoot = userInfo().uid === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = pgBin();
  const root = mkdtempSync(join(tmpdir(), 'sd-pg-'));
  chmodSync(root, 0o755);
  const data = join(root, 'data');
  const sockets = join(root, 'sock');
  const logFile = join(root, 'server.log');
  const pwFile = join(root, 'pw');
  const adminUser = 'sd_admin';
  const adminPassword = randomBytes(18).toString('base64url');
  const asRoot = userInfo().uid === 0;
  execFileSync('mkdir', ['-p', data, sockets]);
  writeFileSync(pwFile, adminPassword + '\n', { mode: 0o600 });
  writeFileSync(logFile, '');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    for (const p of [root, data, sockets, logFile, pwFile]) chownSync(p, uid, gid);
  }
  const init = runPg(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    adminUser,
    `--pwfile=${pwFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  rmSync(pwFile, { force: true });
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr || init.stdout}`);
  const port = await freePort();
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${sockets}'`,
      `password_encryption = 'scram-sha-256'`,
      `fsync = off`,
      `synchronous_commit = off`,
      `full_page_writes = off`,
      `shared_buffers = '16MB'`,
      `max_connections = 60`,
      // Log every statement: the tests check that no password ever reaches the server log.
      `log_statement = 'all'`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(data, 'pg_hba.conf'),
    ['local all all scram-sha-256', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
  );

  const host = '127.0.0.1';
  const database = 'postgres';
  const url = (user: string, password: string, db = database): string =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${db}`;
  const adminUrl = url(adminUser, adminPassword);

  async function connect(user: string, password: string): Promise<pg.Client> {
    const client = new pg.Client({ host, port, user, password, database, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async function waitReady(): Promise<void> {
    const deadline = Date.now() + 30_000;
    let last: unknown;
    while (Date.now() < deadline) {
      try {
        const c = await connect(adminUser, adminPassword);
        await c.end();
        return;
      } catch (error) {
        last = error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`PostgreSQL did not accept connections: ${String(last)}\n${readFileSync(logFile, 'utf8')}`);
  }

  let running = false;
  async function start(): Promise<void> {
    const r = runPg(join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      logFile,
      '-w',
      '-t',
      '30',
      '-o',
      '-c logging_collector=off',
      'start',
    ]);
    if (r.status !== 0)
      throw new Error(`pg_ctl start failed: ${r.stderr}${r.stdout}\n${readFileSync(logFile, 'utf8')}`);
    running = true;
    await waitReady();
  }
  async function stop(): Promise<void> {
    if (!running) return;
    const r = runPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
    if (r.status !== 0) throw new Error(`pg_ctl stop failed: ${r.stderr}${r.stdout}`);
    running = false;
    await Promise.resolve();
  }

  await start();
  return {
    host,
    port,
    database,
    adminUser,
    adminPassword,
    adminUrl,
    url,
    async sql(text, values) {
      const c = await connect(adminUser, adminPassword);
      try {
        return await c.query(text, values);
      } finally {
        await c.end();
      }
    },
    async canLogin(user, password) {
      try {
        const c = await connect(user, password);
        try {
          const r = await c.query<{ u: string }>('SELECT current_user AS u');
          return r.rows[0]?.u === user;
        } finally {
          await c.end();
        }
      } catch {
        return false;
      }
    },
    stop,
    start,
    log: () => readFileSync(logFile, 'utf8'),
    async close() {
      try {
        await stop();
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
