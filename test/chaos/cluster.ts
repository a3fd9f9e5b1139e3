import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exited } from '../support/processes';
import { PG_BIN } from '../support/replica';
import { TEST_KEK } from '../support/test-keys';

const ROOT = join(__dirname, '..', '..');
const BROKER_SH = join(ROOT, 'infra', 'cluster', 'broker.sh');
const FRONT_CFG = join(ROOT, 'infra', 'cluster', 'front.cfg');
const REPLICA = join(ROOT, 'infra', 'replica');
const run = promisify(execFile);

export type Role = 'api' | 'worker';

/**
 * The layout of infra/cluster (three APIs with BACKGROUND_JOBS=off, two workers, three Kafka
 * brokers, the front that routes each aggregate to one API) on a PostgreSQL primary of its own with a streaming replica the APIs' queries read
 * (infra/replica, DATABASE_READ_URL), run by the chaos test so it can kill and restart each part.
 * Ports derive from `portBase` as in infra/cluster/env.sh (the primary on base+1, the replica on
 * base+2); every one lies below Linux's ephemeral range, so a port a killed process held cannot be
 * taken by some outgoing connection meanwhile.
 */
export class ChaosCluster {
  readonly dataDir: string;
  readonly brokers: string;
  /** The primary (commands, the log, every background job) and its replica (the APIs' queries). */
  databaseUrl = '';
  readUrl = '';
  /** Apart from runDir: as root the servers run as the postgres user, who must reach it. */
  private readonly replicaDir = mkdtempSync(join(tmpdir(), 'accord-chaos-pg-'));
  private readonly procs = new Map<string, ChildProcess>();
  private readonly logs: WriteStream;

  constructor(
    readonly runDir: string,
    readonly portBase: number,
  ) {
    this.dataDir = join(runDir, 'data');
    mkdirSync(this.dataDir, { recursive: true });
    this.brokers = [1, 2, 3].map((i) => `127.0.0.1:${this.brokerPort(i)}`).join(',');
    this.logs = createWriteStream(join(runDir, 'processes.log'));
  }

  brokerPort(i: number): number {
    return this.portBase + 10 * i + 2;
  }
  apiPort(i: number): number {
    return this.portBase + 100 + i;
  }
  apiUrl(i: number): string {
    return `http://127.0.0.1:${this.apiPort(i)}`;
  }
  get frontUrl(): string {
    return `http://127.0.0.1:${this.portBase + 100}`;
  }
  /**
   * Starts whichever of the primary and its replica is not running (infra/replica/start.sh: the
   * first time it makes both) and returns once the replica streams from the primary.
   */
  async startPostgres(): Promise<void> {
    const { stdout } = await run(join(REPLICA, 'start.sh'), { env: this.replicaEnv() });
    const urls = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/=(.*)/s, 2)),
    );
    this.databaseUrl = urls.DATABASE_URL as string;
    this.readUrl = urls.DATABASE_READ_URL as string;
  }

  /** Fast shutdown of the primary or of the replica (startPostgres brings it back). */
  async stopPostgres(which: 'primary' | 'standby'): Promise<void> {
    await run(join(REPLICA, 'stop.sh'), [which], { env: this.replicaEnv() });
  }

  private replicaEnv(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PG_BIN,
      REPLICA_DIR: this.replicaDir,
      PRIMARY_PORT: String(this.portBase + 1),
      STANDBY_PORT: String(this.portBase + 2),
    };
  }

  async broker(action: 'start' | 'kill' | 'stop' | 'ready', i: number, wait = false): Promise<boolean> {
    try {
      await run(BROKER_SH, [action, String(i), ...(wait ? ['--wait'] : [])], {
        env: { ...process.env, CLUSTER_PORT_BASE: String(this.portBase), CLUSTER_RUN_DIR: join(this.runDir, 'kafka') },
      });
      return true;
    } catch (err) {
      if (action === 'ready') return false;
      throw new Error(`broker.sh ${action} ${i}: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`, {
        cause: err,
      });
    }
  }

  /** Starts the three brokers together (none serves before a majority of voters is up). */
  async startKafka(timeoutMs = 120_000): Promise<void> {
    await Promise.all([1, 2, 3].map((i) => this.broker('start', i)));
    for (const i of [1, 2, 3]) await this.until(() => this.broker('ready', i), timeoutMs, `broker ${i} ready`);
  }

  /** Starts API `i` (1..3) or worker `i` (1..2) and, for an API, waits until it is ready. */
  async start(role: Role, i: number): Promise<void> {
    const name = `${role}-${i}`;
    const script = join(ROOT, 'dist', 'apps', role, 'src', 'main.js');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: this.databaseUrl,
      DATABASE_POOL_SIZE: '5',
      ACCORD_DATA_DIR: this.dataDir,
      ACCORD_KEK: TEST_KEK,
      KAFKA_BROKERS: this.brokers,
      KAFKA_TOPIC_PREFIX: 'chaos.',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      RATE_LIMIT_READS_PER_MINUTE: '0',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '1',
      AUDIT_CHECKPOINT_EVERY_EVENTS: '100',
      FEED_HEARTBEAT_SECONDS: '2',
      READ_MODEL_CHECK_EVERY_MINUTES: '0',
      ...(role === 'api'
        ? { PORT: String(this.apiPort(i)), HOST: '127.0.0.1', BACKGROUND_JOBS: 'off', DATABASE_READ_URL: this.readUrl }
        : {}),
    };
    const proc = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.track(name, proc);
    if (role === 'api')
      await this.until(
        async () => {
          // One that exited while starting will never listen: say so now, not at the timeout.
          if (proc.exitCode !== null || proc.signalCode !== null)
            throw new Error(`${name} exited while starting (code ${proc.exitCode}, signal ${proc.signalCode})`);
          return (await fetch(`${this.apiUrl(i)}/health/live`).catch(() => undefined))?.status === 200;
        },
        300_000,
        `${name} listening`,
      );
  }

  /** Tags the process's output with its name in processes.log; stopAll stops it. */
  private track(name: string, proc: ChildProcess): void {
    const tag = (chunk: Buffer) =>
      this.logs.write(
        chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((line) => `${name} ${line}\n`)
          .join(''),
      );
    proc.stdout?.on('data', tag);
    proc.stderr?.on('data', tag);
    this.procs.set(name, proc);
  }

  /** Starts the front (HAProxy on infra/cluster/front.cfg) and waits until it answers through to an API. */
  async startFront(): Promise<void> {
    const proc = spawn('haproxy', ['-f', FRONT_CFG], {
      env: {
        ...process.env,
        ACCORD_FRONT_BIND: new URL(this.frontUrl).host,
        ...Object.fromEntries([1, 2, 3].map((i) => [`ACCORD_API_${i}`, new URL(this.apiUrl(i)).host])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.track('front', proc);
    await this.until(
      async () => {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`the front exited while starting (code ${proc.exitCode}, signal ${proc.signalCode})`);
        return (await fetch(`${this.frontUrl}/health/live`).catch(() => undefined))?.status === 200;
      },
      30_000,
      'the front listening',
    );
  }

  /** SIGKILLs a process (what a crash or the OOM killer does) and waits until it is gone. */
  async kill(role: Role, i: number): Promise<void> {
    const proc = this.procs.get(`${role}-${i}`);
    if (!proc) return;
    this.procs.delete(`${role}-${i}`);
    proc.kill('SIGKILL');
    await exited(proc);
  }

  /** Whether each started process still runs (a process that exited by itself is a finding). */
  deadOnTheirOwn(): string[] {
    return [...this.procs].filter(([, p]) => p.exitCode !== null || p.signalCode !== null).map(([name]) => name);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.procs.values()].map(async (p) => {
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
        await Promise.race([exited(p), new Promise((r) => setTimeout(r, 10_000))]);
        if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      }),
    );
    this.procs.clear();
    for (const i of [1, 2, 3]) await this.broker('kill', i).catch(() => undefined);
    await run(join(REPLICA, 'stop.sh'), ['--wipe'], { env: this.replicaEnv() }).catch(() => undefined);
    rmSync(this.replicaDir, { recursive: true, force: true });
    this.logs.end();
  }

  async until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
