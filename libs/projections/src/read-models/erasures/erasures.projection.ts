import { PoolClient } from 'pg';
import { type OrganisationEventType, type PersonalDataErasedData, streamIdPrefix } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { Projection } from '../../projection';
import { ERASURE_REASON_TEXT } from './erasures';

/**
 * Every erasure of a person's personal data (rm_erasures), one row per PersonalDataErased: what
 * the decision record, trail, accountability report and meeting answers say beside "[erased]".
 */
export const erasuresProjection: Projection = {
  name: 'erasures',
  streamIdPrefix: streamIdPrefix('organisation'),
  types: ['PersonalDataErased'] satisfies OrganisationEventType[],
  tables: ['rm_erasures'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const rows = events.map((e) => {
      const d = e.data as PersonalDataErasedData;
      return { position: e.position, personId: d.personId, at: e.recordedAt, reason: d.reason };
    });
    await client.query(
      `INSERT INTO rm_erasures (position, person_id, at, reason, because)
       SELECT r.position, r."personId", r.at, r.reason, coalesce($2::jsonb->>r.reason, r.reason)
       FROM jsonb_to_recordset($1::jsonb) AS r(position bigint, "personId" text, at timestamptz, reason text)`,
      [JSON.stringify(rows), JSON.stringify(ERASURE_REASON_TEXT)],
    );
  },
};
