/**
 * `npm run bench:scale-out [-- --seconds 10 --rounds 2 --connections 64 --decisions 16]`: commands
 * through three API processes against one, same run, same database. The layout of infra/cluster
 * on one PostgreSQL: API 1 with the embedded PostgreSQL, APIs 2 and 3 on it
 * (BACKGROUND_JOBS=off on all three), one apps/worker running the background jobs, and the
 * cluster's front (HAProxy on infra/cluster/front.cfg) before the three. The load is the vote
 * changes of `bench:commands` (each connection a board member of its own), either all on API 1
 * directly (a one-process deployment has no front) or on the three APIs: all through the front,
 * which sends each decision to one API (the verdict: what clients of the cluster do); or, for
 * information, by three autocannon instances straight at the APIs, the members of one decision
 * spread over the three (what a balancer that knows nothing of streams does) or each decision's
 * members on one API (the front's routing without its hop). Rounds go through the layouts and
 * back, so drift favours none. The verdict: three APIs through the front / one ≥ 1. Where the
 * CPU went in each layout, and what each command cost the store (appends handed to it per command
 * answered 2xx, from the APIs' /metrics: above 1 is a stream-revision conflict decided again;
 * group commits per command; transactions rolled back), say what limits it on this machine.
 * `--port-base N` puts the APIs on ports N, N+1, N+2, the front on N+3 and the embedded PostgreSQL on N+10.
 * `--verdict-only` measures the verdict's two layouts alone; `--cpu-prof` writes V8 CPU profiles
 * of the APIs and the worker to bench-results/cpu-prof/scale-out/ when they stop.
 * Needs `haproxy` on the PATH (Debian: apt-get install haproxy).
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import {
  type ApiProcess,
  type AutocannonResult,
  type FrontProcess,
  loadAutocannon,
  startApiProcess,
  startFront,
  startWorkerProcess,
  type WorkerProcess,
} from './api-process';
import { argNumber, type Figure, percentile, printTable, ratioFigure, readConditions, writeResults } from './bench-kit';
import { setUpVoters, type Voter, voteChanges } from './vote-load';

/** An API takes up to minutes to start on a loaded 2-core machine. */
const START = { readyTimeoutMs: 300_000 };
const METRICS_TOKEN = 'scale-out-bench-metrics';
const API_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_WRITES_PER_MINUTE: '10000000',
  BACKGROUND_JOBS: 'off',
  OTEL_METRICS_EXPORTER: 'prometheus',
  ACCORD_METRICS_TOKEN: METRICS_TOKEN,
};

/** Busy CPU seconds of the whole machine so far (all CPUs), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

/** What the store was asked to do so far, summed over the APIs and read from PostgreSQL. */
interface StoreWork {
  appends: number;
  /** Appends each API handed to the store (API 1, 2, 3). */
  appendsByApi: number[];
  groupCommits: number;
  rolledBack: number;
}

/** A histogram's running sum and count, from Prometheus text (one series, no labels). */
function histogram(text: string, name: string): { sum: number; count: number } {
  const read = (suffix: string) =>
    Number(new RegExp(`^${name}\\w*_${suffix}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { sum: read('sum'), count: read('count') };
}

async function storeWork(apis: ApiProcess[], db: Client): Promise<StoreWork> {
  const texts = await Promise.all(
    apis.map(async (api) => {
      const res = await fetch(`${api.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      if (!res.ok) throw new Error(`${api.baseUrl}/metrics answered ${res.status}`);
      return res.text();
    }),
  );
  const appends = texts.map((t) => histogram(t, 'accord_group_commit_appends'));
  const { rows } = await db.query<{ rolled_back: string }>(
    'SELECT xact_rollback AS rolled_back FROM pg_stat_database WHERE datname = current_database()',
  );
  return {
    appends: appends.reduce((n, h) => n + h.sum, 0),
    appendsByApi: appends.map((h) => h.sum),
    groupCommits: appends.reduce((n, h) => n + h.count, 0),
    rolledBack: Number(rows[0]?.rolled_back ?? 0),
  };
}

/**
 * Where the load goes: all on API 1; through the front to three APIs (it sends each decision to
 * one); straight to three APIs with every decision's voters spread over them (what a load
 * balancer that knows nothing of streams does); or straight to three APIs with each decision's
 * voters on one of them (the front's routing without its hop).
 */
const ROUTINGS = [
  '1 API',
  '3 APIs through the front',
  '3 APIs, decisions spread',
  '3 APIs, each decision on one',
] as const;
type Routing = (typeof ROUTINGS)[number];

interface Layout {
  routing: Routing;
  rate: number;
  /** Commands answered 2xx. */
  answered: number;
  p99: number;
  notOk: number;
  cpu: { apis: number; front: number; postgres: number; worker: number; machine: number; wall: number };
  /** Per command answered 2xx, but the share of the appends each API made. */
  store: StoreWork;
}

/** What Accord's own processes used: the APIs, PostgreSQL, the front and the worker. */
const accordCpu = (c: Layout['cpu']): number => c.apis + c.postgres + c.front + c.worker;

/** The voters each target (an API or the front) is sent, by routing: every voter is one connection. */
function votersPerTarget(routing: Routing, voters: Voter[]): Voter[][] {
  if (routing === '1 API' || routing === '3 APIs through the front') return [voters];
  const decisions = [...new Set(voters.map((v) => v.decisionId))];
  return [0, 1, 2].map((i) =>
    voters.filter((v, n) =>
      routing === '3 APIs, decisions spread' ? n % 3 === i : decisions.indexOf(v.decisionId) % 3 === i,
    ),
  );
}

async function round(
  apis: ApiProcess[],
  front: FrontProcess,
  routing: Routing,
  worker: WorkerProcess,
  voters: Voter[],
  seconds: number,
  db: Client,
): Promise<Layout> {
  const perTarget = votersPerTarget(routing, voters);
  const targets = routing === '3 APIs through the front' ? [front] : apis.slice(0, perTarget.length);
  const serving = routing === '1 API' ? apis.slice(0, 1) : apis;
  const work0 = await storeWork(apis, db);
  const cpu0 = {
    apis: serving.map((a) => a.cpuSeconds().api),
    front: front.cpuSeconds(),
    pg: apis[0]!.cpuSeconds().postgres,
    worker: worker.cpuSeconds(),
    machine: machineBusySeconds(),
    t: Date.now(),
  };
  const latencies: number[] = [];
  const results: AutocannonResult[] = await Promise.all(
    targets.map((target, i) => {
      const instance = loadAutocannon()({
        url: target.baseUrl,
        connections: perTarget[i].length,
        duration: seconds,
        pipelining: 1,
        timeout: 10,
        setupClient: voteChanges(perTarget[i]),
      });
      instance.on('response', (_c, status, _b, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
      return instance;
    }),
  );
  latencies.sort((a, b) => a - b);
  const duration = Math.max(...results.map((r) => r.duration));
  const answered = results.reduce((n, r) => n + r['2xx'], 0);
  // PostgreSQL publishes a backend's counts within a second of its transactions.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const work = await storeWork(apis, db);
  const perCommand = (pick: (w: StoreWork) => number) => (pick(work) - pick(work0)) / Math.max(1, answered);
  return {
    routing,
    rate: answered / duration,
    answered,
    p99: percentile(latencies, 99),
    notOk: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    cpu: {
      apis: serving.reduce((n, a, i) => n + a.cpuSeconds().api - (cpu0.apis[i] as number), 0),
      front: front.cpuSeconds() - cpu0.front,
      postgres: apis[0]!.cpuSeconds().postgres - cpu0.pg,
      worker: worker.cpuSeconds() - cpu0.worker,
      machine: machineBusySeconds() - cpu0.machine,
      wall: (Date.now() - cpu0.t) / 1000,
    },
    store: {
      appends: perCommand((w) => w.appends),
      appendsByApi: work.appendsByApi.map(
        (n, i) => (n - (work0.appendsByApi[i] ?? 0)) / Math.max(1, work.appends - work0.appends),
      ),
      groupCommits: perCommand((w) => w.groupCommits),
      rolledBack: perCommand((w) => w.rolledBack),
    },
  };
}

async function main(): Promise<number> {
  const seconds = argNumber('seconds', 10);
  const rounds = argNumber('rounds', 2);
  const connections = argNumber('connections', 64);
  const decisions = Math.min(argNumber('decisions', 16), connections);
  const portBase = argNumber('port-base', 0, { allowZero: true });
  // The verdict's two layouts only: twice the rounds on it in the same time.
  const routings: readonly Routing[] = process.argv.includes('--verdict-only') ? ROUTINGS.slice(0, 2) : ROUTINGS;
  const profDir = join(process.cwd(), 'bench-results', 'cpu-prof', 'scale-out');
  const start = {
    ...START,
    nodeArgs: process.argv.includes('--cpu-prof') ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [],
  };
  const ports = (i: number): Record<string, string> =>
    portBase === 0 ? {} : { PORT: String(portBase + i), EMBEDDED_PG_PORT: String(portBase + 10) };
  const apis: ApiProcess[] = [];
  let front: FrontProcess | undefined;
  let worker: WorkerProcess | undefined;
  let db: Client | undefined;
  try {
    process.stderr.write('scale-out: API 1 (embedded PostgreSQL), APIs 2 and 3 on it, one worker…\n');
    const first = await startApiProcess({ ...API_ENV, ...ports(0) }, start);
    apis.push(first);
    db = new Client({ connectionString: first.databaseUrl() });
    await db.connect();
    const shared = { DATABASE_URL: first.databaseUrl(), ACCORD_DATA_DIR: first.dataDir };
    apis.push(
      ...(await Promise.all([
        startApiProcess({ ...API_ENV, ...ports(1), ...shared }, start),
        startApiProcess({ ...API_ENV, ...ports(2), ...shared }, start),
      ])),
    );
    worker = await startWorkerProcess(first, { LOG_LEVEL: 'warn' }, start);
    front = await startFront(apis, portBase === 0 ? {} : { port: portBase + 3 });
    const conditions = await readConditions(first.databaseUrl());
    const client = new AccordClient({ baseUrl: first.baseUrl, dataDir: first.dataDir, maxRetries: 0 });
    const voters = await setUpVoters(client, connections, decisions);
    const loadBefore = loadavg();
    process.stderr.write('scale-out: 3 s warm-up on each API, not measured…\n');
    for (const routing of routings) await round(apis, front, routing, worker, voters, 3, db);

    // Rounds in turn, and back again (1, front, spread, one, one, spread, front, 1, …): drift favours none.
    const order = [...routings, ...[...routings].reverse()];
    const layouts: Layout[] = [];
    for (let r = 0; r < routings.length * rounds; r++) {
      const routing = order[r % order.length];
      process.stderr.write(`scale-out: round ${r + 1} of ${routings.length * rounds}: ${routing}, ${seconds} s…\n`);
      layouts.push(await round(apis, front, routing, worker, voters, seconds, db));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const of = (n: Routing) => layouts.filter((l) => l.routing === n);
    const rate = (n: Routing) => mean(of(n).map((l) => l.rate));
    const share = (n: Routing, pick: (c: Layout['cpu']) => number) =>
      (100 * of(n).reduce((s, l) => s + pick(l.cpu), 0)) / of(n).reduce((s, l) => s + l.cpu.wall * cpus().length, 0);
    /** CPU milliseconds per command answered 2xx. */
    const perCommand = (n: Routing, pick: (c: Layout['cpu']) => number) =>
      (1000 * of(n).reduce((s, l) => s + pick(l.cpu), 0)) /
      Math.max(
        1,
        of(n).reduce((s, l) => s + l.answered, 0),
      );
    const [one, fronted, spread, byDecision] = ROUTINGS;
    const ceiling = (n: Routing) => (cpus().length * 1000) / perCommand(n, accordCpu);
    const ms = (n: Routing, pick: (c: Layout['cpu']) => number) => perCommand(n, pick).toFixed(2);
    // What bounds the verdict: the CPU a command costs in each layout, against the cores there are.
    const limit =
      `- what limits it: a command cost Accord's processes ${ms(fronted, accordCpu)} ms of CPU through the front ` +
      `against ${ms(one, accordCpu)} ms with 1 API (APIs ${ms(fronted, (c) => c.apis)} vs ${ms(one, (c) => c.apis)} ms, ` +
      `PostgreSQL ${ms(fronted, (c) => c.postgres)} vs ${ms(one, (c) => c.postgres)} ms), so ${cpus().length} cores left to Accord alone would answer ` +
      `at most ${ceiling(fronted).toFixed(0)} ÷ ${ceiling(one).toFixed(0)} commands/s (${(ceiling(fronted) / ceiling(one)).toFixed(2)}×, the load ` +
      `generator not counted); the machine was ${share(fronted, (c) => c.machine).toFixed(0)} % and ${share(one, (c) => c.machine).toFixed(0)} % busy`;
    const measured = (n: Routing) => routings.includes(n);
    const figures: Figure[] = [
      ratioFigure(
        `vote changes through the front to 3 API processes / straight to 1 (mean of ${rounds} rounds each, alternating)`,
        { name: fronted, value: rate(fronted), unit: 'commands/s' },
        { name: one, value: rate(one), unit: 'commands/s' },
        '≥',
        1,
      ),
      ...[spread, byDecision].filter(measured).map((n): Figure => ({
        name: `${n}, straight to the APIs / 1 API (information: ${n === spread ? 'no routing by stream' : "the front's routing without its hop"})`,
        value: rate(n) / rate(one),
        unit: '×',
        ratio: {
          ours: { name: n, value: rate(n), unit: 'commands/s' },
          bound: { name: one, value: rate(one), unit: 'commands/s' },
        },
      })),
      ...[fronted, spread, byDecision].filter(measured).map((n): Figure => ({
        name: `vote change p99, ${n} / 1 API`,
        value: mean(of(n).map((l) => l.p99)) / mean(of(one).map((l) => l.p99)),
        unit: '×',
      })),
      ...routings.flatMap((n): Figure[] => [
        {
          name: `${n}: machine CPU busy`,
          value: share(n, (c) => c.machine),
          unit: '% of all cores',
        },
        {
          name: `${n}: API processes' CPU`,
          value: share(n, (c) => c.apis),
          unit: '% of all cores',
        },
        {
          name: `${n}: the front's CPU`,
          value: share(n, (c) => c.front),
          unit: '% of all cores',
        },
        {
          name: `${n}: PostgreSQL's CPU`,
          value: share(n, (c) => c.postgres),
          unit: '% of all cores',
        },
        {
          name: `${n}: CPU per command, API processes + PostgreSQL + the front + the worker`,
          value: perCommand(n, accordCpu),
          unit: 'ms',
        },
        {
          name: `${n}: API processes' CPU per command`,
          value: perCommand(n, (c) => c.apis),
          unit: 'ms',
        },
        {
          name: `${n}: PostgreSQL's CPU per command`,
          value: perCommand(n, (c) => c.postgres),
          unit: 'ms',
        },
        {
          name: `${n}: appends handed to the store per command (above 1: decided again after a conflict)`,
          value: mean(of(n).map((l) => l.store.appends)),
          unit: 'appends',
        },
        {
          name: `${n}: group commits per command`,
          value: mean(of(n).map((l) => l.store.groupCommits)),
          unit: 'commits',
        },
        {
          name: `${n}: transactions rolled back per command`,
          value: mean(of(n).map((l) => l.store.rolledBack)),
          unit: 'transactions',
        },
      ]),
    ];
    const table = printTable(`commands through 3 APIs vs 1 (${connections} connections, ${seconds} s rounds)`, figures);
    const lines = [
      `- rounds: ${layouts.map((l) => `${l.routing} ${l.rate.toFixed(0)}/s (p99 ${l.p99.toFixed(0)} ms, ${l.notOk} not 2xx)`).join('; ')}`,
      `- the APIs' shares of the appends through the front (${decisions} decisions hashed over 3): ${of(fronted)
        .map((l) => l.store.appendsByApi.map((f) => `${(100 * f).toFixed(0)} %`).join(' / '))
        .join('; ')}`,
      limit,
      `- load average before: ${loadBefore.map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} CPUs; the load generator, the worker and PostgreSQL share them`,
    ];
    console.log(`${table}\n\n${lines.join('\n')}`);
    writeResults('scale-out', conditions, figures, `${table}\n\n${lines.join('\n')}`);
    return 0;
  } finally {
    await db?.end().catch(() => undefined);
    await front?.stop();
    await worker?.stop();
    for (const api of apis.slice(1)) await api.stop();
    await apis[0]?.stop();
  }
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
