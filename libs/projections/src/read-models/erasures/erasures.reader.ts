import { Pool } from 'pg';
import { personalDataSubject } from '@accord/domain';
import { Erasures, LoggedData } from './erasures';

/** The erasures of these people (undefined: no one), in one query. */
export async function readErasures(db: Pool, personIds: Iterable<string | undefined>): Promise<Erasures> {
  const ids = [...new Set([...personIds].filter((p): p is string => p !== undefined))];
  if (ids.length === 0) return new Erasures([]);
  const { rows } = await db.query<{ position: string; person_id: string; at: Date; reason: string; because: string }>(
    'SELECT position, person_id, at, reason, because FROM rm_erasures WHERE person_id = ANY($1::text[]) ORDER BY position',
    [ids],
  );
  return new Erasures(
    rows.map((r) => ({
      personId: r.person_id,
      position: Number(r.position),
      at: r.at.toISOString(),
      reason: r.reason,
      because: r.because,
    })),
  );
}

/** The erasures of everyone these events hold personal data about. */
export function readErasuresOf(db: Pool, events: readonly LoggedData[]): Promise<Erasures> {
  return readErasures(
    db,
    events.map((e) => personalDataSubject(e.type, e.data)),
  );
}
