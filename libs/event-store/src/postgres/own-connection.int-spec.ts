import { PoolClient } from 'pg';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { createPool } from './create-pool';
import { PostgresEventStore } from './postgres-event-store';

const meta = { actor: { personId: 'p', orgId: 'o', roles: ['member'] }, correlationId: null, causationId: null };

for (const engine of testEngines()) {
  describe(`a subscription on its own connection (${engine.name})`, () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine, 2);
    });
    afterAll(() => db.drop());

    it('keeps delivering new commits while every connection of the shared pool is taken', async () => {
      const follower = new PostgresEventStore(db.pool, { pollIntervalMs: 60_000 });
      // Another process's writer, with connections of its own.
      const writerPool = createPool({ connectionString: db.url, max: 2 });
      const writer = new PostgresEventStore(writerPool);
      const held: PoolClient[] = [];
      const stop = new AbortController();
      try {
        const from = (await follower.headPosition()) + 1;
        held.push(await db.pool.connect(), await db.pool.connect());
        const received: number[] = [];
        const following = (async () => {
          for await (const e of follower.subscribeAll({
            fromPosition: from,
            signal: stop.signal,
            ownConnection: true,
          })) {
            received.push(e.position);
            if (received.length === 3) stop.abort();
          }
        })();
        for (let i = 0; i < 3; i++)
          await writer.append(`thing-own-${i}`, [{ type: 'ThingHappened', data: { i } }], {
            expectedRevision: 'no-stream',
            metadata: meta,
          });
        const timeout = setTimeout(() => stop.abort(), 30_000);
        await following;
        clearTimeout(timeout);
        expect(received).toEqual([from, from + 1, from + 2]);
      } finally {
        stop.abort();
        for (const c of held) c.release();
        await Promise.all([follower.close(), writer.close()]);
        await writerPool.end();
      }
    });
  });
}
