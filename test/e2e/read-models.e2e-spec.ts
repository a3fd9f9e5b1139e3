import { ApiHarness, Caller, HttpResult, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { registerCamdenAndPeabody } from '../support/small-ledger';

/**
 * The read side over HTTP on real PostgreSQL (issue 4, items 1–2): the projections run in the
 * API, and every read model is checked as the people who use it would: party members, a third
 * organisation that must see nothing, governance readers confined to their own organisation, an
 * auditor who sees all; read-your-write with minPosition; as-of replay; cursor paging.
 */
const admin: Caller = { personId: 'ada.admin', orgId: 'platform', roles: ['admin'] };
const camdenAdmin: Caller = { personId: 'c.admin', orgId: 'camden-council', roles: ['org-admin'] };
const peabodyAdmin: Caller = { personId: 'p.admin', orgId: 'peabody', roles: ['org-admin'] };
const patel: Caller = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] };
const okafor: Caller = { personId: 'a.okafor', orgId: 'camden-council', roles: ['member'] };
const reid: Caller = { personId: 's.reid', orgId: 'peabody', roles: ['member'] };
const stranger: Caller = { personId: 'x.other', orgId: 'clarion', roles: ['member', 'org-admin', 'governance'] };
const camdenGovernance: Caller = { personId: 'g.camden', orgId: 'camden-council', roles: ['governance'] };
const peabodyGovernance: Caller = { personId: 'g.peabody', orgId: 'peabody', roles: ['governance'] };
const auditor: Caller = { personId: 'n.auditor', orgId: 'audit-office', roles: ['auditor'] };

const STATION_ROAD = 'Disposal of the Station Road site';

for (const engine of testEngines()) {
  describe(`read models over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    let lastPosition = 0;
    const as = async (caller: Caller, method: string, path: string, body?: unknown): Promise<HttpResult> =>
      api.request(method, path, { token: await api.token(caller), body });
    const ok = async (caller: Caller, method: string, path: string, body?: unknown): Promise<HttpResult> => {
      const res = await as(caller, method, path, body ?? (method === 'POST' ? {} : undefined));
      if (res.status >= 300)
        throw new Error(`${method} ${path} as ${caller.personId}: ${res.status} ${JSON.stringify(res.body)}`);
      if (method === 'POST') lastPosition = res.body.position;
      return res;
    };
    /** A read that waits for everything written so far (read-your-writes). */
    const read = (caller: Caller, path: string) =>
      ok(caller, 'GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${lastPosition}`).then((r) => r.body);
    const inOneHour = () => new Date(Date.now() + 3600_000).toISOString();

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, READ_MODEL_WAIT_MS: '2000' });
      await registerCamdenAndPeabody(api);
      await ok(admin, 'POST', '/v1/organisations', {
        organisationId: 'clarion',
        name: 'Clarion Housing',
        kind: 'housing-association',
      });
      await ok(camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
        personId: 'j.patel',
        jobTitle: 'Director of Housing',
      });
      await ok(camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
        personId: 'a.okafor',
        jobTitle: 'Cabinet Member for Housing',
      });
      await ok(peabodyAdmin, 'POST', '/v1/organisations/peabody/members', {
        personId: 's.reid',
        jobTitle: 'Chief Executive',
      });
      // Who reads each party's accountability report: granted in the ledger by its org-admin.
      for (const [by, reader] of [
        [camdenAdmin, camdenGovernance],
        [peabodyAdmin, peabodyGovernance],
      ]) {
        const org = `/v1/organisations/${reader.orgId}`;
        await ok(by, 'POST', `${org}/members`, { personId: reader.personId, jobTitle: 'Head of Governance' });
        await ok(by, 'POST', `${org}/roles`, { personId: reader.personId, role: 'governance' });
      }
      await ok(admin, 'POST', '/v1/organisations/clarion/members', { personId: 'x.other', jobTitle: 'Officer' });
      // A listed member holds what the ledger grants, whatever their token says.
      for (const role of ['org-admin', 'governance'])
        await ok(admin, 'POST', '/v1/organisations/clarion/roles', { personId: 'x.other', role });
      const authority = (personId: string, instrument: string) => ({
        personId,
        categories: ['land-disposal', 'governance', 'funding'],
        valueLimitPence: 500_000_000,
        instrument,
        validFrom: '2026-01-01T00:00:00Z',
      });
      await ok(
        camdenAdmin,
        'POST',
        '/v1/organisations/camden-council/authorities',
        authority('j.patel', 'Scheme of delegation 2026 §4.2'),
      );
      await ok(
        peabodyAdmin,
        'POST',
        '/v1/organisations/peabody/authorities',
        authority('s.reid', 'Board delegation 2026 §2'),
      );

      await ok(patel, 'POST', '/v1/partnerships', {
        partnershipId: 'camden-homes',
        title: 'Camden Homes Partnership',
        purpose: 'Affordable homes on council land',
        parties: ['camden-council', 'peabody'],
      });
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/join');
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/join');
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/board', { personId: 'a.okafor', boardRole: 'Chair' });
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/board', { personId: 's.reid' });
      await ok(okafor, 'POST', '/v1/partnerships/camden-homes/objectives', {
        objectiveId: 'homes-2030',
        title: '600 affordable homes',
        description: 'Started on site by 2030',
        targetDate: '2030-03-31',
      });
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/objectives/homes-2030/progress', {
        percentComplete: 10,
        rag: 'green',
        summary: '60 homes started',
      });
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/objectives/homes-2030/progress', {
        percentComplete: 35,
        rag: 'amber',
        summary: '210 homes started',
      });
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/risks', {
        riskId: 'planning-delay',
        title: 'Planning consent delayed',
        description: 'Committee backlog',
        ownerParty: 'camden-council',
        likelihood: 3,
        impact: 4,
      });
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/risks/planning-delay/mitigations', {
        party: 'peabody',
        action: 'Pre-application meetings every fortnight',
        dueDate: '2026-01-31',
      });

      // Station Road: an interest, a dispensation, a vote and its change, both sign-offs → approved.
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
        decisionId: 'station-road',
        title: STATION_ROAD,
        motion: 'Dispose of the site to Peabody',
        category: 'land-disposal',
        valuePence: 120_000_000,
      });
      await ok(patel, 'POST', '/v1/decisions/station-road/open', { closesAt: inOneHour() });
      await ok(okafor, 'POST', '/v1/decisions/station-road/interests', {
        nature: 'Family member on the Peabody board',
      });
      await ok(reid, 'POST', '/v1/decisions/station-road/dispensations', {
        personId: 'a.okafor',
        reason: 'Interest is remote',
      });
      await ok(okafor, 'POST', '/v1/decisions/station-road/votes', { stance: 'disagree', reason: 'Price too low' });
      await ok(okafor, 'POST', '/v1/decisions/station-road/votes/change', {
        stance: 'agree',
        reason: 'Social value explained',
      });
      await ok(patel, 'POST', '/v1/decisions/station-road/sign-offs');
      await ok(reid, 'POST', '/v1/decisions/station-road/sign-offs');
      // Kings Cross: open, signed by Camden only → awaiting Peabody. A draft besides.
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/decisions', {
        decisionId: 'kings-cross',
        title: 'Kings Cross loan',
        motion: 'Lend £1m',
        category: 'funding',
        valuePence: 100_000_000,
      });
      await ok(patel, 'POST', '/v1/decisions/kings-cross/open', { closesAt: inOneHour() });
      await ok(patel, 'POST', '/v1/decisions/kings-cross/sign-offs');
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/decisions', {
        decisionId: 'estate-renewal',
        title: 'Estate renewal study',
        motion: 'Commission a study',
        category: 'development',
      });
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('lists the partnerships a caller may see', async () => {
      expect((await read(patel, '/v1/partnerships')).items).toEqual([
        expect.objectContaining({
          partnershipId: 'camden-homes',
          status: 'active',
          parties: [
            { organisationId: 'camden-council', name: 'Camden Council' },
            { organisationId: 'peabody', name: 'Peabody' },
          ],
        }),
      ]);
      expect(
        (await read(auditor, '/v1/partnerships')).items.map((p: { partnershipId: string }) => p.partnershipId),
      ).toEqual(['camden-homes']);
      expect((await read(stranger, '/v1/partnerships')).items).toEqual([]);
    });

    it('gives the overview: parties with names, board, objectives with latest progress, open risks with owners', async () => {
      const overview = await read(reid, '/v1/partnerships/camden-homes/overview');
      expect(overview).toMatchObject({
        title: 'Camden Homes Partnership',
        status: 'active',
        parties: [
          { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority', joined: true },
          { organisationId: 'peabody', name: 'Peabody', kind: 'housing-association', joined: true },
        ],
        objectives: [
          {
            objectiveId: 'homes-2030',
            title: '600 affordable homes',
            latestProgress: { percentComplete: 35, rag: 'amber', summary: '210 homes started' },
          },
        ],
        openRisks: [
          {
            riskId: 'planning-delay',
            owner: { organisationId: 'camden-council', name: 'Camden Council' },
            score: 12,
            mitigations: [
              { party: 'peabody', partyName: 'Peabody', action: 'Pre-application meetings every fortnight' },
            ],
          },
        ],
        decisions: { approved: 1, open: 1, draft: 1 },
      });
      expect(overview.board).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            personId: 'a.okafor',
            party: 'camden-council',
            partyName: 'Camden Council',
            boardRole: 'Chair',
            jobTitle: 'Cabinet Member for Housing',
          }),
          expect.objectContaining({ personId: 's.reid', partyName: 'Peabody', jobTitle: 'Chief Executive' }),
        ]),
      );
      expect(overview.position).toBeGreaterThanOrEqual(lastPosition);
    });

    it('shows a third organisation nothing: 404 on the partnership, its decisions and trails, empty lists', async () => {
      for (const path of [
        '/v1/partnerships/camden-homes/overview',
        '/v1/partnerships/camden-homes/trail',
        '/v1/decisions/station-road/record',
        '/v1/decisions/station-road/trail',
      ]) {
        const res = await as(stranger, 'GET', path);
        expect([path, res.status]).toEqual([path, 404]);
      }
      expect((await read(stranger, '/v1/decisions')).items).toEqual([]);
      expect((await read(stranger, '/v1/people/j.patel/trail')).lines).toEqual([]);
      expect(
        (await as(stranger, 'GET', `/v1/partnerships/camden-homes/overview?asOf=${new Date().toISOString()}`)).status,
      ).toBe(404);
    });

    it('serves the decision register with filters', async () => {
      const ids = async (query: string) =>
        (await read(okafor, `/v1/decisions?${query}`)).items.map((d: { decisionId: string }) => d.decisionId);
      expect(await ids('')).toEqual(['estate-renewal', 'kings-cross', 'station-road']);
      expect(await ids('status=approved')).toEqual(['station-road']);
      expect(await ids('category=funding')).toEqual(['kings-cross']);
      expect(await ids('party=peabody&partnershipId=camden-homes')).toEqual([
        'estate-renewal',
        'kings-cross',
        'station-road',
      ]);
      expect(await ids('party=clarion')).toEqual([]);
      expect(await ids(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
      expect(await ids(`to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&status=open`)).toEqual([
        'kings-cross',
      ]);
      const first = (await read(reid, '/v1/decisions?status=approved')).items[0];
      expect(first).toMatchObject({
        title: STATION_ROAD,
        partnershipTitle: 'Camden Homes Partnership',
        category: 'land-disposal',
        valuePence: 120_000_000,
        outcomeRecorded: false,
        signedOffBy: expect.arrayContaining(['camden-council', 'peabody']),
      });
      expect((await as(okafor, 'GET', '/v1/decisions?status=pending')).body.code).toBe('validation-failed');
      expect((await as(okafor, 'GET', '/v1/decisions?colour=red')).body.code).toBe('unknown-field');
    });

    it('pages the register with an opaque cursor, in a stable order, without repeats or gaps', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: { items: { decisionId: string }[]; nextCursor: string | null } = await read(
          auditor,
          `/v1/decisions?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.items.map((d) => d.decisionId));
        cursor = page.nextCursor;
        // A decision drafted mid-paging lands at the top, never inside the pages still to come.
        if (pages++ === 0)
          await ok(reid, 'POST', '/v1/partnerships/camden-homes/decisions', {
            decisionId: 'late-arrival',
            title: 'Drafted while paging',
            motion: 'x',
            category: 'other',
          });
      } while (cursor);
      expect(seen).toEqual(['estate-renewal', 'kings-cross', 'station-road']);
      const bad = await as(auditor, 'GET', '/v1/decisions?cursor=not-a-cursor');
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'invalid-cursor' });
    });

    it('gives a decision’s full record: who, for which organisation, under which authority, when, why', async () => {
      const record = await read(auditor, '/v1/decisions/station-road/record');
      expect(record).toMatchObject({
        title: STATION_ROAD,
        status: 'approved',
        partnership: { partnershipId: 'camden-homes', title: 'Camden Homes Partnership' },
      });
      const acts = record.acts.map((a: Record<string, unknown>) => [
        a.kind,
        (a.person as { personId: string }).personId,
        a.orgId,
      ]);
      expect(acts).toEqual([
        ['interest', 'a.okafor', 'camden-council'],
        ['dispensation', 's.reid', 'camden-council'],
        ['vote', 'a.okafor', 'camden-council'],
        ['vote-changed', 'a.okafor', 'camden-council'],
        ['sign-off', 'j.patel', 'camden-council'],
        ['sign-off', 's.reid', 'peabody'],
      ]);
      const [interest, dispensation, vote, changed, camdenSignOff] = record.acts;
      expect(interest).toMatchObject({
        nature: 'Family member on the Peabody board',
        person: { jobTitle: 'Cabinet Member for Housing', organisationName: 'Camden Council' },
      });
      expect(dispensation).toMatchObject({
        reason: 'Interest is remote',
        grantedAs: 'board-member-of-another-party',
        person: { personId: 's.reid', orgId: 'peabody', organisationName: 'Peabody' },
        subject: { personId: 'a.okafor' },
      });
      expect(vote).toMatchObject({ stance: 'disagree', reason: 'Price too low' });
      expect(changed).toMatchObject({ stance: 'agree', previousStance: 'disagree', reason: 'Social value explained' });
      expect(camdenSignOff).toMatchObject({
        authority: { instrument: 'Scheme of delegation 2026 §4.2' },
        person: { jobTitle: 'Director of Housing', organisationName: 'Camden Council' },
      });
      expect(Date.parse(camdenSignOff.at)).not.toBeNaN();
      expect(camdenSignOff.eventId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('writes the audit trail one readable line per event, with position, event id and leaf hash', async () => {
      const trail = await read(okafor, '/v1/decisions/station-road/trail');
      const signOff = trail.lines.find(
        (l: { type: string; line: string }) => l.type === 'SignOffRecorded' && l.line.includes('j.patel'),
      );
      expect(signOff.line).toMatch(
        /^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2} — j\.patel \(Camden Council, Director of Housing, under Scheme of delegation 2026 §4\.2\) signed off “Disposal of the Station Road site” for Camden Council$/,
      );
      const { rows } = await db.pool.query(
        `SELECT event_id, encode(leaf_hash, 'hex') AS leaf FROM events WHERE position = $1`,
        [signOff.position],
      );
      expect({ eventId: signOff.eventId, leafHash: signOff.leafHash }).toEqual({
        eventId: rows[0].event_id,
        leafHash: rows[0].leaf,
      });
      expect(trail.lines.map((l: { type: string }) => l.type)).toEqual([
        'DecisionDrafted',
        'DecisionOpened',
        'InterestDeclared',
        'DispensationGranted',
        'VoteCast',
        'VoteChanged',
        'SignOffRecorded',
        'SignOffRecorded',
        'DecisionApproved',
      ]);

      const partnershipTrail = await read(reid, '/v1/partnerships/camden-homes/trail?limit=3');
      expect(partnershipTrail.lines.map((l: { type: string }) => l.type)).toEqual([
        'PartnershipProposed',
        'PartyJoined',
        'PartyJoined',
      ]);
      expect(partnershipTrail.lines[0].line).toContain(
        'proposed the partnership “Camden Homes Partnership” between Camden Council and Peabody',
      );
      const next = await read(reid, `/v1/partnerships/camden-homes/trail?limit=3&after=${partnershipTrail.nextAfter}`);
      expect(next.lines[0].position).toBeGreaterThan(partnershipTrail.lines[2].position);

      const person = await read(patel, '/v1/people/a.okafor/trail');
      expect(person.lines.map((l: { type: string }) => l.type)).toEqual(
        expect.arrayContaining(['MemberAdded', 'BoardMemberAppointed', 'InterestDeclared', 'VoteCast']),
      );
    });

    it('reports accountability per organisation; governance reads only its own', async () => {
      const peabody = await read(peabodyGovernance, '/v1/accountability');
      expect(peabody.organisation).toEqual({ organisationId: 'peabody', name: 'Peabody' });
      expect(peabody.awaitingSignOff.map((d: { decisionId: string }) => d.decisionId)).toEqual(['kings-cross']);
      expect(peabody.signOffs).toEqual([
        expect.objectContaining({
          decisionId: 'station-road',
          kind: 'sign-off',
          by: expect.objectContaining({ personId: 's.reid', jobTitle: 'Chief Executive' }),
          authority: expect.objectContaining({ instrument: 'Board delegation 2026 §2' }),
        }),
      ]);
      expect(peabody.overdueMitigations).toEqual([
        expect.objectContaining({
          riskId: 'planning-delay',
          action: 'Pre-application meetings every fortnight',
          dueDate: '2026-01-31',
        }),
      ]);
      expect(peabody.approvedWithoutOutcome.map((d: { decisionId: string }) => d.decisionId)).toEqual(['station-road']);

      const camden = await read(camdenGovernance, '/v1/accountability');
      expect(camden.awaitingSignOff).toEqual([]);
      expect(camden.interests).toEqual([
        expect.objectContaining({
          decisionId: 'station-road',
          nature: 'Family member on the Peabody board',
          member: expect.objectContaining({ personId: 'a.okafor' }),
          dispensation: expect.objectContaining({
            grantedBy: expect.objectContaining({ personId: 's.reid', organisationName: 'Peabody' }),
            reason: 'Interest is remote',
          }),
        }),
      ]);
      expect(
        camden.signOffs.map((s: { decisionId: string; authority: { instrument: string } }) => [
          s.decisionId,
          s.authority.instrument,
        ]),
      ).toEqual([
        ['station-road', 'Scheme of delegation 2026 §4.2'],
        ['kings-cross', 'Scheme of delegation 2026 §4.2'],
      ]);

      const other = await as(camdenGovernance, 'GET', '/v1/accountability?organisationId=peabody');
      expect({ status: other.status, code: other.body.code }).toEqual({ status: 403, code: 'not-own-organisation' });
      expect((await as(patel, 'GET', '/v1/accountability')).status).toBe(403);
      expect((await read(auditor, '/v1/accountability?organisationId=peabody')).awaitingSignOff).toHaveLength(1);
      expect((await read(stranger, '/v1/accountability')).awaitingSignOff).toEqual([]);
    });

    it('reads its own write at once with minPosition, and says 400 for a position the log has not reached', async () => {
      const raised = await ok(reid, 'POST', '/v1/partnerships/camden-homes/risks', {
        riskId: 'cost-inflation',
        title: 'Build cost inflation',
        description: 'Tender prices',
        ownerParty: 'peabody',
        likelihood: 4,
        impact: 4,
      });
      const overview = (
        await ok(reid, 'GET', `/v1/partnerships/camden-homes/overview?minPosition=${raised.body.position}`)
      ).body;
      expect(overview.openRisks.map((r: { riskId: string }) => r.riskId)).toContain('cost-inflation');
      expect(overview.position).toBeGreaterThanOrEqual(raised.body.position);

      const started = Date.now();
      const behind = await as(reid, 'GET', `/v1/decisions?minPosition=${raised.body.position + 1_000_000}`);
      expect({ status: behind.status, code: behind.body.code }).toEqual({ status: 400, code: 'position-not-written' });
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('replays the partnership as of a past instant', async () => {
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 30));
      await ok(patel, 'POST', '/v1/partnerships/camden-homes/suspend', { reason: 'Funding review' });
      await ok(reid, 'POST', '/v1/partnerships/camden-homes/risks/planning-delay/close', { reason: 'Consent granted' });

      const then = await read(reid, `/v1/partnerships/camden-homes/overview?asOf=${encodeURIComponent(before)}`);
      expect(then).toMatchObject({ status: 'active', asOf: before, decisions: { approved: 1, open: 1 } });
      expect(then.openRisks.map((r: { riskId: string }) => r.riskId).sort()).toEqual([
        'cost-inflation',
        'planning-delay',
      ]);
      const now = await read(
        reid,
        `/v1/partnerships/camden-homes/overview?asOf=${encodeURIComponent(new Date().toISOString())}`,
      );
      expect(now).toMatchObject({ status: 'suspended', closedRisks: 1 });
      expect(now.openRisks.map((r: { riskId: string }) => r.riskId)).toEqual(['cost-inflation']);
      // The replay and the projected overview agree on the present.
      const projected = await read(reid, '/v1/partnerships/camden-homes/overview');
      expect({ ...now, asOf: undefined, position: undefined }).toEqual({
        ...projected,
        asOf: undefined,
        position: undefined,
      });
      expect((await as(reid, 'GET', '/v1/partnerships/camden-homes/overview?asOf=2000-01-01T00:00:00Z')).status).toBe(
        404,
      );
    });

    it('replays by the hashed bytes: recorded_at and type columns changed by hand move nothing', async () => {
      const path = `/v1/partnerships/camden-homes/overview?asOf=${encodeURIComponent(new Date().toISOString())}`;
      const honest = await read(reid, path);
      expect(honest).toMatchObject({ status: 'suspended' });
      const suspended = `SELECT position FROM events WHERE stream_id = 'partnership-camden-homes' AND type = 'PartnershipSuspended'`;
      await db.pool.query(
        `UPDATE events SET recorded_at = recorded_at + interval '1 year', type = 'PartnershipNoted' WHERE position = (${suspended})`,
      );
      try {
        expect(await read(reid, path)).toEqual(honest);
      } finally {
        await db.pool.query(
          `UPDATE events SET recorded_at = recorded_at - interval '1 year', type = 'PartnershipSuspended'
           WHERE stream_id = 'partnership-camden-homes' AND type = 'PartnershipNoted'`,
        );
      }
    });
  });
}
