/**
 * A writer process for the crash test: appends under load and prints one JSON line per
 * acknowledged append, until it is killed. Usage: node crash-writer.js DATABASE_URL
 */
import { createPool, PostgresEventStore } from '@accord/event-store';

async function main(): Promise<void> {
  const pool = createPool({ connectionString: process.argv[2], max: 8 });
  const store = new PostgresEventStore(pool);
  const actor = { personId: 'crash-writer', orgId: 'org', roles: [] };
  let n = 0;
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      for (;;) {
        const i = n++;
        // Every third append carries three events: they must land together or not at all.
        const size = i % 3 === 0 ? 3 : 1;
        const result = await store.append(
          `crash-${(w * 31 + i) % 40}`,
          Array.from({ length: size }, (_, k) => ({ type: 'CrashTested', data: { i, k, size } })),
          { expectedRevision: 'any', metadata: { actor, correlationId: `append-${i}`, causationId: null } },
        );
        process.stdout.write(`${JSON.stringify({ i, size, events: result.events })}\n`);
      }
    }),
  );
}

void main();
