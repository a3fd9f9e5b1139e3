import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { insertRows } from './multi-row';

for (const engine of testEngines()) {
  describe(`multi-row writes, on ${engine.name}`, () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      await db.pool.query(
        'CREATE TABLE multi_row_probe (id bigint PRIMARY KEY, doc jsonb, names text[] NOT NULL, note text)',
      );
    });
    afterAll(async () => db?.drop());

    it('stores each row as given: documents with quotes, backslashes and any script, lists, and null as SQL NULL', async () => {
      const tricky = { title: 'The "Old Mill" \\ site', nested: { q: '\'"\\u0041', list: [1, null, 'ü 𝄞'] } };
      const client = await db.pool.connect();
      try {
        await insertRows(client, 'multi_row_probe', { id: 'bigint', doc: 'jsonb', names: 'list', note: 'text' }, [
          { id: 1, doc: tricky, names: ['a.b', 'c'], note: 'x' },
          { id: 2, doc: null, names: [], note: null },
          { id: 3, doc: [], names: ['only'], note: undefined },
        ]);
      } finally {
        client.release();
      }
      const { rows } = await db.pool.query(
        'SELECT id::int, doc, doc IS NULL AS doc_null, names, note FROM multi_row_probe ORDER BY id',
      );
      expect(rows).toEqual([
        { id: 1, doc: tricky, doc_null: false, names: ['a.b', 'c'], note: 'x' },
        { id: 2, doc: null, doc_null: true, names: [], note: null },
        { id: 3, doc: [], doc_null: false, names: ['only'], note: null },
      ]);
    });
  });
}
