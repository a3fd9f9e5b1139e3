/**
 * A projection process for the crash test: catches every projection up in small batches and
 * prints one JSON line per committed batch, until it is killed. Usage: node projection-crash-runner.js DATABASE_URL
 */
import { createPool, PostgresEventStore } from '@accord/event-store';
import { ALL_PROJECTIONS, catchUp } from '@accord/projections';

async function main(): Promise<void> {
  const pool = createPool({ connectionString: process.argv[2], max: 8 });
  const store = new PostgresEventStore(pool);
  await Promise.all(
    ALL_PROJECTIONS.map((projection) =>
      catchUp(pool, store, projection, {
        batchSize: 150,
        onBatch: (r) => process.stdout.write(`${JSON.stringify({ name: projection.name, position: r.position })}\n`),
      }),
    ),
  );
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
  await store.close();
  await pool.end();
}

void main();
