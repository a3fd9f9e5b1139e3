import { PoolClient } from 'pg';
import {
  type MemberAddedData,
  type MemberRemovedData,
  type OrganisationEventType,
  type OrganisationRegisteredData,
  streamIdPrefix,
} from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { Projection } from '../../projection';

interface MemberRow {
  organisation_id: string;
  person_id: string;
  job_title: string | null;
  removed: boolean;
  display_name: string | null;
}

/** Organisation names and members' names and job titles: how people and parties are named on screen. */
export const directoryProjection: Projection = {
  name: 'directory',
  streamIdPrefix: streamIdPrefix('organisation'),
  types: ['OrganisationRegistered', 'MemberAdded', 'MemberRemoved'] satisfies OrganisationEventType[],
  tables: ['rm_organisations', 'rm_members'],
  async apply(client: PoolClient, events: readonly StoredEvent[]): Promise<void> {
    const organisations = new Map<string, { organisation_id: string; name: string; kind: string | null }>();
    const members = new Map<string, MemberRow>();
    for (const event of events) {
      if (event.type === 'OrganisationRegistered') {
        const d = event.data as OrganisationRegisteredData;
        organisations.set(d.organisationId, { organisation_id: d.organisationId, name: d.name, kind: d.kind ?? null });
      } else if (event.type === 'MemberAdded') {
        const d = event.data as MemberAddedData;
        members.set(`${d.organisationId}\u0000${d.personId}`, {
          organisation_id: d.organisationId,
          person_id: d.personId,
          job_title: d.jobTitle ?? null,
          removed: false,
          display_name: d.displayName ?? null,
        });
      } else if (event.type === 'MemberRemoved') {
        const d = event.data as MemberRemovedData;
        const key = `${d.organisationId}\u0000${d.personId}`;
        // Removed members keep their row: old audit lines still name them with their title.
        const known = members.get(key);
        members.set(
          key,
          known
            ? { ...known, removed: true }
            : {
                organisation_id: d.organisationId,
                person_id: d.personId,
                job_title: null,
                removed: true,
                display_name: null,
              },
        );
      }
    }
    if (organisations.size > 0)
      await client.query(
        `INSERT INTO rm_organisations SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(organisation_id text, name text, kind text)
         ON CONFLICT (organisation_id) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
        [JSON.stringify([...organisations.values()])],
      );
    if (members.size > 0)
      // A removal seen without its addition in this batch keeps the stored name and job title.
      await client.query(
        `INSERT INTO rm_members (organisation_id, person_id, job_title, removed, display_name)
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(organisation_id text, person_id text, job_title text, removed boolean, display_name text)
         ON CONFLICT (organisation_id, person_id) DO UPDATE
           SET job_title = coalesce(excluded.job_title, rm_members.job_title), removed = excluded.removed,
               display_name = coalesce(excluded.display_name, rm_members.display_name)`,
        [JSON.stringify([...members.values()])],
      );
  },
};
