import { streamKindOf } from '@accord/domain';
import { ApiHarness, Caller, HttpResult, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { openSse, SseMessage } from '../support/sse-client';

/**
 * GET /v1/feed through HTTP against the real app: party scoping, filters, resume with
 * Last-Event-ID (nothing missed, nothing twice), heartbeats, and a third organisation that sees
 * nothing of a partnership it is not party to.
 */
const admin: Caller = { personId: 'root', orgId: 'platform', roles: ['admin'] };
const auditor: Caller = { personId: 'aud', orgId: 'audit-office', roles: ['auditor'] };
const patel: Caller = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] };
const reid: Caller = { personId: 's.reid', orgId: 'peabody', roles: ['member'] };
const stranger: Caller = { personId: 'x.other', orgId: 'clarion', roles: ['member'] };

interface Envelope {
  position: number;
  type: string;
  streamId: string;
  data: { partnershipId?: string; organisationId?: string };
}

for (const engine of testEngines()) {
  describe(`GET /v1/feed (SSE) on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    let decisions = 0;

    const ok = async (caller: Caller, path: string, body: unknown = {}): Promise<HttpResult> => {
      const res = await api.request('POST', path, { token: await api.token(caller), body });
      if (res.status >= 300)
        throw new Error(`${path} as ${caller.personId}: ${res.status} ${JSON.stringify(res.body)}`);
      return res;
    };
    const draftDecision = () => {
      decisions++;
      return ok(patel, '/v1/partnerships/camden-homes/decisions', {
        decisionId: `d-${decisions}`,
        title: `Decision ${decisions}`,
        motion: 'That we proceed',
        category: 'governance',
      });
    };
    /** Every event in the log, straight from the database: what the feed is checked against. */
    const allEvents = async (): Promise<Envelope[]> =>
      (
        await db.pool.query(`SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events ORDER BY position`)
      ).rows.map((r) => r.e as Envelope);
    const visibleTo = (org: string, partyOf: Record<string, string[]>) => (e: Envelope) =>
      streamKindOf(e.streamId) === 'organisation'
        ? e.data.organisationId === org
        : e.data.partnershipId !== undefined && (partyOf[e.data.partnershipId] ?? []).includes(org);
    const parties = { 'camden-homes': ['camden-council', 'peabody'] };

    /** Reads the feed until `enough` says so (or timeout), then disconnects. */
    const read = async (
      caller: Caller,
      query: string,
      enough: (msgs: SseMessage[]) => boolean,
      headers: Record<string, string> = {},
      timeoutMs = 5000,
    ) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const conn = await openSse(
        `${api.baseUrl}/v1/feed${query}`,
        { authorization: `Bearer ${await api.token(caller)}`, ...headers },
        (m) => messages.push(m),
        (c) => comments.push(c),
      );
      const deadline = Date.now() + timeoutMs;
      while (!enough(messages) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      conn.close();
      await conn.done;
      return {
        status: conn.status,
        messages,
        comments,
        envelopes: messages.filter((m) => !m.event).map((m) => JSON.parse(m.data) as Envelope),
      };
    };

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, FEED_HEARTBEAT_SECONDS: '1', RATE_LIMIT_WRITES_PER_MINUTE: '0' });
      for (const [org, kind, person] of [
        ['camden-council', 'local-authority', patel],
        ['peabody', 'housing-association', reid],
        ['clarion', 'housing-association', stranger],
      ] as const) {
        await ok(admin, '/v1/organisations', { organisationId: org, name: org, kind });
        await ok(admin, `/v1/organisations/${org}/members`, { personId: person.personId });
        await ok(admin, `/v1/organisations/${org}/authorities`, {
          personId: person.personId,
          categories: ['governance'],
          valueLimitPence: 0,
          instrument: 'Test',
          validFrom: '2026-01-01T00:00:00Z',
        });
      }
      await ok(patel, '/v1/partnerships', {
        partnershipId: 'camden-homes',
        title: 'Camden Homes',
        purpose: 'Homes',
        parties: ['camden-council', 'peabody'],
      });
      await ok(patel, '/v1/partnerships/camden-homes/join');
      await ok(reid, '/v1/partnerships/camden-homes/join');
      for (let i = 0; i < 5; i++) await draftDecision();
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('gives a party its partnerships and its own organisation, with id = position, in order', async () => {
      const expected = (await allEvents()).filter(visibleTo('peabody', parties)).map((e) => e.position);
      const { envelopes, messages } = await read(reid, '', (m) => m.length >= expected.length);
      expect(envelopes.map((e) => e.position)).toEqual(expected);
      expect(messages.map((m) => Number(m.id))).toEqual(expected);
      expect(
        envelopes.some((e) => e.streamId === 'organisation-camden-council' || e.streamId === 'organisation-clarion'),
      ).toBe(false);
    });

    it('filters by partnership and by event type', async () => {
      const log = await allEvents();
      const ofPartnership = log.filter((e) => e.data.partnershipId === 'camden-homes').map((e) => e.position);
      const byPartnership = await read(patel, '?partnershipId=camden-homes', (m) => m.length >= ofPartnership.length);
      expect(byPartnership.envelopes.map((e) => e.position)).toEqual(ofPartnership);
      const joined = log
        .filter((e) => e.type === 'PartyJoined' || e.type === 'PartnershipActivated')
        .map((e) => e.position);
      const byType = await read(patel, '?types=PartyJoined,PartnershipActivated', (m) => m.length >= joined.length);
      expect(byType.envelopes.map((e) => e.position)).toEqual(joined);
    });

    it('resumes after Last-Event-ID: nothing missed, nothing twice, while commands keep coming', async () => {
      const first = await read(patel, '?partnershipId=camden-homes', (m) => m.length >= 4);
      expect(first.messages.length).toBeGreaterThanOrEqual(4);
      const lastSeen = first.messages[first.messages.length - 1].id!;
      for (let i = 0; i < 5; i++) await draftDecision(); // appended while disconnected
      const expected = (await allEvents())
        .filter((e) => e.data.partnershipId === 'camden-homes')
        .map((e) => e.position);
      const later = expected.filter((p) => p > Number(lastSeen));
      const second = await read(patel, '?partnershipId=camden-homes', (m) => m.length >= later.length, {
        'last-event-id': lastSeen,
      });
      const seen = [...first.envelopes, ...second.envelopes].map((e) => e.position);
      expect(second.envelopes[0].position).toBeGreaterThan(Number(lastSeen));
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    });

    it('streams live: an event appended while connected arrives promptly', async () => {
      const from = String(await (await allEvents()).length);
      const reading = read(reid, `?from=${from}`, (m) => m.length >= 1, {}, 5000);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const drafted = await draftDecision();
      const { envelopes } = await reading;
      expect(envelopes.map((e) => e.position)).toEqual([drafted.body.position]);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('shows a third organisation none of the partnership, live or past, and 404 for its id', async () => {
      const clarionOwn = (await allEvents()).filter(visibleTo('clarion', parties)).map((e) => e.position);
      const reading = read(stranger, '', () => false, {}, 2500);
      await new Promise((r) => setTimeout(r, 300));
      await draftDecision();
      const { envelopes } = await reading;
      expect(envelopes.map((e) => e.position)).toEqual(clarionOwn);
      expect(envelopes.every((e) => e.streamId === 'organisation-clarion')).toBe(true);
      const probe = await api.request('GET', '/v1/feed?partnershipId=camden-homes', {
        token: await api.token(stranger),
      });
      expect({ status: probe.status, code: probe.body.code }).toEqual({ status: 404, code: 'partnership-not-found' });
      const unknown = await api.request('GET', '/v1/feed?partnershipId=no-such-thing', {
        token: await api.token(patel),
      });
      expect(unknown.status).toBe(404);
    });

    it('shows an auditor every event', async () => {
      const all = (await allEvents()).map((e) => e.position);
      const { envelopes } = await read(auditor, '', (m) => m.length >= all.length);
      expect(envelopes.map((e) => e.position)).toEqual(all);
    });

    it('on shutdown, ends open streams with a cut-off naming the position to resume after', async () => {
      const messages: SseMessage[] = [];
      const conn = await openSse(
        `${api.baseUrl}/v1/feed?partnershipId=camden-homes`,
        { authorization: `Bearer ${await api.token(patel)}` },
        (m) => messages.push(m),
      );
      const expected = (await allEvents()).filter((e) => e.data.partnershipId === 'camden-homes').length;
      while (messages.length < expected) await new Promise((r) => setTimeout(r, 20));
      const closing = api.close();
      await conn.done;
      await closing; // the open stream did not hold the shutdown up
      const last = messages[messages.length - 1];
      expect(last.event).toBe('cut-off');
      expect(JSON.parse(last.data)).toEqual({
        reason: 'shutting-down',
        resumeAfter: Number(messages[messages.length - 2].id),
      });
      api = await startApi({ DATABASE_URL: db.url, FEED_HEARTBEAT_SECONDS: '1', RATE_LIMIT_WRITES_PER_MINUTE: '0' });
    });

    it('sends heartbeats while idle, and refuses a bad Last-Event-ID or query', async () => {
      const { comments } = await read(patel, '?from=now', () => false, {}, 2500);
      expect(comments).toContain('heartbeat');
      const bad = await api.request('GET', '/v1/feed', {
        token: await api.token(patel),
        headers: { 'last-event-id': 'abc' },
      });
      expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'invalid-last-event-id' });
      const badFrom = await api.request('GET', '/v1/feed?from=-3', { token: await api.token(patel) });
      expect(badFrom.status).toBe(400);
      const noToken = await api.request('GET', '/v1/feed');
      expect(noToken.status).toBe(401);
    });
  });
}
