import { Pool, PoolClient } from 'pg';
import { InvalidEventError } from '../event-store.errors';
import { AppendResult } from '../event-store.port';
import { BatchPlan, PendingAppend, planBatch, StoredCommand, StreamTip } from './batch-plan';
import { isUnavailable, toStorageError } from './pg-errors';

interface Waiting extends PendingAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

export const NOTIFY_CHANNEL = 'accord_events';

/**
 * Group commit: appends that arrive while a transaction is committing wait, then share the next
 * one. Each commit waits for an fsync, so throughput is commits/s × appends per commit; the
 * per-stream checks stay exact because planBatch applies them in queue order.
 *
 * Every transaction first locks the single log_head row. That serialises writers across
 * processes too, keeps positions dense, and makes commits visible in position order, which is
 * what lets readers of the global log never skip an event (gap safety).
 */
export class GroupCommitWriter {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatchEvents: number,
  ) {}

  submit(append: PendingAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) await this.commitIsolating(this.takeBatch());
    } finally {
      this.running = false;
    }
  }

  private takeBatch(): Waiting[] {
    let events = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || events + this.queue[n].events.length <= this.maxBatchEvents)) {
      events += this.queue[n].events.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /**
   * A database error that is not about availability (say a client-supplied eventId that already
   * exists) must fail only the append that caused it, so a failed batch is retried one by one.
   */
  private async commitIsolating(batch: Waiting[]): Promise<void> {
    try {
      await this.commit(batch);
    } catch (err) {
      if (batch.length > 1 && !isUnavailable(err)) {
        for (const append of batch) await this.commitIsolating([append]);
        return;
      }
      const error = toStorageError(translateConstraint(err));
      for (const append of batch) append.reject(error);
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const client = await this.pool.connect();
    let released = false;
    try {
      const [, headResult] = (await client.query('BEGIN; SELECT last_position FROM log_head FOR UPDATE')) as unknown as [unknown, { rows: { last_position: string }[] }];
      const head = Number(headResult.rows[0].last_position);
      const { tips, storedCommands } = await readTipsAndCommands(client, batch);
      const recordedAt = new Date().toISOString();
      const plan = planBatch(batch, head, tips, storedCommands, recordedAt);
      if (plan.events.length > 0) await writePlan(client, plan, recordedAt);
      await client.query('COMMIT');
      for (const [i, outcome] of plan.outcomes.entries()) {
        if (outcome.kind === 'failed') batch[i].reject(outcome.error);
        else batch[i].resolve(outcome.result);
      }
    } catch (err) {
      // A broken connection must not go back to the pool; a healthy one must not keep a
      // half-done transaction.
      if (isUnavailable(err)) {
        client.release(err as Error);
        released = true;
      } else {
        await client.query('ROLLBACK').catch(() => undefined);
      }
      throw err;
    } finally {
      if (!released) client.release();
    }
  }
}

/** One round trip for both lookups; it runs after the head lock, so it sees every earlier commit. */
async function readTipsAndCommands(client: PoolClient, batch: PendingAppend[]) {
  const streamIds = [...new Set(batch.map((a) => a.streamId))];
  const commandIds = batch.flatMap((a) => (a.commandId === undefined ? [] : [a.commandId]));
  const { rows } = await client.query<{ id: string; revision: number | null; last_leaf_hash: Buffer | null; command_hash: string | null; result: AppendResult | null }>(
    `SELECT stream_id AS id, revision, last_leaf_hash, NULL AS command_hash, NULL::jsonb AS result FROM streams WHERE stream_id = ANY($1::text[])
     UNION ALL
     SELECT command_id, NULL, NULL, command_hash, result FROM commands WHERE command_id = ANY($2::text[])`,
    [streamIds, commandIds],
  );
  const tips = new Map<string, StreamTip>();
  const storedCommands = new Map<string, StoredCommand>();
  for (const r of rows) {
    if (r.result) storedCommands.set(r.id, { commandHash: r.command_hash, result: r.result });
    else tips.set(r.id, { revision: Number(r.revision), lastLeafHash: (r.last_leaf_hash as Buffer).toString('hex') });
  }
  return { tips, storedCommands };
}

/**
 * Every write of a batch in one statement (data-modifying CTEs): events, stream tips, command
 * records and the head. NOTIFY is delivered at commit, so listeners never hear of an
 * uncommitted position.
 */
async function writePlan(client: PoolClient, plan: BatchPlan, recordedAt: string): Promise<void> {
  const rows = plan.events;
  const streams = [...plan.streams];
  await client.query(
    `WITH new_events AS (
       INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, canonical, leaf_hash)
       SELECT p, s, r, e, t, $6::timestamptz, c, l
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::uuid[], $5::text[], $7::bytea[], $8::bytea[]) AS u(p, s, r, e, t, c, l)
     ), tips AS (
       INSERT INTO streams (stream_id, revision, last_leaf_hash)
       SELECT * FROM unnest($9::text[], $10::bigint[], $11::bytea[])
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, last_leaf_hash = EXCLUDED.last_leaf_hash
     ), command_records AS (
       INSERT INTO commands (command_id, command_hash, result) SELECT * FROM unnest($12::text[], $13::text[], $14::jsonb[])
     ), head AS (
       UPDATE log_head SET last_position = $15 RETURNING last_position
     )
     SELECT pg_notify('${NOTIFY_CHANNEL}', last_position::text) FROM head`,
    [
      rows.map((r) => r.position),
      rows.map((r) => r.streamId),
      rows.map((r) => r.revision),
      rows.map((r) => r.eventId),
      rows.map((r) => r.type),
      recordedAt,
      rows.map((r) => r.canonical),
      rows.map((r) => r.leafHash),
      streams.map(([id]) => id),
      streams.map(([, t]) => t.revision),
      streams.map(([, t]) => Buffer.from(t.lastLeafHash, 'hex')),
      plan.commands.map((c) => c.commandId),
      plan.commands.map((c) => c.commandHash),
      plan.commands.map((c) => JSON.stringify(c.result)),
      plan.lastPosition,
    ],
  );
}

function translateConstraint(err: unknown): unknown {
  const pgErr = err as { code?: string; constraint?: string };
  if (pgErr.code === '23505' && pgErr.constraint === 'events_event_id_key') {
    return new InvalidEventError('duplicate-event-id', 'An event with this eventId is already in the log');
  }
  return err;
}
