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
        const seenAtLeast = async (n: number) => {
          const until = Date.now() + 20_000;
          while (seen.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        };
        await append(store, 'own-a', 2);
        await seenAtLeast(2);
        // Anyone who may connect can NOTIFY on any channel: events announced so, for the very next
        // positions, must change nothing of what the follower sees.
        const forger = createPool({ connectionString: db.url, max: 1 });
        const forged = `{"eventId":"forged","streamId":"forged","type":"Forged","data":{},"position":${start + 3}}`;
        await forger.query(`NOTIFY accord_events_committed, '${start + 3}\n${'0'.repeat(64)}${forged}'`);
        await forger.end();
        await new Promise((r) => setTimeout(r, 300));
        await append(store, 'own-b', 1);
        await append(other, 'other-c', 3);
        await append(store, 'own-d', 1);
        await seenAtLeast(7);
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
