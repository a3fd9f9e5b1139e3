import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { generateLedger } from '../../../test/support/generated-ledger';
import { ALL_PROJECTIONS } from './all-projections';
import { readCheckpoint } from './checkpoints';
import { catchUp } from './projection-runner';

const RUNNER = join(__dirname, '..', '..', '..', 'dist', 'test', 'support', 'read-ahead-failure-runner.js');

for (const engine of testEngines()) {
  describe(`catch-up when the database fails under it, on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      await generateLedger(store, { partnerships: 2, decisionsPerPartnership: 5 });
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('hands a read-ahead that failed while a batch committed to its caller, and the process lives on', async () => {
      // Node ends a process on an unhandled rejection; a read-ahead failing before it is awaited
      // must not be one. Run in a process of its own: jest would swallow it.
      const { stdout } = await promisify(execFile)(process.execPath, [RUNNER, db.url]);
      expect(JSON.parse(stdout)).toEqual({ rejected: 'Connection terminated unexpectedly' });
      // The first batch committed; the next catch-up carries on from it to the head.
      const trail = ALL_PROJECTIONS.find((p) => p.name === 'trail')!;
      expect(await readCheckpoint(db.pool, 'trail')).toBe(20);
      expect(await catchUp(db.pool, store, trail)).toBe(await store.headPosition());
    });
  });
}
