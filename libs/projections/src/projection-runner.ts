import { Pool, PoolClient } from 'pg';
import { EventStore, StoredEvent } from '@accord/event-store';
import { inSpan, linksTo, MAX_LINKS, noteFollowerPosition } from '@accord/platform';
import { clearProjectionFailure, lockCheckpoint, moveCheckpoint, readCheckpoint } from './checkpoints';
import { Projection } from './projection';

/** Largest page the event store serves; one page is one transaction. */
export const MAX_BATCH = 10_000;

export interface BatchResult {
  /** The checkpoint after this step. */
  position: number;
  /** Events handed to the projection (fewer than the positions covered when it filters streams or types). */
  applied: number;
  /** True when another writer had moved the checkpoint: nothing was applied, read again. */
  raced: boolean;
}

/** Positions `from`..`upTo` of the log, with the events a projection wants among them. */
interface Batch {
  from: number;
  upTo: number;
  events: StoredEvent[];
  /** The batch reaches the head as it was when read. */
  atHead: boolean;
}

/** Applying positions `from`..`upTo` failed (the transaction was rolled back); `cause` says why. */
export class BatchNotAppliedError extends Error {
  constructor(
    readonly projection: string,
    readonly from: number,
    readonly upTo: number,
    override readonly cause: unknown,
  ) {
    super(`${projection}: positions ${from}..${upTo}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * Starts reading the next batch while the current one commits. The read may fail (the database
 * went away) long before it is awaited; the handler attached here keeps Node from treating that
 * as an unhandled rejection and ending the process, while every `await` still gets the error.
 */
function readAhead(store: EventStore, projection: Projection, from: number, batchSize: number): Promise<Batch | null> {
  const read = readBatch(store, projection, from, batchSize);
  read.catch(() => undefined);
  return read;
}

/** Reads the batch starting at `from`; null when the log has nothing at or after it yet. */
async function readBatch(
  store: EventStore,
  projection: Projection,
  from: number,
  batchSize: number,
): Promise<Batch | null> {
  // The head is read before the page: everything up to a committed head is visible (gap-safe
  // store), so when the filtered page is not full the checkpoint may move to the head.
  const head = await store.headPosition();
  if (head < from) return null;
  const limit = Math.min(batchSize, MAX_BATCH);
  if (projection.applyRange) {
    const upTo = Math.min(head, from + limit - 1);
    return { from, upTo, events: [], atHead: upTo === head };
  }
  const events = await store.readAll({
    fromPosition: from,
    limit,
    filter: { streamIdPrefix: projection.streamIdPrefix, types: projection.types ? [...projection.types] : undefined },
  });
  const last = events.length > 0 ? events[events.length - 1].position : 0;
  const atHead = events.length < limit;
  return { from, upTo: atHead ? Math.max(head, last) : last, events, atHead };
}

/**
 * Applies a batch and moves the checkpoint in one transaction. The checkpoint is re-read under
 * its row lock and the batch thrown away if it does not start right after it (a rebuild reset
 * it, or another process applied it), so no event is ever applied twice or skipped.
 */
async function commitBatch(pool: Pool, store: EventStore, projection: Projection, batch: Batch): Promise<BatchResult> {
  return inSpan(
    'accord.projection.batch',
    {
      attributes: {
        'accord.projection': projection.name,
        'accord.position.from': batch.from,
        'accord.position.to': batch.upTo,
        'accord.events': batch.events.length,
      },
    },
    async (span) => {
      // Linked to the appends whose events it applies, named by the traceparents they stored. A
      // range projection reads no events, so the first ones of its range are read for the links,
      // and only while tracing records.
      const events =
        projection.applyRange && span.isRecording()
          ? await store.readAll({ fromPosition: batch.from, limit: Math.min(MAX_LINKS, batch.upTo - batch.from + 1) })
          : batch.events;
      span.addLinks(linksTo(events.map((e) => e.metadata.traceparent)));
      const result = await applyBatch(pool, projection, batch);
      noteFollowerPosition(`projection:${projection.name}`, result.position);
      return result;
    },
  );
}

async function applyBatch(pool: Pool, projection: Projection, batch: Batch): Promise<BatchResult> {
  const applied = await inTransaction(pool, async (client) => {
    const locked = await lockCheckpoint(client, projection.name);
    if (locked !== batch.from - 1) return false;
    try {
      if (projection.applyRange) await projection.applyRange(client, batch.from, batch.upTo);
      else if (batch.events.length > 0) await projection.apply?.(client, batch.events);
    } catch (err) {
      throw new BatchNotAppliedError(projection.name, batch.from, batch.upTo, err);
    }
    await moveCheckpoint(client, projection.name, batch.upTo);
    return true;
  });
  if (!applied) return { position: await readCheckpoint(pool, projection.name), applied: 0, raced: true };
  // A range projection is handed every position of its range.
  return {
    position: batch.upTo,
    applied: projection.applyRange ? batch.upTo - batch.from + 1 : batch.events.length,
    raced: false,
  };
}

/**
 * Applies batches until the checkpoint reaches the head. While one batch commits, the next is
 * already being read (the database and this process work at the same time); if the commit finds
 * the checkpoint moved by someone else, the read-ahead batch is dropped and reading restarts
 * from the checkpoint.
 */
export async function catchUp(
  pool: Pool,
  store: EventStore,
  projection: Projection,
  options: {
    batchSize?: number;
    signal?: AbortSignal;
    onBatch?: (result: BatchResult) => void;
    /** Return after the first batch that reached the head, instead of chasing every new event. */
    returnAtHead?: boolean;
  } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? MAX_BATCH;
  let position = await readCheckpoint(pool, projection.name);
  let next = readAhead(store, projection, position + 1, batchSize);
  try {
    while (!options.signal?.aborted) {
      const batch = await next;
      if (!batch) break;
      next =
        options.returnAtHead && batch.atHead
          ? Promise.resolve(null)
          : readAhead(store, projection, batch.upTo + 1, batchSize);
      const result = await commitBatch(pool, store, projection, batch);
      position = result.position;
      if (result.raced) {
        await next.catch(() => null); // dropped: its failure is no longer this loop's
        next = readAhead(store, projection, position + 1, batchSize);
      }
      options.onBatch?.(result);
    }
  } finally {
    // When a commit throws (the database went away), the read-ahead still in flight ends first.
    await next.catch(() => null);
  }
  return position;
}

/**
 * Empties the read model and sets its checkpoint to 0 in one transaction (under the checkpoint
 * lock, so an in-flight batch of another process finishes first and its next one is refused).
 */
export async function resetProjection(pool: Pool, projection: Projection): Promise<void> {
  await inTransaction(pool, async (client) => {
    await lockCheckpoint(client, projection.name);
    if (projection.tables.length > 0) await client.query(`TRUNCATE ${projection.tables.join(', ')}`);
    await moveCheckpoint(client, projection.name, 0);
    await clearProjectionFailure(client, projection.name);
  });
}

export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
