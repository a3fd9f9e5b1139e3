import { PoolClient } from 'pg';
import { MEETING_EVENT_TYPES, streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { ColumnType, insertRows } from '../../multi-row';
import { Projection } from '../../projection';

const COLUMNS = {
  position: 'bigint',
  event_id: 'text',
  meeting_id: 'text',
  partnership_id: 'text',
  type: 'text',
  occurred_at: 'timestamptz',
  recorded_at: 'timestamptz',
  actor_person_id: 'text',
  data: 'jsonb',
} as const satisfies Record<string, ColumnType>;

/**
 * Meetings (DESIGN §1 "Meetings", §5 "Two clocks"): every event of every meeting stream as a row
 * with both clocks. No folded state is kept: a meeting's events are few, and folding the rows up
 * to an instant answers "as at" (occurred_at) and "as of" (recorded_at) alike.
 */
export const meetingsProjection: Projection = {
  name: 'meetings',
  streamIdPrefix: streamIdPrefix('meeting'),
  types: MEETING_EVENT_TYPES,
  tables: ['rm_meeting_events'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const rows = events.flatMap((e) => {
      const data = e.data as { meetingId?: unknown; partnershipId?: unknown } | null;
      if (typeof data?.meetingId !== 'string' || typeof data.partnershipId !== 'string') return [];
      return [
        {
          position: e.position,
          event_id: e.eventId,
          meeting_id: data.meetingId,
          partnership_id: data.partnershipId,
          type: e.type,
          occurred_at: e.metadata.occurredAt,
          recorded_at: e.recordedAt,
          actor_person_id: e.metadata.actor.personId,
          data: e.data,
        },
      ];
    });
    if (rows.length > 0)
      await insertRows(client, 'rm_meeting_events', COLUMNS, rows, 'ON CONFLICT (position) DO NOTHING');
  },
};
