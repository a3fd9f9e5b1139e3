import { Pool } from 'pg';
import { consistencyProof, inclusionProof, rootFromNodes } from '@accord/audit';
import { InclusionAnswer } from '@accord/contracts';
import { HashedEnvelope, LogReader, parseStoredEvent, toStorageError } from '@accord/event-store';
import { BadInputError, NotFoundError } from '@accord/platform';
import { PostgresNodeReader } from './postgres-node-reader';

export interface StoredCheckpoint {
  treeSize: number;
  root: string;
  /** The C2SP signed note, with the cosignature lines of every witness that cosigned it. */
  note: string;
  vkey: string;
  createdAt: string;
}

export interface ConsistencyAnswer {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  proof: string[];
}

/** The envelope as stored; a tampered row that no longer parses is shown to no one but auditors. */
function readableEnvelope(canonical: Buffer): HashedEnvelope {
  try {
    return parseStoredEvent(canonical);
  } catch {
    return { streamId: '', data: null } as unknown as HashedEnvelope;
  }
}

/** Read side of the verifiable log: checkpoints and proofs from the stored tree. */
export class AuditLog {
  private readonly reader: PostgresNodeReader;
  private readonly log: LogReader;
  private latestCache: { at: number; value: Promise<StoredCheckpoint> } | undefined;

  constructor(private readonly pool: Pool) {
    this.reader = new PostgresNodeReader(pool);
    this.log = new LogReader(pool);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint> {
    const rows = await this.checkpointRows('ORDER BY tree_size DESC LIMIT 1', []);
    if (rows.length === 0) throw new NotFoundError('checkpoint-not-found', 'no checkpoint has been signed yet');
    return rows[0];
  }

  /**
   * The latest checkpoint as of at most a second ago: proofs are asked for far more often than
   * checkpoints are signed, and a proof against a second-old checkpoint is just as valid. A caller
   * asking about a larger size (a verifier that has just read a newer checkpoint) gets it read
   * afresh, never a refusal for a size that is signed.
   */
  private async recentLatest(atLeastSize = 0): Promise<StoredCheckpoint> {
    const now = Date.now();
    const recent =
      this.latestCache !== undefined && now - this.latestCache.at <= 1000
        ? this.latestCache.value
        : this.readLatest(now);
    const cached = await recent;
    if (cached.treeSize >= atLeastSize) return cached;
    return this.readLatest(Date.now());
  }

  private readLatest(at: number): Promise<StoredCheckpoint> {
    const value = this.latestCheckpoint();
    this.latestCache = { at, value };
    value.catch(() => {
      if (this.latestCache?.value === value) this.latestCache = undefined;
    });
    return value;
  }

  async checkpoint(treeSize: number): Promise<StoredCheckpoint> {
    const rows = await this.checkpointRows('WHERE tree_size = $1', [treeSize]);
    if (rows.length === 0)
      throw new NotFoundError('checkpoint-not-found', `no checkpoint was signed at tree size ${treeSize}`, {
        treeSize,
      });
    return rows[0];
  }

  /**
   * `mayRead` sees the event before anything about it is answered: when it says no, the answer
   * is `event-not-found`, exactly as for an event that does not exist.
   */
  async inclusion(
    target: { position?: number; eventId?: string },
    treeSize?: number,
    mayRead?: (event: HashedEnvelope) => Promise<boolean>,
  ): Promise<InclusionAnswer> {
    const latest = await this.recentLatest(treeSize);
    const size = this.provableSizeOf(latest, treeSize);
    // By position, the proof's nodes are read alongside the event: one round trip, not two.
    const early =
      target.position !== undefined && target.position <= size
        ? this.guard(inclusionProof(target.position - 1, size, this.reader))
        : undefined;
    early?.catch(() => undefined);
    const row = await this.guard(
      this.log.event(
        target.eventId !== undefined ? { eventId: target.eventId } : { position: target.position as number },
      ),
    );
    const readable = row !== undefined && (mayRead === undefined || (await mayRead(readableEnvelope(row.canonical))));
    if (row === undefined || !readable) throw new NotFoundError('event-not-found', 'no such event in the log', target);
    const position = row.position;
    if (position > size) {
      throw new NotFoundError(
        'event-not-yet-sealed',
        `position ${position} is not in the tree of size ${size} yet; ask again after the next checkpoint`,
        { position, treeSize: size },
      );
    }
    // Against the latest checkpoint (the usual case) its signed root and note are already at hand.
    const atLatest = size === latest.treeSize;
    const [proof, root, checkpoint] = await Promise.all([
      early ?? this.guard(inclusionProof(position - 1, size, this.reader)),
      atLatest ? latest.root : this.guard(rootFromNodes(size, this.reader)).then((r) => r.toString('hex')),
      atLatest ? [latest] : this.checkpointRows('WHERE tree_size = $1', [size]),
    ]);
    return {
      position: row.position,
      leafIndex: row.position - 1,
      eventId: row.eventId,
      leafHash: row.leafHash.toString('hex'),
      leafData: row.canonical.toString('base64'),
      treeSize: size,
      root,
      proof: proof.map((p) => p.toString('hex')),
      checkpoint: checkpoint[0]?.note ?? null,
    };
  }

  async consistency(fromSize: number, toSize?: number): Promise<ConsistencyAnswer> {
    const to = await this.provableSize(toSize);
    if (fromSize > to)
      throw new BadInputError('tree-size-order', `from (${fromSize}) is larger than to (${to})`, {
        fromSize,
        toSize: to,
      });
    const [proof, fromRoot, toRoot] = await Promise.all([
      this.guard(consistencyProof(fromSize, to, this.reader)),
      this.guard(rootFromNodes(fromSize, this.reader)),
      this.guard(rootFromNodes(to, this.reader)),
    ]);
    return {
      fromSize,
      toSize: to,
      fromRoot: fromRoot.toString('hex'),
      toRoot: toRoot.toString('hex'),
      proof: proof.map((p) => p.toString('hex')),
    };
  }

  private async provableSize(treeSize: number | undefined): Promise<number> {
    return this.provableSizeOf(await this.latestCheckpoint(), treeSize);
  }

  /** A size with a signed root to check against: the latest checkpoint's, or any size up to it. */
  private provableSizeOf(latest: StoredCheckpoint, treeSize: number | undefined): number {
    if (treeSize === undefined) return latest.treeSize;
    if (treeSize > latest.treeSize) {
      throw new NotFoundError(
        'tree-size-not-signed',
        `tree size ${treeSize} is beyond the latest checkpoint (${latest.treeSize})`,
        { treeSize, latest: latest.treeSize },
      );
    }
    return treeSize;
  }

  private async checkpointRows(where: string, params: unknown[]): Promise<StoredCheckpoint[]> {
    const rows = await this.query<{ tree_size: number; root: Buffer; note: string; vkey: string; created_at: Date }>(
      // The note as served carries every witness's cosignature lines after the log's signature
      // (C2SP signed-note: verifiers skip lines by keys they do not know).
      `SELECT tree_size, root, vkey, created_at, note || coalesce((SELECT string_agg(s.lines, '' ORDER BY s.vkey)
         FROM checkpoint_cosignatures s WHERE s.tree_size = c.tree_size), '') AS note
       FROM checkpoints c ${where}`,
      params,
    );
    return rows.map((r) => ({
      treeSize: r.tree_size,
      root: r.root.toString('hex'),
      note: r.note,
      vkey: r.vkey,
      createdAt: r.created_at.toISOString(),
    }));
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    return (await this.guard(this.pool.query<R>(sql, params))).rows;
  }

  private async guard<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (err) {
      throw toStorageError(err);
    }
  }
}
