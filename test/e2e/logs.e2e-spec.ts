import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { descendants, exited } from '../support/processes';

/**
 * Logs are pino's JSON lines for whatever reads them, and readable lines on a terminal (pino-pretty
 * through pino's transport). Shown on the worker, which logs through the same logger as the API;
 * `script` (util-linux) gives it a terminal.
 */
const WORKER = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('log lines', () => {
  let db: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    dataDir = mkdtempSync(join(tmpdir(), 'accord-logs-'));
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs `proc` until the worker says it runs, stops the worker with SIGTERM, returns all it wrote. */
  const outputUntilRunning = async (proc: ChildProcess) => {
    let output = '';
    proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    const end = exited(proc);
    while (!output.includes('Accord worker running')) {
      if (proc.exitCode !== null) throw new Error(`exited (${proc.exitCode}): ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // Under `script`, the worker is a descendant; the shell `script` runs (dash forks rather than
    // execs) also names the worker in its command line, so the worker is the one node runs.
    const worker = descendants(proc.pid as number).find((p) => p.command.startsWith(`${process.execPath} ${WORKER}`));
    process.kill(worker?.pid ?? (proc.pid as number));
    expect((await end).code).toBe(0);
    return output;
  };
  const env = () => ({ ...process.env, DATABASE_URL: db.url, ACCORD_DATA_DIR: dataDir, LOG_LEVEL: 'info' });

  it('are JSON, one object a line, when stdout is not a terminal', async () => {
    const output = await outputUntilRunning(spawn(process.execPath, [WORKER], { env: env(), stdio: 'pipe' }));
    const lines = output.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(JSON.parse(line)).toEqual(expect.objectContaining({ level: expect.any(Number) }));
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain(
      `Accord worker running on Node ${process.version}`,
    );
  });

  it('are readable lines (time, level, name, message) on a terminal', async () => {
    const script = spawn('script', ['-qfec', `'${process.execPath}' '${WORKER}'`, '/dev/null'], {
      env: env(),
      stdio: 'pipe',
    });
    const lines = (await outputUntilRunning(script)).replace(ANSI, '').split(/\r?\n/).filter(Boolean);
    expect(lines.filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^\\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] INFO \\(accord-worker\\): Accord worker running on Node ${process.version.replace(/\./g, '\\.')}$`,
        ),
      ),
    );
  });
});
