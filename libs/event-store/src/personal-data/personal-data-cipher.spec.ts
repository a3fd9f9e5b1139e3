import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { localKeyEncryptionKey } from './key-encryption-key';
import { DataKeySource, PersonalDataCipher } from './personal-data-cipher';
import { ERASED } from './sealed-text';

/** Keys in a map: what PostgresDataKeys does, minus the table (its own int-spec covers that). */
function mapKeys(): DataKeySource & { erase(p: string): void } {
  const keys = new Map<string, KeyObject>();
  return {
    keysFor: async (ps) =>
      new Map(ps.map((p) => [p, keys.get(p) ?? keys.set(p, createSecretKey(randomBytes(32))).get(p)!])),
    keysOf: async (ps) => new Map(ps.filter((p) => keys.has(p)).map((p) => [p, keys.get(p)!])),
    erase: (p) => keys.delete(p),
  };
}

const RULES = { InterestDeclared: { subject: 'personId', fields: ['nature'] } };
const interest = (personId: string, nature: string) => ({
  type: 'InterestDeclared',
  data: { decisionId: 'd1', personId, orgId: 'o1', nature },
});

describe('PersonalDataCipher', () => {
  it('seals only the listed fields, under the subject named in the event', async () => {
    const cipher = new PersonalDataCipher(mapKeys(), RULES);
    const other = { type: 'VoteCast', data: { personId: 'p1', nature: 'not personal data here' } };
    const [sealed, untouched] = await cipher.seal([interest('p1', 'her home is near'), other]);
    expect(untouched).toBe(other);
    expect(sealed.data).toMatchObject({ decisionId: 'd1', personId: 'p1', orgId: 'o1' });
    expect(sealed.data.nature).toMatch(/^pd1:cDE:/);
    expect(JSON.stringify(sealed)).not.toContain('her home');
  });

  it('opens sealed values anywhere in a value, inside longer text too', async () => {
    const cipher = new PersonalDataCipher(mapKeys(), RULES);
    const [a] = await cipher.seal([interest('p1', 'her home is near')]);
    const [b] = await cipher.seal([interest('p2', 'his brother-in-law')]);
    const row = { lines: [`declared an interest: ${a.data.nature}`], nature: b.data.nature, n: 3, none: null };
    expect(await cipher.open(row)).toEqual({
      lines: ['declared an interest: her home is near'],
      nature: 'his brother-in-law',
      n: 3,
      none: null,
    });
  });

  it('opens a value the answer repeats everywhere it is, leaving the parts without one untouched', async () => {
    const cipher = new PersonalDataCipher(mapKeys(), RULES);
    const [a] = await cipher.seal([interest('p1', 'her home is near')]);
    const plain = { who: 'p1', roles: ['member'] };
    const answer = { interest: a.data.nature, trail: [`declared: ${a.data.nature}`, a.data.nature], plain };
    const opened = await cipher.open(answer);
    expect(opened).toEqual({
      interest: 'her home is near',
      trail: ['declared: her home is near', 'her home is near'],
      plain,
    });
    expect(opened.plain).toBe(plain);
    expect(answer.interest).toBe(a.data.nature);
  });

  it('shows "[erased]" once the subject key is gone, and only for that subject', async () => {
    const keys = mapKeys();
    const cipher = new PersonalDataCipher(keys, RULES);
    const [a, b] = await cipher.seal([interest('p1', 'her home is near'), interest('p2', 'his brother-in-law')]);
    // Opened once before, so the cipher remembers it: the erasure must still win.
    expect(await cipher.open(a.data.nature)).toBe('her home is near');
    keys.erase('p1');
    expect(await cipher.open([a.data.nature, b.data.nature])).toEqual([ERASED, 'his brother-in-law']);
    // Disclosed anew after the erasure: a new key, and the old value still reads as erased.
    const [c] = await cipher.seal([interest('p1', 'a new interest')]);
    expect(await cipher.open([a.data.nature, c.data.nature])).toEqual([ERASED, 'a new interest']);
  });

  it('returns a value without sealed text as it is', async () => {
    const cipher = new PersonalDataCipher(mapKeys(), RULES);
    const row = { a: 'plain', b: [1, 'two'] };
    expect(await cipher.open(row)).toBe(row);
  });
});

describe('local key-encryption key', () => {
  it('wraps a data key that only it opens, only for the same subject', async () => {
    const kek = localKeyEncryptionKey(Buffer.alloc(32, 1));
    const dataKey = randomBytes(32);
    const wrapped = await kek.wrap(dataKey, 'p1');
    expect(await kek.unwrap(wrapped, 'p1')).toEqual(dataKey);
    await expect(kek.unwrap(wrapped, 'p2')).rejects.toMatchObject({ code: 'key-encryption-key-unusable' });
    await expect(localKeyEncryptionKey(Buffer.alloc(32, 2)).unwrap(wrapped, 'p1')).rejects.toMatchObject({
      code: 'key-encryption-key-unusable',
    });
    expect(() => localKeyEncryptionKey(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
