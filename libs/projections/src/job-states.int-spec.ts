import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { readJobState, saveJobState } from './job-states';

for (const engine of testEngines()) {
  describe(`what log-following jobs keep, on ${engine.name}`, () => {
    let db: TestDatabase;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
    });
    afterAll(async () => db?.drop());

    it('is read back as saved, never taken back to an earlier position, and ignored once its shape changed', async () => {
      expect(await readJobState(db.pool, 'closing-time', 1)).toBeNull();
      await saveJobState(db.pool, 'closing-time', 1, 40, JSON.stringify({ open: [['d-1', { closesAt: 5 }]] }));
      // A second process running the job, a little behind, saves its own fold: the row stays at 40.
      await saveJobState(db.pool, 'closing-time', 1, 30, JSON.stringify({ open: [] }));
      expect(await readJobState(db.pool, 'closing-time', 1)).toEqual({
        position: 40,
        state: { open: [['d-1', { closesAt: 5 }]] },
      });
      expect(await readJobState(db.pool, 'meeting-votes', 1)).toBeNull();

      // Code that keeps another shape reads the log from position 1, then saves over the old one.
      expect(await readJobState(db.pool, 'closing-time', 2)).toBeNull();
      await saveJobState(db.pool, 'closing-time', 2, 12, JSON.stringify({ open: {} }));
      expect(await readJobState(db.pool, 'closing-time', 2)).toEqual({ position: 12, state: { open: {} } });
      expect(await readJobState(db.pool, 'closing-time', 1)).toBeNull();
    });
  });
}
