import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { moveDateTo } from '../support/fake-date';
import { addMember, asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * The call-in refusals that need a call-in under way or time to pass (issue 18): a second request
 * by the same scrutiny member while the call-in still waits for another, and a call-in once the
 * period is over. Nothing is backdated and no rule is relaxed: the decision is approved and its
 * notice published now, under the production period (five clear working days, London). The API
 * reads the clock of the process it runs in, which here is this suite's, so the suite moves that
 * clock past the period (Jest fakes `Date` alone, still advancing in real time; timers, the
 * database and every other process keep the real one) and asks again.
 */
const engine = testEngines()[0];
const { camdenAdmin, patel, reid, partnershipId } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const adams: Caller = { personId: 'k.adams', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const DAY = 24 * 3600_000;
const decision = '/v1/decisions/repairs-contract';

describe('call-in refusals over HTTP', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  const call = async (caller: Caller, method: string, path: string, body?: unknown) =>
    api.request(method, path, { token: await api.token(caller), body });
  /** The decision's own events: the scheduler may lapse other decisions once the clock moves on. */
  const eventCount = async () =>
    (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'decision-repairs-contract'`)).rows[0]
      .n as number;
  let callInUntil: string;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0' });
    // Council procedure whose key decisions none of these is; a call-in needs two scrutiny members.
    await seedSmallLedger(api, {
      approvalRule: 'all-parties-sign-off',
      quorum: 2,
      keyDecisions: {
        thresholdPence: 100_000_000_000,
        categories: ['funding'],
        scrutinyChairPersonId: okafor.personId,
        callInMembers: 2,
      },
    });
    for (const member of [okafor, adams])
      await addMember(api, camdenAdmin, member, { jobTitle: 'Member of Overview and Scrutiny', role: 'scrutiny' });
    await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
      decisionId: 'repairs-contract',
      title: 'Responsive repairs contract',
      motion: 'That the partnership lets the responsive repairs contract for two years.',
      category: 'governance',
    });
    await asCaller(api, patel, 'POST', `${decision}/open`, {
      closesAt: new Date(Date.now() + 7 * DAY).toISOString(),
    });
    for (const person of [patel, reid]) await asCaller(api, person, 'POST', `${decision}/sign-offs`, {});
    await asCaller(api, patel, 'POST', `${decision}/outcome`, {
      statement: 'Contract let',
      reasons: ['Best value of three tenders'],
      alternativesRejected: ['Extend the current contract'],
    });
    const notice = await asCaller(api, reid, 'POST', `${decision}/notice`, {});
    const notices = await asCaller(
      api,
      patel,
      'GET',
      `/v1/partnerships/${partnershipId}/decision-notices?minPosition=${notice.body.position}`,
    );
    callInUntil = notices.body.notices.find(
      (n: { decisionId: string }) => n.decisionId === 'repairs-contract',
    ).callInUntil;
    expect(callInUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  }, 120_000);
  afterAll(async () => {
    jest.useRealTimers();
    await api?.close();
    await db?.drop();
  });

  it('refuses a second call-in request by the same member while the call-in waits for another, writing nothing', async () => {
    const first = await call(adams, 'POST', `${decision}/call-in`, { reason: 'The tender scoring is unclear' });
    expect(first.status).toBe(201);
    expect(first.body.events.map((e: { type: string }) => e.type)).toEqual(['CallInRequested']);
    const before = await eventCount();
    expect(before).toBeGreaterThan(0);
    const again = await call(adams, 'POST', `${decision}/call-in`, { reason: 'Still unclear' });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 422, code: 'call-in-already-requested' });
    expect(again.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await eventCount()).toBe(before);
    const waiting = await call(patel, 'POST', `${decision}/implemented`, {});
    expect({ status: waiting.status, code: waiting.body.code }).toEqual({
      status: 422,
      code: 'decision-in-call-in-period',
    });
  });

  it('refuses a call-in once the period is over, writing nothing, and lets the decision be implemented', async () => {
    const after = new Date(`${callInUntil}T12:00:00Z`).getTime() + 2 * DAY;
    moveDateTo(after);
    const before = await eventCount();
    expect(before).toBeGreaterThan(0);
    const late = await call(okafor, 'POST', `${decision}/call-in`, { reason: 'The tender scoring is unclear' });
    expect({ status: late.status, code: late.body.code, callInUntil: late.body.callInUntil }).toEqual({
      status: 422,
      code: 'call-in-period-ended',
      callInUntil,
    });
    expect(await eventCount()).toBe(before);
    const implemented = await call(patel, 'POST', `${decision}/implemented`, {});
    expect(implemented.status).toBe(201);
  });
});
