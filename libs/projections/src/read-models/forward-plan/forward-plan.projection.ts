import { PoolClient } from 'pg';
import { streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { ColumnType, insertRows } from '../../multi-row';
import { Projection } from '../../projection';

/** What becomes of a planned decision, as the plan shows it beside the entry. */
const STATUS_OF: Readonly<Record<string, string>> = {
  DecisionOpened: 'open',
  DecisionApproved: 'approved',
  DecisionRejected: 'rejected',
  DecisionLapsed: 'lapsed',
  DecisionWithdrawn: 'withdrawn',
};

const ENTRY_COLUMNS = {
  decision_id: 'text',
  partnership_id: 'text',
  position: 'bigint',
  item: 'text',
  decision_maker: 'text',
  expected_date: 'date',
  documents: 'jsonb',
  key: 'boolean',
  published_at: 'timestamptz',
  published_by: 'text',
  status: 'text',
} as const satisfies Record<string, ColumnType>;

/** A decision's status changes in a run of events, folded: the last status, the last key-decision basis given. */
type StatusChange = { status: string; keyDecision: string | null };

/**
 * The forward plan (DESIGN §1 "Council procedure", reg 9): one row per published entry (item,
 * decision maker, expected date, documents, whether key), with what became of the decision and
 * on what notice a key one was opened. Rows are written once and then only their status moves,
 * so replaying an event changes nothing.
 *
 * A batch is written in three statements, not one per event, with the effect of applying its
 * events one by one: a status change only lands on an entry that exists when it happens, so the
 * changes before a decision's first entry in the batch go to rows already there, before the
 * entries are inserted, and the rest after.
 */
export const forwardPlanProjection: Projection = {
  name: 'forward-plan',
  streamIdPrefix: streamIdPrefix('decision'),
  types: ['ForwardPlanEntryPublished', ...Object.keys(STATUS_OF)],
  tables: ['rm_forward_plan'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const entries = new Map<string, Record<string, unknown>>();
    const before = new Map<string, StatusChange>();
    const after = new Map<string, StatusChange>();
    for (const e of events) {
      const d = e.data as Record<string, unknown>;
      const decisionId = d.decisionId as string;
      if (e.type === 'ForwardPlanEntryPublished') {
        if (entries.has(decisionId)) continue; // the first entry stands, as ON CONFLICT DO NOTHING keeps it
        entries.set(decisionId, {
          decision_id: decisionId,
          partnership_id: d.partnershipId,
          position: e.position,
          item: d.item,
          decision_maker: d.decisionMaker,
          expected_date: d.expectedDate,
          documents: d.documents ?? [],
          key: d.key === true,
          published_at: d.publishedAt,
          published_by: (d.publishedBy as { personId?: string } | undefined)?.personId ?? e.metadata.actor.personId,
          status: 'planned',
        });
      } else {
        const changes = entries.has(decisionId) ? after : before;
        const keyDecision = typeof d.keyDecision === 'string' ? d.keyDecision : null;
        changes.set(decisionId, {
          status: STATUS_OF[e.type] as string,
          keyDecision: keyDecision ?? changes.get(decisionId)?.keyDecision ?? null,
        });
      }
    }
    await updateStatuses(client, before);
    await insertRows(
      client,
      'rm_forward_plan',
      ENTRY_COLUMNS,
      [...entries.values()],
      'ON CONFLICT (decision_id) DO NOTHING',
    );
    await updateStatuses(client, after);
  },
};

async function updateStatuses(client: PoolClient, changes: ReadonlyMap<string, StatusChange>): Promise<void> {
  if (changes.size === 0) return;
  const folded = [...changes];
  await client.query(
    `UPDATE rm_forward_plan AS p SET status = c.status, key_decision = COALESCE(c.key_decision, p.key_decision)
     FROM unnest($1::text[], $2::text[], $3::text[]) AS c(decision_id, status, key_decision)
     WHERE p.decision_id = c.decision_id`,
    [folded.map(([id]) => id), folded.map(([, c]) => c.status), folded.map(([, c]) => c.keyDecision)],
  );
}
