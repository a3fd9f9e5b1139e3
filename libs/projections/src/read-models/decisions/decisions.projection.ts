import { PoolClient } from 'pg';
import { DECISION_EVENT_TYPES, decisionAggregate, DecisionState, streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { ColumnType, insertRows, updateAll } from '../../multi-row';
import { Projection } from '../../projection';

/**
 * What the register keeps of a decision: the domain state without its per-event bookkeeping,
 * and without votes and interests, which the register never reads (rm_decision_acts has every
 * one of them), so their events need not be read and folded here.
 */
export type DecisionRecord = Omit<DecisionState, 'recorded' | 'votes' | 'interests'>;

/** Decision events that change the register's record; the rest are acts (decision-acts). */
export const REGISTER_EVENT_TYPES = DECISION_EVENT_TYPES.filter(
  (t) => !['InterestDeclared', 'DispensationGranted', 'VoteCast', 'VoteChanged'].includes(t),
);

const REGISTER_COLUMNS = {
  decision_id: 'text',
  partnership_id: 'text',
  title: 'text',
  status: 'text',
  category: 'text',
  value_pence: 'bigint',
  approval_rule: 'text',
  parties: 'list',
  signed_parties: 'list',
  drafted_position: 'bigint',
  drafted_at: 'timestamptz',
  closes_at: 'timestamptz',
  resolved_at: 'timestamptz',
  outcome_recorded: 'boolean',
  last_position: 'bigint',
  state: 'jsonb',
} as const satisfies Record<string, ColumnType>;
// What a later event can change (never the id, partnership or when it was drafted).
const UPDATED_COLUMNS = Object.keys(REGISTER_COLUMNS).filter(
  (c) => !['decision_id', 'partnership_id', 'drafted_position', 'drafted_at'].includes(c),
);

interface Folded {
  state: DecisionState;
  draftedPosition: number;
  draftedAt: string;
  lastPosition: number;
}

/**
 * The decision register: one row per decision, with the columns its filters use and the folded
 * record, folded with the domain's `evolve` a batch at a time.
 */
export const decisionsProjection: Projection = {
  name: 'decisions',
  streamIdPrefix: streamIdPrefix('decision'),
  types: REGISTER_EVENT_TYPES,
  tables: ['rm_decisions'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map(decisionIdOf).filter((id): id is string => id !== undefined))];
    if (ids.length === 0) return;
    const { rows } = await client.query<{
      decision_id: string;
      state: DecisionState;
      drafted_position: string;
      drafted_at: Date;
      last_position: string;
    }>(
      'SELECT decision_id, state, drafted_position, drafted_at, last_position FROM rm_decisions WHERE decision_id = ANY($1::text[])',
      [ids],
    );
    const folded = new Map<string, Folded>(
      rows.map((r) => [
        r.decision_id,
        {
          state: { ...r.state, recorded: {}, votes: {}, interests: {} },
          draftedPosition: Number(r.drafted_position),
          draftedAt: r.drafted_at.toISOString(),
          lastPosition: Number(r.last_position),
        },
      ]),
    );
    for (const event of events) {
      const id = decisionIdOf(event);
      if (id === undefined) continue;
      const current = folded.get(id) ?? {
        state: decisionAggregate.initialState,
        draftedPosition: event.position,
        draftedAt: event.recordedAt,
        lastPosition: 0,
      };
      // Without eventId the domain keeps no per-event bookkeeping: the register does not need it.
      const state = decisionAggregate.evolve(current.state, { type: event.type, data: event.data } as never);
      folded.set(id, { ...current, state, lastPosition: event.position });
    }
    const records = [...folded.entries()]
      .filter(([, f]) => f.state.status !== 'none')
      .map(([id, f]) => {
        const { recorded: _bookkeeping, votes: _votes, interests: _interests, ...record } = f.state;
        return {
          decision_id: id,
          partnership_id: record.partnershipId,
          title: record.title,
          status: record.status,
          category: record.category ?? null,
          value_pence: record.valuePence ?? null,
          approval_rule: record.approvalRule,
          parties: record.parties,
          signed_parties: Object.keys(record.signOffs).sort(),
          drafted_position: f.draftedPosition,
          drafted_at: f.draftedAt,
          closes_at: record.closesAt ?? null,
          resolved_at: record.resolvedAt ?? null,
          outcome_recorded: record.outcome !== undefined,
          last_position: f.lastPosition,
          state: record,
        };
      });
    await insertRows(
      client,
      'rm_decisions',
      REGISTER_COLUMNS,
      records,
      `ON CONFLICT (decision_id) DO UPDATE SET ${updateAll(UPDATED_COLUMNS)}`,
    );
  },
};

function decisionIdOf(event: StoredEvent): string | undefined {
  const id = (event.data as { decisionId?: unknown } | null)?.decisionId;
  return typeof id === 'string' ? id : undefined;
}
