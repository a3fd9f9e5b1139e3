import { Pool } from 'pg';

export interface OrganisationName {
  name: string;
  kind: string | null;
}

export interface MemberRow {
  organisation_id: string;
  person_id: string;
  job_title: string | null;
  display_name: string | null;
}

export async function readOrganisationNames(
  db: Pool,
  organisationIds: string[],
): Promise<Map<string, OrganisationName>> {
  const { rows } = await db.query<{ organisation_id: string; name: string; kind: string | null }>(
    'SELECT organisation_id, name, kind FROM rm_organisations WHERE organisation_id = ANY($1::text[])',
    [organisationIds],
  );
  return new Map(rows.map((r) => [r.organisation_id, { name: r.name, kind: r.kind }]));
}

/** Every membership of these people, removed ones included: old records still name them. */
export async function readMemberships(db: Pool, personIds: string[]): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    'SELECT organisation_id, person_id, job_title, display_name FROM rm_members WHERE person_id = ANY($1::text[])',
    [personIds],
  );
  return rows;
}

export async function organisationIsKnown(db: Pool, organisationId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM rm_organisations WHERE organisation_id = $1', [organisationId]);
  return (rowCount ?? 0) > 0;
}

/** Current members of every organisation, with their organisation's name, by organisation name. */
export async function readCurrentMembers(db: Pool): Promise<(MemberRow & { name: string | null })[]> {
  const { rows } = await db.query<MemberRow & { name: string | null }>(
    `SELECT m.person_id, m.organisation_id, m.job_title, m.display_name, o.name FROM rm_members m LEFT JOIN rm_organisations o USING (organisation_id)
     WHERE NOT m.removed ORDER BY o.name, m.person_id`,
  );
  return rows;
}

export async function isCurrentMember(db: Pool, organisationId: string, personId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    'SELECT 1 FROM rm_members WHERE organisation_id = $1 AND person_id = $2 AND NOT removed',
    [organisationId, personId],
  );
  return (rowCount ?? 0) > 0;
}
