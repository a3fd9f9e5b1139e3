import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
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
      const first = racing[0].get('racer')!;
      expect(first).toHaveLength(32);
      for (const k of racing) expect(k.get('racer')).toEqual(first);
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

    it('records the erasure of someone who never had a key', async () => {
      await keys.destroy('nobody', { reason: 'retention' });
      expect(await keys.keysOf(['nobody'])).toEqual(new Map());
      expect((await keys.pendingErasures()).map((e) => e.personId)).toContain('nobody');
    });
  });
}
