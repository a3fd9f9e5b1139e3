/**
 * `npm run bench:store`: event-store append and read throughput on this machine's PostgreSQL
 * (DATABASE_URL, else 127.0.0.1:5432), durable commits. Options: --events N --writers N.
 */
import { PostgresEventStore } from '@accord/event-store';
import { argNumber, Figure, percentile, printTable, progress, readConditions, writeResults } from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';

const actor = { personId: 'bench-person', orgId: 'bench-org', roles: ['member'] };

export async function runStoreBench(serverUrl: string, events: number, writers: number): Promise<Figure[]> {
  return withBenchDatabase(serverUrl, 8, async (pool) => {
    const store = new PostgresEventStore(pool);
    const latencies: number[] = [];
    let next = 0;
    const payload = { decisionId: 'd-0000', stance: 'agree', reason: 'The disposal supports the housing objective.' };
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let i = next++; i < events; i = next++) {
          const t0 = process.hrtime.bigint();
          await store.append(`bench-${i}`, [{ type: 'VoteCast', data: { ...payload, n: i } }], {
            expectedRevision: 'no-stream',
            metadata: { actor, correlationId: null, causationId: null },
          });
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          if (latencies.length % 5000 === 0) progress('appends', latencies.length, events);
        }
      }),
    );
    const appendSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);

    const readStarted = process.hrtime.bigint();
    let read = 0;
    for (let from = 1; ;) {
      const page = await store.readAll({ fromPosition: from, limit: 5000 });
      if (page.length === 0) break;
      read += page.length;
      from = page[page.length - 1].position + 1;
    }
    const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
    await store.close();
    if (read !== events) throw new Error(`read ${read} events, appended ${events}`);

    const appendRate = events / appendSeconds;
    const readRate = read / readSeconds;
    return [
      {
        name: `append, ${writers} writers, 1 event per append, distinct streams`,
        value: appendRate,
        unit: 'events/s',
        target: '≥ 10,000',
        met: appendRate >= 10_000,
      },
      { name: 'append latency p50', value: percentile(latencies, 50), unit: 'ms' },
      { name: 'append latency p99', value: percentile(latencies, 99), unit: 'ms' },
      {
        name: 'readAll, pages of 5,000',
        value: readRate,
        unit: 'events/s',
        target: '≥ 100,000',
        met: readRate >= 100_000,
      },
    ];
  });
}

async function main(): Promise<void> {
  const events = argNumber('events', 100_000);
  const writers = argNumber('writers', 64);
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `store benchmark: ${events.toLocaleString('en-GB')} events, ${writers} writers, PostgreSQL ${conditions.postgres.server_version}, synchronous_commit=${conditions.postgres.synchronous_commit}, fsync=${conditions.postgres.fsync}, ${conditions.cpus} CPUs, Node ${conditions.node}`,
  );
  const figures = await runStoreBench(serverUrl, events, writers);
  const table = printTable('event store', figures);
  console.log(table);
  console.log(`figures written to ${writeResults('store', conditions, figures, table)}/store.{md,json}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
