/**
 * Council procedure over HTTP (DESIGN §1): terms that make a decision key, the forward plan, and
 * a key decision refused until it has due notice or the scrutiny chair's agreement. The 28 and 5
 * clear days run on the server's clock and are shown in libs/domain; here, everything else.
 */
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import {
  asCaller,
  draftGospelOakDisposal,
  londonDateIn,
  seedCouncilPartnership,
  seedSmallLedger,
  SMALL_LEDGER,
} from '../support/small-ledger';
import { tablesHolding } from '../support/tables-holding';

const { admin, camdenAdmin, patel, reid } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const auditor: Caller = { personId: 'e.audit', orgId: 'external-audit', roles: ['auditor'] };
const outsider: Caller = { personId: 'o.stone', orgId: 'islington', roles: ['member'] };
/** Granted the scrutiny role in the ledger (Okafor's token says scrutiny, the ledger does not). */
const adams: Caller = { personId: 'k.adams', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const partnershipId = 'camden-regeneration';
const decisionId = 'gospel-oak-disposal';
const DAY = 86_400_000;
const PATEL_INTEREST = 'Her sister chairs the Gospel Oak community garden.';
const DISPENSATION = 'Her sister takes no part in the lease; the garden is a charity.';

for (const engine of testEngines()) {
  describe(`council procedure over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const call = async (caller: Caller, method: string, path: string, body?: unknown) =>
      api.request(method, path, { token: await api.token(caller), body });

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
        personId: okafor.personId,
        jobTitle: 'Chair of Overview and Scrutiny',
      });
      await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
        personId: adams.personId,
        jobTitle: 'Member of Overview and Scrutiny',
      });
      await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles', {
        personId: adams.personId,
        role: 'scrutiny',
      });
      await asCaller(api, admin, 'POST', '/v1/organisations', {
        organisationId: 'islington',
        name: 'Islington Council',
        kind: 'local-authority',
      });
      await asCaller(api, admin, 'POST', '/v1/organisations/islington/members', {
        personId: outsider.personId,
        jobTitle: 'Officer',
      });
      await seedCouncilPartnership(api, okafor.personId);
      await draftGospelOakDisposal(api);
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    const closesAt = () => new Date(Date.now() + 7 * DAY).toISOString();
    /** The log position of the last implementation: later reads wait for their read models to reach it. */
    let implementedAt = 0;

    it('puts a key decision on the forward plan; opening it before 28 clear days is refused, nothing written', async () => {
      const expectedDate = londonDateIn(35);
      const entry = await call(patel, 'POST', `/v1/decisions/${decisionId}/forward-plan`, {
        decisionMaker: 'Camden Regeneration board',
        expectedDate,
        documents: ['Gospel Oak valuation report'],
      });
      expect(entry.status).toBe(201);
      expect(entry.body.events.map((e: { type: string }) => e.type)).toEqual(['ForwardPlanEntryPublished']);

      const before = await db.pool.query('SELECT count(*)::int AS n FROM events');
      const open = await call(patel, 'POST', `/v1/decisions/${decisionId}/open`, { closesAt: closesAt() });
      expect(open.status).toBe(422);
      expect(open.body.code).toBe('key-decision-not-on-forward-plan');
      expect(open.body.earliestDate).toBe(londonDateIn(29));
      const after = await db.pool.query('SELECT count(*)::int AS n FROM events');
      expect(after.rows[0].n).toBe(before.rows[0].n);

      const plan = await call(
        reid,
        'GET',
        `/v1/partnerships/${partnershipId}/forward-plan?minPosition=${entry.body.position}`,
      );
      expect(plan.status).toBe(200);
      expect(plan.body.entries).toEqual([
        expect.objectContaining({
          decisionId,
          item: 'Disposal of the Gospel Oak depot',
          decisionMaker: 'Camden Regeneration board',
          expectedDate,
          documents: ['Gospel Oak valuation report'],
          key: true,
          publishedBy: patel.personId,
          status: 'planned',
        }),
      ]);
    });

    it('refuses a second entry, an entry for a past date, a malformed date, and anyone outside the parties', async () => {
      const again = await call(reid, 'POST', `/v1/decisions/${decisionId}/forward-plan`, {
        decisionMaker: 'Board',
        expectedDate: londonDateIn(40),
      });
      expect([again.status, again.body.code]).toEqual([422, 'forward-plan-entry-already-published']);
      await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'later-one',
        title: 'Later',
        motion: 'Later',
        category: 'funding',
      });
      const past = await call(patel, 'POST', '/v1/decisions/later-one/forward-plan', {
        decisionMaker: 'Board',
        expectedDate: londonDateIn(-2),
      });
      expect([past.status, past.body.code]).toEqual([422, 'forward-plan-date-past']);
      const malformed = await call(patel, 'POST', '/v1/decisions/later-one/forward-plan', {
        decisionMaker: 'Board',
        expectedDate: 'next week',
      });
      expect(malformed.status).toBe(400);
      const stranger = await call(outsider, 'POST', '/v1/decisions/later-one/forward-plan', {
        decisionMaker: 'Board',
        expectedDate: londonDateIn(40),
      });
      // Not theirs to see: the decision does not exist for them (a 403 would say it does).
      expect([stranger.status, stranger.body.code]).toEqual([404, 'decision-not-found']);
    });

    it('a general exception needs its notice to the scrutiny chair', async () => {
      const res = await call(patel, 'POST', `/v1/decisions/${decisionId}/general-exception`, {
        reason: 'The buyer’s funding lapses',
      });
      expect([res.status, res.body.code]).toEqual([422, 'notice-to-scrutiny-chair-required']);
    });

    it('only the scrutiny chair agrees special urgency; then the key decision opens, recorded as such', async () => {
      const board = await call(reid, 'POST', `/v1/decisions/${decisionId}/special-urgency`, {
        reason: 'The buyer’s funding lapses',
      });
      expect([board.status, board.body.code]).toEqual([403, 'not-scrutiny-chair']);
      const chair = await call(okafor, 'POST', `/v1/decisions/${decisionId}/special-urgency`, {
        reason: 'The buyer’s funding lapses at the end of the month',
      });
      expect(chair.status).toBe(201);
      const open = await call(patel, 'POST', `/v1/decisions/${decisionId}/open`, { closesAt: closesAt() });
      expect(open.status).toBe(200);
      expect(open.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionOpened']);
      const plan = await call(
        patel,
        'GET',
        `/v1/partnerships/${partnershipId}/forward-plan?minPosition=${open.body.position}`,
      );
      expect(plan.body.entries[0]).toMatchObject({ status: 'open', keyDecision: 'special-urgency' });
    });

    it('publishes the notice of the approved decision once, from its outcome; the notices read model serves it', async () => {
      const early = await call(reid, 'POST', `/v1/decisions/${decisionId}/notice`, {});
      expect([early.status, early.body.code]).toEqual([422, 'notice-needs-approved-or-rejected']);
      for (const person of [patel, reid])
        await asCaller(api, person, 'POST', `/v1/decisions/${decisionId}/sign-offs`, {});
      const noOutcome = await call(reid, 'POST', `/v1/decisions/${decisionId}/notice`, {});
      expect([noOutcome.status, noOutcome.body.code]).toEqual([422, 'notice-needs-outcome']);
      await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/outcome`, {
        statement: 'The Gospel Oak depot is disposed of to Peabody',
        reasons: ['Best consideration reasonably obtainable'],
        alternativesRejected: ['Open-market sale'],
      });
      const notice = await call(reid, 'POST', `/v1/decisions/${decisionId}/notice`, {});
      expect(notice.status).toBe(201);
      expect(notice.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionNoticePublished']);
      const again = await call(patel, 'POST', `/v1/decisions/${decisionId}/notice`, {});
      expect([again.status, again.body.code]).toEqual([422, 'decision-notice-already-published']);
      const notices = await call(
        patel,
        'GET',
        `/v1/partnerships/${partnershipId}/decision-notices?minPosition=${notice.body.position}`,
      );
      expect(notices.status).toBe(200);
      expect(notices.body.notices).toEqual([
        expect.objectContaining({
          decisionId,
          decision: 'approved',
          reasons: ['Best consideration reasonably obtainable'],
          alternativesRejected: ['Open-market sale'],
          interests: [],
          keyDecision: 'special-urgency',
          publishedBy: { personId: reid.personId, orgId: reid.orgId },
        }),
      ]);
      const outside = await call(outsider, 'GET', `/v1/partnerships/${partnershipId}/decision-notices`);
      expect([outside.status, outside.body.code]).toEqual([404, 'partnership-not-found']);
    });

    it('an approved decision waits out its call-in period; a scrutiny member calls it in; the chair refers it back; the board confirms it', async () => {
      await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'board-standing-orders',
        title: 'Standing orders',
        motion: 'That the board adopts standing orders for its meetings.',
        category: 'governance',
      });
      const later = '/v1/decisions/board-standing-orders';
      await asCaller(api, patel, 'POST', `${later}/open`, { closesAt: closesAt() });
      for (const person of [patel, reid]) await asCaller(api, person, 'POST', `${later}/sign-offs`, {});
      await asCaller(api, patel, 'POST', `${later}/outcome`, {
        statement: 'Funding agreed',
        reasons: ['Within budget'],
        alternativesRejected: ['Defer a year'],
      });
      const notice = await call(reid, 'POST', `${later}/notice`, {});
      const notices = await call(
        patel,
        'GET',
        `/v1/partnerships/${partnershipId}/decision-notices?minPosition=${notice.body.position}`,
      );
      const published = notices.body.notices.find(
        (n: { decisionId: string }) => n.decisionId === 'board-standing-orders',
      );
      // Five clear working days after today (London), bank holidays skipped: at least five days away.
      expect(published.callInUntil >= londonDateIn(5)).toBe(true);

      const before = await db.pool.query('SELECT count(*)::int AS n FROM events');
      const early = await call(patel, 'POST', `${later}/implemented`, {});
      expect([early.status, early.body.code]).toEqual([422, 'decision-in-call-in-period']);
      const tokenOnly = await call(okafor, 'POST', `${later}/call-in`, { reason: 'Costs unclear' });
      expect([tokenOnly.status, tokenOnly.body.code]).toEqual([403, 'not-scrutiny-member']);
      const stranger = await call(outsider, 'POST', `${later}/call-in`, { reason: 'Costs unclear' });
      expect([stranger.status, stranger.body.code]).toEqual([404, 'decision-not-found']);
      const blank = await call(adams, 'POST', `${later}/call-in`, {});
      expect(blank.status).toBe(400);
      const after = await db.pool.query('SELECT count(*)::int AS n FROM events');
      expect(after.rows[0].n).toBe(before.rows[0].n);

      const calledIn = await call(adams, 'POST', `${later}/call-in`, { reason: 'The costs are unclear' });
      expect(calledIn.status).toBe(201);
      expect(calledIn.body.events.map((e: { type: string }) => e.type)).toEqual([
        'CallInRequested',
        'DecisionCalledIn',
      ]);
      const again = await call(adams, 'POST', `${later}/call-in`, { reason: 'Still unclear' });
      expect([again.status, again.body.code]).toEqual([422, 'decision-called-in']);
      const waiting = await call(patel, 'POST', `${later}/implemented`, {});
      expect([waiting.status, waiting.body.code]).toEqual([422, 'decision-called-in']);

      const notChair = await call(adams, 'POST', `${later}/scrutiny-outcome`, { outcome: 'no-further-action' });
      expect([notChair.status, notChair.body.code]).toEqual([403, 'not-scrutiny-chair']);
      const bare = await call(okafor, 'POST', `${later}/scrutiny-outcome`, { outcome: 'referred-back' });
      expect([bare.status, bare.body.code]).toEqual([422, 'reason-required']);
      const unknown = await call(okafor, 'POST', `${later}/scrutiny-outcome`, { outcome: 'dismissed' });
      expect(unknown.status).toBe(400);
      const back = await call(okafor, 'POST', `${later}/scrutiny-outcome`, {
        outcome: 'referred-back',
        recommendations: 'Set out the whole-life costs',
      });
      expect(back.status).toBe(201);
      const referred = await call(patel, 'POST', `${later}/implemented`, {});
      expect([referred.status, referred.body.code]).toEqual([422, 'decision-called-in']);

      const notBoard = await call(adams, 'POST', `${later}/reconsideration`, { reason: 'Costs now set out' });
      expect([notBoard.status, notBoard.body.code]).toEqual([403, 'not-a-board-member']);
      const confirmed = await call(reid, 'POST', `${later}/reconsideration`, {
        reason: 'The whole-life costs are now set out',
      });
      expect(confirmed.status).toBe(201);
      expect(confirmed.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionReconsidered']);
      const twice = await call(patel, 'POST', `${later}/reconsideration`, { reason: 'Again' });
      expect([twice.status, twice.body.code]).toEqual([422, 'decision-already-reconsidered']);
      const implemented = await call(patel, 'POST', `${later}/implemented`, {});
      expect(implemented.status).toBe(201);
    });

    it('a special-urgency decision is exempt from call-in, says why, and may be implemented at once', async () => {
      const notices = await call(patel, 'GET', `/v1/partnerships/${partnershipId}/decision-notices`);
      expect(notices.body.notices.find((n: { decisionId: string }) => n.decisionId === decisionId)).toMatchObject({
        callInExemptReason: 'special urgency: The buyer’s funding lapses at the end of the month',
      });
      const callIn = await call(adams, 'POST', `/v1/decisions/${decisionId}/call-in`, { reason: 'Too quick' });
      expect([callIn.status, callIn.body.code]).toEqual([422, 'not-subject-to-call-in']);
      const stranger = await call(outsider, 'POST', `/v1/decisions/${decisionId}/implemented`, {});
      expect([stranger.status, stranger.body.code]).toEqual([404, 'decision-not-found']);
      const done = await call(reid, 'POST', `/v1/decisions/${decisionId}/implemented`, {});
      expect(done.status).toBe(201);
      expect(done.body.events.map((e: { type: string }) => e.type)).toEqual(['DecisionImplemented']);
      implementedAt = done.body.position;
    });

    it('the governance report shows the key decision taken on special urgency, what was implemented, and the call-in with its outcome', async () => {
      const report = await call(
        auditor,
        'GET',
        `/v1/accountability?organisationId=camden-council&minPosition=${implementedAt}`,
      );
      expect(report.status).toBe(200);
      expect(report.body.keyDecisionsWithoutDueNotice).toEqual([
        expect.objectContaining({
          decisionId,
          basis: 'special-urgency',
          specialUrgencyReason: 'The buyer’s funding lapses at the end of the month',
        }),
      ]);
      expect(report.body.implemented.map((d: { decisionId: string }) => d.decisionId).sort()).toEqual([
        'board-standing-orders',
        decisionId,
      ]);
      expect(report.body.calledIn).toEqual([
        expect.objectContaining({
          decisionId: 'board-standing-orders',
          calledInAt: expect.any(String),
          scrutinyOutcome: 'referred-back',
          reconsideredAt: expect.any(String),
        }),
      ]);
    });

    it('anyone, without signing in, follows the call-in in the public register and its Atom feed', async () => {
      const decisions = await api.request('GET', `/v1/public/partnerships/${partnershipId}/decisions`);
      expect(decisions.status).toBe(200);
      const byId = new Map(decisions.body.items.map((d: { decisionId: string }) => [d.decisionId, d]));
      expect(byId.get('board-standing-orders')).toMatchObject({
        status: 'approved',
        callIn: {
          calledInAt: expect.any(String),
          scrutinyOutcome: 'referred-back',
          reconsideredAt: expect.any(String),
        },
        implementedAt: expect.any(String),
      });
      expect(byId.get(decisionId)).toMatchObject({ keyDecision: 'special-urgency', implementedAt: expect.any(String) });
      expect(byId.has('later-one')).toBe(false);
      const feed = await api.request('GET', `/v1/public/partnerships/${partnershipId}/register.atom`);
      expect(feed.status).toBe(200);
      expect(feed.body).toContain('Exempt from call-in: special urgency');
    });

    it('someone outside the parties cannot read the forward plan: 404, as for a partnership they cannot see', async () => {
      const res = await call(outsider, 'GET', `/v1/partnerships/${partnershipId}/forward-plan`);
      expect([res.status, res.body.code]).toEqual([404, 'partnership-not-found']);
      const anonymous = await api.request('GET', `/v1/partnerships/${partnershipId}/forward-plan`);
      expect(anonymous.status).toBe(401);
    });

    it('a notice holds a declared interest and its dispensation sealed as declared: erasing the member leaves "[erased]" in it, and the register never held the words', async () => {
      const path = '/v1/decisions/depot-yard-lease';
      await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId: 'depot-yard-lease',
        title: 'Lease of the depot yard',
        motion: 'That the board leases the depot yard to a community garden.',
        category: 'governance',
      });
      await asCaller(api, patel, 'POST', `${path}/interests`, { nature: PATEL_INTEREST });
      await asCaller(api, reid, 'POST', `${path}/dispensations`, { personId: patel.personId, reason: DISPENSATION });
      await asCaller(api, patel, 'POST', `${path}/open`, { closesAt: closesAt() });
      for (const person of [patel, reid]) await asCaller(api, person, 'POST', `${path}/sign-offs`, {});
      await asCaller(api, patel, 'POST', `${path}/outcome`, {
        statement: 'The depot yard is leased to the garden',
        reasons: ['No other use before the redevelopment'],
        alternativesRejected: ['Leave it empty'],
      });
      const notice = await asCaller(api, reid, 'POST', `${path}/notice`, {});
      const noticeOf = async (minPosition: number) =>
        (
          await call(reid, 'GET', `/v1/partnerships/${partnershipId}/decision-notices?minPosition=${minPosition}`)
        ).body.notices.find((n: { decisionId: string }) => n.decisionId === 'depot-yard-lease');
      const publicRegister = async () =>
        JSON.stringify((await api.request('GET', `/v1/public/partnerships/${partnershipId}/decision-notices`)).body) +
        (await api.request('GET', `/v1/public/partnerships/${partnershipId}/register.atom`)).body;
      const words = [PATEL_INTEREST, DISPENSATION];

      // Those who may read the decision read the notice's words; the log and read models hold them sealed.
      expect((await noticeOf(notice.body.position)).interests).toEqual([
        {
          personId: patel.personId,
          orgId: patel.orgId,
          nature: PATEL_INTEREST,
          dispensation: { grantedBy: { personId: reid.personId, orgId: reid.orgId }, reason: DISPENSATION },
        },
      ]);
      for (const text of words) expect(await tablesHolding(db.pool, text)).toEqual([]);
      const before = await publicRegister();
      expect(before).toContain('Interest declared by');
      for (const text of words) expect(before).not.toContain(text);

      const erased = await call(
        camdenAdmin,
        'POST',
        `/v1/organisations/${patel.orgId}/members/${patel.personId}/erase-personal-data`,
        { reason: 'person-request', lawfulBasis: 'consent-withdrawn' },
      );
      expect(erased.status).toBeLessThan(300);
      expect((await noticeOf(erased.body.position)).interests).toEqual([
        expect.objectContaining({ nature: '[erased]', dispensation: expect.objectContaining({ reason: '[erased]' }) }),
      ]);
      const after = await publicRegister();
      expect(after).toContain('Interest declared by');
      for (const text of words) {
        expect(after).not.toContain(text);
        expect(await tablesHolding(db.pool, text)).toEqual([]);
      }
      const verified = await call(auditor, 'GET', '/v1/audit/verify');
      expect(verified.body).toMatchObject({ ok: true });
    });
  });
}
