import { randomUUID } from 'node:crypto';
import { ApiHarness, Caller, HttpResult, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { registerCamdenAndPeabody, registerOrganisation } from '../support/small-ledger';

/**
 * The main story (issue 3), through HTTP against the real app on real PostgreSQL: a council and a
 * housing association register, add members and delegated authority, form a partnership, draft
 * and open a land disposal, one member declares an interest, both authorised signatories sign
 * off, it is approved and its outcome recorded. Then the refusals a user would run into.
 */
const admin: Caller = { personId: 'ada.admin', orgId: 'platform', roles: ['admin'] };
const camdenAdmin: Caller = { personId: 'c.admin', orgId: 'camden-council', roles: ['org-admin'] };
const peabodyAdmin: Caller = { personId: 'p.admin', orgId: 'peabody', roles: ['org-admin'] };
const patel: Caller = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] }; // Director of Housing, signatory
const okafor: Caller = { personId: 'a.okafor', orgId: 'camden-council', roles: ['member'] }; // councillor, declares an interest
const reid: Caller = { personId: 's.reid', orgId: 'peabody', roles: ['member'] }; // Peabody's signatory
const junior: Caller = { personId: 'k.lee', orgId: 'peabody', roles: ['member'] }; // small value limit
const stranger: Caller = { personId: 'x.other', orgId: 'clarion', roles: ['member', 'org-admin'] };

const STATION_ROAD = 'Disposal of the Station Road site to the association at £1.2m below market value';

for (const engine of testEngines()) {
  describe(`the Station Road story over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const as = async (
      caller: Caller,
      method: string,
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ): Promise<HttpResult> => api.request(method, path, { token: await api.token(caller), body, headers });
    const ok = async (caller: Caller, method: string, path: string, body?: unknown): Promise<HttpResult> => {
      const res = await as(caller, method, path, body ?? (method === 'POST' ? {} : undefined));
      if (res.status >= 300)
        throw new Error(`${method} ${path} as ${caller.personId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };
    const refused = async (res: Promise<HttpResult>, status: number, code: string) => {
      const r = await res;
      expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    };
    const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();
    const statusEventually = async (decisionId: string, wanted: string, timeoutMs = 5000): Promise<string> => {
      const deadline = Date.now() + timeoutMs;
      let status = '';
      while (Date.now() < deadline) {
        status = (await ok(patel, 'GET', `/v1/decisions/${decisionId}`)).body.status;
        if (status === wanted) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      return status;
    };

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, BODY_LIMIT_BYTES: '65536' });

      await registerCamdenAndPeabody(api);
      await registerOrganisation(api, {
        organisationId: 'clarion',
        name: 'Clarion Housing',
        kind: 'housing-association',
      });
      for (const [org, by, people] of [
        [
          'camden-council',
          camdenAdmin,
          [
            ['j.patel', 'Director of Housing'],
            ['a.okafor', 'Cabinet Member for Housing'],
          ],
        ],
        [
          'peabody',
          peabodyAdmin,
          [
            ['s.reid', 'Chief Executive'],
            ['k.lee', 'Development Manager'],
          ],
        ],
        ['clarion', admin, [['x.other', 'Officer']]],
      ] as const) {
        for (const [personId, jobTitle] of people)
          await ok(by, 'POST', `/v1/organisations/${org}/members`, { personId, jobTitle });
      }
      const authority = (personId: string, limit: number, instrument: string) => ({
        personId,
        categories: ['land-disposal', 'governance'],
        valueLimitPence: limit,
        instrument,
        validFrom: '2026-01-01T00:00:00Z',
      });
      await ok(
        camdenAdmin,
        'POST',
        '/v1/organisations/camden-council/authorities',
        authority('j.patel', 500_000_000, 'Scheme of delegation 2026 §4.2'),
      );
      await ok(
        camdenAdmin,
        'POST',
        '/v1/organisations/camden-council/authorities',
        authority('a.okafor', 500_000_000, 'Cabinet decision 2026/17'),
      );
      await ok(
        peabodyAdmin,
        'POST',
        '/v1/organisations/peabody/authorities',
        authority('s.reid', 1_000_000_000, 'Board delegation 2026 §2'),
      );
      await ok(
        peabodyAdmin,
        'POST',
        '/v1/organisations/peabody/authorities',
        authority('k.lee', 10_000_000, 'Board delegation 2026 §7'),
      );
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('forms the partnership, approves the Station Road disposal and records its outcome', async () => {
      await ok(patel, 'POST', '/v1/partnerships', {
        partnershipId: 'camden-homes',
        title: 'Camden Homes Partnership',
        purpose: 'Affordable homes on council land',
        parties: ['camden-council', 'peabody'],
      });
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/join');
      const activated = await ok(reid, 'POST', '/v1/partnerships/camden-homes/join');
      expect(activated.body.events.map((e: { type: string }) => e.type)).toEqual([
        'PartyJoined',
        'PartnershipActivated',
      ]);
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/board', { personId: 'a.okafor', boardRole: 'Chair' });
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/board', { personId: 's.reid' });

      const drafted = await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
        decisionId: 'station-road',
        title: STATION_ROAD,
        motion:
          'That the council disposes of the Station Road site to Peabody for 60 affordable homes at £1.2m below market value.',
        category: 'land-disposal',
        valuePence: 120_000_000,
      });
      expect(drafted.status).toBe(201);
      expect(drafted.body).toMatchObject({
        ids: { decisionId: 'station-road' },
        streamId: 'decision-station-road',
        revision: 1,
      });
      expect(drafted.body.position).toBeGreaterThan(0);

      await ok(patel, 'POST', '/v1/decisions/station-road/open', { closesAt: inOneHour() });
      await ok(okafor, 'POST', '/v1/decisions/station-road/interests', {
        nature: 'Family member on the Peabody board',
      });
      await ok(patel, 'POST', '/v1/decisions/station-road/sign-offs');
      const approved = await ok(reid, 'POST', '/v1/decisions/station-road/sign-offs');
      expect(approved.body.events.map((e: { type: string }) => e.type)).toEqual([
        'SignOffRecorded',
        'DecisionApproved',
      ]);

      await ok(reid, 'POST', '/v1/decisions/station-road/outcome', {
        statement: 'The site transfers to Peabody by 30 June 2026.',
        reasons: ['Delivers 60 affordable homes', 'Best value met through social value'],
        alternativesRejected: ['Open-market sale', 'Council-led development'],
      });

      const decision = (await ok(okafor, 'GET', '/v1/decisions/station-road')).body;
      expect(decision).toMatchObject({
        status: 'approved',
        title: STATION_ROAD,
        category: 'land-disposal',
        valuePence: 120_000_000,
      });
      expect(decision.interests['a.okafor']).toMatchObject({ nature: 'Family member on the Peabody board' });
      expect(decision.signOffs['camden-council']).toMatchObject({
        personId: 'j.patel',
        authority: expect.objectContaining({ instrument: 'Scheme of delegation 2026 §4.2' }),
      });
      expect(decision.signOffs.peabody).toMatchObject({ personId: 's.reid' });
      expect(decision.outcome.alternativesRejected).toEqual(['Open-market sale', 'Council-led development']);

      // The recorded actor is the verified caller.
      const { rows } = await db.pool.query(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'decision-station-road' ORDER BY revision`,
      );
      expect(rows.map((r) => [r.e.type, r.e.metadata.actor.personId])).toEqual([
        ['DecisionDrafted', 'j.patel'],
        ['DecisionOpened', 'j.patel'],
        ['InterestDeclared', 'a.okafor'],
        ['SignOffRecorded', 'j.patel'],
        ['SignOffRecorded', 's.reid'],
        ['DecisionApproved', 's.reid'],
        ['OutcomeRecorded', 's.reid'],
      ]);
    });

    it('resolves a decision whose closing time passed while the API was down, when it comes back', async () => {
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
        decisionId: 'while-down',
        title: 'Closes while we are down',
        motion: 'x',
        category: 'governance',
      });
      const closesAt = new Date(Date.now() + 1000).toISOString();
      await ok(patel, 'POST', '/v1/decisions/while-down/open', { closesAt });
      await api.close();
      await new Promise((r) => setTimeout(r, 1500));
      api = await startApi({ DATABASE_URL: db.url, BODY_LIMIT_BYTES: '65536' });
      expect(await statusEventually('while-down', 'lapsed')).toBe('lapsed');
      const { rows } = await db.pool.query(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'decision-while-down' ORDER BY revision`,
      );
      const lapsed = rows[rows.length - 1].e;
      expect(lapsed).toMatchObject({
        type: 'DecisionLapsed',
        data: { lapsedAt: new Date(closesAt).toISOString(), reason: 'sign-offs-incomplete' },
        metadata: { actor: { personId: 'accord:scheduler' } },
      });
      expect(rows.filter((r) => r.e.type === 'DecisionLapsed')).toHaveLength(1);
    });

    it('takes 20 concurrent commands on one stream without a conflict reaching the callers', async () => {
      await ok(okafor, 'POST', '/v1/partnerships/camden-homes/objectives', {
        objectiveId: 'homes-2030',
        title: '600 homes',
        description: 'Affordable homes by 2030',
      });
      const reports = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          as(patel, 'POST', '/v1/partnerships/camden-homes/objectives/homes-2030/progress', {
            percentComplete: i,
            rag: 'green',
            summary: `Report ${i}`,
          }),
        ),
      );
      expect(reports.map((r) => r.status)).toEqual(Array(20).fill(201));
      const revisions = reports.map((r) => r.body.revision).sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: 20 }, (_, i) => revisions[0] + i));
    });

    describe('refusals', () => {
      beforeAll(async () => {
        await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
          decisionId: 'kings-cross-loan',
          title: 'Loan facility',
          motion: 'Lend £5m',
          category: 'land-disposal',
          valuePence: 500_000_000,
        });
        await ok(patel, 'POST', '/v1/decisions/kings-cross-loan/open', { closesAt: inOneHour() });
      });

      it('a signatory over their value limit', () =>
        refused(as(junior, 'POST', '/v1/decisions/kings-cross-loan/sign-offs', {}), 422, 'authority-value-exceeded'));

      it('a member with an undispensed interest', async () => {
        await ok(okafor, 'POST', '/v1/decisions/kings-cross-loan/interests', {
          nature: 'Owns a flat in the development',
        });
        await refused(
          as(okafor, 'POST', '/v1/decisions/kings-cross-loan/votes', { stance: 'agree', reason: 'Good value' }),
          422,
          'interest-not-dispensed',
        );
        await refused(
          as(okafor, 'POST', '/v1/decisions/kings-cross-loan/sign-offs', {}),
          422,
          'interest-not-dispensed',
        );
      });

      it('a vote after closing', async () => {
        await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
          decisionId: 'quick-close',
          title: 'Quick',
          motion: 'Closes at once',
          category: 'governance',
        });
        await ok(patel, 'POST', '/v1/decisions/quick-close/open', {
          closesAt: new Date(Date.now() + 1500).toISOString(),
        });
        await new Promise((r) => setTimeout(r, 1700));
        // Refused whether or not the scheduler has lapsed it yet (it runs every 250 ms)…
        const late = await as(reid, 'POST', '/v1/decisions/quick-close/votes', { stance: 'agree', reason: 'Late' });
        expect(late.status).toBe(422);
        expect(['closing-time-passed', 'decision-not-open']).toContain(late.body.code);
        // …and the scheduler lapses it on its own.
        expect(await statusEventually('quick-close', 'lapsed')).toBe('lapsed');
      });

      it('a member of a third organisation can neither see nor touch the partnership', async () => {
        await refused(as(stranger, 'GET', '/v1/partnerships/camden-homes'), 404, 'partnership-not-found');
        await refused(as(stranger, 'GET', '/v1/decisions/station-road'), 404, 'decision-not-found');
        // A write answers as a read does: 404, as for a partnership or decision that does not exist.
        await refused(as(stranger, 'POST', '/v1/decisions/kings-cross-loan/sign-offs', {}), 404, 'decision-not-found');
        await refused(
          as(stranger, 'POST', '/v1/partnerships/camden-homes/decisions', {
            title: 'Mine',
            motion: 'x',
            category: 'other',
          }),
          404,
          'partnership-not-found',
        );
      });

      it('an unknown field, malformed JSON and an oversized body', async () => {
        await refused(
          as(patel, 'POST', '/v1/decisions/kings-cross-loan/votes', { stance: 'agree', reason: 'ok', weight: 2 }),
          400,
          'unknown-field',
        );
        await refused(
          api.request('POST', '/v1/decisions/kings-cross-loan/votes', {
            token: await api.token(patel),
            rawBody: '{"stance":',
          }),
          400,
          'malformed-json',
        );
        await refused(
          as(patel, 'POST', '/v1/decisions/kings-cross-loan/votes', { stance: 'agree', reason: 'x'.repeat(70_000) }),
          413,
          'body-too-large',
        );
      });

      it('a missing, expired or wrongly signed token', async () => {
        await refused(api.request('GET', '/v1/decisions/station-road'), 401, 'token-missing');
        await refused(
          api.request('GET', '/v1/decisions/station-road', {
            token: await api.token(patel, 60, new Date(Date.now() - 7200_000)),
          }),
          401,
          'token-expired',
        );
        const token = await api.token(patel);
        const [header, payload] = token.split('.');
        const forged = `${header}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), org: 'peabody' })).toString('base64url')}.${token.split('.')[2]}`;
        await refused(
          api.request('GET', '/v1/decisions/station-road', { token: forged }),
          401,
          'token-invalid-signature',
        );
      });

      it('a replayed Idempotency-Key with a different body', async () => {
        const headers = { 'idempotency-key': 'reid-vote-1' };
        const first = await as(
          reid,
          'POST',
          '/v1/decisions/kings-cross-loan/votes',
          { stance: 'agree', reason: 'Sound' },
          headers,
        );
        expect(first.status).toBe(201);
        const retry = await as(
          reid,
          'POST',
          '/v1/decisions/kings-cross-loan/votes',
          { stance: 'agree', reason: 'Sound' },
          headers,
        );
        expect(retry.body).toEqual({ ...first.body, replayed: true });
        await refused(
          as(
            reid,
            'POST',
            '/v1/decisions/kings-cross-loan/votes',
            { stance: 'disagree', reason: 'Changed my mind' },
            headers,
          ),
          422,
          'idempotency-key-reused',
        );
      });

      it('a revocation made through another API process, seen at once', async () => {
        // Both processes have Patel's authority cached; the revocation goes through the other one.
        const other = await startApi({ DATABASE_URL: db.url });
        try {
          await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
            decisionId: 'oak-lane',
            title: 'Oak Lane',
            motion: 'Dispose of Oak Lane',
            category: 'land-disposal',
            valuePence: 1000,
          });
          await ok(patel, 'POST', '/v1/decisions/oak-lane/open', { closesAt: inOneHour() });
          const org = (await ok(camdenAdmin, 'GET', '/v1/organisations/camden-council')).body;
          const authority = org.authorities.find(
            (a: { personId: string; revokedAt?: string }) => a.personId === 'j.patel' && !a.revokedAt,
          );
          const revoked = await other.request(
            'POST',
            `/v1/organisations/camden-council/authorities/${authority.authorityId}/revoke`,
            { token: await other.token(camdenAdmin), body: { reason: 'Moved to another role' } },
          );
          expect(revoked.status).toBe(200);
          await refused(as(patel, 'POST', '/v1/decisions/oak-lane/sign-offs', {}), 422, 'no-valid-authority');
        } finally {
          await other.close();
        }
      });

      it('a stale If-Match', async () => {
        const current = await as(reid, 'GET', '/v1/decisions/kings-cross-loan');
        const revision = Number(JSON.parse(current.headers.get('etag') as string));
        await refused(
          as(
            reid,
            'POST',
            '/v1/decisions/kings-cross-loan/votes/change',
            { stance: 'abstain', reason: 'Need more detail' },
            { 'if-match': `"${revision - 1}"` },
          ),
          409,
          'wrong-expected-revision',
        );
        const fresh = await as(
          reid,
          'POST',
          '/v1/decisions/kings-cross-loan/votes/change',
          { stance: 'abstain', reason: 'Need more detail' },
          { 'if-match': `"${revision}"` },
        );
        expect(fresh.status).toBe(200);
        expect(fresh.body.revision).toBe(revision + 1);
      });

      it('a correction of a vote by anyone but its author, or of an event the decision does not have', async () => {
        // The API holds the decision without its index of events: a correction reads it from the log.
        const changed = await ok(reid, 'POST', '/v1/decisions/kings-cross-loan/votes/change', {
          stance: 'agree',
          reason: 'Detail recieved',
        });
        const correction = (eventId: string) => ({
          correctsEventId: eventId,
          corrections: { reason: 'Detail received' },
          reason: 'Spelling',
        });
        const { eventId } = changed.body.events[0];
        await refused(
          as(patel, 'POST', '/v1/decisions/kings-cross-loan/corrections', correction(eventId)),
          403,
          'not-permitted-to-correct',
        );
        await refused(
          as(reid, 'POST', '/v1/decisions/kings-cross-loan/corrections', correction(randomUUID())),
          422,
          'corrected-event-not-found',
        );
        const corrected = await as(reid, 'POST', '/v1/decisions/kings-cross-loan/corrections', correction(eventId));
        expect(corrected.status).toBe(201);
        expect(corrected.body.revision).toBe(changed.body.revision + 1);
      });
    });
  });
}
