import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { createPool } from './create-pool';
import { LogWatcher } from './log-watcher';
import { PostgresEventStore } from './postgres-event-store';

const meta = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };

for (const engine of testEngines()) {
  describe(`committed events heard with their NOTIFY (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine, 2);
    });
    afterAll(() => db.drop());

    it("holds another process's small commits as the log stores them, and none of a commit too large to notify", async () => {
      const watcher = new LogWatcher(db.pool.options);
      // Another process's writer, with connections of its own.
      const writerPool = createPool({ connectionString: db.url, max: 2 });
      const writer = new PostgresEventStore(writerPool);
      const reader = new PostgresEventStore(db.pool);
      const append = (streamId: string, count: number, bytes: number) =>
        writer.append(
          streamId,
          Array.from({ length: count }, (_, i) => ({ type: 'ThingHappened', data: { i, text: 'x'.repeat(bytes) } })),
          { expectedRevision: 'no-stream', metadata: meta },
        );
      const heard = async (position: number) => {
        const deadline = Date.now() + 20_000;
        while ((watcher.liveHead() ?? 0) < position && Date.now() < deadline)
          await watcher.waitBeyond(position - 1, 100);
      };
      try {
        const start = await reader.headPosition();
        // Asking is what makes it keep events; it then hears them once its LISTEN is on.
        expect(watcher.committedEvents(start + 1, start + 1)).toBeUndefined();
        await watcher.waitBeyond(start, 50);
        await heard(start);
        await new Promise((r) => setTimeout(r, 200));

        const one = await append('thing-a', 1, 100);
        const several = await append('thing-b', 12, 500); // more than one notification's 8,000 bytes
        await heard(several.lastPosition);
        expect(watcher.committedEvents(one.lastPosition, several.lastPosition)).toEqual(
          await reader.readAll({ fromPosition: one.lastPosition, limit: 13 }),
        );

        const large = await append('thing-c', 40, 500); // past the 16 KiB a commit notifies
        const after = await append('thing-d', 2, 100);
        await heard(after.lastPosition);
        expect(watcher.committedEvents(large.lastPosition, after.lastPosition)).toBeUndefined();
        expect(watcher.committedEvents(large.lastPosition + 1, after.lastPosition)).toEqual(
          await reader.readAll({ fromPosition: large.lastPosition + 1, limit: 2 }),
        );
      } finally {
        await Promise.all([watcher.close(), writer.close(), reader.close()]);
        await writerPool.end();
      }
    });
  });
}
