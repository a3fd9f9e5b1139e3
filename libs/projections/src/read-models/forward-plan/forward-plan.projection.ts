import { PoolClient } from 'pg';
import { streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { Projection } from '../../projection';

/** What becomes of a planned decision, as the plan shows it beside the entry. */
const STATUS_OF: Readonly<Record<string, string>> = {
  DecisionOpened: 'open',
  DecisionApproved: 'approved',
  DecisionRejected: 'rejected',
  DecisionLapsed: 'lapsed',
  DecisionWithdrawn: 'withdrawn',
};

/**
 * The forward plan (DESIGN §1 "Council procedure", reg 9): one row per published entry (item,
 * decision maker, expected date, documents, whether key), with what became of the decision and
 * on what notice a key one was opened. Rows are written once and then only their status moves,
 * so replaying an event changes nothing.
 */
export const forwardPlanProjection: Projection = {
  name: 'forward-plan',
  streamIdPrefix: streamIdPrefix('decision'),
  types: ['ForwardPlanEntryPublished', ...Object.keys(STATUS_OF)],
  tables: ['rm_forward_plan'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      if (e.type === 'ForwardPlanEntryPublished') {
        await client.query(
          `INSERT INTO rm_forward_plan (decision_id, partnership_id, position, item, decision_maker, expected_date,
             documents, key, published_at, published_by, status)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'planned')
           ON CONFLICT (decision_id) DO NOTHING`,
          [
            d.decisionId,
            d.partnershipId,
            e.position,
            d.item,
            d.decisionMaker,
            d.expectedDate,
            JSON.stringify(d.documents ?? []),
            d.key === true,
            d.publishedAt,
            (d.publishedBy as { personId?: string } | undefined)?.personId ?? e.metadata.actor.personId,
          ],
        );
      } else {
        await client.query(
          `UPDATE rm_forward_plan SET status = $2, key_decision = COALESCE($3, key_decision) WHERE decision_id = $1`,
          [d.decisionId, STATUS_OF[e.type], typeof d.keyDecision === 'string' ? d.keyDecision : null],
        );
      }
    }
  },
};
