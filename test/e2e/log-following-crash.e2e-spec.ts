import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import {
  countsByStream,
  savedJobState,
  startWorker,
  stopWorker as stop,
  until,
  type Worker,
} from '../support/log-following-worker';
import { seededRandom } from '../support/seeded-random';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * The closing-time scheduler keeps what it read of the log (job_states) and a start reads on from
 * there. Worker processes (the API running no background jobs, as at scale) are SIGKILLed one
 * after another at seeded instants while closing times fall due: each start reads on from where
 * the last save left it, never from position 1; every decision lapses, each once; and what the last
 * worker kept equals what one reading the whole log from position 1 keeps.
 */
const { patel, partnershipId } = SMALL_LEDGER;
const DECISIONS = 12;
const KILLS = 6;

interface Kept {
  open: [string, unknown][];
  callIns: [string, unknown][];
  retention: unknown;
}

describe('log-following jobs killed with SIGKILL', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let worker: Worker | undefined;
  const random = seededRandom(Number(process.env.CRASH_SEED ?? 17));

  const saved = () => savedJobState<Kept>(db.pool);
  const lapses = () => countsByStream(db.pool, 'DecisionLapsed');
  const launch = () => (worker = startWorker(db.url));

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({ DATABASE_URL: db.url, BACKGROUND_JOBS: 'off' });
    await seedSmallLedger(api);
  });
  afterAll(async () => {
    const proc = worker?.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) await stop(proc, 'SIGTERM');
    await api?.close();
    await db?.drop();
  });

  it('resumes from what was saved, lapses every decision once, and keeps what a whole reading keeps', async () => {
    // Opened before any worker runs: a later start knows of them only through what was saved.
    const firstClose = Date.now() + 6_000;
    for (let d = 0; d < DECISIONS; d++) {
      const decisionId = `lapsing-${String(d).padStart(2, '0')}`;
      await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId,
        title: `Motion ${d}`,
        motion: 'That the board agrees.',
        category: 'governance',
      });
      await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/open`, {
        closesAt: new Date(Math.max(firstClose, Date.now() + 2_000) + d * 400).toISOString(),
      });
    }

    let resumedAtLeast = 0;
    for (let k = 0; k < KILLS; k++) {
      const before = (await saved())?.position ?? 0;
      const { proc, resumedFrom } = launch();
      if (before > 0) {
        await until(async () => resumedFrom() !== null, 'the worker to restore what was saved');
        expect(resumedFrom()).toBeGreaterThanOrEqual(before + 1);
        resumedAtLeast++;
      } else await until(async () => (await saved()) !== undefined, 'the first save');
      await new Promise((r) => setTimeout(r, random() * 1_500));
      expect((await stop(proc, 'SIGKILL')).signal).toBe('SIGKILL');
    }
    expect(resumedAtLeast).toBe(KILLS - 1);

    const last = launch();
    await until(async () => last.resumedFrom() !== null, 'the last worker to restore what was saved');
    await until(async () => (await lapses()).length === DECISIONS, 'every decision to lapse', 60_000);
    await stop(last.proc, 'SIGTERM');
    expect(last.resumedFrom()).toBeGreaterThan(1);
    expect(await lapses()).toEqual(
      Array.from({ length: DECISIONS }, (_, d) => ({
        stream_id: `decision-lapsing-${String(d).padStart(2, '0')}`,
        n: 1,
      })),
    );

    const kept = await saved();
    // Only the decision closing in a day is still open, with the closing time it was opened with.
    expect(kept?.state.open.map(([id]) => id)).toEqual([SMALL_LEDGER.decisionId]);
    await db.pool.query('DELETE FROM job_states');
    const whole = launch();
    await until(async () => (await saved())?.position === kept?.position, 'a reading from position 1 to catch up');
    await stop(whole.proc, 'SIGTERM');
    expect(whole.resumedFrom()).toBeNull();
    expect(await saved()).toEqual(kept);
    expect(await lapses()).toHaveLength(DECISIONS);
  }, 240_000);
});
