import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { generateLedger } from '../support/generated-ledger';
import { accord } from '../support/accord-cli';

for (const engine of testEngines()) {
  describe(`accord projections, on ${engine.name}`, () => {
    let db: TestDatabase;
    let head: number;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      const store = new PostgresEventStore(db.pool);
      await generateLedger(store, { partnerships: 3, decisionsPerPartnership: 10 });
      head = await store.headPosition();
      await store.close();
    });
    afterAll(() => db.drop());

    it('reports how far behind each read model is, rebuilds them with progress on stderr, and refuses an unknown name', async () => {
      const before = await accord(['projections', 'status'], db.url);
      expect(before.code).toBe(0);
      expect(before.stdout).toContain(`decisions      0 / ${head} (${head} behind)`);

      const rebuilt = await accord(['projections', 'rebuild', 'all'], db.url);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stderr).toMatch(
        new RegExp(`rebuilt decisions: \\d+ events up to position ${head.toLocaleString('en-GB')}`),
      );
      expect(rebuilt.stderr).toMatch(/rebuilt trail: /);
      const after = await accord(['projections', 'status'], db.url);
      expect(after.stdout).not.toContain('behind');
      const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM rm_decisions');
      expect(rows[0].n).toBe(30);

      const unknown = await accord(['projections', 'rebuild', 'nonsense'], db.url);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown read model "nonsense"');
    });
  });
}
