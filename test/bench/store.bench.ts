/**
 * `npm run bench:store`: Accord's event store against its ceiling, the plain-INSERT store (one
 * table, multi-row INSERT, the same group commit; test/bench/peers/plain-insert-store.ts), on this
 * machine's PostgreSQL (DATABASE_URL, else 127.0.0.1:5432), durable commits, each in a fresh
 * database, same pool, same writers, same events. Appends run in --rounds rounds that alternate
 * which store goes first; the verdict is Accord / plain INSERT (median of rounds), then both logs
 * are read back page by page. Options: --events N (per store, over all rounds) --writers N --rounds N.
 */
import { argNumber, Figure, printTable, ratioFigure, readConditions, writeResults } from './bench-kit';
import { benchServerUrl } from './bench-database';
import { accordContender, Contender, plainInsertContender } from './peers/contenders';
import {
  createFreshDatabase,
  FreshDatabase,
  serverUsage,
  serverUsagePerEvent,
  vacuumAnalyze,
} from './peers/fresh-database';
import { eventFactory, median, runAppends, runReadAll } from './peers/measure';

/** Accord / plain INSERT appends: what Accord's work on top (hashing, checks, stream table) may cost. */
const APPEND_TARGET = 0.8;
/** readAll decodes and checks what plain INSERT's readAll only returns. */
const READ_TARGET = 0.5;

export async function runStoreBench(serverUrl: string, events: number, writers: number, rounds: number) {
  const databases: FreshDatabase[] = [];
  const stores: Contender[] = [];
  try {
    for (const [label, make] of [
      ['store_accord', accordContender],
      ['store_plain', plainInsertContender],
    ] as const) {
      const db = await createFreshDatabase(serverUrl, label);
      databases.push(db);
      stores.push(await make(db.url, 8));
    }
    const makeEvent = eventFactory(1);
    const perRound = Math.ceil(events / rounds);
    for (const s of stores)
      await runAppends(s.append.bind(s), {
        writers,
        appends: 500,
        eventsPerAppend: 1,
        streamPrefix: 'warm',
        makeEvent,
      });
    const rates = stores.map(() => [] as number[]);
    const p99 = stores.map(() => [] as number[]);
    // Where each event's time went: on a quiet machine one of these bounds a writer with one
    // transaction in flight, and the one that grew is what a change to the store has to cut.
    const nodeCpu = stores.map(() => [] as number[]);
    const serverCpu = stores.map(() => [] as number[]);
    const wal = stores.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++)
      for (let k = 0; k < stores.length; k++) {
        const i = (round + k) % stores.length;
        const s = stores[i];
        const before = await serverUsage(serverUrl, databases[i].name);
        const run = await runAppends(s.append.bind(s), {
          writers,
          appends: perRound,
          eventsPerAppend: 1,
          streamPrefix: `r${round}`,
          makeEvent,
          label: `append · ${s.name} · round ${round + 1}/${rounds}`,
        });
        const used = serverUsagePerEvent(before, await serverUsage(serverUrl, databases[i].name), perRound);
        rates[i].push(run.eventsPerSecond);
        p99[i].push(run.p99Ms);
        nodeCpu[i].push(run.nodeCpuUsPerEvent);
        if (used.cpuUs !== undefined) serverCpu[i].push(used.cpuUs);
        wal[i].push(used.walBytes);
      }
    for (const db of databases) await vacuumAnalyze(db.url);
    const total = 500 + perRound * rounds;
    const reads: number[] = [];
    for (const s of stores)
      reads.push(
        (
          await runReadAll(s.readAllPage.bind(s), {
            afterPosition: 0,
            total,
            pageSize: 5000,
            label: `readAll ${s.name}`,
          })
        ).eventsPerSecond,
      );
    const [accord, plain] = rates.map(median);
    const runs = (i: number) => rates[i].map((v) => Math.round(v).toLocaleString('en-GB')).join(' / ');
    const figures: Figure[] = [
      ratioFigure(
        `append, ${writers} writers, 1 event per append, distinct streams: Accord / plain INSERT (median of ${rounds} rounds)`,
        { name: `Accord, rounds ${runs(0)}`, value: accord, unit: 'events/s' },
        { name: `plain INSERT, rounds ${runs(1)}`, value: plain, unit: 'events/s' },
        '≥',
        APPEND_TARGET,
      ),
      { name: 'Accord append latency p99 (median of rounds)', value: median(p99[0]), unit: 'ms' },
      { name: 'plain INSERT append latency p99 (median of rounds)', value: median(p99[1]), unit: 'ms' },
      ...stores.flatMap((s, i) => [
        {
          name: `${s.name} appends: this process's CPU per event (median of rounds)`,
          value: median(nodeCpu[i]),
          unit: 'µs',
        },
        ...(serverCpu[i].length > 0
          ? [
              {
                name: `${s.name} appends: its PostgreSQL backends' CPU per event (median of rounds)`,
                value: median(serverCpu[i]),
                unit: 'µs',
              },
            ]
          : []),
        {
          name: `${s.name} appends: WAL per event, the whole server's (least of rounds; exact when nothing else writes)`,
          value: Math.min(...wal[i]),
          unit: 'bytes',
        },
      ]),
      ratioFigure(
        `readAll of ${total.toLocaleString('en-GB')} events, pages of 5,000: Accord / plain INSERT`,
        { name: 'Accord', value: reads[0], unit: 'events/s' },
        { name: 'plain INSERT', value: reads[1], unit: 'events/s' },
        '≥',
        READ_TARGET,
      ),
    ];
    return figures;
  } finally {
    for (const s of stores) await s.close().catch(() => undefined);
    for (const db of databases) await db.drop().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const events = argNumber('events', 60_000);
  const writers = argNumber('writers', 64);
  const rounds = argNumber('rounds', 3);
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `store benchmark: Accord vs plain INSERT, ${events.toLocaleString('en-GB')} events each in ${rounds} rounds, ${writers} writers, PostgreSQL ${conditions.postgres.server_version}, synchronous_commit=${conditions.postgres.synchronous_commit}, fsync=${conditions.postgres.fsync}, ${conditions.cpus} CPUs, load average ${conditions.loadAverage[0]}, Node ${conditions.node}`,
  );
  const figures = await runStoreBench(serverUrl, events, writers, rounds);
  const table = printTable('event store against plain INSERT', figures);
  console.log(table);
  console.log(`figures written to ${writeResults('store', conditions, figures, table)}/store.{md,json}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
