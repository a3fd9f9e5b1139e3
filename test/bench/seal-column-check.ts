/**
 * What the sealer's column check costs (issue 15): sealing the same events with the check and
 * without it, in alternating rounds of one run, each from an empty tree. "Without" is the real
 * sealer with the check's query answering "no disagreement" at once, so only the check differs.
 * It leaves the audit tables empty, as before the first seal.
 */
import type { Pool } from 'pg';
import { LogReader } from '@accord/event-store';
import { type AuditSigningKey, MerkleSealer } from '@accord/audit/postgres';
import { type Figure, ratioFigure } from './bench-kit';

const BATCH = 10_000;

async function emptyTree(pool: Pool): Promise<void> {
  await pool.query(
    `TRUNCATE merkle_nodes, checkpoints, stream_heads CASCADE;
     UPDATE merkle_head SET tree_size = 0, root = sha256(''::bytea), heads_size = 0`,
  );
}

/** Events per second of sealing the first `events` (a multiple of the batch) from an empty tree. */
async function sealRate(pool: Pool, key: AuditSigningKey, origin: string, events: number): Promise<number> {
  await emptyTree(pool);
  const sealer = new MerkleSealer(pool, { key, origin, everyEvents: 1000, everySeconds: 10, batchSize: BATCH });
  const started = process.hrtime.bigint();
  for (let sealed = 0; sealed < events;) sealed = (await sealer.sealBatch()).treeSize;
  return events / (Number(process.hrtime.bigint() - started) / 1e9);
}

export async function measureColumnCheckCost(
  pool: Pool,
  key: AuditSigningKey,
  origin: string,
  logSize: number,
  rounds = 3,
): Promise<Figure[]> {
  const events = Math.min(100_000, Math.floor(logSize / BATCH) * BATCH);
  const check = LogReader.prototype.columnMismatches;
  const best = { with: 0, without: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so a busy spell on the machine hurts both alike.
      for (const side of round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const)) {
        LogReader.prototype.columnMismatches = side === 'with' ? check : async () => [];
        best[side] = Math.max(best[side], await sealRate(pool, key, origin, events));
      }
    }
  } finally {
    LogReader.prototype.columnMismatches = check;
    await emptyTree(pool);
  }
  const of = `sealing ${events.toLocaleString('en-GB')} events, best of ${rounds}`;
  return [
    ratioFigure(
      `sealer with the column check / without it (${of})`,
      { name: 'with the check', value: best.with, unit: 'events/s' },
      { name: 'without', value: best.without, unit: 'events/s' },
      '≥',
      0.9,
    ),
  ];
}
