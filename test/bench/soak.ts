/**
 * `npm run soak -- [--minutes 10] [--connections 32] [--decisions 16] [--subscribers 4] [--peak-seconds 15] [--heap-snapshots DIR] [--cache-mib N] [--port-base N] [--warm-up-events N] [--api-node-args "FLAGS"]`:
 * does the API hold steady over a long run? Starts the API as `npm start` would (child process,
 * embedded PostgreSQL, background jobs in-process), measures its peak rate of vote changes
 * (`bench:commands`' load), warms up (below), then sends vote changes at half that rate for
 * --minutes while --subscribers auditors follow the SSE change feed. Every minute it prints the API's resident
 * memory (RSS) and what makes it up (read by a probe preloaded into the API), each the mean of the
 * minute's readings once a second (one reading lands anywhere in the collector's sawtooth: 204,
 * 178, then 216 MiB in three minutes of the same load): V8's heap total (what the heap holds in
 * memory) split into its young generation, old space and large objects; the heap used, and used
 * after the latest full collection (what is live, without the garbage V8 lets pile up between two:
 * growth there is retention, growth of the rest is the collector's slack); memory outside the heap
 * (`external`, of it `arrayBuffers`: Buffers). Then the minute's p50/p99 of command latency, and
 * the lag: how far the read models and the feed subscribers are behind the log's head.
 *
 * Verdicts (exit 1 when one fails): after minute 2 (start-up and warm-up done), RSS grows at most
 * 5 % above minute 2's, and every minute's p99 stays within 1.5× minute 2's (a run shorter than 3
 * minutes judges neither). Figures go to
 * bench-results/soak.{md,json}. Not part of CI: a run takes its minutes.
 *
 * With --heap-snapshots DIR the API writes a V8 heap snapshot into DIR at the end of minute 2 and
 * of the last minute but one, while the load still runs, to tell a leak from a heap that is still
 * settling: `node dist/test/bench/heap-diff.js FIRST SECOND` says which constructors grew and
 * which older objects hold what was born between the two.
 *
 * The load keeps voting on the same few decisions, whose streams grow without end: the API's
 * memory levels off once its cache of aggregate states is full. `--cache-mib N` sets that budget
 * (AGGREGATE_CACHE_MIB, 64 by default) to see it level off within a short run. `--port-base N`
 * puts the API on port N and its embedded PostgreSQL on N+10. `--warm-up-events N` (6,000) is how
 * many events are written at full speed, the subscribers following, before the minutes are
 * counted (WARM_UP_EVENTS; 0 for none). `--api-node-args` gives the API's node more flags, after
 * `npm start`'s (a V8 flag given twice: the later wins), to measure one.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import { openSse, SseConnection } from '../support/sse-client';
import { startApiProcess } from './api-process';
import { argNumber, argValue, Figure, percentile, printTable, readConditions, writeResults } from './bench-kit';
import { setUpVoters, voteLoad } from './vote-load';

const RATE_LIMIT = String(10_000_000);
/**
 * Events written at full speed, the subscribers following, before the minutes are counted: the
 * API's windows of recent events are bounded, not empty, at steady state, and they fill only
 * while someone follows the log: the log watcher's (at most 5,120 events) and the feed hub's ring
 * (FEED_RING_MIB, 8 MiB: about 4,300 of these events). At half a loaded machine's peak they took
 * until minute 3 to fill, so minute 2's memory was not yet the steady one.
 */
const WARM_UP_EVENTS = 6_000;

interface Minute {
  minute: number;
  commands: number;
  refused: number;
  p50: number;
  p99: number;
  /** The API process's CPU time (its own, not its PostgreSQL's) per command answered. */
  apiCpuMs: number;
  rssMiB: number;
  heapTotalMiB: number;
  youngMiB: number;
  oldMiB: number;
  largeMiB: number;
  heapUsedMiB: number;
  liveMiB: number;
  externalMiB: number;
  arrayBuffersMiB: number;
  readModelLag: number;
  feedLag: number;
  /** The machine's 1-minute load average at the minute's end: other work slows the API. */
  load: number;
}

/** How far behind the log's head the slowest read model is, in positions. */
async function readModelLag(db: Client): Promise<{ head: number; lag: number }> {
  const { rows } = await db.query<{ head: string; slowest: string }>(
    'SELECT (SELECT coalesce(max(position), 0) FROM events) AS head, (SELECT coalesce(min(position), 0) FROM projection_checkpoints) AS slowest',
  );
  const head = Number(rows[0].head);
  return { head, lag: head - Number(rows[0].slowest) };
}

/** What the probe (heap-probe.ts) reads each second, in bytes; all but `rss`, which /proc gives. */
const PROBED = ['heapTotal', 'young', 'old', 'large', 'heapUsed', 'external', 'arrayBuffers'] as const;
type Probed = Record<(typeof PROBED)[number] | 'heapAfterFullGc', number>;

/** The probe's latest reading; NaN before its first. */
function heapOf(file: string): Probed {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Probed;
  } catch {
    return Object.fromEntries([...PROBED, 'heapAfterFullGc'].map((k) => [k, Number.NaN])) as Probed;
  }
}

const mib = (bytes: number) => bytes / 2 ** 20;
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
/** One minute's line, as printed while the soak runs and again in the results. */
const minuteRow = (m: Minute) =>
  row([
    m.minute,
    fixed(m.commands),
    m.refused,
    fixed(m.p50),
    fixed(m.p99),
    fixed(m.apiCpuMs, 2),
    fixed(m.rssMiB),
    fixed(m.heapTotalMiB),
    `${fixed(m.youngMiB)} / ${fixed(m.oldMiB)} / ${fixed(m.largeMiB)}`,
    fixed(m.heapUsedMiB),
    fixed(m.liveMiB),
    `${fixed(m.externalMiB)} / ${fixed(m.arrayBuffersMiB)}`,
    m.readModelLag,
    m.feedLag,
    fixed(m.load),
  ]);

async function main(): Promise<number> {
  const minutes = argNumber('minutes', 10);
  const connections = argNumber('connections', 32);
  const decisions = Math.min(argNumber('decisions', 16), connections);
  const subscriberCount = argNumber('subscribers', 4, { allowZero: true });
  const peakSeconds = argNumber('peak-seconds', 15);
  const snapshotDir = argValue('heap-snapshots');
  const cacheMiB = argValue('cache-mib');
  const portBase = argNumber('port-base', 0, { allowZero: true });
  const apiNodeArgs = (argValue('api-node-args') ?? '').split(' ').filter(Boolean);
  const warmUpEvents = argNumber('warm-up-events', WARM_UP_EVENTS, { allowZero: true });

  const probeDir = mkdtempSync(join(tmpdir(), 'accord-soak-'));
  const heapFile = join(probeDir, 'heap.json');
  const api = await startApiProcess(
    {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_WRITES_PER_MINUTE: RATE_LIMIT,
      RATE_LIMIT_READS_PER_MINUTE: RATE_LIMIT,
      SOAK_HEAP_FILE: heapFile,
      ...(cacheMiB === undefined ? {} : { AGGREGATE_CACHE_MIB: cacheMiB }),
      ...(portBase === 0 ? {} : { PORT: String(portBase), EMBEDDED_PG_PORT: String(portBase + 10) }),
    },
    {
      // SIGWINCH, not the usual SIGUSR2: Nest's shutdown hooks take SIGUSR2 as an order to stop.
      nodeArgs: [
        '--require',
        join(__dirname, 'heap-probe.js'),
        ...(snapshotDir ? ['--heapsnapshot-signal=SIGWINCH', `--diagnostic-dir=${snapshotDir}`] : []),
        ...apiNodeArgs,
      ],
    },
  );
  const subscribers: SseConnection[] = [];
  const db = new Client({ connectionString: api.databaseUrl() });
  const stopAll = async () => {
    subscribers.forEach((s) => s.close());
    await db.end().catch(() => undefined);
    await api.stop();
    rmSync(probeDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().finally(() => process.exit(143)));
  // The API's database going away means the API did: say so with its last words, not a stack.
  db.on('error', (err) => {
    console.error(`the API's database went away (${err.message})\n--- API output ---\n${api.output(40)}`);
    void stopAll().finally(() => process.exit(1));
  });
  try {
    await db.connect();
    const conditions = await readConditions(api.databaseUrl());
    const client = new AccordClient({ baseUrl: api.baseUrl, dataDir: api.dataDir, maxRetries: 0 });
    const voters = await setUpVoters(client, connections, decisions);

    process.stderr.write(`measuring the peak: 3 s warm-up, then ${peakSeconds} s of vote changes…\n`);
    await voteLoad(api, voters, connections, 3, () => undefined);
    let peakCommands = 0;
    const peakRun = await voteLoad(api, voters, connections, peakSeconds, (status) => {
      if (status >= 200 && status < 300) peakCommands++;
    });
    const peak = peakCommands / peakRun.duration;
    const rate = Math.max(1, Math.round(peak / 2));

    const seen: number[] = [];
    const token = await client.token({ personId: 'soak.auditor', orgId: 'audit-office', roles: ['auditor'] });
    for (let i = 0; i < subscriberCount; i++) {
      seen.push(0);
      const sse = await openSse(`${api.baseUrl}/v1/feed?from=now`, { authorization: `Bearer ${token}` }, (m) => {
        if (m.id) seen[i] = Number(m.id);
      });
      if (sse.status !== 200) throw new Error(`the feed answered ${sse.status}`);
      subscribers.push(sse);
    }
    // The windows of recent events fill with the events written once a subscriber follows the log.
    const warmUpFrom = (await readModelLag(db)).head;
    process.stderr.write(`warming up: vote changes at full speed until ${warmUpEvents} more events are written…\n`);
    while ((await readModelLag(db)).head - warmUpFrom < warmUpEvents)
      await voteLoad(api, voters, connections, 5, () => undefined);

    console.log(
      `soak, ${conditions.date}: ${minutes} min of vote changes at ${rate}/s (half the peak of ${peak.toFixed(0)}/s)`,
    );
    console.log(
      `  machine: ${conditions.cpus} × ${conditions.cpuModel}, ${conditions.memoryGiB} GiB, Node ${conditions.node}; embedded PostgreSQL ${conditions.postgres.server_version}`,
    );
    console.log(
      `  load: autocannon, ${connections} connections (board members) on ${decisions} decisions; ${subscriberCount} SSE subscribers (auditors, every event); API pid ${api.pid}, background jobs in-process, aggregate cache ${cacheMiB ?? 64} MiB${apiNodeArgs.length ? `; API node flags added: ${apiNodeArgs.join(' ')}` : ''}`,
    );
    const header = row([
      'minute',
      'commands/s',
      'not 2xx',
      'p50 ms',
      'p99 ms',
      'API CPU ms/command',
      'RSS MiB',
      'heap total MiB',
      'of it young / old / large',
      'heap used MiB',
      'live after full GC MiB',
      'external / of it Buffers MiB',
      'read-model lag',
      'feed lag',
      'load',
    ]);
    const rule = `|${'---:|'.repeat(header.split(' | ').length)}`;
    console.log(`\n${header}\n${rule}`);

    const table: Minute[] = [];
    let latencies: number[] = [];
    let refused = 0;
    const noMemory = () => ({ readings: 0, rss: 0, ...(Object.fromEntries(PROBED.map((k) => [k, 0])) as Probed) });
    let memory = noMemory();
    const readMemory = setInterval(() => {
      const heap = heapOf(heapFile);
      memory.readings++;
      memory.rss += api.memory().rssKiB * 1024;
      for (const k of PROBED) memory[k] += heap[k];
    }, 1000);
    let cpuBefore = api.cpuSeconds().api;
    const closeMinute = async () => {
      const sorted = latencies.sort((a, b) => a - b);
      const cpu = api.cpuSeconds().api;
      const mean = (bytes: number) => mib(bytes / memory.readings);
      const { head, lag } = await readModelLag(db);
      const live = heapOf(heapFile).heapAfterFullGc;
      const m: Minute = {
        minute: table.length + 1,
        commands: sorted.length / 60,
        refused,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
        apiCpuMs: (1000 * (cpu - cpuBefore)) / sorted.length,
        rssMiB: mean(memory.rss),
        heapTotalMiB: mean(memory.heapTotal),
        youngMiB: mean(memory.young),
        oldMiB: mean(memory.old),
        largeMiB: mean(memory.large),
        heapUsedMiB: mean(memory.heapUsed),
        liveMiB: live > 0 ? mib(live) : Number.NaN,
        externalMiB: mean(memory.external),
        arrayBuffersMiB: mean(memory.arrayBuffers),
        readModelLag: lag,
        feedLag: subscriberCount === 0 ? 0 : head - Math.min(...seen),
        load: loadavg()[0],
      };
      latencies = [];
      refused = 0;
      cpuBefore = cpu;
      memory = noMemory();
      table.push(m);
      if (snapshotDir && (m.minute === 2 || m.minute === minutes - 1)) process.kill(api.pid, 'SIGWINCH');
      console.log(minuteRow(m));
    };
    let ticks = 0;
    let closing = Promise.resolve();
    const ticker = setInterval(() => {
      ticks++;
      closing = closing.then(closeMinute);
    }, 60_000);
    await voteLoad(
      api,
      voters,
      connections,
      minutes * 60,
      (status, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
        else refused++;
      },
      rate,
    );
    clearInterval(ticker);
    clearInterval(readMemory);
    // The load's last minute may end a moment before the ticker's: close it here then.
    if (ticks < minutes) closing = closing.then(closeMinute);
    await closing;

    const base = table[1];
    const later = table.slice(2);
    const rssGrowth =
      base && later.length ? (100 * (Math.max(...later.map((m) => m.rssMiB)) - base.rssMiB)) / base.rssMiB : NaN;
    const p99Ratio = base && later.length ? Math.max(...later.map((m) => m.p99)) / base.p99 : NaN;
    const figures: Figure[] = [
      { name: 'peak vote changes (measured first)', value: peak, unit: 'commands/s' },
      { name: 'steady rate (half the peak)', value: rate, unit: 'commands/s' },
      {
        name: 'RSS growth after minute 2 (highest later minute vs minute 2)',
        value: rssGrowth,
        unit: '%',
        target: '≤ 5',
        met: Number.isNaN(rssGrowth) ? undefined : rssGrowth <= 5,
      },
      {
        name: 'p99 of the worst later minute ÷ minute 2',
        value: p99Ratio,
        unit: '×',
        target: '≤ 1.5',
        met: Number.isNaN(p99Ratio) ? undefined : p99Ratio <= 1.5,
      },
      { name: 'commands not 2xx (all minutes)', value: table.reduce((n, m) => n + m.refused, 0), unit: 'requests' },
    ];
    const minuteLines = [header, rule].concat(table.map(minuteRow));
    const summary = printTable('soak', figures);
    console.log(`\n${summary}`);
    writeResults('soak', conditions, figures, `${minuteLines.join('\n')}\n\n${summary}`);
    return figures.every((f) => f.met !== false) ? 0 : 1;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
