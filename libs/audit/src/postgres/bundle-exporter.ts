import { Pool } from 'pg';
import {
  type BundleHeader,
  BUNDLE_FORMAT,
  consistencyProof,
  encodeCheckpointLine,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  inclusionProof,
  inclusionRanges,
  type NodeKey,
  type NodeReader,
  parseVerifierKey,
  rangeKeys,
} from '@accord/audit';
import { toStorageError } from '@accord/event-store';
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

interface EventRow {
  position: number;
  /** Hex, as the bundle writes it. */
  leaf_hash: string;
  /** The canonical bytes, as text when they are valid UTF-8 (the same bytes once encoded). */
  canonical: Buffer | string;
}

/**
 * Writes an audit bundle (docs/audit-bundle.md) as a stream of lines, page by page, so a log of
 * any size is exported in bounded memory. Everything is read against the latest checkpoint: the
 * bundle holds exactly the events that checkpoint signs. The header is prepared before the first
 * line is produced, so a request for nothing (no checkpoint, unknown partnership) fails as a
 * clean error rather than a cut-off stream.
 */
export async function prepareBundleExport(pool: Pool, options: ExportOptions = {}): Promise<AsyncGenerator<Buffer>> {
  const log = new AuditLog(pool);
  const checkpoint = await log.latestCheckpoint();
  const size = checkpoint.treeSize;
  let streams: string[] | undefined;
  if (options.partnershipId !== undefined) {
    streams = await partnershipStreams(pool, options.partnershipId, size);
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
  return streams
    ? partnershipLines(pool, header, checkpoint, streams, pageSize)
    : logLines(pool, header, checkpoint, pageSize);
}

async function* logLines(
  pool: Pool,
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
  const page = (after: number) =>
    readEvents(pool, 'position > $1 AND position <= $2 ORDER BY position', [after, Math.min(after + pageSize, size)]);
  let pending = page(0);
  for (let after = 0; after < size;) {
    const { rows } = await pending;
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
          ? eventLineText(row.position, row.leaf_hash, row.canonical)
          : encodeEventLine({ position: row.position, leafHash: row.leaf_hash, canonical: row.canonical }),
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
  header: BundleHeader,
  checkpoint: StoredCheckpoint,
  streams: string[],
  pageSize: number,
): AsyncGenerator<Buffer> {
  yield encodeHeader(header);
  const size = checkpoint.treeSize;
  const reader = new PostgresNodeReader(pool);
  let count = 0;
  let after = 0;
  for (;;) {
    const { rows } = await readEvents(
      pool,
      'stream_id = ANY($1::text[]) AND position > $2 AND position <= $3 ORDER BY position LIMIT $4',
      [streams, after, size, Math.min(pageSize, 1000)],
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
          leafHash: row.leaf_hash,
          proof: proof.map((p) => p.toString('hex')),
          canonical,
        }),
      );
      count += 1;
    }
    yield Buffer.concat(lines);
    after = (rows[rows.length - 1] as EventRow).position;
  }
  yield encodeEndLine(count);
}

/**
 * Event rows with their exact canonical bytes. They travel as text (convert_from) because
 * bytea's hex form doubles the bytes on the wire and their decoding dominates a full export;
 * valid UTF-8 comes back byte for byte. Bytes that are not valid UTF-8 (only a tampered row can
 * hold them) make PostgreSQL refuse the page, which is then read again as bytea, so the bundle
 * carries them unchanged for the verifier to name.
 */
async function readEvents(pool: Pool, where: string, params: unknown[]): Promise<{ rows: EventRow[] }> {
  try {
    const { rows } = await pool.query<EventRow>(
      `SELECT position, encode(leaf_hash, 'hex') AS leaf_hash, convert_from(canonical, 'UTF8') AS canonical FROM events WHERE ${where}`,
      params,
    );
    return { rows };
  } catch (err) {
    if (!isDataException(err)) throw toStorageError(err);
    return guard(
      pool.query<EventRow>(
        `SELECT position, encode(leaf_hash, 'hex') AS leaf_hash, canonical FROM events WHERE ${where}`,
        params,
      ),
    );
  }
}

/** The same line as encodeEventLine, for bytes held as text. */
function eventLineText(position: number, leafHash: string, canonical: string): string {
  return `{"position":${position},"leafHash":"${leafHash}","event":${canonical}}\n`;
}

function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('22');
}

/** A partnership's streams: its own, and every decision stream whose first event names it. */
async function partnershipStreams(pool: Pool, partnershipId: string, size: number): Promise<string[]> {
  const own = `partnership-${partnershipId}`;
  const { rows } = await guard(
    pool.query<{ stream_id: string; position: number; canonical: Buffer }>(
      `SELECT stream_id, position, canonical FROM events WHERE (stream_id = $1 AND revision = 1) OR (type = 'DecisionDrafted' AND revision = 1) ORDER BY position`,
      [own],
    ),
  );
  const streams: string[] = [];
  for (const row of rows) {
    if (row.position > size) continue;
    if (row.stream_id === own) {
      streams.push(own);
      continue;
    }
    try {
      const event = JSON.parse(row.canonical.toString('utf8')) as { data?: { partnershipId?: unknown } };
      if (row.stream_id.startsWith('decision-') && event.data?.partnershipId === partnershipId)
        streams.push(row.stream_id);
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
