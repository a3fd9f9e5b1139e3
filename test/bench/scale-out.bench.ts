/**
 * `npm run bench:scale-out [-- --seconds 10 --rounds 2 --connections 64 --decisions 16]`: commands
 * through three API processes against one, same run, same database. The layout of infra/cluster
 * on one PostgreSQL: API 1 with the embedded PostgreSQL, APIs 2 and 3 on it
 * (BACKGROUND_JOBS=off on all three), one apps/worker running the background jobs. The load is the
 * vote changes of `bench:commands` (each connection a board member of its own), either all on API 1
 * or split over the three APIs by three autocannon instances at once; rounds alternate (one,
 * three, three, one, …) so drift favours neither. The verdict: three APIs / one ≥ 1. Where the
 * CPU went in each layout says what limits it on this machine.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import {
  type ApiProcess,
  type AutocannonResult,
  loadAutocannon,
  startApiProcess,
  startWorkerProcess,
  type WorkerProcess,
} from './api-process';
import { argNumber, type Figure, percentile, printTable, ratioFigure, readConditions, writeResults } from './bench-kit';
import { setUpVoters, type Voter, voteChanges } from './vote-load';

/** An API takes up to minutes to start on a loaded 2-core machine. */
const START = { readyTimeoutMs: 300_000 };
const API_ENV = { LOG_LEVEL: 'warn', RATE_LIMIT_WRITES_PER_MINUTE: '10000000', BACKGROUND_JOBS: 'off' };

/** Busy CPU seconds of the whole machine so far (all CPUs), from /proc/stat. */
function machineBusySeconds(): number {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields as number[];
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / 100;
}

interface Layout {
  apis: number;
  rate: number;
  p99: number;
  notOk: number;
  cpu: { apis: number; postgres: number; worker: number; machine: number; wall: number };
}

async function round(
  apis: ApiProcess[],
  used: number,
  worker: WorkerProcess,
  voters: Voter[],
  connections: number,
  seconds: number,
): Promise<Layout> {
  const targets = apis.slice(0, used);
  const cpu0 = {
    apis: targets.map((a) => a.cpuSeconds().api),
    pg: apis[0]!.cpuSeconds().postgres,
    worker: worker.cpuSeconds(),
    machine: machineBusySeconds(),
    t: Date.now(),
  };
  // One assignment for every instance, so each connection is another board member.
  const assign = voteChanges(voters);
  const latencies: number[] = [];
  const results: AutocannonResult[] = await Promise.all(
    targets.map((api, i) => {
      const instance = loadAutocannon()({
        url: api.baseUrl,
        connections: Math.floor(connections / used) + (i < connections % used ? 1 : 0),
        duration: seconds,
        pipelining: 1,
        timeout: 10,
        setupClient: assign,
      });
      instance.on('response', (_c, status, _b, ms) => {
        if (status >= 200 && status < 300) latencies.push(ms);
      });
      return instance;
    }),
  );
  latencies.sort((a, b) => a - b);
  const duration = Math.max(...results.map((r) => r.duration));
  return {
    apis: used,
    rate: results.reduce((n, r) => n + r['2xx'], 0) / duration,
    p99: percentile(latencies, 99),
    notOk: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    cpu: {
      apis: targets.reduce((n, a, i) => n + a.cpuSeconds().api - (cpu0.apis[i] as number), 0),
      postgres: apis[0]!.cpuSeconds().postgres - cpu0.pg,
      worker: worker.cpuSeconds() - cpu0.worker,
      machine: machineBusySeconds() - cpu0.machine,
      wall: (Date.now() - cpu0.t) / 1000,
    },
  };
}

async function main(): Promise<number> {
  const seconds = argNumber('seconds', 10);
  const rounds = argNumber('rounds', 2);
  const connections = argNumber('connections', 64);
  const decisions = Math.min(argNumber('decisions', 16), connections);
  const apis: ApiProcess[] = [];
  let worker: WorkerProcess | undefined;
  try {
    process.stderr.write('scale-out: API 1 (embedded PostgreSQL), APIs 2 and 3 on it, one worker…\n');
    const first = await startApiProcess(API_ENV, START);
    apis.push(first);
    const shared = { DATABASE_URL: first.databaseUrl(), ACCORD_DATA_DIR: first.dataDir };
    apis.push(
      ...(await Promise.all([
        startApiProcess({ ...API_ENV, ...shared }, START),
        startApiProcess({ ...API_ENV, ...shared }, START),
      ])),
    );
    worker = await startWorkerProcess(first, { LOG_LEVEL: 'warn' }, START);
    const conditions = await readConditions(first.databaseUrl());
    const client = new AccordClient({ baseUrl: first.baseUrl, dataDir: first.dataDir, maxRetries: 0 });
    const voters = await setUpVoters(client, connections, decisions);
    const loadBefore = loadavg();
    process.stderr.write('scale-out: 3 s warm-up on each API, not measured…\n');
    await round(apis, 3, worker, voters, connections, 3);
    await round(apis, 1, worker, voters, connections, 3);

    const layouts: Layout[] = [];
    for (let r = 0; r < 2 * rounds; r++) {
      const used = r % 4 === 1 || r % 4 === 2 ? 3 : 1;
      process.stderr.write(
        `scale-out: round ${r + 1} of ${2 * rounds}: ${used} API${used > 1 ? 's' : ''}, ${seconds} s…\n`,
      );
      layouts.push(await round(apis, used, worker, voters, connections, seconds));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const of = (n: number) => layouts.filter((l) => l.apis === n);
    const rate = (n: number) => mean(of(n).map((l) => l.rate));
    const share = (n: number, pick: (c: Layout['cpu']) => number) =>
      (100 * of(n).reduce((s, l) => s + pick(l.cpu), 0)) / of(n).reduce((s, l) => s + l.cpu.wall * cpus().length, 0);
    const figures: Figure[] = [
      ratioFigure(
        `vote changes through 3 API processes / through 1 (mean of ${rounds} rounds each, alternating)`,
        { name: '3 APIs', value: rate(3), unit: 'commands/s' },
        { name: '1 API', value: rate(1), unit: 'commands/s' },
        '≥',
        1,
      ),
      {
        name: 'vote change p99, 3 APIs / 1 API',
        value: mean(of(3).map((l) => l.p99)) / mean(of(1).map((l) => l.p99)),
        unit: '×',
      },
      ...[1, 3].flatMap((n): Figure[] => [
        {
          name: `${n} API${n > 1 ? 's' : ''}: machine CPU busy`,
          value: share(n, (c) => c.machine),
          unit: '% of all cores',
        },
        {
          name: `${n} API${n > 1 ? 's' : ''}: API processes' CPU`,
          value: share(n, (c) => c.apis),
          unit: '% of all cores',
        },
        {
          name: `${n} API${n > 1 ? 's' : ''}: PostgreSQL's CPU`,
          value: share(n, (c) => c.postgres),
          unit: '% of all cores',
        },
      ]),
    ];
    const table = printTable(`commands through 3 APIs vs 1 (${connections} connections, ${seconds} s rounds)`, figures);
    const lines = [
      `- rounds: ${layouts.map((l) => `${l.apis} API ${l.rate.toFixed(0)}/s (p99 ${l.p99.toFixed(0)} ms, ${l.notOk} not 2xx)`).join('; ')}`,
      `- load average before: ${loadBefore.map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} CPUs; the load generator, the worker and PostgreSQL share them`,
    ];
    console.log(`${table}\n\n${lines.join('\n')}`);
    writeResults('scale-out', conditions, figures, `${table}\n\n${lines.join('\n')}`);
    return 0;
  } finally {
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
