import { PoolClient } from 'pg';
import { PARTNERSHIP_EVENT_TYPES, partnershipAggregate, PartnershipState, streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { ColumnType, insertRows, updateAll } from '../../multi-row';
import { Projection } from '../../projection';

const COLUMNS = {
  partnership_id: 'text',
  title: 'text',
  status: 'text',
  parties: 'list',
  proposed_position: 'bigint',
  last_position: 'bigint',
  updated_at: 'timestamptz',
  state: 'jsonb',
} as const satisfies Record<string, ColumnType>;

interface Folded {
  state: PartnershipState;
  proposedPosition: number;
  lastPosition: number;
  updatedAt: string;
}

/**
 * The partnership overview: each partnership folded with the domain's own `evolve`, so the read
 * model can never disagree with what the command side decides on. A batch loads the touched
 * partnerships once, folds all their events, and writes them back in one statement.
 */
export const partnershipsProjection: Projection = {
  name: 'partnerships',
  streamIdPrefix: streamIdPrefix('partnership'),
  types: PARTNERSHIP_EVENT_TYPES,
  tables: ['rm_partnerships'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const ids = [...new Set(events.map((e) => partnershipIdOf(e)).filter((id): id is string => id !== undefined))];
    if (ids.length === 0) return;
    const { rows } = await client.query<{
      partnership_id: string;
      state: PartnershipState;
      proposed_position: string;
      last_position: string;
      updated_at: Date;
    }>(
      'SELECT partnership_id, state, proposed_position, last_position, updated_at FROM rm_partnerships WHERE partnership_id = ANY($1::text[])',
      [ids],
    );
    const folded = new Map<string, Folded>(
      rows.map((r) => [
        r.partnership_id,
        {
          state: r.state,
          proposedPosition: Number(r.proposed_position),
          lastPosition: Number(r.last_position),
          updatedAt: r.updated_at.toISOString(),
        },
      ]),
    );
    for (const event of events) {
      const id = partnershipIdOf(event);
      if (id === undefined) continue;
      const current = folded.get(id) ?? {
        state: partnershipAggregate.initialState,
        proposedPosition: event.position,
        lastPosition: 0,
        updatedAt: event.recordedAt,
      };
      folded.set(id, {
        state: partnershipAggregate.evolve(current.state, event as never),
        proposedPosition: current.proposedPosition,
        lastPosition: event.position,
        updatedAt: event.recordedAt,
      });
    }
    const records = [...folded.entries()]
      .filter(([, f]) => f.state.status !== 'none')
      .map(([id, f]) => ({
        partnership_id: id,
        title: f.state.title,
        status: f.state.status,
        parties: f.state.parties,
        proposed_position: f.proposedPosition,
        last_position: f.lastPosition,
        updated_at: f.updatedAt,
        state: f.state,
      }));
    await insertRows(
      client,
      'rm_partnerships',
      COLUMNS,
      records,
      `ON CONFLICT (partnership_id) DO UPDATE SET ${updateAll(['title', 'status', 'parties', 'last_position', 'updated_at', 'state'])}`,
    );
  },
};

function partnershipIdOf(event: StoredEvent): string | undefined {
  const id = (event.data as { partnershipId?: unknown } | null)?.partnershipId;
  return typeof id === 'string' ? id : undefined;
}
