import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateLocalSigningKey, mintToken } from '@accord/access';
import { testKafkaBrokers } from '../support/kafka';
import { alive, descendants, exited, freePort } from '../support/processes';

/**
 * `npm start` with no configuration: the API process runs its own PostgreSQL under the data
 * directory. It must be ready quickly, keep data across restarts, stop its database on
 * SIGTERM, and recover when it was killed (orphaned database, stale pid file, port taken).
 * Each test starts its own API on its own data directory and ports; whatever it leaves running
 * is stopped after it, so no test finds another's processes or data.
 */
const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

describe('the API on its embedded PostgreSQL (as `npm start` runs it)', () => {
  /** Under CI always set: the global setup fails the run without a broker. */
  const kafkaBrokers = testKafkaBrokers();
  let dataDir: string;
  let port: number;
  let pgPort: number;
  let child: ChildProcess | undefined;
  /** What the running API has written to stdout (its JSON log) and stderr. */
  let output = '';
  let token: string;

  const start = async (extraEnv: Record<string, string> = {}) => {
    const startedAt = Date.now();
    const proc = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        KAFKA_BROKERS: '',
        ACCORD_DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    output = '';
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      output += c.toString();
    });
    child = proc;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`API exited (${proc.exitCode}): ${stderr}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      if (ready?.status === 200) return Date.now() - startedAt;
      if (Date.now() - startedAt > 30_000) throw new Error(`not ready within 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const postmasterPid = () => {
    try {
      return Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return null;
    }
  };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  /** A platform admin's token, signed with the local key in the data directory. */
  const signIn = async () => {
    const key = await loadOrCreateLocalSigningKey(dataDir);
    token = await mintToken(
      {
        personId: 'root',
        orgId: 'platform',
        roles: ['admin'],
        expiresIn: '1h',
        issuer: 'accord-local',
        audience: 'accord',
      },
      key,
    );
  };
  /** Starts the API and registers Camden Council through it; says how long it took to be ready. */
  const startAndRegister = async (extraEnv: Record<string, string> = {}) => {
    const took = await start(extraEnv);
    await signIn();
    expect(
      (
        await call('POST', '/v1/organisations', {
          organisationId: 'camden-council',
          name: 'Camden Council',
          kind: 'local-authority',
        })
      ).status,
    ).toBe(201);
    return took;
  };

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'accord-embedded-'));
    port = await freePort();
    pgPort = await freePort();
    child = undefined;
  });
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const done = exited(child);
      child.kill('SIGTERM');
      await done;
    }
    const pid = postmasterPid();
    if (pid && alive(pid)) {
      process.kill(pid, 'SIGINT');
      while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a bad configuration value with one line naming it and exit code 1', async () => {
    const proc = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const { code } = await exited(proc);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'invalid configuration: PORT Invalid input: expected number, received NaN (got "eighty")',
    ]);
  });

  it('starts with no configuration, ready within 15 s, and writes', async () => {
    const took = await startAndRegister();
    expect(took).toBeLessThan(15_000);
  });

  it('stops its PostgreSQL on SIGTERM and finds the data again on restart', async () => {
    await startAndRegister();
    const pg = postmasterPid() as number;
    expect(alive(pg)).toBe(true);
    const done = exited(child as ChildProcess);
    child?.kill('SIGTERM');
    await done;
    expect(alive(pg)).toBe(false);
    expect(postmasterPid()).toBeNull();

    await start();
    expect(((await (await call('GET', '/v1/organisations/camden-council')).json()) as { name: string }).name).toBe(
      'Camden Council',
    );
  });

  /**
   * Sixteen writers register organisations until the API has answered 100, then it gets SIGTERM.
   * Every write answered 201 must be there after a restart (without Kafka, as `npm start`), the
   * others must be clean refusals, and its log must hold no warning or error.
   */
  const sigtermUnderWrites = async (label: string) => {
    const answered: string[] = [];
    const otherAnswers: number[] = [];
    let stopping = false;
    let next = 0;
    const writer = async () => {
      while (!stopping) {
        const organisationId = `sigterm-${label}-${next++}`;
        const response = await call('POST', '/v1/organisations', {
          organisationId,
          name: `Organisation ${organisationId}`,
          kind: 'housing-association',
        }).catch(() => null);
        await response?.text().catch(() => undefined);
        if (response?.status === 201) answered.push(organisationId);
        else if (response) otherAnswers.push(response.status);
        else await new Promise((r) => setTimeout(r, 10)); // gone: wait for the test to notice
      }
    };
    const writers = Array.from({ length: 16 }, writer);
    const deadline = Date.now() + 20_000;
    while (answered.length < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const done = exited(child as ChildProcess);
    child?.kill('SIGTERM');
    await done;
    stopping = true;
    await Promise.all(writers);
    // LOG_LEVEL=warn: a warning or an error (level ≥ 40) would be a request or a job cut off.
    expect(output.split('\n').filter((line) => /"level":(4|5|6)0|Cannot use a pool|Error/.test(line))).toEqual([]);
    expect(answered.length).toBeGreaterThanOrEqual(100);
    // Refused while draining (503), or past the write limit's burst of 150 (429), never half-done.
    expect(otherAnswers.filter((status) => status !== 503 && status !== 429)).toEqual([]);

    await start();
    for (const organisationId of answered)
      expect((await call('GET', `/v1/organisations/${organisationId}`)).status).toBe(200);
  };

  it('on SIGTERM under a stream of writes, answers what it took, loses none of it and logs no error', async () => {
    await start();
    await signIn();
    await sigtermUnderWrites('plain');
  });

  // Each new organisation is a new party topic for the relay to create while it is being stopped.
  (kafkaBrokers ? it : it.skip)('the same with the Kafka relay on', async () => {
    await start({ KAFKA_BROKERS: kafkaBrokers ?? '', KAFKA_TOPIC_PREFIX: `lifecycle-${process.pid}.` });
    await signIn();
    await sigtermUnderWrites('kafka');
  });

  it('recovers after being killed with SIGKILL, stopping the orphaned PostgreSQL', async () => {
    await startAndRegister();
    const orphan = postmasterPid() as number;
    const done = exited(child as ChildProcess);
    child?.kill('SIGKILL');
    await done;
    expect(alive(orphan)).toBe(true); // the database outlived its parent

    await start();
    expect(alive(orphan)).toBe(false);
    expect((await call('GET', '/v1/organisations/camden-council')).status).toBe(200);
  });

  it('uses another port when its PostgreSQL port is taken by something else', async () => {
    const squatter = net.createServer().listen(pgPort, '127.0.0.1');
    try {
      await startAndRegister();
      expect((await call('GET', '/v1/organisations/camden-council')).status).toBe(200);
    } finally {
      squatter.close();
    }
  });

  it('stops the PostgreSQL it started when it cannot listen (HTTP port taken), with one line naming the cause', async () => {
    const squatter = net.createServer().listen(port, '127.0.0.1');
    try {
      const proc = spawn(process.execPath, [MAIN], {
        env: {
          ...process.env,
          DATABASE_URL: '',
          KAFKA_BROKERS: '',
          ACCORD_DATA_DIR: dataDir,
          PORT: String(port),
          EMBEDDED_PG_PORT: String(pgPort),
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      proc.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
      proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
      // Its PostgreSQL processes, seen while it starts (their command lines name the cluster).
      const seen = new Set<number>();
      const watch = setInterval(() => {
        for (const p of descendants(proc.pid as number)) if (p.command.includes(dataDir)) seen.add(p.pid);
      }, 20);
      const { code } = await exited(proc);
      clearInterval(watch);

      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([
        `Accord failed to start (Node ${process.version}): listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      ]);
      expect(stdout).toContain('embedded PostgreSQL ready');
      expect(seen.size).toBeGreaterThan(0);
      expect([...seen].filter(alive)).toEqual([]);
      expect(postmasterPid()).toBeNull(); // a clean shutdown removes it
    } finally {
      squatter.close();
    }
  });
});
