/**
 * `npm run bench:commands [-- --seconds 20 --warmup 3 --connections 64 --decisions 32 --background worker|in-process|off --cpu-prof]`:
 * command throughput of the whole API over HTTP. Starts the API as `npm start` would (child process,
 * embedded PostgreSQL, fresh temporary data directory), sets up a partnership whose board members
 * vote on open decisions, then loads it with autocannon: first a trivial endpoint (GET
 * /health/live) for the HTTP stack's ceiling on this machine, then vote changes — each connection
 * a different board member with its own token, alternating agree/disagree so that every request
 * is a real state change (a VoteChanged event, durably committed). Connections are spread over
 * --decisions open decisions (default 32: two voters per decision stream), so some commands race
 * for the same stream and the server's conflict retry is part of what is measured.
 *
 * Then the peer: the same vote changes, same connections, tokens and duration, through an Emmett
 * command service (test/bench/peers/emmett-command-service.ts: Fastify, Emmett's CommandHandler and
 * PostgreSQL event store, Accord's pure decide/evolve) in a child process of its own, its store in
 * a database of the API's embedded PostgreSQL seeded with a copy of the API's log. The verdicts
 * are Accord / Emmett: commands/s (≥ 2×) and p99 latency (≤ 1×). --peer off skips it.
 *
 * Decisions use the all-parties-sign-off rule, so votes never resolve them, and close a day
 * later, so they stay open whatever the duration. Only 2xx answers count as commands.
 * --cpu-prof writes V8 CPU profiles of the API process (and of the worker) to bench-results/cpu-prof/.
 *
 * The background jobs (projections, audit sealer, closing-time scheduler, Kafka relay) run by
 * default inside the API, as `npm start` does (the embedded default the issue measures).
 * --background worker runs them as at scale (README): the API with BACKGROUND_JOBS=off and
 * apps/worker beside it on the same database and machine, so they still compete for the CPU and
 * the database, and the worker's CPU is reported apart; --background off runs none (read models
 * fall behind): what the command path alone costs.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { createPool, PostgresEventStore } from '@accord/event-store';
import { join } from 'node:path';
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import {
  ApiProcess,
  AutocannonClient,
  AutocannonResult,
  loadAutocannon,
  startApiProcess,
  startEmmettCommandService,
  startWorkerProcess,
  WorkerProcess,
} from './api-process';
import {
  argNumber,
  argValue,
  Conditions,
  Figure,
  percentile,
  printTable,
  ratioFigure,
  readConditions,
  writeResults,
} from './bench-kit';
import { setUpVoters, voteChanges } from './vote-load';

const RATE_LIMIT = 10_000_000;

interface Load {
  result: AutocannonResult;
  latencies2xx: number[];
  statuses: Map<number, number>;
  cpu: CpuShare;
}

/** CPU seconds used during a run, by who used them. */
interface CpuShare {
  wallSeconds: number;
  capacity: number;
  api: number;
  postgres: number;
  /** apps/worker when the background jobs run there, the Emmett service during its run (0 otherwise). */
  worker: number;
  loadGenerator: number;
  others: number;
}

/** Busy CPU seconds of the whole machine so far (all CPUs), from /proc/stat. */
function machineBusySeconds(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const [user, nice, system, idle, iowait, irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
  void idle;
  void iowait;
  return (user + nice + system + irq + softirq + (steal || 0)) / 100;
}

async function measured<T>(
  api: ApiProcess,
  worker: WorkerProcess | undefined,
  run: () => Promise<T>,
): Promise<{ value: T; cpu: CpuShare }> {
  const t0 = Date.now();
  const api0 = api.cpuSeconds();
  const worker0 = worker?.cpuSeconds() ?? 0;
  const self0 = process.cpuUsage();
  const machine0 = machineBusySeconds();
  const value = await run();
  const self = process.cpuUsage(self0);
  const api1 = api.cpuSeconds();
  const workerCpu = (worker?.cpuSeconds() ?? 0) - worker0;
  const machine = machineBusySeconds() - machine0;
  const wallSeconds = (Date.now() - t0) / 1000;
  const apiCpu = api1.api - api0.api;
  const postgres = api1.postgres - api0.postgres;
  const loadGenerator = (self.user + self.system) / 1e6;
  return {
    value,
    cpu: {
      wallSeconds,
      capacity: wallSeconds * cpus().length,
      api: apiCpu,
      postgres,
      worker: workerCpu,
      loadGenerator,
      others: Math.max(0, machine - apiCpu - postgres - workerCpu - loadGenerator),
    },
  };
}

function describeCpu(c: CpuShare, beside = 'worker'): string {
  const pct = (x: number) => `${((100 * x) / c.capacity).toFixed(0)}%`;
  return `API ${c.api.toFixed(1)} s (${pct(c.api)}), PostgreSQL ${c.postgres.toFixed(1)} s (${pct(c.postgres)}), ${beside} ${c.worker.toFixed(1)} s (${pct(c.worker)}), load generator ${c.loadGenerator.toFixed(1)} s (${pct(c.loadGenerator)}), other processes ${c.others.toFixed(1)} s (${pct(c.others)}) of ${c.capacity.toFixed(0)} CPU-s`;
}

async function load(
  api: ApiProcess,
  worker: WorkerProcess | undefined,
  url: string,
  connections: number,
  seconds: number,
  setupClient?: (c: AutocannonClient) => void,
): Promise<Load> {
  const autocannon = loadAutocannon();
  const latencies2xx: number[] = [];
  const statuses = new Map<number, number>();
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(setupClient ? { setupClient } : {}),
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1);
    if (statusCode >= 200 && statusCode < 300) latencies2xx.push(ms);
  });
  const { value: result, cpu } = await measured(api, worker, () => Promise.resolve(instance));
  latencies2xx.sort((a, b) => a - b);
  return { result, latencies2xx, statuses, cpu };
}

/** Transactions committed in the API's database so far (each autocommit statement counts as one). */
async function committedTransactions(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>(
      'SELECT pg_stat_get_db_xact_commit(oid) AS n FROM pg_database WHERE datname = current_database()',
    );
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

async function headPosition(databaseUrl: string): Promise<number> {
  const pool = createPool({ connectionString: databaseUrl, max: 1, applicationName: 'accord-bench-head' });
  const store = new PostgresEventStore(pool);
  try {
    return await store.headPosition();
  } finally {
    await store.close();
    await pool.end();
  }
}

async function countEvents(databaseUrl: string, type: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE type = $1', [type]);
    return Number(rows[0].n);
  } finally {
    await db.end();
  }
}

function describeStatuses(statuses: Map<number, number>): string {
  return [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([code, n]) => `${code}: ${n.toLocaleString('en-GB')}`)
    .join(', ');
}

/** CPU milliseconds per command answered 2xx. */
function cpuPerCommand(name: string, cpuSeconds: number, commands: number): Figure {
  return { name, value: commands === 0 ? Number.NaN : (1000 * cpuSeconds) / commands, unit: 'ms' };
}

/**
 * Accord against the Emmett command service under the same load: throughput (≥ 2×) and p99 (no
 * worse), with Emmett's own figures beside them.
 */
function peerFigures(accordRate: number, accordP99: number, emmett: Load): Figure[] {
  const rate = emmett.result['2xx'] / emmett.result.duration;
  const p99 = percentile(emmett.latencies2xx, 99);
  const commands = emmett.result['2xx'];
  return [
    { name: 'Emmett vote change latency p50 (2xx)', value: percentile(emmett.latencies2xx, 50), unit: 'ms' },
    ratioFigure(
      'vote changes: Accord / Emmett command service, same load',
      { name: 'Accord', value: accordRate, unit: 'commands/s' },
      { name: 'Emmett', value: rate, unit: 'commands/s' },
      '≥',
      2,
    ),
    ratioFigure(
      'vote change latency p99: Accord / Emmett',
      { name: 'Accord p99', value: accordP99, unit: 'ms' },
      { name: 'Emmett p99', value: p99, unit: 'ms' },
      '≤',
      1,
    ),
    cpuPerCommand('Emmett service CPU per command', emmett.cpu.worker, commands),
    cpuPerCommand('PostgreSQL CPU per command (Emmett)', emmett.cpu.postgres, commands),
  ];
}

/**
 * Waits (up to 60 s) until the API, its database and the worker use under 10% of a CPU: after the
 * vote changes the background jobs catch up, and Emmett's run must not pay for them.
 */
async function untilQuiet(api: ApiProcess, worker: WorkerProcess | undefined): Promise<string> {
  const started = Date.now();
  const busy = () => {
    const c = api.cpuSeconds();
    return c.api + c.postgres + (worker?.cpuSeconds() ?? 0);
  };
  for (let before = busy(); Date.now() - started < 60_000;) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = busy();
    if (now - before < 0.1)
      return `the API and its jobs were quiet after ${((Date.now() - started) / 1000).toFixed(0)} s`;
    before = now;
  }
  return 'the API and its jobs were still busy after 60 s (Emmett ran beside them)';
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const db = new Client({ connectionString: serverUrl });
  await db.connect();
  try {
    await db.query(`CREATE DATABASE ${name}`);
  } finally {
    await db.end();
  }
  return Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
}

async function main(): Promise<number> {
  const seconds = argNumber('seconds', 20);
  const warmup = argNumber('warmup', 3, { allowZero: true });
  const connections = argNumber('connections', 64);
  const decisions = Math.min(argNumber('decisions', 32), connections);
  const cpuProf = process.argv.includes('--cpu-prof');
  const background = argValue('background') ?? 'in-process';
  const withPeer = argValue('peer') !== 'off';
  if (background !== 'worker' && background !== 'in-process' && background !== 'off')
    throw new Error(`--background must be worker, in-process or off, not ${background}`);
  const inWorker = background === 'worker';
  const jobs = {
    worker:
      'projections, audit sealer, closing-time scheduler in apps/worker beside the API (BACKGROUND_JOBS=off on the API), as at scale; same machine and database',
    'in-process':
      'projections, audit sealer, closing-time scheduler inside the API (BACKGROUND_JOBS=in-process, as `npm start`)',
    off: 'NONE: BACKGROUND_JOBS=off and no worker, read models fall behind (the command path alone)',
  }[background];
  const profDir = join(process.cwd(), 'bench-results', 'cpu-prof');
  if (cpuProf) mkdirSync(profDir, { recursive: true });

  const apiEnv = {
    LOG_LEVEL: 'warn',
    RATE_LIMIT_WRITES_PER_MINUTE: String(RATE_LIMIT),
    BACKGROUND_JOBS: background === 'in-process' ? 'in-process' : 'off',
  };
  process.stderr.write('starting the API (embedded PostgreSQL, fresh data directory)…\n');
  let api: ApiProcess | undefined;
  let worker: WorkerProcess | undefined;
  let emmett: WorkerProcess | undefined;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping the API\n`);
    void Promise.all([worker?.stop(), emmett?.stop()])
      .then(() => api?.stop())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    const started = Date.now();
    api = await startApiProcess(apiEnv, { nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [] });
    const startSeconds = (Date.now() - started) / 1000;
    if (inWorker)
      worker = await startWorkerProcess(
        api,
        { LOG_LEVEL: 'warn' },
        { nodeArgs: cpuProf ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [] },
      );
    const client = new AccordClient({ baseUrl: api.baseUrl, dataDir: api.dataDir, maxRetries: 0 });
    const base = await readConditions(api.databaseUrl());
    const pg = base.postgres;
    const perDecision = connections / decisions;
    const conditions: Conditions & { run: Record<string, unknown> } = {
      ...base,
      run: {
        connections,
        seconds,
        warmupSeconds: warmup,
        decisions,
        boardMembers: connections,
        votersPerDecision: Number(perDecision.toFixed(2)),
        api: `node dist/apps/api/src/main.js (child process), embedded PostgreSQL, DATABASE_POOL_SIZE=10 (default), LOG_LEVEL=warn, BACKGROUND_JOBS=${background === 'in-process' ? 'in-process' : 'off'}`,
        backgroundJobs: jobs,
        rateLimitWritesPerMinute: RATE_LIMIT,
        loadGenerator: 'autocannon 9, same machine, one thread, pipelining 1',
      },
    };
    console.log(`commands benchmark, ${conditions.date}`);
    console.log(
      `  machine:   ${base.cpus} × ${base.cpuModel}, ${base.memoryGiB} GiB, Node ${base.node}; the load generator shares the machine`,
    );
    console.log(
      `  database:  embedded PostgreSQL ${pg.server_version}, synchronous_commit=${pg.synchronous_commit}, fsync=${pg.fsync}, wal_sync_method=${pg.wal_sync_method}, shared_buffers=${pg.shared_buffers}`,
    );
    console.log(
      `  API:       pid ${api.pid}, ready in ${startSeconds.toFixed(1)} s; DATABASE_POOL_SIZE=10 (default); LOG_LEVEL=warn;`,
    );
    console.log(`  jobs:      ${jobs}${worker ? ` (worker pid ${worker.pid})` : ''}`);
    console.log(
      `             RATE_LIMIT_WRITES_PER_MINUTE=${RATE_LIMIT.toLocaleString('en-GB')}: the per-caller limiter runs on every write but never refuses`,
    );
    console.log(
      `  load:      autocannon, ${connections} connections × ${seconds} s each run (vote changes after a ${warmup} s warm-up, not measured), pipelining 1`,
    );
    console.log(
      `  commands:  ${connections} board members (one per connection, own token) changing votes agree⇄disagree on ${decisions} open decisions`,
    );
    console.log(
      `             (~${perDecision.toFixed(1)} writers per decision stream; all-parties-sign-off, so votes never resolve a decision)`,
    );

    const loadBefore = loadavg();
    if (loadBefore[0] > base.cpus / 2)
      console.log(
        `  WARNING:   load average ${loadBefore[0].toFixed(2)} on ${base.cpus} CPUs: other work on this machine will distort the figures`,
      );
    const setupStarted = Date.now();
    const voters = await setUpVoters(client, connections, decisions);
    console.log(
      `  setup:     ${((Date.now() - setupStarted) / 1000).toFixed(1)} s through the HTTP API (2 organisations, ${connections} board members, ${decisions} decisions opened, ${connections} first votes)`,
    );

    process.stderr.write(`(a) GET /health/live for ${seconds} s…\n`);
    const trivial = await load(api, worker, `${api.baseUrl}/health/live`, connections, seconds);

    const changeVotes = voteChanges(voters);
    // Emmett starts from this history too: seeded with what Accord's run appended, its decision streams
    // would be thousands of events longer than Accord's were (it folds the stream on every command).
    const headBeforeVotes = await headPosition(api.databaseUrl());
    // Not measured: until the JIT has compiled the command path and the caches are warm, the
    // first second's latencies (p99 71 ms, max 142 ms in one run) say nothing about steady load.
    process.stderr.write(`(b) POST /v1/decisions/{id}/votes/change: ${warmup} s warm-up, not measured…\n`);
    const warm = warmup > 0 ? await load(api, worker, api.baseUrl, connections, warmup, changeVotes) : undefined;
    process.stderr.write(`(c) POST /v1/decisions/{id}/votes/change for ${seconds} s…\n`);
    const xacts0 = await committedTransactions(api.databaseUrl());
    const votes = await load(api, worker, api.baseUrl, connections, seconds, changeVotes);
    const memory = api.memory();
    await new Promise((r) => setTimeout(r, 2000)); // let requests still in the server finish, and statistics be flushed
    const transactions = (await committedTransactions(api.databaseUrl())) - xacts0;
    const logged = (await countEvents(api.databaseUrl(), 'VoteChanged')) - (warm?.result['2xx'] ?? 0);

    let peer: { votes: Load; warm?: Load; seeded: string } | undefined;
    if (withPeer) {
      const quiet = await untilQuiet(api, worker);
      process.stderr.write(`(d) the same vote changes through Emmett: ${warmup} s warm-up, then ${seconds} s…\n`);
      const peerUrl = await createDatabase(api.databaseUrl(), 'emmett_peer');
      const service = await startEmmettCommandService(api, peerUrl, headBeforeVotes);
      emmett = service;
      const peerWarm =
        warmup > 0 ? await load(api, service, service.baseUrl, connections, warmup, changeVotes) : undefined;
      const peerVotes = await load(api, service, service.baseUrl, connections, seconds, changeVotes);
      peer = { votes: peerVotes, ...(peerWarm ? { warm: peerWarm } : {}), seeded: quiet };
    }

    conditions.run.loadAverageBefore = loadBefore;
    conditions.run.cpuSecondsTrivial = trivial.cpu;
    conditions.run.cpuSecondsCommands = votes.cpu;
    conditions.run.statusesTrivial = Object.fromEntries(trivial.statuses);
    conditions.run.statusesCommands = Object.fromEntries(votes.statuses);
    const trivialRate = trivial.result['2xx'] / trivial.result.duration;
    const commands = votes.result['2xx'];
    const commandRate = commands / votes.result.duration;
    const refused = votes.result.non2xx + votes.result.errors + votes.result.timeouts;
    const attempted = commands + refused;
    const refusedShare = attempted === 0 ? 100 : (100 * refused) / attempted;
    const p50 = percentile(votes.latencies2xx, 50);
    const p99 = percentile(votes.latencies2xx, 99);
    const peakMiB = memory.peakKiB / 1024;
    const figures: Figure[] = [
      { name: 'GET /health/live (trivial endpoint)', value: trivialRate, unit: 'req/s' },
      { name: 'GET /health/live latency p50', value: percentile(trivial.latencies2xx, 50), unit: 'ms' },
      { name: 'GET /health/live latency p99', value: percentile(trivial.latencies2xx, 99), unit: 'ms' },
      { name: 'vote changes, 2xx only', value: commandRate, unit: 'commands/s' },
      { name: 'vote change latency p50 (2xx)', value: p50, unit: 'ms' },
      { name: 'vote change latency p99 (2xx)', value: p99, unit: 'ms' },
      ...(peer ? peerFigures(commandRate, p99, peer.votes) : []),
      {
        name: 'vote changes not 2xx (incl. errors, timeouts)',
        value: refused,
        unit: `requests (${refusedShare.toFixed(2)}%)`,
        target: '≤ 1%',
        met: refusedShare <= 1,
      },
      {
        name: 'commands / trivial requests (GET /health/live, same run)',
        value: commandRate / trivialRate,
        unit: '×',
        ratio: {
          ours: { name: 'vote changes', value: commandRate, unit: 'commands/s' },
          bound: { name: 'GET /health/live', value: trivialRate, unit: 'req/s' },
        },
      },
      { name: 'API peak memory (VmHWM)', value: peakMiB, unit: 'MiB', target: '≤ 300', met: peakMiB <= 300 },
      { name: 'API RSS at end of load', value: memory.rssKiB / 1024, unit: 'MiB' },
      cpuPerCommand('API CPU per command', votes.cpu.api, commands),
      cpuPerCommand('PostgreSQL CPU per command', votes.cpu.postgres, commands),
      ...(inWorker ? [cpuPerCommand('worker CPU per command (background jobs)', votes.cpu.worker, commands)] : []),
      {
        name: 'PostgreSQL transactions per command (statements outside a transaction count 1 each)',
        value: commands === 0 ? Number.NaN : transactions / commands,
        unit: 'per command',
      },
      {
        name: 'API CPU per trivial request',
        value: (1000 * trivial.cpu.api) / Math.max(1, trivial.result['2xx']),
        unit: 'ms',
      },
    ];
    const table = printTable(`commands over HTTP (${connections} connections, ${seconds} s)`, figures);
    const statusLines = [
      `- GET /health/live answers: ${describeStatuses(trivial.statuses)}; errors ${trivial.result.errors}, timeouts ${trivial.result.timeouts}`,
      `- vote change answers: ${describeStatuses(votes.statuses)}; errors ${votes.result.errors}, timeouts ${votes.result.timeouts}`,
      `- CPU during GET /health/live: ${describeCpu(trivial.cpu)}`,
      `- CPU during vote changes: ${describeCpu(votes.cpu)}`,
      ...(peer
        ? [
            `- Emmett peer answers: ${describeStatuses(peer.votes.statuses)}; errors ${peer.votes.result.errors}, timeouts ${peer.votes.result.timeouts}; warm-up ${peer.warm ? `${peer.warm.result['2xx'].toLocaleString('en-GB')} answered 2xx` : 'none'}`,
            `- CPU during Emmett's vote changes: ${describeCpu(peer.votes.cpu, 'Emmett service')}`,
            `- before Emmett's run: ${peer.seeded}`,
          ]
        : []),
      `- VoteChanged events in the log: ${logged.toLocaleString('en-GB')} for ${commands.toLocaleString('en-GB')} 2xx answers (requests cut off at the end of the run may add a few; the warm-up's are not counted)`,
      `- warm-up before the measured run: ${warmup} s of the same vote changes${warm ? `, ${warm.result['2xx'].toLocaleString('en-GB')} answered 2xx, p50 ${percentile(warm.latencies2xx, 50).toFixed(1)} ms, p99 ${percentile(warm.latencies2xx, 99).toFixed(1)} ms` : ''}`,
      `- load average before the runs: ${loadBefore.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min) on ${base.cpus} CPUs`,
      `- background jobs: ${jobs}`,
      `- ${connections} board members on ${decisions} decisions; RATE_LIMIT_WRITES_PER_MINUTE=${RATE_LIMIT} (limiter on, never refusing); embedded PostgreSQL synchronous_commit=${pg.synchronous_commit}; load generator on the same machine`,
    ];
    console.log('');
    console.log(table);
    console.log('');
    for (const line of statusLines) console.log(line);
    const dir = writeResults('commands', conditions, figures, `${table}\n\n${statusLines.join('\n')}`);
    console.log(`figures written to ${dir}/commands.{md,json}`);

    const misses = figures.filter((f) => f.met === false).map((f) => f.name);
    console.log(misses.length === 0 ? 'all targets met' : `targets NOT met: ${misses.join('; ')}`);
    if (logged < commands) {
      console.error(
        `FAILED: ${commands} vote changes were answered 2xx but only ${logged} VoteChanged events are in the log`,
      );
      return 1;
    }
    if (refusedShare > 1) {
      console.error(
        `FAILED: ${refusedShare.toFixed(2)}% of vote changes were not 2xx (${describeStatuses(votes.statuses)}); the figures above do not measure commands`,
      );
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`commands benchmark failed: ${err instanceof Error ? err.message : String(err)}`);
    if (api) console.error(`--- last API output ---\n${api.output()}`);
    return 1;
  } finally {
    if (emmett) {
      const stopped = await emmett.stop();
      if (!stopped.clean) console.error(`the Emmett service ${stopped.how}\n--- its output ---\n${emmett.output()}`);
    }
    if (worker) {
      const stopped = await worker.stop();
      if (!stopped.clean) console.error(`the worker ${stopped.how}\n--- last worker output ---\n${worker.output()}`);
    }
    if (api) {
      const stopped = await api.stop();
      if (!stopped.clean) console.error(`the API ${stopped.how}\n--- last API output ---\n${api.output()}`);
      if (cpuProf)
        console.log(
          `CPU profiles (API; worker too when it runs the jobs) in ${profDir} (open it in Chrome DevTools → Performance, or speedscope)`,
        );
    }
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
