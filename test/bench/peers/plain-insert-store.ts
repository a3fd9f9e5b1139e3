import { once } from '@accord/platform';
import { randomUUID } from 'node:crypto';
import { escapeLiteral, Pool } from 'pg';

/**
 * The ceiling: what the storage path allows without Accord's work on top. One table, multi-row
 * INSERTs, and the same group commit as Accord's writer (appends that arrive while a transaction
 * commits wait and share the next one, up to the same number of events per transaction, one
 * transaction in flight, one round trip per transaction, durable COMMIT). No hashing, no
 * canonical JSON, no stream-revision check, no stream table, no command records.
 */
export const PLAIN_SCHEMA = `
  CREATE TABLE events (
    position bigserial PRIMARY KEY,
    stream_id text NOT NULL,
    revision bigint NOT NULL,
    event_id uuid NOT NULL,
    type text NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX events_stream ON events (stream_id, revision);
`;

export interface PlainEvent {
  type: string;
  data: unknown;
}

export interface PlainRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  recorded_at: Date;
}

interface Waiting {
  streamId: string;
  events: PlainEvent[];
  metadata: unknown;
  resolve: (lastPosition: number) => void;
  reject: (err: unknown) => void;
}

export class PlainInsertStore {
  private queue: Waiting[] = [];
  private running = false;

  constructor(
    private readonly pool: Pool,
    private readonly maxBatchEvents = 2000,
  ) {}

  static async migrate(pool: Pool): Promise<void> {
    await pool.query(PLAIN_SCHEMA);
  }

  /** Appends to a new stream (revisions 1…n); resolves with the last position written. */
  append(streamId: string, events: PlainEvent[], metadata: unknown): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, metadata, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  async readStream(streamId: string): Promise<PlainRow[]> {
    return (await this.pool.query<PlainRow>('SELECT * FROM events WHERE stream_id = $1 ORDER BY revision', [streamId]))
      .rows;
  }

  async readAll(afterPosition: number, limit: number): Promise<PlainRow[]> {
    return (
      await this.pool.query<PlainRow>('SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2', [
        afterPosition,
        limit,
      ])
    ).rows;
  }

  // Shaped like Accord's GroupCommitWriter.drain/commitIsolating on purpose: a batch's callers
  // are answered once the next batch has been sent, and by the time the loop takes the batch
  // after that, the callers just answered have queued their next append (the same batch sizes
  // and the same overlap as Accord's).
  private async drain(): Promise<void> {
    this.running = true;
    let answer: () => void = () => undefined;
    try {
      while (this.queue.length > 0) answer = await this.commitBatch(this.takeBatch(), answer);
    } finally {
      this.running = false;
      answer();
    }
  }

  private takeBatch(): Waiting[] {
    let events = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || events + this.queue[n].events.length <= this.maxBatchEvents))
      events += this.queue[n++].events.length;
    return this.queue.splice(0, n);
  }

  private async commitBatch(batch: Waiting[], previous: () => void): Promise<() => void> {
    const sent = once(previous);
    try {
      const positions = await this.commit(batch, sent);
      return () => {
        let i = 0;
        for (const append of batch) {
          i += append.events.length;
          append.resolve(positions[i - 1]);
        }
      };
    } catch (err) {
      sent();
      for (const append of batch) append.reject(err);
      return () => undefined;
    }
  }

  /** One round trip: BEGIN, one multi-row INSERT … RETURNING position, COMMIT. */
  private async commit(batch: Waiting[], sent: () => void): Promise<number[]> {
    const rows: string[] = [];
    for (const append of batch) {
      const stream = escapeLiteral(append.streamId);
      const metadata = escapeLiteral(JSON.stringify(append.metadata));
      append.events.forEach((event, i) => {
        rows.push(
          `(${stream},${i + 1},'${randomUUID()}',${escapeLiteral(event.type)},${escapeLiteral(JSON.stringify(event.data))},${metadata})`,
        );
      });
    }
    const client = await this.pool.connect();
    try {
      const committing = client.query(
        `BEGIN; INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES ${rows.join(',')} RETURNING position; COMMIT;`,
      );
      sent();
      const results = (await committing) as unknown as { rows: { position: string | number }[] }[];
      return results[1].rows.map((r) => Number(r.position));
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
