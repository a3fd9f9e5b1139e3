import { Pool } from 'pg';
import {
  decisionAggregate,
  DecisionState,
  partnershipAggregate,
  PartnershipState,
  streamIdOf,
  streamIdPrefix,
  streamKindOf,
} from '@accord/domain';
import { HashedEnvelope, logSelect, parseStoredEvent } from '@accord/event-store';
import { readCheckpoint } from '../../checkpoints';

/** The log's columns the replay reads, joined on position (the sub-select is flattened into the join). */
const LOG = logSelect(['position', 'canonical_text']);

/**
 * Events are chosen by their hashed bytes' own recordedAt, streamId and type, not by the columns
 * beside them: a column changed by hand would otherwise drop an event from (or add one to) the
 * past shown while the page still verifies. The trail index holds those fields as the bytes say
 * (`t`). Past its checkpoint they are read from the bytes (`b`): RFC 8785 puts them last, after
 * data and metadata, and no string can hold the unescaped `,"recordedAt":"`, so the text after
 * its last occurrence is the envelope's own tail, parsed instead of the whole event.
 */
const FIELDS = `CROSS JOIN LATERAL (SELECT f->>'recordedAt' AS recorded_at, f->>'streamId' AS stream_id, f->>'type' AS type
  FROM (SELECT ('{"recordedAt":"' || split_part(e.canonical_text, ',"recordedAt":"', -1))::jsonb AS f OFFSET 0) p) b`;
/** The condition on those fields of `row` (t or b), given the placeholders of asOf, the partnership's own stream, the types and the decision prefix. */
const chosen = (row: 't' | 'b', asOf: string, own: string, types: string, decisions: string) =>
  `${row}.recorded_at::timestamptz <= ${asOf} AND (${row}.stream_id = ${own} OR (left(${row}.stream_id, char_length(${decisions})) = ${decisions}` +
  ` AND (${types}::text[] IS NULL OR ${row}.type = ANY(${types}::text[]))))`;

/** Decision events that change what the register shows of a decision (title, category, value, status). */
export const DECISION_STATUS_TYPES = [
  'DecisionDrafted',
  'DecisionAmended',
  'DecisionOpened',
  'DecisionApproved',
  'DecisionRejected',
  'DecisionLapsed',
  'DecisionWithdrawn',
  'DecisionRescinded',
  'DecisionSuperseded',
  'OutcomeRecorded',
];

export interface PartnershipAsOf {
  partnership: PartnershipState;
  decisions: Map<string, DecisionState>;
  /** Events replayed, and the position of the last one (0 when none). */
  events: number;
  lastPosition: number;
}

/**
 * A partnership and its decisions as they stood at `asOf`, replayed from the log: the events
 * recorded (recordedAt) up to that instant, folded with the domain's own evolve. The trail
 * index (rm_trail, by partnership and position) finds them without scanning the rest of the log;
 * events past the index's checkpoint are read from the log itself, so a lagging index never
 * hides one.
 */
export async function replayPartnershipAsOf(
  pool: Pool,
  partnershipId: string,
  asOf: Date,
  options: {
    decisions?: 'status' | 'full';
    observe?: (event: HashedEnvelope) => void;
    /** Only what had happened by then (occurredAt; DESIGN §5 "Two clocks"), of what was recorded by `asOf`. */
    at?: Date;
  } = {},
): Promise<PartnershipAsOf> {
  const at = options.at?.getTime();
  const indexed = await readCheckpoint(pool, 'trail');
  // 'status': of decision streams only the events that set a decision's title or status (the
  // overview counts decisions by status), skipping votes, interests and sign-offs, which are
  // most of a busy partnership's log. 'full' folds every event.
  const types = options.decisions === 'full' ? null : DECISION_STATUS_TYPES;
  const decisionStreams = streamIdPrefix('decision');
  const own = streamIdOf('partnership', partnershipId);
  const [fromIndex, tail] = await Promise.all([
    pool.query<{ canonical_text: string }>(
      `SELECT e.canonical_text FROM rm_trail t JOIN ${LOG} e ON e.position = t.position
       WHERE t.partnership_id = $1 AND t.position <= $6 AND ${chosen('t', '$2', '$3', '$4', '$5')}
       ORDER BY t.position`,
      [partnershipId, asOf, own, types, decisionStreams, indexed],
    ),
    pool.query<{ canonical_text: string }>(
      `SELECT e.canonical_text FROM ${LOG} e ${FIELDS}
       WHERE e.position > $1 AND ${chosen('b', '$2', '$3', '$4', '$5')}
       ORDER BY e.position`,
      [indexed, asOf, own, types, decisionStreams],
    ),
  ]);
  let partnership: PartnershipState = partnershipAggregate.initialState;
  const decisions = new Map<string, DecisionState>();
  let events = 0;
  let lastPosition = 0;
  for (const row of [...fromIndex.rows, ...tail.rows]) {
    const event = parseStoredEvent<{ partnershipId?: string; decisionId?: string }>(row.canonical_text);
    if (event.data.partnershipId !== partnershipId) continue;
    if (at !== undefined && Date.parse(event.metadata.occurredAt ?? event.recordedAt) > at) continue;
    // Without eventId the domain keeps no per-event bookkeeping, which a replay does not need.
    const domainEvent = { type: event.type, data: event.data } as never;
    const kind = streamKindOf(event.streamId);
    if (kind === 'partnership') partnership = partnershipAggregate.evolve(partnership, domainEvent);
    else if (kind === 'decision' && event.data.decisionId) {
      const id = event.data.decisionId;
      decisions.set(id, decisionAggregate.evolve(decisions.get(id) ?? decisionAggregate.initialState, domainEvent));
    } else continue;
    options.observe?.(event);
    events += 1;
    lastPosition = event.position;
  }
  return { partnership, decisions, events, lastPosition };
}
