import { Pool } from 'pg';
import {
  type BundleHeader,
  BUNDLE_FORMAT,
  consistencyProof,
  encodeCheckpointLine,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  encodeStreamHeadLine,
  inclusionProof,
  inclusionRanges,
  type NodeKey,
  type NodeReader,
  parseVerifierKey,
  rangeKeys,
  StreamHeads,
} from '@accord/audit';
import { streamIdOf, streamKindOf } from '@accord/domain';
import {
  AuditLogMismatchError,
  LogReader,
  parseStoredEvent,
  type StreamStart,
  toStorageError,
} from '@accord/event-store';
import { BadInputError, NotFoundError } from '@accord/platform';
import { AuditLog, StoredCheckpoint } from './audit-log';
import { PostgresNodeReader } from './postgres-node-reader';

export interface ExportOptions {
  /** One partnership's streams, with inclusion proofs; the whole log otherwise. */
  partnershipId?: string;
  /** Add a consistency proof from this older tree size to the bundle's. */
  since?: number;
  /** Events read per round trip. */
  pageSize?: number;
}

/**
 * Writes an audit bundle (docs/audit-bundle.md) as a stream of lines, page by page, so a log of
 * any size is exported in bounded memory. Everything is read against the latest checkpoint: the
 * bundle holds exactly the events that checkpoint signs. The header is prepared before the first
 * line is produced, so a request for nothing (no checkpoint, unknown partnership) fails as a
 * clean error rather than a cut-off stream.
 */
export async function prepareBundleExport(pool: Pool, options: ExportOptions = {}): Promise<AsyncGenerator<Buffer>> {
  return (await openBundleExport(pool, options)).lines;
}

/** As prepareBundleExport, with the tree size of the checkpoint the bundle is read against. */
export async function openBundleExport(
  pool: Pool,
  options: ExportOptions = {},
): Promise<{ treeSize: number; lines: AsyncGenerator<Buffer> }> {
  const audit = new AuditLog(pool);
  // A partnership bundle proves where its streams end from the heads stored with the latest
  // checkpoint; one signed before heads were kept proves nothing about them (the verifier says so).
  const heads = options.partnershipId === undefined ? undefined : await guard(storedHeads(pool));
  const checkpoint = heads?.size ? await audit.checkpoint(heads.size) : await audit.latestCheckpoint();
  const size = checkpoint.treeSize;
  const log = new LogReader(pool);
  let streams: string[] | undefined;
  if (options.partnershipId !== undefined) {
    streams = await checkedPartnershipStreams(log, options.partnershipId, size, heads?.size ? heads.heads : undefined);
    if (streams.length === 0)
      throw new NotFoundError(
        'partnership-not-found',
        `partnership ${options.partnershipId} has no events in the signed log`,
        { partnershipId: options.partnershipId },
      );
  }
  let consistency: BundleHeader['consistency'];
  if (options.since !== undefined) {
    if (options.since > size)
      throw new BadInputError('tree-size-order', `since (${options.since}) is beyond the latest checkpoint (${size})`, {
        since: options.since,
        treeSize: size,
      });
    const proof = await guard(consistencyProof(options.since, size, new PostgresNodeReader(pool)));
    consistency = { fromSize: options.since, toSize: size, proof: proof.map((p) => p.toString('hex')) };
  }
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    scope: streams ? 'partnership' : 'log',
    ...(options.partnershipId !== undefined ? { partnershipId: options.partnershipId, streams } : {}),
    origin: originOf(checkpoint.note),
    vkey: checkpoint.vkey,
    publicKeyPem: parseVerifierKey(checkpoint.vkey).publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    checkpoint: checkpoint.note,
    checkpointCreatedAt: checkpoint.createdAt,
    exportedAt: new Date().toISOString(),
    ...(consistency ? { consistency } : {}),
  };
  const pageSize = options.pageSize ?? 5000;
  return {
    treeSize: size,
    lines: streams
      ? partnershipLines(pool, log, header, checkpoint, streams, heads?.size ? heads.heads : undefined, pageSize)
      : logLines(pool, log, header, checkpoint, pageSize),
  };
}

async function* logLines(
  pool: Pool,
  log: LogReader,
  header: BundleHeader,
  checkpoint: StoredCheckpoint,
  pageSize: number,
): AsyncGenerator<Buffer> {
  yield encodeHeader(header);
  const size = checkpoint.treeSize;
  // Earlier checkpoints let a verifier place a re-hashed alteration between two of them.
  const earlier = (
    await guard(
      pool.query<{ tree_size: number; note: string }>(
        'SELECT tree_size, note FROM checkpoints WHERE tree_size < $1 ORDER BY tree_size',
        [size],
      ),
    )
  ).rows;
  let nextCheckpoint = 0;
  let count = 0;
  // Positions are dense, so each page is a window of positions rather than "the next N after":
  // the range alone bounds the rows, whatever the planner thinks of a freshly loaded table.
  const page = (after: number) => guard(log.exportPage({ after, upTo: Math.min(after + pageSize, size) }));
  let pending = page(0);
  for (let after = 0; after < size;) {
    const rows = await pending;
    after = Math.min(after + pageSize, size);
    // The database reads the next page while this one is encoded and consumed.
    if (after < size) {
      pending = page(after);
      pending.catch(() => undefined); // surfaced by the await above on the next turn
    }
    if (rows.length === 0) continue;
    // A page is built as one string and encoded once: per-line buffers cost more than the check.
    const lines: (Buffer | string)[] = [];
    for (const row of rows) {
      lines.push(
        typeof row.canonical === 'string'
          ? eventLineText(row.position, row.leafHash, row.canonical)
          : encodeEventLine({ position: row.position, leafHash: row.leafHash, canonical: row.canonical }),
      );
      count += 1;
      while (
        nextCheckpoint < earlier.length &&
        (earlier[nextCheckpoint] as { tree_size: number }).tree_size <= row.position
      ) {
        const cp = earlier[nextCheckpoint++] as { tree_size: number; note: string };
        if (cp.tree_size === row.position) lines.push(encodeCheckpointLine(cp.note));
      }
    }
    yield lines.every((l) => typeof l === 'string')
      ? Buffer.from(lines.join(''), 'utf8')
      : Buffer.concat(lines.map((l) => (typeof l === 'string' ? Buffer.from(l, 'utf8') : l)));
  }
  yield encodeEndLine(count);
}

async function* partnershipLines(
  pool: Pool,
  log: LogReader,
  header: BundleHeader,
  checkpoint: StoredCheckpoint,
  streams: string[],
  heads: StreamHeads | undefined,
  pageSize: number,
): AsyncGenerator<Buffer> {
  yield encodeHeader(header);
  const size = checkpoint.treeSize;
  const reader = new PostgresNodeReader(pool);
  let count = 0;
  let after = 0;
  for (;;) {
    const rows = await guard(
      log.exportPage({ after, upTo: size, streamIds: streams, limit: Math.min(pageSize, 1000) }),
    );
    if (rows.length === 0) break;
    // One round trip for every proof of the page instead of one per event.
    const nodes = await prefetch(
      reader,
      rows.map((r) => r.position - 1),
      size,
    );
    const lines: Buffer[] = [];
    for (const row of rows) {
      const proof = await inclusionProof(row.position - 1, size, nodes);
      const canonical = typeof row.canonical === 'string' ? Buffer.from(row.canonical, 'utf8') : row.canonical;
      lines.push(
        encodeEventLine({
          position: row.position,
          leafHash: row.leafHash,
          proof: proof.map((p) => p.toString('hex')),
          canonical,
        }),
      );
      count += 1;
    }
    yield Buffer.concat(lines);
    after = rows[rows.length - 1].position;
  }
  if (heads !== undefined) {
    const lines: Buffer[] = [];
    for (const streamId of streams) {
      const found = await heads.proof(streamId);
      if (found === undefined) continue;
      lines.push(
        encodeStreamHeadLine({
          streamId,
          revision: found.head.revision,
          leafHash: found.head.leafHash.toString('hex'),
          index: found.index,
          proof: found.proof.map((p) => p.toString('hex')),
        }),
      );
    }
    yield Buffer.concat(lines);
  }
  yield encodeEndLine(count);
}

/** The same line as encodeEventLine, for bytes held as text. */
function eventLineText(position: number, leafHash: string, canonical: string): string {
  return `{"position":${position},"leafHash":"${leafHash}","event":${canonical}}\n`;
}

/** Every stream's head as stored with the latest checkpoint, and that checkpoint's size (0: none yet). */
async function storedHeads(pool: Pool): Promise<{ size: number; heads: StreamHeads }> {
  const client = await pool.connect();
  try {
    // One snapshot: the sealer moves the heads and their size together.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const head = await client.query<{ heads_size: number }>('SELECT heads_size FROM merkle_head');
    const rows = await client.query<{ stream_id: string; revision: number; leaf_hash: Buffer }>(
      'SELECT stream_id, revision, leaf_hash FROM stream_heads ORDER BY ord',
    );
    await client.query('COMMIT');
    client.release();
    return {
      size: head.rows[0]?.heads_size ?? 0,
      heads: StreamHeads.of(
        rows.rows.map((r) => ({ streamId: r.stream_id, revision: r.revision, leafHash: r.leaf_hash })),
      ),
    };
  } catch (err) {
    // A connection left inside a transaction must not go back to the pool.
    client.release(err as Error);
    throw err;
  }
}

/**
 * A partnership's streams (its own, and every decision stream whose first event names it), once
 * the columns they are picked by agree with the bytes. They are the stream_id and type columns,
 * which are not hashed: one changed by hand would drop events from a bundle that still verifies.
 * With the signed stream heads, only the rows read are checked (the streams' first events and
 * the partnership's rows), and the heads show that nothing was moved out of reach: every decision
 * stream starts among them, and each of the partnership's streams holds exactly its revisions up
 * to its head. Without heads, or to name the row when those disagree, every row is checked.
 */
async function checkedPartnershipStreams(
  log: LogReader,
  partnershipId: string,
  size: number,
  heads: StreamHeads | undefined,
): Promise<string[]> {
  const refuseFirstMismatch = async (range: Parameters<LogReader['columnMismatches']>[0]) => {
    const [mismatch] = await guard(log.columnMismatches(range));
    if (mismatch !== undefined)
      throw new AuditLogMismatchError(
        mismatch.position,
        mismatch.column,
        `its ${mismatch.column} column disagrees with its hashed bytes`,
      );
  };
  const own = streamIdOf('partnership', partnershipId);
  const starts = (await guard(log.streamStarts({ streamIds: [own], types: ['DecisionDrafted'] }))).filter(
    (row) => row.position <= size,
  );
  if (heads === undefined) {
    await refuseFirstMismatch({ upTo: size });
    return partnershipStreams(starts, own, partnershipId);
  }
  const streams = partnershipStreams(starts, own, partnershipId);
  await refuseFirstMismatch({ upTo: size, streamIds: streams, positions: starts.map((r) => r.position) });
  const started = new Set(starts.map((r) => r.streamId));
  const unstarted = heads.streamIds().find((id) => (streamKindOf(id) === 'decision' || id === own) && !started.has(id));
  const counts = new Map((await guard(log.streamRowCounts(streams, size))).map((c) => [c.streamId, c]));
  const short = streams.find((id) => {
    const c = counts.get(id);
    const head = heads.get(id)?.head.revision;
    return c === undefined || c.rows !== head || c.lastRevision !== head;
  });
  const lost = unstarted ?? short;
  if (lost !== undefined) {
    await refuseFirstMismatch({ upTo: size });
    throw new AuditLogMismatchError(
      null,
      'stream_id',
      `stream ${lost}'s rows are not the revisions its signed head says it holds up to tree size ${size}`,
    );
  }
  return streams;
}

/** The partnership's streams among the streams' first events. */
function partnershipStreams(starts: StreamStart[], own: string, partnershipId: string): string[] {
  const streams: string[] = [];
  for (const row of starts) {
    if (row.streamId === own) {
      streams.push(own);
      continue;
    }
    try {
      const event = parseStoredEvent<{ partnershipId?: unknown } | null>(row.canonical);
      if (streamKindOf(row.streamId) === 'decision' && event.data?.partnershipId === partnershipId)
        streams.push(row.streamId);
    } catch {
      // An unreadable event belongs to no partnership here; the whole-log check reports it.
    }
  }
  return streams;
}

async function prefetch(reader: NodeReader, leafIndexes: number[], size: number): Promise<NodeReader> {
  const wanted = new Map<string, NodeKey>();
  for (const index of leafIndexes) {
    for (const [start, end] of inclusionRanges(index, size))
      for (const key of rangeKeys(start, end)) wanted.set(`${key.level}/${key.index}`, key);
  }
  const keys = [...wanted.values()];
  const hashes = await guard(reader.getNodes(keys));
  const byKey = new Map(keys.map((k, i) => [`${k.level}/${k.index}`, hashes[i] as Buffer]));
  return {
    getNodes: async (ks) =>
      ks.map((k) => {
        const hash = byKey.get(`${k.level}/${k.index}`);
        if (hash === undefined) throw new Error(`node ${k.level}/${k.index} was not prefetched`);
        return hash;
      }),
  };
}

function originOf(note: string): string {
  return note.slice(0, note.indexOf('\n'));
}

async function guard<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toStorageError(err);
  }
}
