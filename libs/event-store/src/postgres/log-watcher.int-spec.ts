import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { createPool } from './create-pool';
import { PostgresEventStore } from './postgres-event-store';

const meta = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };

for (const engine of testEngines()) {
  describe(`a follower given its own process's commits without reading them back (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine, 4);
    });
    afterAll(() => db.drop());

    it('follows its own commits and another process’s, in order, and never takes a forged NOTIFY for events', async () => {
      const store = new PostgresEventStore(db.pool);
      // Another process's writer, with connections of its own.
      const otherPool = createPool({ connectionString: db.url, max: 2 });
      const other = new PostgresEventStore(otherPool);
      const stop = new AbortController();
      const seen: string[] = [];
      const append = (writer: PostgresEventStore, streamId: string, count: number) =>
        writer.append(
          streamId,
          Array.from({ length: count }, (_, i) => ({ type: 'ThingHappened', data: { i } })),
          { expectedRevision: 'no-stream', metadata: meta },
        );
      try {
        const start = await store.headPosition();
        const following = (async () => {
          for await (const e of store.subscribeAll({ fromPosition: start + 1, signal: stop.signal }))
            seen.push(`${e.position}:${e.streamId}`);
        })();
        // Anyone who may connect can NOTIFY on any channel: a payload shaped like events must change nothing.
        const forger = createPool({ connectionString: db.url, max: 1 });
        await forger.query(`NOTIFY accord_events_committed, '${start + 1}\n${'0'.repeat(64)}{"forged":true}'`);
        await forger.end();
        await append(store, 'own-a', 2);
        await append(other, 'other-b', 3);
        await append(store, 'own-c', 2);
        const until = Date.now() + 20_000;
        while (seen.length < 7 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        const expected = (await store.readAll({ fromPosition: start + 1, limit: 100 })).map(
          (e) => `${e.position}:${e.streamId}`,
        );
        expect(expected).toHaveLength(7);
        expect(seen).toEqual(expected);
        stop.abort();
        await following;
      } finally {
        stop.abort();
        await Promise.all([store.close(), other.close()]);
        await otherPool.end();
      }
    });
  });
}
