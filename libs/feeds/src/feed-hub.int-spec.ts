import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { FeedHub } from './feed-hub';

const meta = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };

for (const engine of testEngines()) {
  describe(`FeedHub on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let writer: PostgresEventStore;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      writer = new PostgresEventStore(db.pool); // another "instance": the hub hears it through NOTIFY
    });
    afterAll(async () => {
      await store.close();
      await writer.close();
      await db.drop();
    });

    it('serves a subscriber from the database, then from the ring, then live: each position once, in order, under concurrent writers', async () => {
      for (let i = 0; i < 100; i++) await writer.append(`s-${i}`, [{ type: i % 2 ? 'Odd' : 'Even', data: { i } }], { expectedRevision: 'no-stream', metadata: meta });
      // A small ring, so a reader falls behind it and has to page through the database.
      const hub = new FeedHub(store, { ringSize: 40, pageSize: 25 });
      await hub.start();
      const stop = new AbortController();
      const seen: number[] = [];
      const evens: number[] = [];
      const reading = (async () => {
        for await (const page of hub.pages(0, { idleMs: 100, signal: stop.signal })) for (const e of page) seen.push(e.position);
      })();
      const filtered = (async () => {
        for await (const page of hub.pages(0, { idleMs: 100, signal: stop.signal, types: ['Even'] })) for (const e of page) evens.push(e.position);
      })();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 50; i++) await writer.append(`w${w}-${i}`, [{ type: i % 2 ? 'Odd' : 'Even', data: { i } }, { type: 'Odd', data: {} }], { expectedRevision: 'no-stream', metadata: meta });
        }),
      );
      const head = await store.headPosition();
      const deadline = Date.now() + 10_000;
      while (seen[seen.length - 1] !== head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200)); // time enough for a duplicate to show up
      stop.abort();
      await Promise.all([reading, filtered]);
      await hub.close();
      expect(seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
      const all = await store.readAll({ limit: 10_000 });
      expect(evens).toEqual(all.filter((e) => e.type === 'Even').map((e) => e.position));
    });
  });
}
