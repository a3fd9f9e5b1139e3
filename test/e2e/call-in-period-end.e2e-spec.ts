import { parse } from 'csv-parse/sync';
import { callInPeriodEndsAt } from '@accord/domain';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { moveDateTo } from '../support/fake-date';
import {
  countsByStream,
  savedJobState,
  startWorker,
  stopWorker,
  until,
  type Worker,
} from '../support/log-following-worker';
import { seededRandom } from '../support/seeded-random';
import {
  addMember,
  approveWithNotice,
  asCaller,
  seedCouncilPartnership,
  seedSmallLedger,
  SMALL_LEDGER,
} from '../support/small-ledger';

/**
 * The closing-time scheduler ends call-in periods as it ends closing times (issue 18): once the
 * period's last London date has passed it appends `CallInPeriodEnded`, once, as Accord, never for
 * a called-in decision, and across restarts. Nothing is backdated and no rule shortened: the
 * period is the production one (five clear working days after today's notice), and the clock of
 * the process running the scheduler is moved past it (see README "moving the clock").
 */
const engine = testEngines()[0];
const { camdenAdmin, patel } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const ENDED = 'CallInPeriodEnded';
const parseCsv = (text: string): Record<string, string>[] => parse(text, { columns: true } as never);

/** The small ledger and its council partnership (Okafor chairs scrutiny and may call in); `noticed` approved with their notices. */
async function seedNoticed(api: ApiHarness, noticed: string[]): Promise<string> {
  await seedSmallLedger(api);
  await seedCouncilPartnership(api, okafor.personId);
  await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny', role: 'scrutiny' });
  const write = (caller: Caller, method: string, path: string, body?: unknown) =>
    asCaller(api, caller, method, path, body);
  for (const decisionId of noticed) await approveWithNotice(write, decisionId, `Lease ${decisionId}`);
  return noticed[0];
}

async function callInUntil(db: TestDatabase, decisionId: string): Promise<string> {
  const { rows } = await db.pool.query<{ until: string }>(
    `SELECT convert_from(canonical, 'UTF8')::jsonb->'data'->>'callInUntil' AS until
     FROM events WHERE type = 'DecisionNoticePublished' AND stream_id = $1`,
    [`decision-${decisionId}`],
  );
  expect(rows[0]?.until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  return rows[0].until;
}

describe('call-in periods end by the scheduler', () => {
  let db: TestDatabase;
  let api: ApiHarness;

  afterEach(async () => {
    jest.useRealTimers();
    await api?.close();
    await db?.drop();
  });

  it('appends CallInPeriodEnded once, as Accord, after the last London date; none for a called-in decision; no person may send it', async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0' });
    await seedNoticed(api, ['depot-lease', 'yard-lease']);
    await asCaller(api, okafor, 'POST', '/v1/decisions/yard-lease/call-in', { reason: 'The rent is below market' });
    const until_ = await callInUntil(db, 'depot-lease');

    // During the period: refused implementation, and nothing ended however often the scheduler ticks.
    const early = await api.request('POST', '/v1/decisions/depot-lease/implemented', {
      token: await api.token(patel),
      body: {},
    });
    expect({ status: early.status, code: early.body.code }).toEqual({
      status: 422,
      code: 'decision-in-call-in-period',
    });
    // Neither a board member nor the platform admin can send the scheduler's command: there is no route.
    for (const caller of [patel, SMALL_LEDGER.admin]) {
      const forged = await api.request('POST', '/v1/decisions/depot-lease/close-call-in-period', {
        token: await api.token(caller),
        body: {},
      });
      expect(forged.status).toBe(404);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await countsByStream(db.pool, ENDED)).toEqual([]);

    const endsAt = callInPeriodEndsAt(until_);
    moveDateTo(Date.parse(endsAt) + 60_000);
    await until(async () => (await countsByStream(db.pool, ENDED)).length > 0, 'the period to end');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await countsByStream(db.pool, ENDED)).toEqual([{ stream_id: 'decision-depot-lease', n: 1 }]);
    const { rows } = await db.pool.query(
      `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE type = $1 AND stream_id = 'decision-depot-lease'`,
      [ENDED],
    );
    expect(rows[0].e.data).toEqual({
      decisionId: 'depot-lease',
      partnershipId: 'camden-regeneration',
      callInUntil: until_,
      endedAt: endsAt,
    });
    expect(rows[0].e.metadata.actor).toEqual({ personId: 'accord:scheduler', orgId: 'accord', roles: [] });

    const decision = await asCaller(api, patel, 'GET', '/v1/decisions/depot-lease');
    expect(decision.body).toMatchObject({ callInUntil: until_, callInEndedAt: endsAt });
    // The public register, from its read model, says so to anyone.
    const published = async () => {
      const register = await api.request('GET', '/v1/public/partnerships/camden-regeneration/decisions');
      return register.body.items.find((d: { decisionId: string }) => d.decisionId === 'depot-lease')?.callIn;
    };
    await until(async () => (await published())?.endedAt === endsAt, 'the public register to show the end');
    expect(await published()).toMatchObject({ until: until_, calledInAt: null, endedAt: endsAt });
    // The open data, and the parties' download, carry it as a column; the called-in decision has none.
    const endedIn = async (path: string, token?: string) => {
      const csv = await api.request('GET', path, token === undefined ? {} : { token });
      expect(csv.status).toBe(200);
      const rows = parseCsv(csv.body as string).map((r) => [r.decision_id, r.call_in_ended_at]);
      return Object.fromEntries(rows.filter(([id]) => id === 'depot-lease' || id === 'yard-lease'));
    };
    const expected = { 'depot-lease': endsAt, 'yard-lease': '' };
    expect(await endedIn('/v1/public/partnerships/camden-regeneration/decisions.csv')).toEqual(expected);
    expect(await endedIn('/v1/partnerships/camden-regeneration/decisions.csv', await api.token(patel))).toEqual(
      expected,
    );
    const register = await asCaller(api, patel, 'GET', '/v1/decisions?partnershipId=camden-regeneration');
    expect(register.body.items.find((d: { decisionId: string }) => d.decisionId === 'depot-lease')).toMatchObject({
      callInEndedAt: endsAt,
    });
    const implemented = await api.request('POST', '/v1/decisions/depot-lease/implemented', {
      token: await api.token(patel),
      body: {},
    });
    expect(implemented.status).toBe(201);
    // The governance report lists it as implemented, after the period's end.
    const report = await api.request(
      'GET',
      `/v1/accountability?organisationId=camden-council&minPosition=${implemented.body.position}`,
      { token: await api.token(SMALL_LEDGER.admin) },
    );
    expect(report.status).toBe(200);
    expect(report.body.implemented).toEqual([
      expect.objectContaining({ decisionId: 'depot-lease', implementedAt: expect.any(String), callInEndedAt: endsAt }),
    ]);
  }, 180_000);

  it('ends each period exactly once when workers are SIGKILLed around the moment it falls due', async () => {
    const DECISIONS = ['bus-depot-lease', 'car-park-lease', 'hostel-lease', 'store-lease'];
    const KILLS = 5;
    const random = seededRandom(Number(process.env.CRASH_SEED ?? 18));
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0', BACKGROUND_JOBS: 'off' });
    await seedNoticed(api, DECISIONS);
    const endsAt = Date.parse(callInPeriodEndsAt(await callInUntil(db, DECISIONS[0])));
    const killedAt: number[] = [];
    let worker: Worker | undefined;
    const startAndKill = async (offset: number) => {
      worker = startWorker(db.url, offset);
      const { resumedFrom } = worker;
      await until(
        async () => resumedFrom() !== null || (await savedJobState(db.pool)) !== undefined,
        'the worker to read the log',
      );
      await new Promise((r) => setTimeout(r, random() * 1_500));
      expect((await stopWorker(worker.proc, 'SIGKILL')).signal).toBe('SIGKILL');
      killedAt.push(Date.now());
    };
    try {
      // A first worker on the real clock (nothing due for days) shows how long one takes to start
      // here; the periods then fall due three times that later, so the next kill comes before it
      // however busy the machine, and kills go on until one has come after it.
      const probing = Date.now();
      await startAndKill(0);
      // Every worker's clock reaches the period's end at the same real moment.
      const dueReal = Date.now() + 3 * (Date.now() - probing) + 2_000;
      const offset = endsAt - dueReal;
      for (let k = 0; k < KILLS || killedAt[killedAt.length - 1] <= dueReal; k++) await startAndKill(offset);
      expect(killedAt.filter((t) => t < dueReal).length).toBeGreaterThan(1);
      worker = startWorker(db.url, offset);
      await until(
        async () => (await countsByStream(db.pool, ENDED)).length === DECISIONS.length,
        'every period to end',
        60_000,
      );
      await new Promise((r) => setTimeout(r, 1_000));
      await stopWorker(worker.proc, 'SIGTERM');
    } finally {
      if (worker && worker.proc.exitCode === null && worker.proc.signalCode === null)
        await stopWorker(worker.proc, 'SIGKILL');
    }
    expect(await countsByStream(db.pool, ENDED)).toEqual(
      [...DECISIONS].sort().map((decisionId) => ({ stream_id: `decision-${decisionId}`, n: 1 })),
    );
    const kept = await savedJobState<{ callIns: unknown[] }>(db.pool);
    expect(kept?.state.callIns).toEqual([]);
  }, 240_000);
});
