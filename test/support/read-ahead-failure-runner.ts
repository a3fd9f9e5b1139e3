/**
 * A projection process whose database fails while a batch commits, for the runner's test: in a
 * plain Node process (no test runner catching what escapes), an unhandled rejection ends it.
 * Catches the trail up in batches of 20 over a store whose second read fails at once, and prints
 * one JSON line with how catch-up ended. Usage: node read-ahead-failure-runner.js DATABASE_URL
 */
import { createPool, type EventStore, PostgresEventStore } from '@accord/event-store';
import { ALL_PROJECTIONS, catchUp } from '@accord/projections';

async function main(): Promise<void> {
  const pool = createPool({ connectionString: process.argv[2], max: 4 });
  const store = new PostgresEventStore(pool);
  let reads = 0;
  const failing: EventStore = Object.create(store, {
    headPosition: {
      value: () =>
        ++reads === 2 ? Promise.reject(new Error('Connection terminated unexpectedly')) : store.headPosition(),
    },
  });
  const trail = ALL_PROJECTIONS.find((p) => p.name === 'trail')!;
  const outcome = await catchUp(pool, failing, trail, { batchSize: 20 }).then(
    (position) => ({ position }),
    (error: Error) => ({ rejected: error.message }),
  );
  process.stdout.write(`${JSON.stringify(outcome)}\n`);
  await store.close();
  await pool.end();
}

void main();
