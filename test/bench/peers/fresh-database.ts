import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { processCpuSeconds } from '../bench-kit';

/** An empty database of its own on the benchmark's server; `drop()` removes it. */
export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let created = 0;

export async function createFreshDatabase(serverUrl: string, label: string): Promise<FreshDatabase> {
  const name = `accord_bench_${label.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${Date.now()}_${created++}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Flushes dirty pages so every contender starts its measured phase right after a checkpoint (the
 * first write to each page after one is logged in full). Needs a superuser or pg_checkpoint; skipped quietly otherwise.
 */
export async function checkpoint(url: string): Promise<void> {
  await adminQuery(url, 'CHECKPOINT').catch(() => undefined);
}

/** Sets hint bits and the visibility map after a bulk load, so the first reader does not pay for it. */
export async function vacuumAnalyze(url: string): Promise<void> {
  await adminQuery(url, 'VACUUM ANALYZE');
}

/** What the server has spent so far: `cpuSeconds` of the backends connected to one database, and its WAL position. */
export interface ServerUsage {
  /** utime + stime of those backends from /proc; undefined when the server is not on this machine (or not Linux). */
  cpuSeconds?: number;
  walLsn: string;
}

/**
 * Read before and after a phase to see where its time went on the server's side. Backends that
 * come and go during the phase are missed (the benchmarks' pools keep theirs); the WAL position is
 * the whole server's, so the difference is the phase's WAL only when nothing else writes.
 */
export async function serverUsage(serverUrl: string, database: string): Promise<ServerUsage> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ lsn: string; pids: number[] }>(
      'SELECT pg_current_wal_insert_lsn()::text AS lsn, array(SELECT pid FROM pg_stat_activity WHERE datname = $1) AS pids',
      [database],
    );
    const { lsn: walLsn, pids } = rows[0];
    let cpuSeconds = 0;
    for (const pid of pids) {
      const used = isLocalPostgres(pid) ? processCpuSeconds(pid) : undefined;
      if (used === undefined) return { walLsn };
      cpuSeconds += used;
    }
    return { cpuSeconds, walLsn };
  } finally {
    await admin.end();
  }
}

/** A server elsewhere has its own pids: one that happens to name a process here is not its backend. */
function isLocalPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres';
  } catch {
    return false;
  }
}

/** Per event between two readings: backend CPU in µs (when both have it) and WAL bytes. */
export function serverUsagePerEvent(
  before: ServerUsage,
  after: ServerUsage,
  events: number,
): { cpuUs?: number; walBytes: number } {
  return {
    cpuUs:
      before.cpuSeconds === undefined || after.cpuSeconds === undefined
        ? undefined
        : ((after.cpuSeconds - before.cpuSeconds) * 1e6) / events,
    walBytes: Number(lsnBytes(after.walLsn) - lsnBytes(before.walLsn)) / events,
  };
}

/** A pg_lsn ('16/B374D848': high and low 32 bits in hex) as a byte offset. */
function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}
