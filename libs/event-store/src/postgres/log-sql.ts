import * as sql from './sql-literals';

/**
 * The log as a sub-select, for statements that other owners run inside the database: read models
 * built from the stored bytes without the events crossing the wire, joins of an index on
 * position with the events it points at, proofs that read leaf hashes beside interior nodes.
 * Only this library names the log's tables; the others splice these sub-selects into their SQL
 * and name only the columns below.
 */
const COLUMNS = {
  position: 'position',
  stream_id: 'stream_id',
  revision: 'revision',
  event_id: 'event_id',
  type: 'type',
  recorded_at: 'recorded_at',
  /** bytea, 32 bytes. */
  leaf_hash: 'leaf_hash',
  leaf_hash_hex: `encode(leaf_hash, 'hex') AS leaf_hash_hex`,
  /** The exact hashed bytes (bytea). */
  canonical: 'canonical',
  /** The same bytes as text: faster on the wire than bytea's hex, byte for byte the same once encoded. */
  canonical_text: `convert_from(canonical, 'UTF8') AS canonical_text`,
  /** The envelope without its leaf hash, as jsonb. */
  envelope: `convert_from(canonical, 'UTF8')::jsonb AS envelope`,
} as const;

export type LogColumn = keyof typeof COLUMNS;

export interface LogSelection {
  /** Inclusive bounds on position, as SQL expressions (usually placeholders of the enclosing statement). */
  positions?: readonly [from: string, to: string];
  /** Only streams whose id starts with this, checked on the selected positions (see readRange in the store). */
  streamIdPrefix?: string;
  /** Only events of these types. */
  types?: readonly string[];
  /**
   * Computes each row's columns once: keeps PostgreSQL from flattening the sub-select into the
   * statement around it, which would evaluate `envelope` again for every use of it. Without it the
   * sub-select is flattened, and a join on position plans as a join with the table itself.
   */
  evaluateOnce?: boolean;
}

/** `(SELECT <columns> FROM <the log> WHERE …)`, to alias and use as a table. */
export function logSelect(columns: readonly LogColumn[], selection: LogSelection = {}): string {
  const where: string[] = [];
  if (selection.positions) where.push(`position BETWEEN ${selection.positions[0]} AND ${selection.positions[1]}`);
  if (selection.streamIdPrefix !== undefined) {
    const prefix = selection.streamIdPrefix;
    where.push(`left(stream_id, ${sql.int(prefix.length)}) = ${sql.text(prefix)}`);
  }
  if (selection.types)
    where.push(selection.types.length > 0 ? `type IN (${selection.types.map(sql.text).join(', ')})` : 'false');
  return (
    `(SELECT ${columns.map((c) => COLUMNS[c]).join(', ')} FROM events` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    (selection.evaluateOnce ? ' OFFSET 0)' : ')')
  );
}
