import { Pool, PoolClient } from 'pg';
import { Checkpoint, formatStreamHeadsLine, MerkleTreeAppender, signCheckpoint, StreamHeads } from '@accord/audit';
import { AuditLogMismatchError, type CheckedLeaves, LogReader, toStorageError } from '@accord/event-store';
import type { AuditSigningKey } from './audit-signing-key';
import { PostgresNodeReader } from './postgres-node-reader';
import { delay, noteCheckpointSigned, noteFollowerPosition, tracer } from '@accord/platform';

export interface SealerOptions {
  key: AuditSigningKey;
  origin: string;
  /** Sign when this many leaves were added since the last checkpoint… */
  everyEvents: number;
  /** …or when this long has passed and the tree grew. */
  everySeconds: number;
  /** Leaves per transaction during catch-up (default 10,000). */
  batchSize?: number;
  /** How long to wait for new events once caught up (default 200 ms). */
  idleMs?: number;
  log?: (message: string) => void;
  /** Milliseconds since the epoch; tests pass their own to decide when a checkpoint is due. */
  clock?: () => number;
}

interface BatchRead {
  after: number;
  upTo: number;
  read: Promise<CheckedLeaves>;
}

export interface SealResult {
  added: number;
  treeSize: number;
  /** Tree size of the checkpoint signed in this batch, if one was. */
  signed?: number;
}

/** The log has a hole where the sealer needs a leaf: something removed a committed event. */
export class LogGapError extends Error {
  readonly code = 'audit-log-gap';
  constructor(readonly position: number) {
    super(`event at position ${position} is missing from the log; the sealer stops here`);
  }
}

/**
 * Adds the log's leaves to the Merkle tree in position order, from its own stored tree size.
 * Each batch's new interior nodes, the new tree size and (when due) the signed checkpoint commit
 * in one transaction, so after a crash it resumes exactly where the last commit left it and no
 * node is ever written twice. It keeps only the O(log n) right frontier in memory and reads it
 * back on start; nothing is ever rehashed.
 *
 * It also keeps every stream's head (its last event) and signs their commitment into each
 * checkpoint as an extension line, storing the heads that changed in the checkpoint's
 * transaction: exports prove from them where each stream ends.
 */
export class MerkleSealer {
  private appender: MerkleTreeAppender | undefined;
  private heads: StreamHeads | undefined;
  /** Streams whose head moved since the stored heads (those of the latest checkpoint). */
  private unsaved = new Set<string>();
  private lastCheckpoint = { size: 0, atMs: 0 };
  /** The next batch's leaves and column check, read while the batch before it was hashed and committed. */
  private ahead: BatchRead | undefined;
  private readonly batchSize: number;
  private readonly log: LogReader<Pool>;

  constructor(
    private readonly pool: Pool,
    private readonly options: SealerOptions,
  ) {
    this.batchSize = options.batchSize ?? 10_000;
    this.log = new LogReader(pool);
  }

  /** Seal one batch (or sign a time-due checkpoint when there is nothing new). */
  async sealBatch(): Promise<SealResult> {
    try {
      return await this.sealBatchUnsafe();
    } catch (err) {
      // The in-memory frontier may be ahead of what committed: reload it from the database next time.
      this.appender = undefined;
      this.heads = undefined;
      this.ahead = undefined;
      throw err instanceof LogGapError ? err : toStorageError(err);
    }
  }

  /** Seal until caught up with the log head as it was when called. */
  async catchUp(): Promise<SealResult> {
    let last: SealResult = { added: 0, treeSize: 0 };
    for (;;) {
      const result = await this.sealBatch();
      last = { ...result, signed: result.signed ?? last.signed };
      if (result.added < this.batchSize) return last;
    }
  }

  /**
   * Follow the log until `signal` aborts; errors are logged and retried. Once a batch comes back
   * short of `batchSize` the sealer has caught up and waits `idleMs` before the next: on a busy log,
   * sealing again at once would spend a transaction and several round trips on every few events,
   * and a leaf waits no longer than it did for an idle sealer (one `idleMs` plus a batch).
   */
  async run(signal: AbortSignal): Promise<void> {
    const idleMs = this.options.idleMs ?? 200;
    while (!signal.aborted) {
      let waitMs = 0;
      try {
        const result = await this.sealBatch();
        if (result.added < this.batchSize) waitMs = idleMs;
      } catch (err) {
        this.options.log?.(`audit sealer: ${(err as Error).message}; retrying in 2 s`);
        waitMs = 2000;
      }
      if (waitMs > 0) await delay(waitMs, signal);
    }
  }

  private async load(): Promise<MerkleTreeAppender> {
    const { rows } = await this.pool.query<{ tree_size: number }>('SELECT tree_size FROM merkle_head');
    const size = rows[0]?.tree_size ?? 0;
    const appender = await MerkleTreeAppender.resume(size, new PostgresNodeReader(this.pool));
    const latest = await this.pool.query<{ tree_size: number; created_at: Date }>(
      'SELECT tree_size, created_at FROM checkpoints ORDER BY tree_size DESC LIMIT 1',
    );
    this.lastCheckpoint = latest.rows[0]
      ? { size: latest.rows[0].tree_size, atMs: latest.rows[0].created_at.getTime() }
      : { size: 0, atMs: 0 };
    if (latest.rows[0]) noteCheckpointSigned(this.lastCheckpoint.atMs);
    this.heads = await this.loadHeads(size);
    return appender;
  }

  /** The stored heads (at the latest checkpoint), moved on by the leaves sealed since. */
  private async loadHeads(treeSize: number): Promise<StreamHeads> {
    const stored = await this.pool.query<{ stream_id: string; revision: number; leaf_hash: Buffer }>(
      'SELECT stream_id, revision, leaf_hash FROM stream_heads ORDER BY ord',
    );
    const heads = StreamHeads.of(
      stored.rows.map((r) => ({ streamId: r.stream_id, revision: r.revision, leafHash: r.leaf_hash })),
    );
    const { rows } = await this.pool.query<{ heads_size: number }>('SELECT heads_size FROM merkle_head');
    this.unsaved = new Set();
    // Once, on a log sealed before heads were kept, this reads the whole log; after that only the
    // leaves sealed since the latest checkpoint.
    for (let after = rows[0]?.heads_size ?? 0; after < treeSize; after += this.batchSize) {
      for (const leaf of await this.log.leaves(after, Math.min(after + this.batchSize, treeSize))) {
        heads.set(leaf);
        this.unsaved.add(leaf.streamId);
      }
    }
    return heads;
  }

  private async sealBatchUnsafe(): Promise<SealResult> {
    this.appender ??= await this.load();
    const appender = this.appender;
    const heads = this.heads as StreamHeads;
    const from = appender.size;
    const head = await this.log.headPosition();
    const batch = this.takeAhead(from) ?? this.read(from, Math.min(head, from + this.batchSize));
    const upTo = batch.upTo;
    // During catch-up the next batch is read and checked in the database while this one is hashed
    // and committed here: the check alone would otherwise cost the sealer a third or more of its rate
    // (bench:audit). What is sealed is still exactly what was checked, read as one batch.
    if (head > upTo) this.ahead = this.read(upTo, Math.min(head, upTo + this.batchSize));
    // A row whose columns its bytes contradict is refused before it is signed: readers select,
    // order and date events by those columns, so sealing it would sign what they misread.
    const { leaves: rows, mismatches } = await batch.read;
    const [mismatch] = mismatches;
    if (mismatch !== undefined)
      throw new AuditLogMismatchError(
        mismatch.position,
        mismatch.column,
        `its ${mismatch.column} column disagrees with its bytes; the sealer stops here`,
      );

    const levels: number[] = [];
    const indexes: number[] = [];
    const hashes: Buffer[] = [];
    rows.forEach((row, i) => {
      // Positions up to a committed head are dense, so a hole is a removed row, never a slow writer.
      if (row.position !== from + i + 1) throw new LogGapError(from + i + 1);
      heads.set(row);
      this.unsaved.add(row.streamId);
      for (const node of appender.append(row.leafHash).nodes) {
        levels.push(node.level);
        indexes.push(node.index);
        hashes.push(node.hash);
      }
    });
    if (rows.length < upTo - from) throw new LogGapError(from + rows.length + 1);

    const size = appender.size;
    const root = appender.root();
    const now = (this.options.clock ?? Date.now)();
    const due =
      size > this.lastCheckpoint.size &&
      (size - this.lastCheckpoint.size >= this.options.everyEvents ||
        now - this.lastCheckpoint.atMs >= this.options.everySeconds * 1000);
    if (rows.length === 0 && !due) return { added: 0, treeSize: size };

    // Not linked to the appends: the sealer reads leaf hashes only, and the events' traceparents
    // would cost it the envelopes. The positions say which commits it covered.
    const span = tracer().startSpan('accord.audit.seal', {
      attributes: { 'accord.position.from': from + 1, 'accord.position.to': upTo, 'accord.checkpoint.due': due },
    });
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      if (rows.length > 0) {
        if (levels.length > 0) {
          await client.query(
            'INSERT INTO merkle_nodes (level, idx, hash) SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])',
            [levels, indexes, hashes],
          );
        }
        const moved = await client.query(
          'UPDATE merkle_head SET tree_size = $1, root = $2, sealed_at = now() WHERE tree_size = $3',
          [size, root, from],
        );
        if (moved.rowCount !== 1) throw new Error(`another sealer moved the tree past ${from}`);
      }
      let signed: number | undefined;
      if (due) {
        const checkpoint: Checkpoint = {
          origin: this.options.origin,
          size,
          rootHash: root,
          extensions: [formatStreamHeadsLine(heads.commitment())],
        };
        const note = signCheckpoint(checkpoint, {
          name: this.options.key.name,
          privateKey: this.options.key.privateKey,
        });
        await client.query(
          'INSERT INTO checkpoints (tree_size, root, note, vkey, created_at) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0))',
          [size, root, note, this.options.key.vkey, now],
        );
        await this.saveHeads(client, size);
        signed = size;
      }
      await client.query('COMMIT');
      if (signed !== undefined) {
        this.unsaved.clear();
        this.lastCheckpoint = { size: signed, atMs: now };
        noteCheckpointSigned(now);
      }
      noteFollowerPosition('audit-sealer', size);
      return { added: rows.length, treeSize: size, signed };
    } catch (err) {
      span.recordException(err as Error);
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
      span.end();
    }
  }

  /** The leaves after `after` up to `upTo` and the first of them whose columns disagree with their bytes. */
  private read(after: number, upTo: number): BatchRead {
    const read: BatchRead['read'] =
      upTo > after ? this.log.checkedLeaves(after, upTo) : Promise.resolve({ leaves: [], mismatches: [] });
    // Read ahead, it is awaited by the next batch: a failure meanwhile is that batch's to report.
    read.catch(() => undefined);
    return { after, upTo, read };
  }

  private takeAhead(from: number): BatchRead | undefined {
    const ahead = this.ahead;
    this.ahead = undefined;
    return ahead?.after === from ? ahead : undefined;
  }

  private async saveHeads(client: PoolClient, size: number): Promise<void> {
    const heads = this.heads as StreamHeads;
    const ids: string[] = [];
    const ords: number[] = [];
    const revisions: number[] = [];
    const hashes: Buffer[] = [];
    for (const streamId of this.unsaved) {
      const found = heads.get(streamId);
      if (found === undefined) continue;
      ids.push(streamId);
      ords.push(found.index);
      revisions.push(found.head.revision);
      hashes.push(found.head.leafHash);
    }
    if (ids.length > 0)
      await client.query(
        `INSERT INTO stream_heads (stream_id, ord, revision, leaf_hash)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bytea[])
         ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision, leaf_hash = EXCLUDED.leaf_hash`,
        [ids, ords, revisions, hashes],
      );
    await client.query('UPDATE merkle_head SET heads_size = $1', [size]);
  }
}
