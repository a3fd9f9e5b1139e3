import { spawn } from 'node:child_process';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { runAsLeader } from './leader-lock';

const [engine] = testEngines();

describe('runAsLeader', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(engine);
  });
  afterAll(() => db.drop());

  it('runs the work in one place at a time and hands over when the leader goes', async () => {
    const running: string[] = [];
    const log: string[] = [];
    const stopA = new AbortController();
    const stopB = new AbortController();
    const work = (who: string) => async (signal: AbortSignal) => {
      running.push(who);
      log.push(`${who} starts with ${running.length} running`);
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      running.splice(running.indexOf(who), 1);
    };
    const a = runAsLeader(
      { connectionString: db.url },
      { name: 'test-job', retryMs: 100, signal: stopA.signal },
      work('a'),
    );
    await new Promise((r) => setTimeout(r, 300));
    const b = runAsLeader(
      { connectionString: db.url },
      { name: 'test-job', retryMs: 100, signal: stopB.signal },
      work('b'),
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(running).toEqual(['a']);

    stopA.abort();
    await a;
    await new Promise((r) => setTimeout(r, 400));
    expect(running).toEqual(['b']);
    expect(log).toEqual(['a starts with 1 running', 'b starts with 1 running']);
    stopB.abort();
    await b;
  });

  it('takes over from a leader process killed with SIGKILL', async () => {
    const script = `
      const { runAsLeader } = require(${JSON.stringify(require.resolve('../../../../dist/libs/event-store/src/index.js'))});
      runAsLeader({ connectionString: process.argv[1] }, { name: 'killed-job', retryMs: 100, signal: new AbortController().signal }, async () => {
        process.stdout.write('leading\\n');
        await new Promise(() => {});
      });`;
    const child = spawn(process.execPath, ['-e', script, db.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const stop = new AbortController();
    let tookOver = false;
    const follower = runAsLeader(
      { connectionString: db.url },
      { name: 'killed-job', retryMs: 100, signal: stop.signal },
      async (signal) => {
        tookOver = true;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    );
    await new Promise((r) => setTimeout(r, 400));
    expect(tookOver).toBe(false);
    child.kill('SIGKILL');
    for (let i = 0; i < 50 && !tookOver; i++) await new Promise((r) => setTimeout(r, 100));
    expect(tookOver).toBe(true);
    stop.abort();
    await follower;
  });
});
