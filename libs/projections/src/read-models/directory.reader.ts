import { Pool } from 'pg';

/** The directory keeps removed members' rows (old records still name them): true once removed. */
export async function wasRemovedFrom(db: Pool, organisationId: string, personId: string): Promise<boolean> {
  const { rows } = await db.query<{ removed: boolean }>(
    'SELECT removed FROM rm_members WHERE organisation_id = $1 AND person_id = $2',
    [organisationId, personId],
  );
  return rows[0]?.removed === true;
}
