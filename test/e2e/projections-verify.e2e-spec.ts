import { PostgresEventStore } from '@accord/event-store';
import { ALL_PROJECTIONS, readCheckpoints, rebuildProjection } from '@accord/projections';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { generateLedger } from '../support/generated-ledger';
import { accord } from '../support/accord-cli';

for (const engine of testEngines()) {
  describe(`accord projections verify, on ${engine.name}`, () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      const store = new PostgresEventStore(db.pool);
      await generateLedger(store, { partnerships: 2, decisionsPerPartnership: 4 });
      for (const projection of ALL_PROJECTIONS) await rebuildProjection(db.pool, store, projection);
      await store.close();
    });
    afterAll(() => db.drop());

    it('says every read model matches the log, then names each row a host administrator changed with SQL', async () => {
      const clean = await accord(['projections', 'verify'], db.url);
      expect(clean.stderr).toBe('');
      expect(clean.code).toBe(0);
      expect(clean.stdout).toMatch(/^decisions\s+at \d+: matches the log$/m);
      expect(clean.stdout).not.toContain('differ');

      const { rows: decisions } = await db.pool.query<{ decision_id: string; title: string }>(
        'SELECT decision_id, title FROM rm_decisions ORDER BY decision_id LIMIT 1',
      );
      const decisionId = decisions[0].decision_id;
      await db.pool.query(
        `UPDATE rm_decisions SET title = 'Sale at full market value', status = 'rejected' WHERE decision_id = $1`,
        [decisionId],
      );
      const { rows: votes } = await db.pool.query<{ position: string }>(
        `UPDATE rm_decision_acts SET detail = jsonb_set(detail, '{stance}', '"agree"')
         WHERE position = (SELECT min(position) FROM rm_decision_acts WHERE kind = 'vote' AND detail->>'stance' = 'disagree')
         RETURNING position`,
      );
      const { rows: trail } = await db.pool.query<{ position: string }>(
        'DELETE FROM rm_trail WHERE position = (SELECT max(position) FROM rm_trail) RETURNING position',
      );
      const checkpoints = await readCheckpoints(
        db.pool,
        ALL_PROJECTIONS.map((p) => p.name),
      );

      const tampered = await accord(['projections', 'verify', 'all'], db.url);
      expect(tampered.code).toBe(1);
      expect(tampered.stdout).toMatch(/^decisions\s+at \d+: 1 rows differ from the log$/m);
      expect(tampered.stdout).toContain(
        `decisions: rm_decisions [decision_id=${decisionId}] changed: title is "Sale at full market value", the log says ${JSON.stringify(decisions[0].title)}; status is "rejected", the log says "`,
      );
      expect(tampered.stdout).toContain(
        `decision-acts: rm_decision_acts [position=${votes[0].position}] changed: detail is `,
      );
      expect(tampered.stdout).toContain(
        `trail: rm_trail [position=${trail[0].position}] missing (the log has it, the live table does not)`,
      );
      expect(tampered.stdout).toMatch(/^directory\s+at \d+: matches the log$/m);

      // The check neither repairs nor moves anything: the live tables and checkpoints are as they were.
      const { rows: after } = await db.pool.query('SELECT title FROM rm_decisions WHERE decision_id = $1', [
        decisionId,
      ]);
      expect(after[0].title).toBe('Sale at full market value');
      expect(
        await readCheckpoints(
          db.pool,
          ALL_PROJECTIONS.map((p) => p.name),
        ),
      ).toEqual(checkpoints);

      const one = await accord(['projections', 'verify', 'trail'], db.url);
      expect(one.code).toBe(1);
      expect(one.stdout).not.toContain('rm_decisions');
      const unknown = await accord(['projections', 'verify', 'nonsense'], db.url);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('unknown read model "nonsense"');
    });
  });
}
