import { callInPeriodEndsAt, decisionStreamId } from '@accord/domain';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { moveDateTo } from '../support/fake-date';
import { addMember, asCaller, seedCouncilPartnership, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY, LoggedEvent, streamLog } from '../support/two-clocks';

const { camdenAdmin, patel, reid } = SMALL_LEDGER;
/** Chairs scrutiny on camden-regeneration and holds the scrutiny role in the ledger. */
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member', 'scrutiny'] };

interface TrailLine {
  type: string;
  occurredAt: string;
  recordedAt: string;
  line: string;
}

const future = () => new Date(Date.now() + DAY).toISOString();
/** A London date as the trail line writes it ("14 May 2026"). */
const londonDay = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'short', year: 'numeric' })
    .format(new Date(iso))
    .replace(',', '');

/**
 * A council's key decision of four months ago entered today (DESIGN §5 "Two clocks", issues 17
 * and 18): each council-procedure act — forward plan, general exception, special urgency, notice,
 * call-in, scrutiny outcome, reconsideration, implementation — says when it happened; a date before
 * what it follows or in the future is refused with a stable code and nothing written; the trail
 * reads each act happened first, recorded second. A notice entered after its call-in period leaves
 * the period open for the call-ins dated inside it, and the scheduler (every 250 ms in the API)
 * ends it only after the recording window, dated at its true end.
 */
for (const engine of testEngines()) {
  describe(`council procedure recorded at its real past dates on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    const logOf = (decisionId: string) => streamLog(db.pool, decisionStreamId(decisionId));
    const draft = (decisionId: string, occurredAt: string, category = 'land-disposal') =>
      asCaller(api, patel, 'POST', '/v1/partnerships/camden-regeneration/decisions', {
        decisionId,
        title: `Disposal of ${decisionId}`,
        motion: `That the council disposes of ${decisionId}.`,
        category,
        valuePence: 30_000_000,
        occurredAt,
      });
    /** Opened, signed off by both parties and its outcome recorded, each on its day. */
    const approve = async (decisionId: string, opened: number) => {
      const path = `/v1/decisions/${decisionId}`;
      await asCaller(api, patel, 'POST', `${path}/open`, {
        closesAt: ago((opened - 10) * DAY),
        occurredAt: ago(opened * DAY),
      });
      await asCaller(api, patel, 'POST', `${path}/sign-offs`, { occurredAt: ago((opened - 1) * DAY) });
      await asCaller(api, reid, 'POST', `${path}/sign-offs`, { occurredAt: ago((opened - 2) * DAY) });
      await asCaller(api, patel, 'POST', `${path}/outcome`, {
        statement: `${decisionId} is disposed of to Peabody`,
        reasons: ['Best consideration reasonably obtainable'],
        alternativesRejected: ['Open-market sale'],
        occurredAt: ago((opened - 3) * DAY),
      });
    };
    /**
     * Each refusal answers 4xx with its code, and the decision's log is as it was: `act` sent with
     * an `occurredAt` before what it follows, in the future, and without an offset.
     */
    const refusesBadDates = async (
      decisionId: string,
      act: string,
      body: object,
      tooEarly: string,
      caller: Caller = patel,
    ) => {
      const before = (await logOf(decisionId)).length;
      const refusals: [string, number, string][] = [
        [tooEarly, 422, 'occurred-at-too-early'],
        [future(), 422, 'occurred-at-in-future'],
        ['2026-03-01T10:00:00', 400, 'validation-failed'],
      ];
      for (const [occurredAt, status, code] of refusals) {
        const refused = await send(caller, `/v1/decisions/${decisionId}/${act}`, { ...body, occurredAt });
        expect([act, occurredAt, refused.status, refused.body.code]).toEqual([act, occurredAt, status, code]);
      }
      expect(await logOf(decisionId)).toHaveLength(before);
    };
    /** Sends `act` dated `occurredAt` and returns the event it appended first. */
    const recordAt = async (
      decisionId: string,
      act: string,
      body: object,
      occurredAt: string,
      caller: Caller = patel,
    ) => {
      const done = await asCaller(api, caller, 'POST', `/v1/decisions/${decisionId}/${act}`, { ...body, occurredAt });
      return done.body as { position: number; events: { type: string }[] };
    };
    const trailOf = async (decisionId: string) => {
      const head = (await logOf(decisionId)).at(-1)!.position;
      const trail = await asCaller(api, reid, 'GET', `/v1/decisions/${decisionId}/trail?minPosition=${head}`);
      return trail.body.lines as TrailLine[];
    };
    /** Its trail line: both clocks, happened first and recorded (today) second. */
    const expectHappenedFirst = (lines: TrailLine[], type: string, occurredAt: string) => {
      const line = lines.find((l) => l.type === type);
      expect([type, line?.occurredAt]).toEqual([type, occurredAt]);
      expect(Date.parse(line!.recordedAt) - Date.parse(occurredAt)).toBeGreaterThan(20 * DAY);
      expect(line!.line.startsWith(londonDay(occurredAt))).toBe(true);
      expect(line!.line).toMatch(new RegExp(`\\(recorded on ${londonDay(line!.recordedAt)} \\d\\d:\\d\\d\\)$`));
    };
    /** Several scheduler ticks: what it would end, it has ended by then. */
    const ticks = () => new Promise((resolve) => setTimeout(resolve, 1500));

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0' });
      await seedSmallLedger(api);
      await seedCouncilPartnership(api, okafor.personId);
      await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny', role: 'scrutiny' });
    }, 90_000);
    afterAll(async () => {
      jest.useRealTimers();
      await api?.close();
      await db?.drop();
    });

    it('walks a key decision from the forward plan to its implementation at their real dates, each act on both clocks', async () => {
      const id = 'past-depot';
      const when = {
        plan: ago(118 * DAY),
        notice: ago(71 * DAY),
        callIn: ago(70 * DAY),
        scrutiny: ago(60 * DAY),
        reconsidered: ago(50 * DAY),
        implemented: ago(40 * DAY),
      };
      await draft(id, ago(120 * DAY));
      // Expected on the London date it was opened.
      const plan = { decisionMaker: 'Camden Regeneration board' };
      const expectedDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
        new Date(Date.now() - 80 * DAY),
      );
      await refusesBadDates(id, 'forward-plan', { ...plan, expectedDate }, ago(121 * DAY));
      await recordAt(id, 'forward-plan', { ...plan, expectedDate }, when.plan);
      await approve(id, 80);

      await refusesBadDates(id, 'notice', {}, ago(79 * DAY), reid);
      await recordAt(id, 'notice', {}, when.notice, reid);
      const callIn = { reason: 'The valuation is two years old' };
      await refusesBadDates(id, 'call-in', callIn, ago(72 * DAY), okafor);
      await recordAt(id, 'call-in', callIn, when.callIn, okafor);
      const outcome = { outcome: 'referred-back', recommendations: 'Obtain a fresh valuation' };
      await refusesBadDates(id, 'scrutiny-outcome', outcome, ago(70.5 * DAY), okafor);
      await recordAt(id, 'scrutiny-outcome', outcome, when.scrutiny, okafor);
      const reconsideration = { reason: 'The fresh valuation confirms the price' };
      await refusesBadDates(id, 'reconsideration', reconsideration, ago(61 * DAY));
      await recordAt(id, 'reconsideration', reconsideration, when.reconsidered);
      await refusesBadDates(id, 'implemented', {}, ago(51 * DAY));
      await recordAt(id, 'implemented', {}, when.implemented);

      const log = await logOf(id);
      const occurred = (type: string) => log.find((e) => e.type === type)?.metadata.occurredAt;
      expect({
        plan: occurred('ForwardPlanEntryPublished'),
        notice: occurred('DecisionNoticePublished'),
        callIn: occurred('CallInRequested'),
        scrutiny: occurred('ScrutinyOutcomeRecorded'),
        reconsidered: occurred('DecisionReconsidered'),
        implemented: occurred('DecisionImplemented'),
      }).toEqual(when);
      expect(occurred('DecisionCalledIn')).toBe(when.callIn);
      // The decision's record says when each act happened.
      const page = await asCaller(api, reid, 'GET', `/v1/decisions/${id}`);
      expect(page.body).toMatchObject({
        forwardPlanPublishedAt: when.plan,
        noticePublishedAt: when.notice,
        calledInAt: when.callIn,
        scrutinyOutcome: 'referred-back',
        scrutinyOutcomeAt: when.scrutiny,
        reconsideredAt: when.reconsidered,
        implementedAt: when.implemented,
      });
      // As it had happened two months ago: called in, not yet reconsidered; as the ledger said an hour ago: nothing.
      const then = await asCaller(api, reid, 'GET', `/v1/decisions/${id}?at=${ago(65 * DAY)}`);
      expect(then.body).toMatchObject({ calledInAt: when.callIn });
      expect(then.body.reconsideredAt ?? null).toBeNull();
      const recorded = await api.request('GET', `/v1/decisions/${id}?asOf=${ago(3_600_000)}`, {
        token: await api.token(reid),
      });
      expect(recorded.status).toBe(404);

      const lines = await trailOf(id);
      expectHappenedFirst(lines, 'ForwardPlanEntryPublished', when.plan);
      expectHappenedFirst(lines, 'DecisionNoticePublished', when.notice);
      expectHappenedFirst(lines, 'CallInRequested', when.callIn);
      expectHappenedFirst(lines, 'ScrutinyOutcomeRecorded', when.scrutiny);
      expectHappenedFirst(lines, 'DecisionReconsidered', when.reconsidered);
      expectHappenedFirst(lines, 'DecisionImplemented', when.implemented);
      // Called in, it was never ended by the scheduler, however long ago its period ran out.
      expect(log.map((e) => e.type)).not.toContain('CallInPeriodEnded');
    });

    it('records a general exception and special urgency at their real dates', async () => {
      await draft('past-exception', ago(120 * DAY));
      const exception = { reason: 'The buyer’s funding lapses', scrutinyChairNotifiedAt: ago(111 * DAY) };
      await refusesBadDates('past-exception', 'general-exception', exception, ago(121 * DAY));
      const excepted = ago(110 * DAY);
      await recordAt('past-exception', 'general-exception', exception, excepted);

      await draft('past-urgency', ago(120 * DAY));
      const urgency = { reason: 'The grant lapses on Friday' };
      await refusesBadDates('past-urgency', 'special-urgency', urgency, ago(121 * DAY), okafor);
      const agreed = ago(100 * DAY);
      await recordAt('past-urgency', 'special-urgency', urgency, agreed, okafor);
      // Opened on the strength of it, at its date.
      await approve('past-urgency', 99);

      expect((await asCaller(api, reid, 'GET', '/v1/decisions/past-exception')).body).toMatchObject({
        generalExceptionPublishedAt: excepted,
      });
      expect((await asCaller(api, reid, 'GET', '/v1/decisions/past-urgency')).body).toMatchObject({
        specialUrgencyAgreedAt: agreed,
        keyDecision: 'special-urgency',
      });
      expectHappenedFirst(await trailOf('past-exception'), 'GeneralExceptionRecorded', excepted);
      expectHappenedFirst(await trailOf('past-urgency'), 'SpecialUrgencyAgreed', agreed);
    });

    it('leaves a call-in period whose notice was entered late open for the call-ins dated inside it, then ends it at its true end', async () => {
      for (const id of ['late-called', 'late-quiet']) {
        await draft(id, ago(45 * DAY), 'governance');
        await approve(id, 44);
        await recordAt(id, 'notice', {}, ago(30 * DAY), reid);
      }
      // Its period ran out weeks ago; the scheduler leaves it open for the recording window.
      await ticks();
      expect((await logOf('late-quiet')).map((e) => e.type)).not.toContain('CallInPeriodEnded');
      const called = await recordAt(
        'late-called',
        'call-in',
        { reason: 'The costs are unclear' },
        ago(29 * DAY),
        okafor,
      );
      expect(called.events.map((e) => e.type)).toEqual(['CallInRequested', 'DecisionCalledIn']);

      const notice = (await logOf('late-quiet')).find((e) => e.type === 'DecisionNoticePublished')!;
      const endsAt = callInPeriodEndsAt(notice.data.callInUntil as string);
      // A day after the notice was recorded, the window has run: ended once, dated at the period's end.
      moveDateTo(Date.parse(notice.recordedAt) + DAY + 60_000);
      try {
        let ended: LoggedEvent | undefined;
        for (let i = 0; i < 40 && !ended; i++) {
          await ticks();
          ended = (await logOf('late-quiet')).find((e) => e.type === 'CallInPeriodEnded');
        }
        expect(ended?.data).toMatchObject({ callInUntil: notice.data.callInUntil, endedAt: endsAt });
        const before = (await logOf('late-quiet')).length;
        const late = await send(okafor, '/v1/decisions/late-quiet/call-in', {
          reason: 'Found in the post',
          occurredAt: ago(29 * DAY),
        });
        expect([late.status, late.body.code]).toEqual([422, 'call-in-period-ended']);
        expect(await logOf('late-quiet')).toHaveLength(before);
        expect((await logOf('late-called')).map((e) => e.type)).not.toContain('CallInPeriodEnded');
      } finally {
        jest.useRealTimers();
      }
    }, 120_000);
  });
}
