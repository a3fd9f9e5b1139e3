/**
 * For benchmarks that load the real API over HTTP: the API as a child process exactly as
 * `npm start` runs it (dist/apps/api/src/main.js, embedded PostgreSQL in a fresh data directory),
 * its memory read from /proc, and a typed handle on autocannon (which ships no types).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_TICKS_PER_SECOND, parseProcStat, processCpuSeconds } from './bench-kit';

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  dataDir: string;
  /** The embedded PostgreSQL the API started (read from its postmaster.pid and password file). */
  databaseUrl(): string;
  /** VmHWM (peak resident set) and VmRSS of the API process, in KiB; sampled every 250 ms. */
  memory(): { peakKiB: number; rssKiB: number };
  /**
   * CPU time used so far, in seconds: the API process, and the embedded PostgreSQL (postmaster
   * and every backend under it). Diff two readings to see where a run's CPU went.
   */
  cpuSeconds(): { api: number; postgres: number };
  /** The last lines the API wrote to stdout/stderr (for failure reports). */
  output(lines?: number): string;
  /** SIGTERM, wait for it to exit (SIGKILL after 30 s), remove the data directory; says how it ended. */
  stop(): Promise<{ clean: boolean; how: string }>;
}

/** apps/worker running the background jobs beside an API started with BACKGROUND_JOBS=off. */
export interface WorkerProcess {
  pid: number;
  /** CPU time of the worker process so far, in seconds (its database backends count as the API's PostgreSQL). */
  cpuSeconds(): number;
  output(lines?: number): string;
  /** SIGTERM, wait for it to exit (SIGKILL after 30 s); says how it ended. */
  stop(): Promise<{ clean: boolean; how: string }>;
}

/**
 * The V8 flags `npm start` and `npm run worker` give node (package.json): a young generation of at
 * most 2 × 16 MiB, Node 20's default, where Node 24 lets it grow to 2 × 64 MiB (docs/performance.md).
 */
const NODE_FLAGS = ['--max-semi-space-size=16'];

export async function startApiProcess(
  env: Record<string, string>,
  options: { nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): Promise<ApiProcess> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 90_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-bench-api-'));
  // A caller confined to a range of ports names them.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const pgPort = env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : await freePort();
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, ...(options.nodeArgs ?? []), join(process.cwd(), 'dist/apps/api/src/main.js')],
    {
      env: {
        ...process.env,
        DATABASE_URL: '', // empty = unset: always the embedded default
        ACCORD_DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const supervised = supervise(child);

  let peakKiB = 0;
  let rssKiB = 0;
  const sample = () => {
    const m = readMemory(child.pid);
    if (m) {
      peakKiB = Math.max(peakKiB, m.hwmKiB);
      rssKiB = m.rssKiB;
    }
  };
  const sampler = setInterval(sample, 250);
  sampler.unref();

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopped: Promise<{ clean: boolean; how: string }> | undefined;
  const api: ApiProcess = {
    baseUrl,
    pid: child.pid ?? -1,
    dataDir,
    databaseUrl: () => {
      const pidFile = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
      const password = readFileSync(join(dataDir, 'postgres-password'), 'utf8').trim();
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(pidFile[3])}/accord`;
    },
    memory: () => {
      sample();
      return { peakKiB, rssKiB };
    },
    cpuSeconds: () => processTreeCpu(child.pid),
    output: supervised.output,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(sampler);
        const ended = await supervised.stop();
        rmSync(dataDir, { recursive: true, force: true });
        return ended;
      })()),
  };

  try {
    await waitUntilReady(baseUrl, child, supervised.exit, readyTimeoutMs);
  } catch (err) {
    await api.stop();
    throw new Error(`${(err as Error).message}\n--- API output ---\n${api.output()}`, { cause: err });
  }
  return api;
}

/**
 * Starts apps/worker (dist/apps/worker/src/main.js, as `npm run worker` does) on the API's embedded
 * database and data directory (the audit signing key is there), and waits until it logs that it
 * runs. Pair it with an API started with BACKGROUND_JOBS=off: the production layout at scale.
 */
export async function startWorkerProcess(
  api: ApiProcess,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; readyTimeoutMs?: number } = {},
): Promise<WorkerProcess> {
  const { child } = await startBesideApi(
    'the worker',
    'dist/apps/worker/src/main.js',
    /Accord worker running/,
    { DATABASE_URL: api.databaseUrl(), ACCORD_DATA_DIR: api.dataDir, ...env, LOG_LEVEL: 'info' },
    options,
  );
  return child;
}

/** infra/cluster's front (Debian's HAProxy with infra/cluster/front.cfg) before three API processes. */
export interface FrontProcess extends WorkerProcess {
  baseUrl: string;
}

/**
 * Starts HAProxy in the foreground on infra/cluster/front.cfg, the layout's front, routing to the
 * three APIs; waits until it answers through to an API.
 */
export async function startFront(
  apis: ApiProcess[],
  options: { port?: number; readyTimeoutMs?: number } = {},
): Promise<FrontProcess> {
  if (apis.length !== 3) throw new Error(`the front routes to three APIs, not ${apis.length}`);
  const port = options.port ?? (await freePort());
  const child = spawn('haproxy', ['-f', join(process.cwd(), 'infra/cluster/front.cfg')], {
    env: {
      ...process.env,
      ACCORD_FRONT_BIND: `127.0.0.1:${port}`,
      ...Object.fromEntries(apis.map((api, i) => [`ACCORD_API_${i + 1}`, new URL(api.baseUrl).host])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) =>
      reject(new Error(`HAProxy did not start (Debian: apt-get install haproxy): ${err.message}`, { cause: err })),
    );
  });
  await spawned;
  const supervised = supervise(child);
  const front: FrontProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid ?? -1,
    cpuSeconds: () => processCpuSeconds(child.pid) ?? 0,
    output: supervised.output,
    stop: supervised.stop,
  };
  try {
    await waitUntilReady(front.baseUrl, child, supervised.exit, options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await front.stop();
    throw new Error(`the front: ${(err as Error).message}\n--- its output ---\n${front.output()}`, { cause: err });
  }
  return front;
}

/**
 * The command-path peer (test/bench/peers/emmett-command-service.ts) as a child process like the
 * API: Emmett's store in `databaseUrl` (a database of the API's server), seeded from the API's
 * log, verifying the API's tokens.
 */
export async function startEmmettCommandService(
  api: ApiProcess,
  databaseUrl: string,
  seedUntil: number,
): Promise<WorkerProcess & { baseUrl: string }> {
  const { child, ready } = await startBesideApi(
    'the Emmett command service',
    'dist/test/bench/peers/emmett-command-service.js',
    /listening on (\d+)/,
    {
      DATABASE_URL: databaseUrl,
      SEED_FROM: api.databaseUrl(),
      SEED_UNTIL: String(seedUntil),
      ACCORD_DATA_DIR: api.dataDir,
    },
    {},
  );
  return { ...child, baseUrl: `http://127.0.0.1:${ready[1]}` };
}

/** Starts `script` with the API's flags and waits for a line of its output that matches `ready`. */
async function startBesideApi(
  name: string,
  script: string,
  ready: RegExp,
  env: Record<string, string>,
  options: { nodeArgs?: string[]; readyTimeoutMs?: number },
): Promise<{ child: WorkerProcess; ready: RegExpMatchArray }> {
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const child = spawn(process.execPath, [...NODE_FLAGS, ...(options.nodeArgs ?? []), join(process.cwd(), script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let matched: (m: RegExpMatchArray) => void = () => undefined;
  const running = new Promise<RegExpMatchArray>((resolve) => (matched = resolve));
  const supervised = supervise(child, (line) => {
    const m = line.match(ready);
    if (m) matched(m);
  });
  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    cpuSeconds: () => processCpuSeconds(child.pid) ?? 0,
    output: supervised.output,
    stop: supervised.stop,
  };
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    running,
    supervised.exited.then(() => 'exited' as const),
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), readyTimeoutMs))),
  ]);
  clearTimeout(timer);
  if (outcome === 'exited' || outcome === 'timeout') {
    await handle.stop();
    const exit = supervised.exit();
    throw new Error(
      `${name} ${outcome === 'exited' ? `exited (code ${exit?.code}, signal ${exit?.signal})` : `was not running within ${readyTimeoutMs / 1000} s`} while starting\n--- its output ---\n${handle.output()}`,
    );
  }
  return { child: handle, ready: outcome };
}

type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

/**
 * What the API and the worker share as child processes: the last 50 lines they wrote (for failure
 * reports; `onLine` sees each line), how they exited, and a stop that sends SIGTERM, waits (SIGKILL
 * after 30 s) and says how it ended. Calling stop again returns the first answer.
 */
function supervise(child: ChildProcess, onLine: (line: string) => void = () => undefined) {
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    const lines = chunk.toString().split('\n').filter(Boolean);
    lines.forEach(onLine);
    tail.push(...lines);
    if (tail.length > 50) tail.splice(0, tail.length - 50);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exit: ExitInfo | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve();
    }),
  );
  let stopped: Promise<{ clean: boolean; how: string }> | undefined;
  return {
    exited,
    exit: () => exit,
    output: (lines = 20) =>
      tail
        .slice(-lines)
        .map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l))
        .join('\n'),
    stop: () =>
      (stopped ??= (async () => {
        const wasRunning = exit === undefined;
        let killed = false;
        if (wasRunning) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => {
            killed = true;
            child.kill('SIGKILL');
          }, 30_000);
          await exited;
          clearTimeout(timer);
        }
        // After its graceful shutdown the process exits with code 0 (Nest's shutdown hooks, useProcessExit).
        const clean = wasRunning && !killed && exit?.code === 0;
        const how = !wasRunning
          ? `had already exited (code ${exit?.code}, signal ${exit?.signal})`
          : killed
            ? 'did not stop within 30 s of SIGTERM: killed'
            : `stopped (code ${exit?.code}, signal ${exit?.signal})`;
        return { clean, how };
      })()),
  };
}

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  exit: () => ExitInfo | undefined,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ended = exit();
    if (ended)
      throw new Error(`the API (pid ${child.pid}) exited with code ${ended.code ?? ended.signal} while starting`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API was not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function readMemory(pid: number | undefined): { hwmKiB: number; rssKiB: number } | undefined {
  if (pid === undefined) return undefined;
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined; // gone, or not Linux
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { hwmKiB: field('VmHWM'), rssKiB: field('VmRSS') };
}

/** utime + stime of `pid` and, separately, of all its descendants except itself (from /proc). */
function processTreeCpu(pid: number | undefined): { api: number; postgres: number } {
  if (pid === undefined) return { api: 0, postgres: 0 };
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return { api: 0, postgres: 0 };
  }
  for (const entry of entries) {
    try {
      stats.set(Number(entry), parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8')));
    } catch {
      // gone meanwhile
    }
  }
  const descendants = (root: number): number => {
    let ticks = 0;
    for (const [child, s] of stats) if (s.ppid === root) ticks += s.ticks + descendants(child);
    return ticks;
  };
  return {
    api: (stats.get(pid)?.ticks ?? 0) / CLOCK_TICKS_PER_SECOND,
    postgres: descendants(pid) / CLOCK_TICKS_PER_SECOND,
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---- autocannon (no bundled types; only what the benchmarks use) -------------------------------

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each send of this request; returns the request to send. */
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
}

export interface AutocannonClient {
  setRequests(requests: AutocannonRequest[]): void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: AutocannonRequest[];
  setupClient?: (client: AutocannonClient) => void;
}

export interface AutocannonResult {
  duration: number;
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
}

export interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: AutocannonClient, statusCode: number, resBytes: number, responseTimeMs: number) => void,
  ): void;
  stop(): void;
}

export type Autocannon = (options: AutocannonOptions) => AutocannonInstance;

export function loadAutocannon(): Autocannon {
  return createRequire(__filename)('autocannon') as Autocannon;
}
