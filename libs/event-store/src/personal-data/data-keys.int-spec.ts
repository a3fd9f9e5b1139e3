import { createPool } from '../postgres/create-pool';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { DESTROYED_KEYS_CHANNEL, KEY_CACHE_LEASE_MS } from './data-key-cache';
import { PostgresDataKeys } from './data-keys';
import { localKeyEncryptionKey } from './key-encryption-key';
import { PersonalDataCipher } from './personal-data-cipher';
import { ERASED } from './sealed-text';

const KEK = localKeyEncryptionKey(Buffer.alloc(32, 9));
const RULES = { InterestDeclared: { subject: 'personId', fields: ['nature'] } };
const interest = (personId: string, nature: string) => ({ type: 'InterestDeclared', data: { personId, nature } });

for (const engine of testEngines()) {
  describe(`personal data keys on ${engine.name}`, () => {
    let db: TestDatabase;
    let keys: PostgresDataKeys;
    let cipher: PersonalDataCipher;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      keys = new PostgresDataKeys(db.pool, KEK);
      cipher = new PersonalDataCipher(keys, RULES);
    });
    afterAll(() => db.drop());

    it('creates one key per person, the same for every caller at once, stored only wrapped', async () => {
      const racing = await Promise.all(
        Array.from({ length: 8 }, () => new PostgresDataKeys(db.pool, KEK).keysFor(['racer'])),
      );
      const first = racing[0].get('racer')!.export();
      expect(first).toHaveLength(32);
      for (const k of racing) expect(k.get('racer')!.export()).toEqual(first);
      const { rows } = await db.pool.query("SELECT * FROM personal_data_keys WHERE person_id = 'racer'");
      expect(rows).toHaveLength(1);
      expect(Buffer.from(rows[0].wrapped_key).includes(first)).toBe(false);
      expect(rows[0].kek_id).toBe(KEK.id);
    });

    it('erasure leaves no key, keeps the erasure until logged, and opens to "[erased]"', async () => {
      const [a] = await cipher.seal([interest('ann', 'Her home is 200 m from the site.')]);
      const [b] = await cipher.seal([interest('bob', 'His brother-in-law is a director.')]);
      await keys.destroy('ann', { reason: 'person-request' });
      expect(await cipher.open([a.data.nature, b.data.nature])).toEqual([ERASED, 'His brother-in-law is a director.']);
      const { rows } = await db.pool.query(
        "SELECT wrapped_key, kek_id FROM personal_data_keys WHERE person_id = 'ann'",
      );
      expect(rows).toEqual([{ wrapped_key: null, kek_id: null }]);
      expect(await keys.pendingErasures()).toEqual([{ personId: 'ann', erasure: { reason: 'person-request' } }]);
      // Nothing new about her is sealed while her erasure is not in the log yet.
      await expect(cipher.seal([interest('ann', 'new')])).rejects.toMatchObject({
        code: 'personal-data-erasure-pending',
      });
      await keys.erasureLogged('ann');
      expect(await keys.pendingErasures()).toEqual([]);
      const [c] = await cipher.seal([interest('ann', 'A new interest.')]);
      expect(await cipher.open([a.data.nature, c.data.nature])).toEqual([ERASED, 'A new interest.']);
    });

    describe('with keys cached in two processes', () => {
      // Each side has its own pool and its own listener, as two API processes would: what one
      // learns of the other's erasure comes through PostgreSQL, never through shared memory.
      const sides = () => {
        const pool = createPool({ connectionString: db.url, max: 4 });
        const sideKeys = new PostgresDataKeys(pool, KEK, { cache: true });
        let queries = 0;
        const query = pool.query.bind(pool);
        pool.query = ((...args: Parameters<typeof query>) => {
          queries++;
          return query(...args);
        }) as typeof pool.query;
        return {
          pool,
          keys: sideKeys,
          cipher: new PersonalDataCipher(sideKeys, RULES),
          queries: () => queries,
          close: async () => {
            await sideKeys.close();
            await pool.end();
          },
        };
      };
      /** Opens `sealed` until the side answers from its cache (its listener is up and leased). */
      const warm = async (side: ReturnType<typeof sides>, sealed: string) => {
        for (let i = 0; i < 100; i++) {
          const before = side.queries();
          await side.cipher.open(sealed);
          if (side.queries() === before) return;
          await new Promise((r) => setTimeout(r, 20));
        }
        throw new Error('the key was never served from the cache');
      };

      it('serves a key from memory, and an erasure in the other process makes it "[erased]" there at once', async () => {
        const [reader, eraser] = [sides(), sides()];
        try {
          const [a] = await reader.cipher.seal([interest('cara', 'Her home is 200 m from the site.')]);
          await warm(reader, a.data.nature);
          const before = reader.queries();
          expect(await reader.cipher.open(a.data.nature)).toBe('Her home is 200 m from the site.');
          expect(reader.queries()).toBe(before);

          const started = performance.now();
          await eraser.keys.destroy('cara', { reason: 'person-request' });
          // destroy returns only once no cache anywhere may still use the key.
          expect(performance.now() - started).toBeGreaterThanOrEqual(KEY_CACHE_LEASE_MS - 1);
          expect(await reader.cipher.open(a.data.nature)).toBe(ERASED);
          expect(await reader.cipher.open([`declared: ${a.data.nature}`])).toEqual([`declared: ${ERASED}`]);
          // Nor is anything new sealed for her with the key it held, while her erasure is pending.
          await expect(reader.cipher.seal([interest('cara', 'new')])).rejects.toMatchObject({
            code: 'personal-data-erasure-pending',
          });
        } finally {
          await Promise.all([reader.close(), eraser.close()]);
        }
      });

      it('forgets every key when its listener is lost, so an erasure it could not hear is still seen', async () => {
        const reader = sides();
        try {
          const [a] = await reader.cipher.seal([interest('dev', 'His brother-in-law is a director.')]);
          await warm(reader, a.data.nature);
          await db.pool.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'accord:data-keys' AND datname = current_database()",
          );
          // The key destroyed while nothing listens: no notification reaches the reader.
          await db.pool.query(
            "UPDATE personal_data_keys SET wrapped_key = NULL, kek_id = NULL, erased_at = now() WHERE person_id = 'dev'",
          );
          for (let i = 0; i < 50 && (await reader.cipher.open(a.data.nature)) !== ERASED; i++)
            await new Promise((r) => setTimeout(r, 20));
          expect(await reader.cipher.open(a.data.nature)).toBe(ERASED);
        } finally {
          await reader.close();
        }
      });

      it('queries its database only while it holds keys, and beats afresh before using a key it keeps again', async () => {
        const reader = sides();
        /** When the reader's listener last sent a query, and which. */
        const listener = () =>
          db.pool
            .query<{ query: string; query_start: Date }>(
              "SELECT query, query_start FROM pg_stat_activity WHERE application_name = 'accord:data-keys' AND datname = current_database()",
            )
            .then(({ rows }) => {
              expect(rows).toHaveLength(1);
              return { query: rows[0].query, at: rows[0].query_start.getTime() };
            });
        const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
        try {
          const [a] = await reader.cipher.seal([interest('fay', 'Her husband sits on the bidder’s board.')]);
          await warm(reader, a.data.nature);
          const holding = await listener();
          await pause(300);
          const beating = await listener();
          expect(beating.query).toBe('SELECT 1');
          expect(beating.at).toBeGreaterThan(holding.at);

          // Her key, its only one, is destroyed: it holds nothing, so it stops beating.
          await keys.destroy('fay', { reason: 'person-request' });
          expect(await reader.cipher.open(a.data.nature)).toBe(ERASED);
          const idle = await listener();
          await pause(400);
          expect(await listener()).toEqual(idle);

          // A key kept again is served from memory only once a beat has renewed the lease.
          const [b] = await reader.cipher.seal([interest('gus', 'He rents a flat from the association.')]);
          await warm(reader, b.data.nature);
          expect((await listener()).at).toBeGreaterThan(idle.at);
        } finally {
          await reader.close();
        }
      });

      it('drops a key on a forged notification, and opens it again by looking it up', async () => {
        const reader = sides();
        try {
          const [a] = await reader.cipher.seal([interest('eve', 'Her sister works for the bidder.')]);
          await warm(reader, a.data.nature);
          await db.pool.query('SELECT pg_notify($1, $2)', [DESTROYED_KEYS_CHANNEL, 'eve']);
          await new Promise((r) => setTimeout(r, 200));
          const before = reader.queries();
          expect(await reader.cipher.open(a.data.nature)).toBe('Her sister works for the bidder.');
          expect(reader.queries()).toBeGreaterThan(before);
        } finally {
          await reader.close();
        }
      });
    });

    it('records the erasure of someone who never had a key', async () => {
      await keys.destroy('nobody', { reason: 'retention' });
      expect(await keys.keysOf(['nobody'])).toEqual(new Map());
      expect((await keys.pendingErasures()).map((e) => e.personId)).toContain('nobody');
    });
  });
}
