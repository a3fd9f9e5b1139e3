import { Client } from 'pg';
import { testEngines } from '../../../../test/support/engines';
import { intArrayLiteral, textArrayLiteral, utf8Bytea } from './sql-literals';

// The canonical bytes are stored through utf8Bytea literals and must arrive exactly as hashed;
// stream ids (any printable ASCII) travel in array literals.
const SAMPLES = [
  '{"a":"plain ASCII"}',
  `{"q":"o'brien","b":"a\\\\b \\"quoted\\""}`,
  '{"w":"Caerdydd – Llanelli, £5, café, ß"}',
  '{"e":"emoji 🏠 and 😀"}',
  'lone \ud800 surrogate and \x7f delete',
  'ΑΒΓΔΕΖΗΘ ΙΚΛΜΝΞΟΠ ΡΣΤΥΦΧΨΩ 住宅協会', // mostly not ASCII: sent as hex
  '',
];

for (const engine of testEngines()) {
  describe(`utf8Bytea on ${engine.name}`, () => {
    let client: Client;
    beforeAll(async () => {
      client = new Client({ connectionString: engine.url });
      await client.connect();
    });
    afterAll(() => client.end());

    it.each(['on', 'off'])('stores exactly the UTF-8 bytes with standard_conforming_strings %s', async (setting) => {
      await client.query(`SET standard_conforming_strings = ${setting}`);
      for (const sample of SAMPLES) {
        const { rows } = await client.query<{ b: Buffer }>(`SELECT ${utf8Bytea(sample)} AS b`);
        expect(rows[0].b.equals(Buffer.from(sample, 'utf8'))).toBe(true);
      }
      const ids = ['plain-1', 'quote"d', "apo'strophe", 'back\\slash', '{braces,comma}', 'NULL', ' spaced '];
      const { rows } = await client.query<{ ids: string[]; ns: string[] }>(
        `SELECT ${textArrayLiteral(ids)}::text[] AS ids, ${intArrayLiteral([1, 2 ** 40])}::bigint[] AS ns`,
      );
      expect(rows[0]).toEqual({ ids, ns: ['1', String(2 ** 40)] });
    });
  });
}
