/**
 * What the sealer's column check costs (issue 15): sealing the same events with the check and
 * without it, in alternating rounds of one run, each from an empty tree. "Without" is the real
 * sealer reading its leaves alone, answered "no disagreement" at once: the check's statement and
 * the snapshot it shares with the leaves are all that differ.
 * It also reports the CPU time the check adds (Node's and the database backends', from /proc, so
 * only with PostgreSQL on this machine). It leaves the audit tables empty, as before the first seal.
 */
import type { Pool } from 'pg';
import { LogReader } from '@accord/event-store';
import { type AuditSigningKey, MerkleSealer } from '@accord/audit/postgres';
import { type Figure, processCpuSeconds, ratioFigure } from './bench-kit';

const BATCH = 10_000;

async function emptyTree(pool: Pool): Promise<void> {
  await pool.query(
    `TRUNCATE merkle_nodes, checkpoints, stream_heads CASCADE;
     UPDATE merkle_head SET tree_size = 0, root = sha256(''::bytea), heads_size = 0`,
  );
}

/** CPU seconds so far of each backend of this database (from /proc: PostgreSQL on this machine). */
async function backendCpu(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid) ?? 0]));
}

interface SealRun {
  eventsPerSecond: number;
  /** CPU milliseconds of this process and of the database's backends while sealing. */
  cpuMs: number;
}

/** Sealing the first `events` (a multiple of the batch) from an empty tree: its rate and its CPU. */
async function seal(pool: Pool, key: AuditSigningKey, origin: string, events: number): Promise<SealRun> {
  await emptyTree(pool);
  const sealer = new MerkleSealer(pool, { key, origin, everyEvents: 1000, everySeconds: 10, batchSize: BATCH });
  const backendsBefore = await backendCpu(pool);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let sealed = 0; sealed < events;) sealed = (await sealer.sealBatch()).treeSize;
  const eventsPerSecond = events / (Number(process.hrtime.bigint() - started) / 1e9);
  const cpu = process.cpuUsage(cpuBefore);
  let cpuMs = (cpu.user + cpu.system) / 1000;
  // A backend gone meanwhile reads 0: what it used is lost rather than subtracted.
  for (const [pid, seconds] of await backendCpu(pool))
    cpuMs += Math.max(0, seconds - (backendsBefore.get(pid) ?? 0)) * 1000;
  return { eventsPerSecond, cpuMs };
}

export async function measureColumnCheckCost(
  pool: Pool,
  key: AuditSigningKey,
  origin: string,
  logSize: number,
  rounds = 3,
): Promise<Figure[]> {
  const events = Math.min(100_000, Math.floor(logSize / BATCH) * BATCH);
  const checked = LogReader.prototype.checkedLeaves;
  async function unchecked(this: LogReader<Pool>, after: number, upTo: number) {
    return { leaves: await this.leaves(after, upTo), mismatches: [] };
  }
  const best = { with: 0, without: 0 };
  const cpu = { with: [] as number[], without: [] as number[] };
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so a busy spell on the machine hurts both alike.
      for (const side of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        LogReader.prototype.checkedLeaves = side === 'with' ? checked : unchecked;
        const run = await seal(pool, key, origin, events);
        best[side] = Math.max(best[side], run.eventsPerSecond);
        cpu[side].push(run.cpuMs);
      }
    }
  } finally {
    LogReader.prototype.checkedLeaves = checked;
    await emptyTree(pool);
  }
  const of = `sealing ${events.toLocaleString('en-GB')} events, best of ${rounds}`;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return [
    ratioFigure(
      `sealer with the column check / without it (${of})`,
      { name: 'with the check', value: best.with, unit: 'events/s' },
      { name: 'without', value: best.without, unit: 'events/s' },
      '≥',
      0.9,
    ),
    // The rates above swing with the machine's load; the CPU the check adds hardly does, so it is
    // what to compare candidate checks by on a shared machine.
    {
      name: `CPU the column check adds, this process and PostgreSQL's backends (${events.toLocaleString('en-GB')} events, median of ${rounds}; without it ${Math.round(median(cpu.without))} ms)`,
      value: median(cpu.with) - median(cpu.without),
      unit: 'ms',
    },
  ];
}
