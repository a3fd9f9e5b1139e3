import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { PartnershipState } from '@accord/domain';

/** The partnerships `org` (an SQL text expression) is party to, as a sub-select of their ids. */
export function partnershipsOfPartySql(org: string): string {
  return `(SELECT partnership_id FROM rm_partnerships WHERE parties @> ARRAY[${org}]::text[])`;
}

/** Each partnership's parties, as a sub-select (partnership_id, parties) to join on. */
export const PARTNERSHIP_PARTIES_SQL = '(SELECT partnership_id, parties FROM rm_partnerships)';

export interface PartnershipListRow {
  partnership_id: string;
  title: string;
  status: string;
  parties: string[];
  updated_at: Date;
}

/** The partnerships the viewer may see, by title. */
export async function readVisiblePartnerships(db: Pool, viewer: Viewer): Promise<PartnershipListRow[]> {
  const { rows } = await db.query<PartnershipListRow>(
    `SELECT partnership_id, title, status, parties, updated_at FROM rm_partnerships
     WHERE ${visibleSql('$1', (org) => `parties @> ARRAY[${org}]::text[]`)} ORDER BY title, partnership_id`,
    [viewerScope(viewer)],
  );
  return rows;
}

/** The folded partnership, if the read model has it. */
export async function readPartnershipState(db: Pool, partnershipId: string): Promise<PartnershipState | undefined> {
  const { rows } = await db.query<{ state: PartnershipState }>(
    'SELECT state FROM rm_partnerships WHERE partnership_id = $1',
    [partnershipId],
  );
  return rows[0]?.state;
}

export async function readPartnershipParties(db: Pool, partnershipId: string): Promise<string[] | undefined> {
  const { rows } = await db.query<{ parties: string[] }>(
    'SELECT parties FROM rm_partnerships WHERE partnership_id = $1',
    [partnershipId],
  );
  return rows[0]?.parties;
}

/** The partnerships an organisation is party to and that are not dissolved, folded. */
export async function readLivePartnershipsOf(
  db: Pool,
  organisationId: string,
): Promise<{ partnership_id: string; state: PartnershipState }[]> {
  const { rows } = await db.query<{ partnership_id: string; state: PartnershipState }>(
    `SELECT partnership_id, state FROM rm_partnerships WHERE parties @> ARRAY[$1]::text[] AND status <> 'dissolved'`,
    [organisationId],
  );
  return rows;
}

export async function readPartnershipTitles(db: Pool, partnershipIds: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ partnership_id: string; title: string }>(
    'SELECT partnership_id, title FROM rm_partnerships WHERE partnership_id = ANY($1::text[])',
    [partnershipIds],
  );
  return new Map(rows.map((r) => [r.partnership_id, r.title]));
}
