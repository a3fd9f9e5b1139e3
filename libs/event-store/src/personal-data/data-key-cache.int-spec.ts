import { createSecretKey } from 'node:crypto';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { DataKeyCache } from './data-key-cache';

describe('the data-key cache closing', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
  });
  afterAll(() => db.drop());

  it('reports no error for the heartbeat its own close cuts off (a process shutting down warns of nothing)', async () => {
    const errors: string[] = [];
    const cache = new DataKeyCache(db.pool.options, (err) => errors.push(err.message));
    cache.held([]); // starts the listener
    let ticket = cache.ticket();
    for (let i = 0; i < 250 && ticket === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      ticket = cache.ticket();
    }
    expect(ticket).toBeDefined();
    // Keeping a key starts the heartbeat, whose first query is sent at once: closing now ends the
    // listener's connection under it.
    cache.keep(ticket, new Map([['ann', createSecretKey(Buffer.alloc(32, 1))]]));
    await cache.close();
    await new Promise((r) => setImmediate(r));
    expect(errors).toEqual([]);
  });
});
