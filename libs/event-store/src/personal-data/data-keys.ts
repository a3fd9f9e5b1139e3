/**
 * Per-person data keys (DESIGN §4), kept apart from the log in `personal_data_keys` and only
 * ever stored wrapped by the key-encryption key. Erasing a person overwrites their row with a
 * tombstone that records the erasure until its event is in the log (see PersonalDataEraser).
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AppError } from '@accord/platform';
import { KeyEncryptionKey } from './key-encryption-key';
import { DATA_KEY_BYTES } from './sealed-text';
import { SharedLookups } from './shared-lookups';

/** New personal data for someone whose erasure is not yet in the log: it would be erased half-way. */
export class ErasurePendingError extends AppError {
  constructor(personId: string) {
    super(
      'conflict',
      'personal-data-erasure-pending',
      `The erasure of ${personId}'s personal data is being completed; try again`,
      {
        personId,
      },
    );
  }
}

export interface PendingErasure<E = unknown> {
  personId: string;
  erasure: E;
}

export class PostgresDataKeys {
  private readonly lookups = new SharedLookups((personIds) => this.lookUp(personIds));

  constructor(
    private readonly pool: Pool,
    private readonly kek: KeyEncryptionKey,
  ) {}

  /**
   * The live data key of each person, created for those without one (or whose erasure is
   * complete: what they disclose afterwards is new data under a new key).
   */
  async keysFor(personIds: string[]): Promise<Map<string, Buffer>> {
    const wanted = [...new Set(personIds)];
    const keys = await this.keysOf(wanted);
    const missing = wanted.filter((p) => !keys.has(p));
    if (missing.length === 0) return keys;
    const wrapped = await Promise.all(missing.map((p) => this.kek.wrap(randomBytes(DATA_KEY_BYTES), p)));
    await this.pool.query(
      `INSERT INTO personal_data_keys (person_id, wrapped_key, kek_id)
       SELECT * FROM unnest($1::text[], $2::bytea[], $3::text[])
       ON CONFLICT (person_id) DO UPDATE
         SET wrapped_key = EXCLUDED.wrapped_key, kek_id = EXCLUDED.kek_id, created_at = now(),
             erased_at = NULL, erasure = NULL, erasure_logged = false
         WHERE personal_data_keys.wrapped_key IS NULL AND personal_data_keys.erasure_logged`,
      [missing, wrapped, missing.map(() => this.kek.id)],
    );
    // Another process may have created some first: theirs are the keys.
    for (const [p, key] of await this.keysOf(missing)) keys.set(p, key);
    const stillMissing = missing.find((p) => !keys.has(p));
    if (stillMissing !== undefined) throw new ErasurePendingError(stillMissing);
    return keys;
  }

  /**
   * The live data keys of those who have one; an erased or unknown person has none. Lookups made
   * while one is in flight share the next query (SharedLookups).
   */
  keysOf(personIds: string[]): Promise<Map<string, Buffer>> {
    return this.lookups.get(personIds);
  }

  private async lookUp(personIds: string[]): Promise<Map<string, Buffer>> {
    const { rows } = await this.pool.query<{ person_id: string; wrapped_key: Buffer }>({
      // Prepared once per connection: it runs before nearly every sealed command and opened answer.
      name: 'personal-data-keys-of',
      text: 'SELECT person_id, wrapped_key FROM personal_data_keys WHERE person_id = ANY($1::text[]) AND wrapped_key IS NOT NULL',
      values: [personIds],
    });
    const keys = new Map<string, Buffer>();
    await Promise.all(rows.map(async (r) => keys.set(r.person_id, await this.kek.unwrap(r.wrapped_key, r.person_id))));
    return keys;
  }

  /**
   * Destroys the person's data key, recording `erasure` until `erasureLogged`. A person with no
   * key yet gets the tombstone too, so the erasure is still completed and logged.
   */
  async destroy(personId: string, erasure: unknown): Promise<void> {
    await this.pool.query(
      `INSERT INTO personal_data_keys (person_id, wrapped_key, kek_id, erased_at, erasure)
       VALUES ($1, NULL, NULL, now(), $2)
       ON CONFLICT (person_id) DO UPDATE
         SET wrapped_key = NULL, kek_id = NULL, erased_at = now(), erasure = EXCLUDED.erasure, erasure_logged = false`,
      [personId, JSON.stringify(erasure)],
    );
    // The overwritten row version stays on disk until vacuumed; do it now rather than some day.
    await this.pool.query('VACUUM personal_data_keys');
  }

  /** Erasures whose key is destroyed and whose event may not be in the log yet (a crash in between). */
  async pendingErasures<E>(): Promise<PendingErasure<E>[]> {
    const { rows } = await this.pool.query<{ person_id: string; erasure: E }>(
      'SELECT person_id, erasure FROM personal_data_keys WHERE erased_at IS NOT NULL AND NOT erasure_logged ORDER BY erased_at',
    );
    return rows.map((r) => ({ personId: r.person_id, erasure: r.erasure }));
  }

  async erasureLogged(personId: string): Promise<void> {
    await this.pool.query(
      'UPDATE personal_data_keys SET erasure = NULL, erasure_logged = true WHERE person_id = $1 AND erased_at IS NOT NULL',
      [personId],
    );
  }
}
