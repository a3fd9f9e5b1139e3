import { Pool, PoolClient } from 'pg';
import { streamIdOf, streamIdPrefix } from '@accord/domain';
import { HashedEnvelope, logSelect, parseStoredEvent } from '@accord/event-store';

/** The log's columns the replay reads, joined on position (the sub-select is flattened into the join). */
const LOG = logSelect(['position', 'canonical_text']);

/**
 * Events are chosen by their hashed bytes' own recordedAt and streamId, not by the columns
 * beside them: a column changed by hand would otherwise drop an event from (or add one to) the
 * past shown while the page still verifies. The trail index holds those fields as the bytes say
 * (`t`). Past its checkpoint they are read from the bytes (`b`): RFC 8785 puts them last, after
 * data and metadata, and no string can hold the unescaped `,"recordedAt":"`, so the text after
 * its last occurrence is the envelope's own tail, parsed instead of the whole event.
 */
const FIELDS = `CROSS JOIN LATERAL (SELECT f->>'recordedAt' AS recorded_at, f->>'streamId' AS stream_id
  FROM (SELECT ('{"recordedAt":"' || split_part(e.canonical_text, ',"recordedAt":"', -1))::jsonb AS f OFFSET 0) p) b`;
/** Recorded by `asOf` (null: whenever), in the partnership's own stream or a decision's. */
const chosen = (row: 't' | 'b', asOf: string, own: string, decisions: string) =>
  `(${asOf}::timestamptz IS NULL OR ${row}.recorded_at::timestamptz <= ${asOf}) AND (${row}.stream_id = ${own}` +
  ` OR left(${row}.stream_id, char_length(${decisions})) = ${decisions})`;

/** Positions `after` < p ≤ `upTo` of the trail index. */
export interface PositionRange {
  after: number;
  upTo: number;
}

/**
 * The events of the partnership's stream and its decisions' streams recorded by `asOf`, in log
 * order: those in `ranges` found through the trail index (rm_trail, by partnership and position)
 * without scanning the rest of the log, and with `pastIndex`, those after that position read
 * from the log itself, so a lagging index never hides one. Whether an event is the
 * partnership's is still for the caller to check on its data.
 */
export async function readPartnershipEvents(
  db: Pool | PoolClient,
  partnershipId: string,
  ranges: readonly PositionRange[],
  options: { asOf?: Date; pastIndex?: number } = {},
): Promise<HashedEnvelope[]> {
  const asOf = options.asOf ?? null;
  const own = streamIdOf('partnership', partnershipId);
  const decisions = streamIdPrefix('decision');
  const [fromIndex, tail] = await Promise.all([
    ranges.length === 0
      ? { rows: [] }
      : db.query<{ canonical_text: string }>(
          `SELECT e.canonical_text
           FROM unnest($5::bigint[], $6::bigint[]) AS r(after, up_to)
           JOIN rm_trail t ON t.partnership_id = $1 AND t.position > r.after AND t.position <= r.up_to
           JOIN ${LOG} e ON e.position = t.position
           WHERE ${chosen('t', '$2', '$3', '$4')}
           ORDER BY t.position`,
          [partnershipId, asOf, own, decisions, ranges.map((r) => r.after), ranges.map((r) => r.upTo)],
        ),
    options.pastIndex === undefined
      ? { rows: [] }
      : db.query<{ canonical_text: string }>(
          `SELECT e.canonical_text FROM ${LOG} e ${FIELDS}
           WHERE e.position > $1 AND ${chosen('b', '$2', '$3', '$4')}
           ORDER BY e.position`,
          [options.pastIndex, asOf, own, decisions],
        ),
  ]);
  return [...fromIndex.rows, ...tail.rows].map((row) => parseStoredEvent(row.canonical_text));
}
