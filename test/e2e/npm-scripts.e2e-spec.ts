import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { alive, descendants, exited, freePort } from '../support/processes';

/**
 * A process manager (or `kill <pid>`) stops `npm start` and `npm run worker` by sending SIGTERM to
 * the npm process it started. npm passes it on to its child, the script's shell, which must have
 * become node (`exec node …`): then the API drains and stops its embedded PostgreSQL, and nothing
 * it started is left running.
 */
const ROOT = join(__dirname, '..', '..');

/** npm's own script, run with this Node (as `npm` on PATH would be, under npm run or npx). */
function npmCli(): string {
  const fromNpm = process.env.npm_execpath;
  if (fromNpm && /npm-cli\.js$/.test(fromNpm)) return fromNpm;
  return realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
}

describe('npm scripts pass SIGTERM on to node', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'accord-npm-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs `npm run <script>` until `ready`, sends SIGTERM to npm, and returns what ran below it. */
  const runThenTerminate = async (script: string, env: Record<string, string>, ready: (output: string) => boolean) => {
    const npm = spawn(process.execPath, [npmCli(), 'run', '-s', script], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: '', ACCORD_DATA_DIR: dataDir, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const end = exited(npm);
    while (!ready(output)) {
      if (npm.exitCode !== null) throw new Error(`npm run ${script} exited (${npm.exitCode}): ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const below = descendants(npm.pid as number);
    npm.kill('SIGTERM');
    const { code, signal } = await end;
    return { below, code, signal, output };
  };

  it('npm start: the API stops its PostgreSQL, npm exits 0 and no process is left', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    let readyAnswered = false;
    const { below, code } = await runThenTerminate(
      'start',
      { DATABASE_URL: '', PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' },
      () => {
        void fetch(`http://127.0.0.1:${port}/health/ready`).then(
          (r) => (readyAnswered ||= r.status === 200),
          () => undefined,
        );
        return readyAnswered;
      },
    );
    expect(below.some((p) => p.command.includes('dist/apps/api/src/main.js'))).toBe(true);
    expect(below.some((p) => p.command.includes(join(dataDir, 'postgres')))).toBe(true);
    expect(code).toBe(0);
    expect(below.filter((p) => alive(p.pid))).toEqual([]);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  describe.each(testEngines())('npm run worker, on $name', (engine) => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase(engine);
    });
    afterAll(() => db.drop());

    it('the worker stops, npm exits 0 and no process is left', async () => {
      const { below, code } = await runThenTerminate('worker', { DATABASE_URL: db.url, LOG_LEVEL: 'info' }, (output) =>
        output.includes('Accord worker running'),
      );
      expect(below.some((p) => p.command.includes('dist/apps/worker/src/main.js'))).toBe(true);
      expect(code).toBe(0);
      expect(below.filter((p) => alive(p.pid))).toEqual([]);
    });
  });
});
