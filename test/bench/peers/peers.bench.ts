/**
 * `node dist/test/bench/peers/peers.bench.js`: Accord's event store side by side with Emmett's
 * PostgreSQL event store and with the plain-INSERT ceiling, in one run, on the same PostgreSQL
 * server (DATABASE_URL, else 127.0.0.1:5432), each in a fresh database of its own, with the same
 * pool size, concurrency and durability. Append phases run in rounds that rotate the order of the
 * contenders, and each figure is the median of its rounds, so a busy machine hurts all alike.
 *
 * Options: --writers 64 --rounds 3 --single-appends 600 --concurrent-appends 8000
 *          --batch-appends 800 --stream-events 1000 --stream-reads 20 --read-all 1000000
 *          --page 5000 --pool 10 --seed 1 --read-cap-seconds 30
 *
 * readAll pages through the whole log from position 1. A contender that has not finished after
 * --read-cap-seconds is stopped there and its rate is taken over what it read (the table says so):
 * Emmett's messages table has no index on global_position, so each page scans and sorts the
 * table and a full read of 1,000,000 events would take several minutes on its own.
 */
import { argNumber, Figure, printTable, ratioFigure, readConditions, writeResults } from '../bench-kit';
import { benchServerUrl } from '../bench-database';
import { accordContender, Contender, emmettContender, plainInsertContender } from './contenders';
import { createFreshDatabase, FreshDatabase, vacuumAnalyze } from './fresh-database';
import { bulkFill, eventFactory, median, runAppends, runReadAll, runReadStream, seconds } from './measure';

export interface PeersOptions {
  writers: number;
  rounds: number;
  singleAppends: number;
  concurrentAppends: number;
  batchAppends: number;
  streamEvents: number;
  streamReads: number;
  readAll: number;
  page: number;
  pool: number;
  seed: number;
  readCapSeconds: number;
}

export function peersOptionsFromArgs(): PeersOptions {
  return {
    writers: argNumber('writers', 64),
    rounds: argNumber('rounds', 3),
    singleAppends: argNumber('single-appends', 600),
    concurrentAppends: argNumber('concurrent-appends', 8000),
    batchAppends: argNumber('batch-appends', 800),
    streamEvents: argNumber('stream-events', 1000),
    streamReads: argNumber('stream-reads', 20),
    readAll: argNumber('read-all', 1_000_000),
    page: argNumber('page', 5000),
    pool: argNumber('pool', 10),
    seed: argNumber('seed', 1),
    readCapSeconds: argNumber('read-cap-seconds', 30),
  };
}

interface Row {
  measure: string;
  unit: string;
  values: number[]; // per contender, in CONTENDERS order
  target?: { emmett?: number; plain?: number };
  notes?: string[];
}

const NAMES = ['Accord', 'Emmett', 'plain INSERT'];

export async function runPeersBench(
  serverUrl: string,
  o: PeersOptions,
): Promise<{ figures: Figure[]; markdown: string }> {
  const databases: FreshDatabase[] = [];
  const contenders: Contender[] = [];
  try {
    for (const [label, make] of [
      ['peers_accord', accordContender],
      ['peers_emmett', emmettContender],
      ['peers_plain', plainInsertContender],
    ] as const) {
      const db = await createFreshDatabase(serverUrl, label);
      databases.push(db);
      contenders.push(await make(db.url, o.pool));
    }
    const appended = contenders.map(() => 0);
    const makeEvent = eventFactory(o.seed);
    const rows: Row[] = [];

    // Warm-up: connections, JIT, Emmett's schema check; not measured.
    for (const [i, c] of contenders.entries()) {
      await runAppends(c.append.bind(c), {
        writers: o.writers,
        appends: 200,
        eventsPerAppend: 1,
        streamPrefix: 'warmup',
        makeEvent,
      });
      appended[i] += 200;
    }

    const appendPhases = [
      { measure: `append 1 event, 1 writer`, writers: 1, appends: o.singleAppends, per: 1, prefix: 'one' },
      {
        measure: `append 1 event, ${o.writers} writers`,
        writers: o.writers,
        appends: o.concurrentAppends,
        per: 1,
        prefix: 'many',
        target: { emmett: 5, plain: 0.8 },
      },
      {
        measure: `append 10 events, ${o.writers} writers`,
        writers: o.writers,
        appends: o.batchAppends,
        per: 10,
        prefix: 'ten',
      },
    ];
    for (const phase of appendPhases) {
      const started = process.hrtime.bigint();
      const rates: number[][] = contenders.map(() => []);
      for (let round = 0; round < o.rounds; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const i = (round + k) % contenders.length;
          const c = contenders[i];
          const run = await runAppends(c.append.bind(c), {
            writers: phase.writers,
            appends: phase.appends,
            eventsPerAppend: phase.per,
            streamPrefix: `${phase.prefix}-r${round}`,
            makeEvent,
            label: `${phase.measure} · ${c.name} · round ${round + 1}/${o.rounds}`,
          });
          appended[i] += phase.appends * phase.per;
          rates[i].push(run.eventsPerSecond);
        }
      }
      rows.push({ measure: phase.measure, unit: 'events/s', values: rates.map(median), target: phase.target });
      console.log(
        `  ${phase.measure}: ${rates.map((r, i) => `${NAMES[i]} ${r.map((v) => Math.round(v)).join('/')}`).join(', ')} events/s per round (${seconds(started).toFixed(1)} s)`,
      );
    }

    {
      const started = process.hrtime.bigint();
      const streamId = 'long-stream';
      const rates: number[][] = contenders.map(() => []);
      for (const [i, c] of contenders.entries()) {
        await c.append(
          streamId,
          Array.from({ length: o.streamEvents }, (_, n) => makeEvent(n)),
        );
        appended[i] += o.streamEvents;
        await c.readStream(streamId); // warm
      }
      for (let round = 0; round < o.rounds; round++) {
        for (let k = 0; k < contenders.length; k++) {
          const i = (round + k) % contenders.length;
          rates[i].push(
            await runReadStream((id) => contenders[i].readStream(id), streamId, o.streamReads, o.streamEvents),
          );
        }
      }
      const measure = `readStream of a ${o.streamEvents.toLocaleString('en-GB')}-event stream`;
      rows.push({ measure, unit: 'events/s', values: rates.map(median) });
      console.log(
        `  ${measure}: ${rates.map((r, i) => `${NAMES[i]} ${r.map((v) => Math.round(v)).join('/')}`).join(', ')} events/s per round (${seconds(started).toFixed(1)} s)`,
      );
    }

    {
      const rates: number[] = [];
      const notes: string[] = [];
      // Fills are not measured. Accord's (bound by Node's CPU: hashing) runs beside Emmett's and
      // then plain's (bound mostly by PostgreSQL's), two at a time on two cores, which saves a
      // minute or more of the time budget; three at once was slower.
      const fillStarted = process.hrtime.bigint();
      const fill = async (i: number) => {
        const c = contenders[i];
        const missing = o.readAll - appended[i];
        if (missing <= 0) return;
        const fillRate = await bulkFill(c.append.bind(c), {
          events: missing,
          streamPrefix: 'fill',
          makeEvent,
          label: `fill ${c.name} to ${o.readAll.toLocaleString('en-GB')} events`,
        });
        appended[i] += missing;
        console.log(
          `  filled ${c.name} with ${missing.toLocaleString('en-GB')} events in appends of 1,000 at ${Math.round(fillRate).toLocaleString('en-GB')} events/s (beside another fill)`,
        );
      };
      await Promise.all([fill(0), (async () => (await fill(1), await fill(2)))()]);
      // All three logs are read settled, as a log is some time after its writes.
      for (const db of databases) await vacuumAnalyze(db.url);
      console.log(`  fills and VACUUM ANALYZE took ${seconds(fillStarted).toFixed(1)} s`);
      for (const c of contenders) {
        const run = await runReadAll(c.readAllPage.bind(c), {
          afterPosition: 0,
          total: o.readAll,
          pageSize: o.page,
          label: `readAll ${c.name}`,
          capSeconds: o.readCapSeconds,
        });
        rates.push(run.eventsPerSecond);
        if (run.capped)
          notes.push(
            `${c.name}'s readAll was stopped by the ${o.readCapSeconds} s cap after ${run.read.toLocaleString('en-GB')} of ${o.readAll.toLocaleString('en-GB')} events; its rate is over those`,
          );
        console.log(
          `  readAll ${c.name}: ${Math.round(run.eventsPerSecond).toLocaleString('en-GB')} events/s (read ${run.read.toLocaleString('en-GB')} in ${run.seconds.toFixed(1)} s${run.capped ? ', stopped by the cap' : ''})`,
        );
      }
      rows.push({
        measure: `readAll of ${o.readAll.toLocaleString('en-GB')} events, pages of ${o.page.toLocaleString('en-GB')}`,
        unit: 'events/s',
        values: rates,
        notes,
      });
    }
    return { figures: toFigures(rows), markdown: sideBySide(rows) };
  } finally {
    for (const c of contenders) await c.close().catch(() => undefined);
    for (const db of databases)
      await db.drop().catch((err) => console.error(`could not drop ${db.name}: ${(err as Error).message}`));
  }
}

function toFigures(rows: Row[]): Figure[] {
  const figures: Figure[] = [];
  for (const row of rows) {
    const [accord] = row.values;
    for (const [i, v] of row.values.entries()) {
      const capped = (row.notes ?? []).some((n) => n.startsWith(`${NAMES[i]}'s`));
      figures.push({
        name: `peers: ${row.measure} · ${NAMES[i]}${capped ? ' (time-capped, see peers.md)' : ''}`,
        value: v,
        unit: row.unit,
      });
    }
    const side = (i: number) => ({ name: NAMES[i], value: row.values[i], unit: row.unit });
    for (const [i, target] of [
      [1, row.target?.emmett],
      [2, row.target?.plain],
    ] as const) {
      const name = `peers: ${row.measure} · Accord / ${NAMES[i]}`;
      figures.push(
        target === undefined
          ? { name, value: accord / row.values[i], unit: '×', ratio: { ours: side(0), bound: side(i) } }
          : ratioFigure(name, side(0), side(i), '≥', target),
      );
    }
  }
  return figures;
}

function sideBySide(rows: Row[]): string {
  const n = (v: number) => Math.round(v).toLocaleString('en-GB');
  const r = (v: number, target?: number) =>
    `${v.toFixed(2)}×${target === undefined ? '' : ` (target ≥ ${target}: ${v >= target ? 'met' : 'NOT met'})`}`;
  const lines = [
    '| measure (events/s, median of rounds) | Accord | Emmett | Accord / Emmett | plain INSERT | Accord / plain INSERT |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const [a, e, p] = row.values;
    lines.push(
      `| ${row.measure} | ${n(a)} | ${n(e)} | ${r(a / e, row.target?.emmett)} | ${n(p)} | ${r(a / p, row.target?.plain)} |`,
    );
  }
  const notes = rows.flatMap((row) => row.notes ?? []);
  return [...lines, ...(notes.length ? ['', ...notes.map((n) => `- ${n}`)] : [])].join('\n');
}

async function main(): Promise<void> {
  const options = peersOptionsFromArgs();
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `peers benchmark: Accord vs Emmett vs plain INSERT, ${options.writers} writers, pool ${options.pool}, ${options.rounds} rounds, readAll ${options.readAll.toLocaleString('en-GB')}, seed ${options.seed}; ` +
      `PostgreSQL ${conditions.postgres.server_version}, synchronous_commit=${conditions.postgres.synchronous_commit}, fsync=${conditions.postgres.fsync}, ${conditions.cpus} CPUs, Node ${conditions.node}`,
  );
  const started = process.hrtime.bigint();
  const { figures, markdown } = await runPeersBench(serverUrl, options);
  console.log(markdown);
  const dir = writeResults('peers', conditions, figures, `${markdown}\n\n${printTable('peers', figures)}`);
  console.log(`peers benchmark took ${seconds(started).toFixed(0)} s; figures written to ${dir}/peers.{md,json}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
