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
      for (let i = 0; i < 100; i++)
        await writer.append(`s-${i}`, [{ type: i % 2 ? 'Odd' : 'Even', data: { i } }], {
          expectedRevision: 'no-stream',
          metadata: meta,
        });
      // A small ring (some 40 of these events), so a reader falls behind it and pages through the database.
      const hub = new FeedHub(store, { ringBytes: 40_000, pageSize: 25 });
      const stop = new AbortController();
      const seen: number[] = [];
      const evens: number[] = [];
      const reading = (async () => {
        for await (const page of hub.pages(0, { idleMs: 100, signal: stop.signal }))
          for (const e of page) seen.push(e.position);
      })();
      const filtered = (async () => {
        for await (const page of hub.pages(0, { idleMs: 100, signal: stop.signal, types: ['Even'] }))
          for (const e of page) evens.push(e.position);
      })();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 50; i++)
            await writer.append(
              `w${w}-${i}`,
              [
                { type: i % 2 ? 'Odd' : 'Even', data: { i } },
                { type: 'Odd', data: {} },
              ],
              { expectedRevision: 'no-stream', metadata: meta },
            );
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

    it('follows the log only while someone subscribes, and a subscriber who comes back misses nothing', async () => {
      const reads = { count: 0 };
      const counted: Pick<PostgresEventStore, 'subscribeAll' | 'headPosition' | 'readAll'> = {
        headPosition: () => store.headPosition(),
        readAll: (options) => (reads.count++, store.readAll(options)),
        subscribeAll: (options) => (reads.count++, store.subscribeAll(options)),
      };
      const hub = new FeedHub(counted, { idleStopMs: 100 });
      const append = (n: number) =>
        Promise.all(
          Array.from({ length: n }, (_, i) =>
            writer.append(`idle-${Date.now()}-${i}`, [{ type: 'Thing', data: { i } }], {
              expectedRevision: 'no-stream',
              metadata: meta,
            }),
          ),
        );
      const readUntil = async (after: number, head: number): Promise<number[]> => {
        const stop = new AbortController();
        const seen: number[] = [];
        for await (const page of hub.pages(after, { idleMs: 50, signal: stop.signal })) {
          seen.push(...page.map((e) => e.position));
          if (seen[seen.length - 1] >= head) stop.abort();
        }
        return seen;
      };

      await append(5);
      expect(hub.isFollowing).toBe(false);
      const start = await store.headPosition();
      const first = readUntil(start, start + 10);
      await new Promise((r) => setTimeout(r, 100));
      expect(hub.isFollowing).toBe(true);
      await append(10);
      expect(await first).toEqual(Array.from({ length: 10 }, (_, i) => start + 1 + i));

      const deadline = Date.now() + 5_000;
      while (hub.isFollowing && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(hub.isFollowing).toBe(false);
      const readsWhenIdle = reads.count;
      await append(20);
      await new Promise((r) => setTimeout(r, 300));
      expect(reads.count).toBe(readsWhenIdle);
      expect(await hub.currentHead()).toBe(start + 30);

      // Back from where it left off: the 20 events appended while nobody followed, from the database.
      expect(await readUntil(start + 10, start + 30)).toEqual(Array.from({ length: 20 }, (_, i) => start + 11 + i));
      await hub.close();
    });
  });
}
