import { decisionStreamId, partnershipStreamId } from '@accord/domain';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY, streamLog } from '../support/two-clocks';

const { patel, reid, partnershipId } = SMALL_LEDGER;

/**
 * A decision of two months ago entered today (DESIGN §5 "Two clocks", issue 17): each act says
 * when it happened, bad dates are refused with nothing written, and the closing-time scheduler
 * (every 250 ms in the API) leaves the decision open while its history is entered.
 */
for (const engine of testEngines()) {
  describe(`decisions recorded at their real past dates on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    const logOf = (decisionId: string) => streamLog(db.pool, decisionStreamId(decisionId));
    const draft = (decisionId: string, occurredAt?: string) =>
      asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId,
        title: `Lettings plan ${decisionId}`,
        motion: 'That the partnership adopts the lettings plan.',
        category: 'land-disposal',
        ...(occurredAt === undefined ? {} : { occurredAt }),
      });
    /** Several scheduler ticks: what it would lapse, it has lapsed by then. */
    const ticks = () => new Promise((resolve) => setTimeout(resolve, 1500));

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('refuses bad dates with a stable code and writes nothing', async () => {
      await draft('bad-dates', ago(70 * DAY));
      const opening = { closesAt: ago(50 * DAY), occurredAt: ago(60 * DAY) };
      const before = (await logOf('bad-dates')).length;
      const future = await send(patel, '/v1/decisions/bad-dates/open', {
        ...opening,
        occurredAt: new Date(Date.now() + DAY).toISOString(),
      });
      expect([future.status, future.body.code]).toEqual([422, 'occurred-at-in-future']);
      const noOffset = await send(patel, '/v1/decisions/bad-dates/open', {
        ...opening,
        occurredAt: '2026-03-01T10:00:00',
      });
      expect([noOffset.status, noOffset.body.code]).toEqual([400, 'validation-failed']);
      const closedFirst = await send(patel, '/v1/decisions/bad-dates/open', { ...opening, closesAt: ago(65 * DAY) });
      expect([closedFirst.status, closedFirst.body.code]).toEqual([422, 'closing-time-not-in-future']);
      expect((await send(patel, '/v1/decisions/bad-dates/open', opening)).status).toBe(200);

      const opened = (await logOf('bad-dates')).length;
      const tooEarly = await send(patel, '/v1/decisions/bad-dates/sign-offs', { occurredAt: ago(61 * DAY) });
      expect([tooEarly.status, tooEarly.body.code]).toEqual([422, 'occurred-at-too-early']);
      const afterClose = await send(patel, '/v1/decisions/bad-dates/sign-offs', { occurredAt: ago(49 * DAY) });
      expect([afterClose.status, afterClose.body.code]).toEqual([422, 'closing-time-passed']);
      const interestAfterClose = await send(reid, '/v1/decisions/bad-dates/interests', {
        nature: 'A tenant of the scheme',
        occurredAt: ago(40 * DAY),
      });
      expect([interestAfterClose.status, interestAfterClose.body.code]).toEqual([422, 'closing-time-passed']);
      expect(opened).toBe(before + 1);
      expect(await logOf('bad-dates')).toHaveLength(opened);
    });

    it('enters a past decision with its sign-offs and outcome: both clocks kept, never lapsed on the way', async () => {
      const when = {
        drafted: ago(62 * DAY),
        opened: ago(60 * DAY),
        patel: ago(57 * DAY),
        reid: ago(55 * DAY),
        outcome: ago(54 * DAY),
      };
      await draft('past-lettings', when.drafted);
      await asCaller(api, patel, 'POST', '/v1/decisions/past-lettings/open', {
        closesAt: ago(50 * DAY),
        occurredAt: when.opened,
      });
      // Its closing time passed weeks ago; the scheduler leaves it open for its history.
      await ticks();
      await asCaller(api, patel, 'POST', '/v1/decisions/past-lettings/sign-offs', { occurredAt: when.patel });
      await ticks();
      const last = await asCaller(api, reid, 'POST', '/v1/decisions/past-lettings/sign-offs', {
        occurredAt: when.reid,
      });
      expect(last.body.events.map((e: { type: string }) => e.type)).toEqual(['SignOffRecorded', 'DecisionApproved']);
      await asCaller(api, patel, 'POST', '/v1/decisions/past-lettings/outcome', {
        statement: 'The lettings plan is adopted.',
        reasons: ['It houses families from the waiting list first'],
        alternativesRejected: ['Open-market lettings'],
        occurredAt: when.outcome,
      });
      await ticks();

      const log = await logOf('past-lettings');
      expect(log.map((e) => e.type)).toEqual([
        'DecisionDrafted',
        'DecisionOpened',
        'SignOffRecorded',
        'SignOffRecorded',
        'DecisionApproved',
        'OutcomeRecorded',
      ]);
      expect(log.map((e) => e.metadata.occurredAt)).toEqual([
        when.drafted,
        when.opened,
        when.patel,
        when.reid,
        when.reid,
        when.outcome,
      ]);
      expect(log[1].data).toMatchObject({ openedAt: when.opened });
      expect(log[3].data).toMatchObject({ signedAt: when.reid });
      expect(log[4].data).toMatchObject({ approvedAt: when.reid });
      // Recorded today, weeks after it happened.
      for (const e of log)
        expect(Date.parse(e.recordedAt) - Date.parse(e.metadata.occurredAt)).toBeGreaterThan(50 * DAY);
    });

    it('shows the decision page as it stood on both clocks, to its parties only', async () => {
      const page = async (query: string, caller: Caller = reid) =>
        api.request('GET', `/v1/decisions/past-lettings${query}`, { token: await api.token(caller) });
      // Between the two sign-offs of two months ago, as known now.
      const between = await page(`?at=${ago(56 * DAY)}`);
      expect(between.status).toBe(200);
      expect(between.body).toMatchObject({ status: 'open', at: expect.any(String), asOf: expect.any(String) });
      expect(Object.keys(between.body.signOffs)).toEqual(['camden-council']);
      expect(between.headers.get('etag')).toBeNull();
      expect((await page(`?at=${ago(58 * DAY)}`)).body.signOffs).toEqual({});
      expect((await page(`?at=${ago(61 * DAY)}`)).body.status).toBe('draft');
      // Not yet drafted by then; not yet recorded (as the ledger said an hour ago).
      expect((await page(`?at=${ago(63 * DAY)}`)).status).toBe(404);
      expect((await page(`?asOf=${ago(3_600_000)}`)).status).toBe(404);
      expect((await page('')).body).toMatchObject({ status: 'approved', revision: 6 });
      expect((await page('?at=yesterday')).status).toBe(400);
      const outsider: Caller = { personId: 'k.obi', orgId: 'southwark-council', roles: ['member'] };
      expect((await page(`?at=${ago(56 * DAY)}`, outsider)).status).toBe(404);
    });

    it('shows the decision record and trail as they stood on both clocks, each act with both, to its parties only', async () => {
      const read = async (path: string, caller: Caller = reid) =>
        api.request('GET', `/v1/decisions/past-lettings${path}`, { token: await api.token(caller) });
      const kinds = (body: { acts: { kind: string }[] }) => body.acts.map((a) => a.kind);
      // Both are read models: asked at the decision's last position, they hold the writes above.
      const head = (await logOf('past-lettings')).at(-1)!.position;
      await read(`/trail?minPosition=${head}`);
      const now = await read(`/record?minPosition=${head}`);
      expect(now.status).toBe(200);
      expect(now.body).toMatchObject({ status: 'approved' });
      expect(now.body).not.toHaveProperty('asOf');
      // Each act says when it happened and when the ledger took it (today).
      const acts = now.body.acts as { kind: string; occurredAt: string; recordedAt: string }[];
      expect(acts.map((a) => a.kind)).toEqual(['sign-off', 'sign-off']);
      for (const act of acts) expect(Date.parse(act.recordedAt) - Date.parse(act.occurredAt)).toBeGreaterThan(50 * DAY);

      const between = await read(`/record?at=${ago(56 * DAY)}`);
      expect(between.status).toBe(200);
      expect(between.body).toMatchObject({ status: 'open', at: expect.any(String), asOf: expect.any(String) });
      expect(
        between.body.parties.flatMap((p: { organisationId: string; signedOff: boolean }) =>
          p.signedOff ? [p.organisationId] : [],
        ),
      ).toEqual([patel.orgId]);
      expect(kinds(between.body)).toEqual(['sign-off']);
      expect(kinds((await read(`/record?at=${ago(58 * DAY)}`)).body)).toEqual([]);
      expect((await read(`/record?at=${ago(63 * DAY)}`)).status).toBe(404);
      expect((await read(`/record?asOf=${ago(3_600_000)}`)).status).toBe(404);

      const lines = async (query: string) =>
        ((await read(`/trail${query}`)).body.lines as { type: string; occurredAt: string; recordedAt: string }[]).map(
          (l) => l.type,
        );
      expect(await lines(`?at=${ago(56 * DAY)}`)).toEqual(['DecisionDrafted', 'DecisionOpened', 'SignOffRecorded']);
      expect(await lines(`?asOf=${ago(3_600_000)}`)).toEqual([]);
      expect(await lines('')).toHaveLength(6);

      for (const path of ['/record?at=yesterday', '/record?asOf=2026-03-01T10:00:00', '/trail?at=yesterday']) {
        const bad = await read(path);
        expect([path, bad.status, bad.body.code]).toEqual([path, 400, 'validation-failed']);
      }
      const outsider: Caller = { personId: 'k.obi', orgId: 'southwark-council', roles: ['member'] };
      for (const path of [`/record?at=${ago(56 * DAY)}`, `/trail?at=${ago(56 * DAY)}`, `/record?asOf=${ago(0)}`]) {
        const refused = await read(path, outsider);
        expect([path, refused.status, refused.body.code]).toEqual([path, 404, 'decision-not-found']);
      }
    });

    it('implements and rescinds a past decision at their real dates: bad dates refused, both clocks in the trail', async () => {
      // past-lettings was approved 55 days ago; the decision that rescinds it, 35 days ago.
      const when = { implemented: ago(45 * DAY), rescinding: ago(35 * DAY), rescinded: ago(20 * DAY) };
      await draft('past-rescinding', ago(40 * DAY));
      await asCaller(api, patel, 'POST', '/v1/decisions/past-rescinding/open', {
        closesAt: ago(30 * DAY),
        occurredAt: ago(39 * DAY),
      });
      await asCaller(api, patel, 'POST', '/v1/decisions/past-rescinding/sign-offs', { occurredAt: ago(36 * DAY) });
      await asCaller(api, reid, 'POST', '/v1/decisions/past-rescinding/sign-offs', { occurredAt: when.rescinding });

      const before = (await logOf('past-lettings')).length;
      const refusals = [
        ['implemented', { occurredAt: ago(56 * DAY) }, 'occurred-at-too-early'],
        ['implemented', { occurredAt: new Date(Date.now() + DAY).toISOString() }, 'occurred-at-in-future'],
        [
          'rescind',
          { reason: 'r', authorisedByDecisionId: 'past-rescinding', occurredAt: ago(38 * DAY) },
          'occurred-at-too-early',
        ],
      ] as const;
      for (const [act, body, code] of refusals) {
        const refused = await send(patel, `/v1/decisions/past-lettings/${act}`, body);
        expect([act, refused.status, refused.body.code]).toEqual([act, 422, code]);
      }
      const noOffset = await send(patel, '/v1/decisions/past-lettings/implemented', {
        occurredAt: '2026-03-01T10:00:00',
      });
      expect([noOffset.status, noOffset.body.code]).toEqual([400, 'validation-failed']);
      expect(await logOf('past-lettings')).toHaveLength(before);

      await asCaller(api, patel, 'POST', '/v1/decisions/past-lettings/implemented', { occurredAt: when.implemented });
      const rescission = await asCaller(api, reid, 'POST', '/v1/decisions/past-lettings/rescind', {
        reason: 'The lettings plan is replaced by the allocations policy',
        authorisedByDecisionId: 'past-rescinding',
        occurredAt: when.rescinded,
      });
      const [implemented, rescinded] = (await logOf('past-lettings')).slice(before);
      expect([implemented.type, implemented.metadata.occurredAt]).toEqual(['DecisionImplemented', when.implemented]);
      expect(implemented.data).toMatchObject({ implementedAt: when.implemented });
      expect([rescinded.type, rescinded.metadata.occurredAt]).toEqual(['DecisionRescinded', when.rescinded]);

      const read = async (path: string) =>
        api.request('GET', `/v1/decisions/past-lettings${path}`, { token: await api.token(reid) });
      // As it had happened: in force three weeks ago, rescinded since; the page as of today says so.
      expect((await read(`?at=${ago(21 * DAY)}`)).body.status).toBe('approved');
      expect((await read(`?at=${ago(19 * DAY)}`)).body.status).toBe('rescinded');
      expect((await read('')).body.status).toBe('rescinded');
      // The trail is a read model: asked at the rescission's position, it holds both acts.
      const trail = (await read(`/trail?minPosition=${rescission.body.position}`)).body.lines as {
        type: string;
        occurredAt: string;
        recordedAt: string;
      }[];
      const byType = (type: string) => trail.find((l) => l.type === type);
      expect(byType('DecisionImplemented')?.occurredAt).toBe(when.implemented);
      expect(byType('DecisionRescinded')?.occurredAt).toBe(when.rescinded);
      for (const type of ['DecisionImplemented', 'DecisionRescinded']) {
        const line = byType(type)!;
        expect(Date.parse(line.recordedAt) - Date.parse(line.occurredAt)).toBeGreaterThan(19 * DAY);
      }
      const happened = (await read(`/trail?at=${ago(30 * DAY)}`)).body.lines as { type: string }[];
      expect(happened.map((l) => l.type)).toContain('DecisionImplemented');
      expect(happened.map((l) => l.type)).not.toContain('DecisionRescinded');
    });

    it('places an objective on the timeline when it was set, never before the partnership was proposed', async () => {
      const partnershipLog = () => streamLog(db.pool, partnershipStreamId(partnershipId));
      const log = await partnershipLog();
      const proposedAt = log[0].metadata.occurredAt;
      const objective = { objectiveId: 'past-homes', title: 'Homes', description: '60 homes for families' };
      const early = await send(patel, `/v1/partnerships/${partnershipId}/objectives`, {
        ...objective,
        occurredAt: new Date(Date.parse(proposedAt) - DAY).toISOString(),
      });
      expect([early.status, early.body.code]).toEqual([422, 'occurred-at-too-early']);
      expect(await partnershipLog()).toHaveLength(log.length);

      const setAt = new Date(Date.parse(proposedAt) + 1000).toISOString();
      await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/objectives`, {
        ...objective,
        occurredAt: setAt,
      });
      await ticks();
      const timeline = await api.request('GET', `/v1/partnerships/${partnershipId}/timeline`, {
        token: await api.token(reid),
      });
      const change = (timeline.body.changes as { type: string; at: string }[]).find((c) => c.type === 'ObjectiveSet');
      expect(change?.at).toBe(setAt);
    });

    it('still lapses a live decision at its closing time', async () => {
      await draft('live-lapse');
      await asCaller(api, patel, 'POST', '/v1/decisions/live-lapse/open', {
        closesAt: new Date(Date.now() + 1000).toISOString(),
      });
      await ticks();
      await ticks();
      const lapsed = (await logOf('live-lapse')).find((e) => e.type === 'DecisionLapsed');
      expect(lapsed?.data).toMatchObject({ reason: 'sign-offs-incomplete' });
    });
  });
}
