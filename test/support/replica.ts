import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);
const SCRIPTS = resolve(__dirname, '../../infra/replica');
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL primary and its streaming replica, made by infra/replica/start.sh (Debian's
 * PostgreSQL binaries) in a folder of their own, on ports below Linux's ephemeral range: the
 * standby is stopped and started again on the same port.
 */
export interface ReplicaPair {
  primaryUrl: string;
  readUrl: string;
  stopStandby(): Promise<void>;
  /** Starts the standby again; it returns once it streams from the primary. */
  startStandby(): Promise<void>;
  /** Runs one statement on the standby (pausing or resuming its replay, reading its activity). */
  onStandby<R extends Record<string, unknown>>(sql: string): Promise<R[]>;
  onPrimary<R extends Record<string, unknown>>(sql: string): Promise<R[]>;
  close(): Promise<void>;
}

/** Why this machine cannot run a replica, or null when it can. */
export function replicaUnavailable(): string | null {
  return existsSync(join(PG_BIN, 'pg_basebackup'))
    ? null
    : `no PostgreSQL binaries with pg_basebackup in ${PG_BIN} (apt-get install postgresql-15, or set PG_BIN)`;
}

/** Runs the suite where a replica can be made; else skips it with a warning, and under CI=true fails it. */
export function describeWithReplica(name: string, body: () => void): void {
  const missing = replicaUnavailable();
  if (missing === null) return describe(name, body);
  if (process.env.CI === 'true')
    return describe(name, () =>
      it('has the PostgreSQL binaries a replica needs', () => {
        throw new Error(`${missing} (CI=true: a missing service fails the run)`);
      }),
    );
  console.warn(`skipping "${name}": ${missing}`);
  describe.skip(name, body);
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-replica-'));
  const primaryPort = 28000 + 2 * (process.pid % 2000);
  const env = {
    ...process.env,
    PG_BIN,
    REPLICA_DIR: dir,
    PRIMARY_PORT: String(primaryPort),
    STANDBY_PORT: String(primaryPort + 1),
  };
  const start = async () => {
    const { stdout } = await run(join(SCRIPTS, 'start.sh'), { env });
    return Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s, 2)),
    );
  };
  const urls = await start();
  const query = async <R extends Record<string, unknown>>(url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    primaryUrl: urls.DATABASE_URL,
    readUrl: urls.DATABASE_READ_URL,
    stopStandby: async () => void (await run(join(SCRIPTS, 'stop.sh'), ['standby'], { env })),
    startStandby: async () => void (await start()),
    onStandby: (sql) => query(urls.DATABASE_READ_URL, sql),
    onPrimary: (sql) => query(urls.DATABASE_URL, sql),
    close: async () => {
      await run(join(SCRIPTS, 'stop.sh'), ['--wipe'], { env });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
