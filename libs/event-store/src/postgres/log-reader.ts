import { escapeLiteral, Pool, PoolClient, QueryResult } from 'pg';
import { AuditLogMismatchError } from '../event-store.errors';

/** An event as the audit side reads it: its exact stored bytes, not an envelope parsed from them. */
export interface LoggedEvent {
  position: number;
  eventId: string;
  /** 32 bytes. */
  leafHash: Buffer;
  /** The canonical bytes exactly as hashed. */
  canonical: Buffer;
}

/** A leaf of the log's tree with the stream it extends. */
export interface LogLeaf {
  position: number;
  leafHash: Buffer;
  streamId: string;
  revision: number;
}

/** Leaves with the column check's verdict on the same rows: what the sealer may seal. */
export interface CheckedLeaves {
  leaves: LogLeaf[];
  /** The first of them whose columns disagree with their bytes, as columnMismatches names it. */
  mismatches: ColumnMismatch[];
}

/** An event as an export writes it. */
export interface ExportedEvent {
  position: number;
  /** Hex. */
  leafHash: string;
  /** The canonical bytes, as text when they are valid UTF-8 (the same bytes once encoded). */
  canonical: Buffer | string;
}

/** The first event of a stream. */
export interface StreamStart {
  streamId: string;
  position: number;
  canonical: Buffer;
}

/** What the events table holds of one stream, by its stream_id column. */
export interface StreamRowCount {
  streamId: string;
  rows: number;
  lastRevision: number;
}

/** The columns of the events table that repeat a field of the hashed bytes. */
export type IndexedColumn = 'position' | 'stream_id' | 'revision' | 'event_id' | 'type' | 'recorded_at';

/** A row whose column disagrees with the same field of its hashed bytes. */
export interface ColumnMismatch {
  position: number;
  column: IndexedColumn;
}

// Each column against its field of the bytes. RFC 8785 puts position, recordedAt, revision,
// streamId and type last, after data and metadata, and no string can hold an unescaped
// ',"position":', so the text after its last occurrence (\`e\`, parsed alone) is the envelope's
// own tail: parsing every event in full would halve the sealer's rate. The eventId, which follows
// data, is looked for with the metadata that follows it. recorded_at is compared in the bytes'
// own form (milliseconds, Z), and must hold no finer digits than they do.
const COLUMN_CHECKS: readonly [IndexedColumn, string][] = [
  ['event_id', `strpos(t, '"eventId":"' || event_id::text || '","metadata":{') = 0`],
  ['position', `e->>'position' IS DISTINCT FROM position::text`],
  [
    'recorded_at',
    `e->>'recordedAt' IS DISTINCT FROM to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` +
      ` OR date_trunc('milliseconds', recorded_at) <> recorded_at`,
  ],
  ['revision', `e->>'revision' IS DISTINCT FROM revision::text`],
  ['stream_id', `e->>'streamId' IS DISTINCT FROM stream_id`],
  ['type', `e->>'type' IS DISTINCT FROM type`],
];

/**
 * Reads of the log for those who check it rather than fold it (the Merkle sealer, proofs, the
 * bundle exporter): rows with the stored bytes and leaf hashes, by position. Columns are aliased
 * to the fields' names, so rows come back in their final shape without a copy.
 */
export class LogReader<Db extends Pool | PoolClient = Pool | PoolClient> {
  constructor(private readonly db: Db) {}

  /** Position of the newest committed event (0 for an empty log). */
  async headPosition(): Promise<number> {
    const { rows } = await this.db.query<{ last_position: number }>('SELECT last_position FROM log_head');
    return rows[0]?.last_position ?? 0;
  }

  /** Leaf hashes of positions after `after` up to `upTo`, in order. */
  async leafHashes(after: number, upTo: number): Promise<{ position: number; leafHash: Buffer }[]> {
    const { rows } = await this.db.query<{ position: number; leafHash: Buffer }>(
      'SELECT position, leaf_hash AS "leafHash" FROM events WHERE position > $1 AND position <= $2 ORDER BY position',
      [after, upTo],
    );
    return rows;
  }

  /**
   * As leafHashes, with each event's stream and revision (the sealer keeps every stream's head).
   * They are columns: whoever seals them reads them with checkedLeaves instead.
   */
  async leaves(after: number, upTo: number): Promise<LogLeaf[]> {
    const { rows } = await this.db.query<LogLeaf>(
      `SELECT position, leaf_hash AS "leafHash", stream_id AS "streamId", revision
       FROM events WHERE position > $1 AND position <= $2 ORDER BY position`,
      [after, upTo],
    );
    return rows;
  }

  /**
   * The leaves after `after` up to `upTo` with the column check's verdict on those same rows (or
   * its refusal). Both read one snapshot, exported by the leaves' transaction and imported by the
   * check's, so a row changed meanwhile is sealed neither from columns the check never saw nor
   * unchecked; on two connections, so the check still runs beside the read rather than after it.
   * It holds two of the pool's connections at once, asked for together so that two callers cannot
   * each hold one and wait for the other.
   */
  async checkedLeaves(this: LogReader<Pool>, after: number, upTo: number): Promise<CheckedLeaves> {
    const clients = await connectTogether(this.db, 2);
    const [exporter, importer] = clients;
    try {
      const [, exported] = (await exporter.query(
        `${SNAPSHOT_READ}; SELECT pg_export_snapshot() AS id`,
      )) as unknown as QueryResult<{ id: string }>[];
      // The exported snapshot lives as long as its transaction: the exporter commits only after
      // the import, which Promise.all awaits with the check.
      const imported = importer.query(
        `${SNAPSHOT_READ}; SET TRANSACTION SNAPSHOT ${escapeLiteral(exported.rows[0].id)}`,
      );
      const [leaves, mismatches] = await Promise.all([
        new LogReader(exporter).leaves(after, upTo),
        imported.then(() => new LogReader(importer).columnMismatches({ after, upTo })),
      ]);
      await Promise.all(clients.map((client) => client.query('COMMIT')));
      for (const client of clients) client.release();
      return { leaves, mismatches };
    } catch (err) {
      await Promise.all(clients.map(rollBackAndRelease));
      throw err;
    }
  }

  /** One event by position or by event id. */
  async event(target: { position: number } | { eventId: string }): Promise<LoggedEvent | undefined> {
    const byId = 'eventId' in target;
    const { rows } = await this.db.query<LoggedEvent>(
      `SELECT position, event_id AS "eventId", leaf_hash AS "leafHash", canonical FROM events WHERE ${byId ? 'event_id' : 'position'} = $1`,
      [byId ? target.eventId : target.position],
    );
    return rows[0];
  }

  /**
   * Events after `after` up to `upTo`, in order, of the given streams only when `streamIds` is
   * given, at most `limit` of them when given. They travel as text (convert_from) because bytea's
   * hex form doubles the bytes on the wire and their decoding dominates a full export; valid UTF-8
   * comes back byte for byte. Bytes that are not valid UTF-8 (only a tampered row can hold them)
   * make PostgreSQL refuse the page, which is then read again as bytea, so they reach the reader
   * unchanged.
   */
  async exportPage(page: {
    after: number;
    upTo: number;
    streamIds?: string[];
    limit?: number;
  }): Promise<ExportedEvent[]> {
    const params: unknown[] = [page.after, page.upTo];
    let where = 'position > $1 AND position <= $2';
    if (page.streamIds !== undefined) {
      params.push(page.streamIds);
      where = `stream_id = ANY($${params.length}::text[]) AND ${where}`;
    }
    let tail = 'ORDER BY position';
    if (page.limit !== undefined) {
      params.push(page.limit);
      tail += ` LIMIT $${params.length}`;
    }
    const read = (canonical: string) =>
      this.db.query<ExportedEvent>(
        `SELECT position, encode(leaf_hash, 'hex') AS "leafHash", ${canonical} AS canonical FROM events WHERE ${where} ${tail}`,
        params,
      );
    try {
      return (await read(`convert_from(canonical, 'UTF8')`)).rows;
    } catch (err) {
      if (!isDataException(err)) throw err;
      return (await read('canonical')).rows;
    }
  }

  /**
   * The first rows after position `after` up to `upTo` whose indexed columns (by which readers
   * select, order and date events) disagree with their hashed bytes, in position order, with the
   * first column that differs. With `streamIds` or `positions`, only the rows of those streams (by
   * their column) and at those positions. The comparison runs in the database so only disagreements cross
   * the wire. Bytes that are not UTF-8 JSON (only a tampered row holds such; the leaf-hash check of a
   * bundle names it) make PostgreSQL refuse the statement: an AuditLogMismatchError without a
   * position.
   */
  async columnMismatches(
    range: { after?: number; upTo: number; streamIds?: string[]; positions?: number[] },
    limit = 1,
  ): Promise<ColumnMismatch[]> {
    const only =
      range.streamIds === undefined && range.positions === undefined
        ? ''
        : 'AND (stream_id = ANY($4::text[]) OR position = ANY($5::bigint[]))';
    const query = this.db.query<ColumnMismatch>(
      `SELECT position, CASE ${COLUMN_CHECKS.map(([column, differs]) => `WHEN ${differs} THEN '${column}'`).join(' ')} END AS column
       FROM (SELECT *, ('{"position":' || split_part(t, ',"position":', -1))::jsonb AS e
             FROM (SELECT position, stream_id, revision, event_id, type, recorded_at,
                          convert_from(canonical, 'UTF8') AS t
                   FROM events WHERE position > $1 AND position <= $2 ${only} OFFSET 0) r OFFSET 0) x
       WHERE ${COLUMN_CHECKS.map(([, differs]) => `(${differs})`).join(' OR ')}
       ORDER BY position LIMIT $3`,
      [range.after ?? 0, range.upTo, limit, ...(only ? [range.streamIds ?? [], range.positions ?? []] : [])],
    );
    try {
      return (await query).rows;
    } catch (err) {
      if (!isDataException(err)) throw err;
      throw new AuditLogMismatchError(
        null,
        'canonical',
        "an event's bytes are not UTF-8 JSON; GET /v1/audit/verify names it",
      );
    }
  }

  /** Per stream named: how many rows up to position `upTo` carry its id, and the largest revision among them. */
  async streamRowCounts(streamIds: string[], upTo: number): Promise<StreamRowCount[]> {
    const { rows } = await this.db.query<StreamRowCount>(
      `SELECT stream_id AS "streamId", count(*)::int AS rows, max(revision) AS "lastRevision"
       FROM events WHERE stream_id = ANY($1::text[]) AND position <= $2 GROUP BY stream_id`,
      [streamIds, upTo],
    );
    return rows;
  }

  /** The first events of the streams named and of every stream that starts with one of `types`, in position order. */
  async streamStarts(of: { streamIds: string[]; types: string[] }): Promise<StreamStart[]> {
    const { rows } = await this.db.query<StreamStart>(
      `SELECT stream_id AS "streamId", position, canonical FROM events
       WHERE (stream_id = ANY($1::text[]) AND revision = 1) OR (type = ANY($2::text[]) AND revision = 1) ORDER BY position`,
      [of.streamIds, of.types],
    );
    return rows;
  }
}

const SNAPSHOT_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY';

/**
 * `count` connections of the pool, asked for in one go: pg-pool serves waiters in turn, so no
 * other caller's request comes between them. If one cannot be had, those that were are released.
 */
async function connectTogether(pool: Pool, count: number): Promise<PoolClient[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, () => pool.connect()));
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed === undefined) return settled.map((s) => (s as PromiseFulfilledResult<PoolClient>).value);
  for (const s of settled) if (s.status === 'fulfilled') s.value.release();
  throw failed.reason;
}

/** Ends a client's transaction, its queued statements first; a client that cannot is closed, not reused. */
async function rollBackAndRelease(client: PoolClient): Promise<void> {
  const failed = await client.query('ROLLBACK').then(
    () => undefined,
    (err: Error) => err,
  );
  client.release(failed);
}

function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('22');
}
