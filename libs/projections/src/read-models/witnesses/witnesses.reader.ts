import { Pool } from 'pg';

export interface CurrentWitness {
  organisationId: string;
  name: string;
  vkey: string;
  url: string;
}

/** The witnesses the ledger names now, one per organisation that registered one, by organisation. */
export async function readCurrentWitnesses(db: Pool, organisationIds?: readonly string[]): Promise<CurrentWitness[]> {
  const { rows } = await db.query<{ organisation_id: string; name: string; vkey: string; url: string }>(
    `SELECT organisation_id, name, vkey, url FROM rm_witnesses
     WHERE $1::text[] IS NULL OR organisation_id = ANY($1::text[]) ORDER BY organisation_id`,
    [organisationIds ?? null],
  );
  return rows.map((r) => ({ organisationId: r.organisation_id, name: r.name, vkey: r.vkey, url: r.url }));
}
