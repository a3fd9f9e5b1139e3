import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { createPool, endPool } from './create-pool';

const [engine] = testEngines();

describe('endPool', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(() => db.drop());

  it('returns once every connection of the pool is closed, checked out ones included', async () => {
    const lost: Error[] = [];
    const pool = createPool({ connectionString: db.url, max: 6, onIdleError: (err) => lost.push(err) });
    const clients = await Promise.all(Array.from({ length: 6 }, () => pool.connect()));
    let closed = 0;
    for (const client of clients) client.on('end', () => closed++);
    // Three idle, three still checked out when the pool is ended and released a little later.
    clients.slice(0, 3).forEach((c) => c.release());
    const ended = endPool(pool);
    setTimeout(() => clients.slice(3).forEach((c) => c.release()), 100);
    await ended;
    // A database stopped now (as the embedded one is at shutdown) finds no connection to end.
    expect(closed).toBe(6);
    expect(lost).toEqual([]);
  });
});
