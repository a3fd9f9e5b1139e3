/**
 * `node dist/test/bench/scale.bench.js`: does Accord's event store slow down as the log grows?
 * Two fresh databases on the benchmark server (DATABASE_URL, else 127.0.0.1:5432): one with
 * --small events already in the log (default 10,000), one with --large (default 1,000,000). The
 * same measurements then run on both in alternating rounds (so a busy machine hurts both alike)
 * and each figure is the median of its rounds:
 *   - append 1 event per append, --writers concurrent writers (default 64), --appends per round;
 *   - readAll of --read-windows windows (default 5) of --read events (default 10,000, pages of
 *     5,000), each from a seeded position inside the prefilled part;
 *   - readStream of a 1,000-event stream.
 * Target: no figure more than 20 % worse at --large than at --small. `npm run bench:scale-10m` is
 * this with --large 10000000; the fill time of each log is a figure.
 *
 * Prefill goes through the store's own append path (so every row is hashed and linked exactly as
 * in production), in appends of 1,000 events to new streams, 4 in flight, which the group commit
 * packs into transactions of 2,000 events. Options: --small --large --writers --appends --read
 * --read-windows --stream-reads --rounds --pool --seed.
 */
import { createPool, migrate, PostgresEventStore } from '@accord/event-store';
import { argNumber, Figure, printTable, readConditions, writeResults } from './bench-kit';
import { benchServerUrl } from './bench-database';
import { BENCH_METADATA, BenchEvent } from './peers/contenders';
import { checkpoint, createFreshDatabase, FreshDatabase } from './peers/fresh-database';
import { bulkFill, eventFactory, median, runAppends, runReadAll, runReadStream, seconds } from './peers/measure';
import { seededRandom } from '../support/seeded-random';

export interface ScaleOptions {
  small: number;
  large: number;
  writers: number;
  appends: number;
  read: number;
  readWindows: number;
  streamReads: number;
  rounds: number;
  pool: number;
  seed: number;
}

export function scaleOptionsFromArgs(): ScaleOptions {
  return {
    small: argNumber('small', 10_000),
    large: argNumber('large', 1_000_000),
    writers: argNumber('writers', 64),
    appends: argNumber('appends', 5000),
    read: argNumber('read', 10_000),
    readWindows: argNumber('read-windows', 5),
    streamReads: argNumber('stream-reads', 20),
    rounds: argNumber('rounds', 3),
    pool: argNumber('pool', 10),
    seed: argNumber('seed', 1),
  };
}

interface Level {
  size: number;
  db: FreshDatabase;
  store: PostgresEventStore;
  close(): Promise<void>;
}

const STREAM_EVENTS = 1000;

export async function runScaleBench(
  serverUrl: string,
  o: ScaleOptions,
): Promise<{ figures: Figure[]; markdown: string }> {
  if (o.read > o.small)
    throw new Error(`--read (${o.read}) must not exceed --small (${o.small}): reads stay inside the prefilled log`);
  const levels: Level[] = [];
  const fills: Figure[] = [];
  const makeEvent = eventFactory(o.seed);
  try {
    for (const size of [o.small, o.large]) {
      const db = await createFreshDatabase(serverUrl, `scale_${size}`);
      const pool = createPool({ connectionString: db.url, max: o.pool, applicationName: 'accord-bench-scale' });
      const store = new PostgresEventStore(pool);
      levels.push({ size, db, store, close: async () => (await store.close(), await pool.end()) });
      await migrate(pool);
      const started = process.hrtime.bigint();
      const append = (streamId: string, events: BenchEvent[]) =>
        store
          .append(streamId, events, { expectedRevision: 'no-stream', metadata: BENCH_METADATA })
          .then(() => undefined);
      const rate = await bulkFill(append, {
        events: size - STREAM_EVENTS,
        streamPrefix: 'fill',
        makeEvent,
        label: `prefill ${size.toLocaleString('en-GB')}`,
      });
      await append(
        'long-stream',
        Array.from({ length: STREAM_EVENTS }, (_, n) => makeEvent(n)),
      );
      if ((await store.headPosition()) !== size)
        throw new Error(`prefill left ${await store.headPosition()} events, wanted ${size}`);
      const fillSeconds = seconds(started);
      await pool.query('VACUUM ANALYZE');
      await checkpoint(db.url);
      fills.push(
        {
          name: `scale: fill ${size.toLocaleString('en-GB')} events (appends of 1,000, 4 in flight)`,
          value: fillSeconds,
          unit: 's',
        },
        { name: `scale: fill rate to ${size.toLocaleString('en-GB')} events`, value: rate, unit: 'events/s' },
      );
      console.log(
        `  prefilled ${size.toLocaleString('en-GB')} events at ${Math.round(rate).toLocaleString('en-GB')} events/s, then VACUUM ANALYZE and CHECKPOINT (${seconds(started).toFixed(1)} s)`,
      );
    }

    const random = seededRandom(o.seed);
    const results = levels.map(() => ({ append: [] as number[], readAll: [] as number[], readStream: [] as number[] }));
    const started = process.hrtime.bigint();
    for (let round = 0; round < o.rounds; round++) {
      const startFractions = Array.from({ length: o.readWindows }, () => random());
      for (let k = 0; k < levels.length; k++) {
        const i = (round + k) % levels.length;
        const { store, size } = levels[i];
        const label = `${size.toLocaleString('en-GB')} events · round ${round + 1}/${o.rounds}`;
        const run = await runAppends(
          (streamId, events) =>
            store
              .append(streamId, events, { expectedRevision: 'no-stream', metadata: BENCH_METADATA })
              .then(() => undefined),
          {
            writers: o.writers,
            appends: o.appends,
            eventsPerAppend: 1,
            streamPrefix: `scale-r${round}`,
            makeEvent,
            label: `append ${label}`,
          },
        );
        results[i].append.push(run.eventsPerSecond);
        // --read-windows windows of --read events each, at the same seeded fractions of both logs.
        const readStarted = process.hrtime.bigint();
        for (const fraction of startFractions) {
          await runReadAll(
            async (after, limit) => {
              const page = await store.readAll({ fromPosition: after + 1, limit });
              return { count: page.length, last: page.length === 0 ? after : page[page.length - 1].position };
            },
            { afterPosition: Math.floor(fraction * (size - o.read)), total: o.read, pageSize: 5000 },
          );
        }
        results[i].readAll.push((o.read * o.readWindows) / seconds(readStarted));
        results[i].readStream.push(
          await runReadStream(
            async (id) => (await store.readStream(id)).length,
            'long-stream',
            o.streamReads,
            STREAM_EVENTS,
          ),
        );
      }
    }
    console.log(`  measured ${o.rounds} rounds in ${seconds(started).toFixed(1)} s`);

    const measures: { key: 'append' | 'readAll' | 'readStream'; name: string }[] = [
      { key: 'append', name: `append 1 event, ${o.writers} writers` },
      {
        key: 'readAll',
        name: `readAll, ${o.readWindows} windows of ${o.read.toLocaleString('en-GB')} events at seeded positions`,
      },
      { key: 'readStream', name: `readStream of a ${STREAM_EVENTS.toLocaleString('en-GB')}-event stream` },
    ];
    const figures: Figure[] = [...fills];
    const sz = (n: number) => n.toLocaleString('en-GB');
    const lines = [
      `| measure (events/s, median of ${o.rounds} rounds) | at ${sz(o.small)} | at ${sz(o.large)} | ratio | cost per event grows | target: ≥ 0.80 |`,
      '|---|---:|---:|---:|---:|---|',
    ];
    for (const m of measures) {
      const small = median(results[0][m.key]);
      const large = median(results[1][m.key]);
      const ratio = large / small;
      figures.push({ name: `scale: ${m.name} · ${sz(o.small)} in the log`, value: small, unit: 'events/s' });
      figures.push({ name: `scale: ${m.name} · ${sz(o.large)} in the log`, value: large, unit: 'events/s' });
      figures.push({
        name: `scale: ${m.name} · at ${sz(o.large)} / at ${sz(o.small)}`,
        value: ratio,
        unit: '×',
        target: '≥ 0.80',
        met: ratio >= 0.8,
      });
      const growth = (small / large - 1) * 100;
      lines.push(
        `| ${m.name} | ${Math.round(small).toLocaleString('en-GB')} | ${Math.round(large).toLocaleString('en-GB')} | ${ratio.toFixed(2)}× | ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} % | ${ratio >= 0.8 ? 'met' : 'NOT met'} |`,
      );
    }
    return { figures, markdown: lines.join('\n') };
  } finally {
    for (const level of levels) {
      await level.close().catch(() => undefined);
      await level.db.drop().catch((err) => console.error(`could not drop ${level.db.name}: ${(err as Error).message}`));
    }
  }
}

async function main(): Promise<void> {
  const options = scaleOptionsFromArgs();
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `scale benchmark: Accord's store at ${options.small.toLocaleString('en-GB')} and ${options.large.toLocaleString('en-GB')} events, ${options.writers} writers, ${options.rounds} rounds, seed ${options.seed}; ` +
      `PostgreSQL ${conditions.postgres.server_version}, synchronous_commit=${conditions.postgres.synchronous_commit}, ${conditions.cpus} CPUs, Node ${conditions.node}`,
  );
  const started = process.hrtime.bigint();
  const { figures, markdown } = await runScaleBench(serverUrl, options);
  console.log(markdown);
  const dir = writeResults('scale', conditions, figures, `${markdown}\n\n${printTable('scale', figures)}`);
  console.log(`scale benchmark took ${seconds(started).toFixed(0)} s; figures written to ${dir}/scale.{md,json}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
