import { PoolClient } from 'pg';
import { streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { Projection } from '../../projection';

/**
 * Decision notices (DESIGN §1 "Council procedure", regs 12 and 13): one row per published
 * notice, as the event states it. A notice is published once and never changes.
 */
export const decisionNoticesProjection: Projection = {
  name: 'decision-notices',
  streamIdPrefix: streamIdPrefix('decision'),
  types: ['DecisionNoticePublished'],
  tables: ['rm_decision_notices'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    for (const e of events) {
      const d = e.data as { decisionId: string; partnershipId: string; publishedAt: string };
      await client.query(
        `INSERT INTO rm_decision_notices (decision_id, partnership_id, position, published_at, notice)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (decision_id) DO NOTHING`,
        [d.decisionId, d.partnershipId, e.position, d.publishedAt, JSON.stringify(e.data)],
      );
    }
  },
};
