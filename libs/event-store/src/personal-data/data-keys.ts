/**
 * Per-person data keys (DESIGN §4), kept apart from the log in `personal_data_keys` and only
 * ever stored wrapped by the key-encryption key. Erasing a person overwrites their row with a
 * tombstone that records the erasure until its event is in the log (see PersonalDataEraser).
 */
import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { AppError, delay } from '@accord/platform';
import { DataKeyCache, DESTROYED_KEYS_CHANNEL, KEY_CACHE_LEASE_MS } from './data-key-cache';
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
  private readonly cache: DataKeyCache | undefined;

  /** `cache`: hold keys between calls (DataKeyCache), with `onCacheError` told of its listener's troubles. */
  constructor(
    private readonly pool: Pool,
    private readonly kek: KeyEncryptionKey,
    options: { cache?: boolean; onCacheError?: (err: Error) => void } = {},
  ) {
    if (options.cache) this.cache = new DataKeyCache(pool.options, options.onCacheError);
  }

  /**
   * The live data key of each person, created for those without one (or whose erasure is
   * complete: what they disclose afterwards is new data under a new key).
   */
  async keysFor(personIds: string[]): Promise<Map<string, KeyObject>> {
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
   * The live data keys of those who have one; an erased or unknown person has none. Keys the cache
   * holds are not looked up (it may hold a destroyed key only until its erasure's wait ends, see
   * DataKeyCache); lookups made while one is in flight share the next query (SharedLookups).
   */
  async keysOf(personIds: string[]): Promise<Map<string, KeyObject>> {
    const held = this.cache?.held(personIds);
    if (held === undefined) return this.lookups.get(personIds);
    if (held.size === personIds.length) return held;
    const missing = personIds.filter((p) => !held.has(p));
    for (const [p, key] of await this.lookups.get(missing)) held.set(p, key);
    return held;
  }

  async close(): Promise<void> {
    await this.cache?.close();
  }

  private async lookUp(personIds: string[]): Promise<Map<string, KeyObject>> {
    const ticket = this.cache?.ticket();
    const { rows } = await this.pool.query<{ person_id: string; wrapped_key: Buffer }>({
      // Prepared once per connection: it runs before nearly every sealed command and opened answer.
      name: 'personal-data-keys-of',
      text: 'SELECT person_id, wrapped_key FROM personal_data_keys WHERE person_id = ANY($1::text[]) AND wrapped_key IS NOT NULL',
      values: [personIds],
    });
    const keys = new Map<string, KeyObject>();
    await Promise.all(
      rows.map(async (r) => keys.set(r.person_id, createSecretKey(await this.kek.unwrap(r.wrapped_key, r.person_id)))),
    );
    this.cache?.keep(ticket, keys);
    return keys;
  }

  /**
   * Destroys the person's data key, recording `erasure` until `erasureLogged`. A person with no
   * key yet gets the tombstone too, so the erasure is still completed and logged. Returns once
   * no process's cache can still use the key (KEY_CACHE_LEASE_MS): the erasure's event follows.
   */
  async destroy(personId: string, erasure: unknown): Promise<void> {
    // One statement: the key goes and every cache hears of it in the same commit.
    await this.pool.query(
      `WITH destroyed AS (
         INSERT INTO personal_data_keys (person_id, wrapped_key, kek_id, erased_at, erasure)
         VALUES ($1, NULL, NULL, now(), $2)
         ON CONFLICT (person_id) DO UPDATE
           SET wrapped_key = NULL, kek_id = NULL, erased_at = now(), erasure = EXCLUDED.erasure, erasure_logged = false
         RETURNING person_id)
       SELECT pg_notify('${DESTROYED_KEYS_CHANNEL}', person_id) FROM destroyed`,
      [personId, JSON.stringify(erasure)],
    );
    const leaseEnds = delay(KEY_CACHE_LEASE_MS);
    // The overwritten row version stays on disk until vacuumed; do it now rather than some day.
    await this.pool.query('VACUUM personal_data_keys');
    await leaseEnds;
  }

  /**
   * Erasures whose key is destroyed and whose event may not be in the log yet (a crash in between),
   * once no cache can still use their keys.
   */
  async pendingErasures<E>(): Promise<PendingErasure<E>[]> {
    const { rows } = await this.pool.query<{ person_id: string; erasure: E }>(
      'SELECT person_id, erasure FROM personal_data_keys WHERE erased_at IS NOT NULL AND NOT erasure_logged ORDER BY erased_at',
    );
    // The crash may have come before destroy's wait ended; waiting again costs one start a lease.
    if (rows.length > 0) await delay(KEY_CACHE_LEASE_MS);
    return rows.map((r) => ({ personId: r.person_id, erasure: r.erasure }));
  }

  async erasureLogged(personId: string): Promise<void> {
    await this.pool.query(
      'UPDATE personal_data_keys SET erasure = NULL, erasure_logged = true WHERE person_id = $1 AND erased_at IS NOT NULL',
      [personId],
    );
  }
}
