import { PoolClient } from 'pg';
import {
  type OrganisationEventType,
  streamIdPrefix,
  type WitnessRegisteredData,
  type WitnessRetiredData,
} from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { Projection } from '../../projection';

/** Each organisation's current witness of the log: whom the log asks to cosign its checkpoints. */
export const witnessesProjection: Projection = {
  name: 'witnesses',
  streamIdPrefix: streamIdPrefix('organisation'),
  types: ['WitnessRegistered', 'WitnessRetired'] satisfies OrganisationEventType[],
  tables: ['rm_witnesses'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    // In log order, one statement each: a batch may register, retire and register again.
    for (const event of events) {
      if (event.type === 'WitnessRegistered') {
        const d = event.data as WitnessRegisteredData;
        await client.query(
          `INSERT INTO rm_witnesses (organisation_id, name, vkey, url, registered_position) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (organisation_id) DO UPDATE SET name = excluded.name, vkey = excluded.vkey, url = excluded.url,
             registered_position = excluded.registered_position`,
          [d.organisationId, d.name, d.vkey, d.url, event.position],
        );
      } else if (event.type === 'WitnessRetired') {
        const d = event.data as WitnessRetiredData;
        await client.query('DELETE FROM rm_witnesses WHERE organisation_id = $1 AND vkey = $2', [
          d.organisationId,
          d.vkey,
        ]);
      }
    }
  },
};
