import { PoolClient } from 'pg';
import { logSelect } from '@accord/event-store';
import { Projection } from '../../projection';

const EVENTS = logSelect(['position', 'envelope'], { positions: ['$1', '$2'], evaluateOnce: true });

/**
 * The audit-trail index: for every position, the partnership, decision and people it concerns
 * (the actor, the person an act is about, and every person reference directly under `data`:
 * `joinedBy`, `grantedBy`, `refusal`…), and the event's stream, type and recordedAt as its
 * hashed bytes say (the log's columns beside the bytes are not hashed).
 * It is also the per-partnership index the as-of replay reads, so that replay touches only one
 * partnership's events however long the log is. A plain function of each event, so it is built
 * inside the database from the stored bytes: no event crosses the wire, which keeps catch-up fast.
 */
export const trailProjection: Projection = {
  name: 'trail',
  tables: ['rm_trail'],
  async applyRange(client: PoolClient, from: number, to: number): Promise<void> {
    // Neither subquery is flattened (evaluateOnce, OFFSET 0), so every event is parsed once:
    // flattened, PostgreSQL would re-evaluate the ::jsonb cast for each column using it.
    await client.query(
      `INSERT INTO rm_trail (position, partnership_id, decision_id, person_ids, stream_id, type, recorded_at)
       SELECT position, d->>'partnershipId', d->>'decisionId',
         ARRAY(SELECT DISTINCT p FROM (
           SELECT actor AS p UNION ALL SELECT d->>'personId'
           UNION ALL SELECT v->>'personId' FROM jsonb_each(d) AS x(k, v) WHERE jsonb_typeof(v) = 'object') s
         WHERE p IS NOT NULL ORDER BY p),
         stream_id, type, recorded_at::timestamptz
       FROM (SELECT position, envelope->'data' AS d, envelope->'metadata'->'actor'->>'personId' AS actor,
                    envelope->>'streamId' AS stream_id, envelope->>'type' AS type, envelope->>'recordedAt' AS recorded_at
             FROM ${EVENTS} AS parsed
             OFFSET 0) AS e`,
      [from, to],
    );
  },
};
