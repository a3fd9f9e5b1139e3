import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, registerOrganisation, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { openSse, SseMessage } from '../support/sse-client';

/**
 * Callers who should see nothing get one answer (issue 14): a non-party's write to an existing
 * decision is the 404 of a missing one; and the ledger, not the token, says who a caller is now: a
 * removed member's old token reads and writes nothing more, answered 403 not-a-member on every
 * route whatever the id (it answers about the caller, so no id can be probed with it), a revoked
 * role is gone from the next request, and an open feed ends at the event that records either.
 */
const engine = testEngines()[0];
const { camdenAdmin, patel, decisionId, partnershipId } = SMALL_LEDGER;
const outsider: Caller = { personId: 'o.side', orgId: 'clarion', roles: ['member', 'org-admin'] };

describe('hostile callers', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  const as = async (caller: Caller, method: string, path: string, body?: unknown) =>
    api.request(method, path, { token: await api.token(caller), body });

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    // The read-route sweep asks every route without a token first, which counts as failed authentications.
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0' });
    await seedSmallLedger(api);
    await registerOrganisation(api, { organisationId: 'clarion', name: 'Clarion', kind: 'other' }, outsider);
    await asCaller(api, outsider, 'POST', '/v1/organisations/clarion/members', { personId: 'x.member' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it.each([
    ['a vote', 'votes', { stance: 'agree', reason: 'x' }],
    ['a sign-off', 'sign-offs', {}],
    ['an interest', 'interests', { nature: 'x' }],
  ])("answers a non-party's %s on an existing decision as on a missing one", async (_label, action, body) => {
    const member = { personId: 'x.member', orgId: 'clarion', roles: ['member' as const] };
    const existing = await as(member, 'POST', `/v1/decisions/${decisionId}/${action}`, body);
    const missing = await as(member, 'POST', `/v1/decisions/no-such-decision/${action}`, body);
    expect({ status: existing.status, code: existing.body.code }).toEqual({ status: 404, code: 'decision-not-found' });
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'decision-not-found' });
  });

  it("answers a non-party's partnership command as on a missing partnership", async () => {
    const member = { personId: 'x.member', orgId: 'clarion', roles: ['member' as const] };
    const existing = await as(member, 'POST', `/v1/partnerships/${partnershipId}/risks`, {
      title: 'r',
      description: 'd',
      ownerParty: 'clarion',
      likelihood: 1,
      impact: 1,
    });
    expect({ status: existing.status, code: existing.body.code }).toEqual({
      status: 404,
      code: 'partnership-not-found',
    });
  });

  /** Adds `personId` to Camden and returns their member token. */
  const newCamdenMember = async (personId: string, roles: Caller['roles'] = ['member']) => {
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId });
    const caller = { personId, orgId: 'camden-council', roles };
    return { caller, token: await api.token(caller) };
  };
  const remove = (personId: string) =>
    asCaller(api, camdenAdmin, 'POST', `/v1/organisations/camden-council/members/${personId}/remove`, {});
  const values: Record<string, string> = {
    organisationId: 'camden-council',
    partnershipId,
    decisionId,
    personId: 'j.patel',
    treeSize: '1',
  };

  it("refuses a removed member's token on every read route of the OpenAPI document, from the next request", async () => {
    const { token } = await newCamdenMember('k.temp');
    expect((await api.request('GET', `/v1/partnerships/${partnershipId}/overview`, { token })).status).toBe(200);
    // No wait for the read models: the ledger's folded state decides.
    await remove('k.temp');
    const doc = (await api.request('GET', '/docs/openapi.json')).body as { paths: Record<string, object> };
    const reads = Object.entries(doc.paths)
      .filter(([path, ops]) => path.startsWith('/v1/') && 'get' in ops)
      .map(([path]) => path.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `no-${name}`));
    const checked: string[] = [];
    for (const path of reads) {
      // A route that answers without a token is public: nobody's membership is asked there.
      if ((await api.request('GET', path)).status !== 401) continue;
      const read = await api.request('GET', path, { token });
      expect({ path, status: read.status, code: read.body?.code }).toEqual({ path, status: 403, code: 'not-a-member' });
      checked.push(path);
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        '/v1/feed',
        '/v1/partnerships',
        `/v1/partnerships/${partnershipId}/overview`,
        `/v1/decisions/${decisionId}`,
        '/v1/organisations/camden-council',
        '/v1/audit/export',
      ]),
    );
    expect((await as(patel, 'GET', `/v1/partnerships/${partnershipId}/overview`)).status).toBe(200);
  });

  it("answers a removed member's write as their reads, whether or not the id exists: 403 not-a-member, nothing to probe", async () => {
    const { token } = await newCamdenMember('k.gone');
    await remove('k.gone');
    const vote = { stance: 'agree', reason: 'x' };
    const risk = { title: 'r', description: 'd', ownerParty: 'camden-council', likelihood: 1, impact: 1 };
    const answers = await Promise.all(
      [
        [`/v1/decisions/${decisionId}/votes`, vote],
        ['/v1/decisions/no-such-decision/votes', vote],
        [`/v1/partnerships/${partnershipId}/risks`, risk],
        ['/v1/partnerships/no-such-partnership/risks', risk],
        [
          `/v1/partnerships/${partnershipId}/decisions`,
          { decisionId: 'probe', title: 't', motion: 'm', category: 'other' },
        ],
      ].map(async ([path, body]) => {
        const res = await api.request('POST', path as string, { token, body });
        return { path, status: res.status, code: res.body?.code };
      }),
    );
    expect(answers.map(({ status, code }) => `${status} ${code}`)).toEqual(Array(5).fill('403 not-a-member'));
    const read = await api.request('GET', `/v1/partnerships/${partnershipId}/overview`, { token });
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 403, code: 'not-a-member' });
  });

  it.each([
    ['someone Camden has never listed', { personId: 'i.mposter', orgId: 'camden-council' }],
    ['a Camden member the ledger has not made org-admin', { personId: patel.personId, orgId: patel.orgId }],
  ])('refuses every org-admin action to a token claiming org-admin for %s, writing nothing', async (_label, who) => {
    const impostor: Caller = { ...who, roles: ['member', 'org-admin'] };
    const org = '/v1/organisations/camden-council';
    const attempts: [string, string, unknown?][] = [
      ['POST', `${org}/members`, { personId: 'i.accomplice' }],
      ['POST', `${org}/members/${patel.personId}/remove`, {}],
      ['POST', `${org}/roles`, { personId: patel.personId, role: 'governance' }],
      [
        'POST',
        `${org}/authorities`,
        {
          personId: patel.personId,
          categories: ['land-disposal'],
          valueLimitPence: 100,
          instrument: 'Forged scheme',
          validFrom: '2026-01-01T00:00:00Z',
        },
      ],
      ['POST', `${org}/webhooks`, { url: 'https://example.org/hook' }],
      ['GET', `${org}/webhooks`],
      ['POST', `${org}/witness`, { name: 'w', vkey: 'x', url: 'https://example.org/w' }],
      // The first org-admin of an organisation the ledger does not hold yet is the platform's to name.
      ['POST', '/v1/organisations', { organisationId: 'impostor-homes', name: 'Impostor Homes', kind: 'other' }],
    ];
    const head = async () => (await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position;
    const before = await head();
    const answers = [];
    for (const [method, path, body] of attempts) {
      const res = await as(impostor, method, path, body);
      answers.push(`${method} ${path}: ${res.status} ${res.body?.code}`);
    }
    expect(answers).toEqual(attempts.map(([method, path]) => `${method} ${path}: 403 role-required`));
    const stranger = { personId: 'i.mposter', orgId: 'impostor-homes', roles: ['org-admin' as const] };
    const own = await as(stranger, 'POST', '/v1/organisations', {
      organisationId: 'impostor-homes',
      name: 'Impostor Homes',
      kind: 'other',
    });
    expect({ status: own.status, code: own.body.code }).toEqual({ status: 403, code: 'role-required' });
    expect(await head()).toBe(before);
  });

  it('takes a revoked role away from the next request, though the token still names it', async () => {
    const { token } = await newCamdenMember('k.aud', ['member', 'auditor']);
    const grant = { personId: 'k.aud', role: 'auditor' };
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles', grant);
    const read = async (path: string) => {
      const res = await api.request('GET', path, { token });
      return { path, status: res.status, code: res.body?.code, members: res.body?.members?.length };
    };
    // Only its own people and those who see everything are shown an organisation's members.
    expect(await read('/v1/organisations/clarion')).toMatchObject({ status: 200, members: 2 });
    expect(await read('/v1/audit/verify')).toMatchObject({ status: 200 });
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles/revoke', {
      ...grant,
      reason: 'Audit finished',
    });
    expect(await read('/v1/organisations/clarion')).toMatchObject({ status: 200, members: undefined });
    expect(await read('/v1/audit/verify')).toMatchObject({ status: 403, code: 'role-required' });
    // Still a member: what a member reads stays readable.
    expect(await read(`/v1/partnerships/${partnershipId}/overview`)).toMatchObject({ status: 200 });
  });

  it('ends an open feed at the event that removes its subscriber or revokes a role they read with', async () => {
    const streams = new Map<string, { messages: SseMessage[]; done: Promise<void>; close(): void }>();
    const open = async (name: string, token: string, query = '') => {
      const messages: SseMessage[] = [];
      const conn = await openSse(`${api.baseUrl}/v1/feed?from=now${query}`, { authorization: `Bearer ${token}` }, (m) =>
        messages.push(m),
      );
      expect(conn.status).toBe(200);
      streams.set(name, { messages, done: conn.done, close: conn.close });
    };
    const gone = await newCamdenMember('k.feed');
    const auditor = await newCamdenMember('k.feedaud', ['member', 'auditor']);
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles', {
      personId: 'k.feedaud',
      role: 'auditor',
    });
    await open('removed', gone.token);
    await open('removed, filtered by type', gone.token, '&types=InterestDeclared');
    await open('revoked', auditor.token);
    await open('colleague', await api.token(patel));

    const removal = (await remove('k.feed')).body.position as number;
    const revocation = (
      await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles/revoke', {
        personId: 'k.feedaud',
        role: 'auditor',
        reason: 'Audit finished',
      })
    ).body.position as number;
    const after = (
      await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/interests`, { nature: 'Tenant of the site' })
    ).body.position as number;

    const cutOff = async (name: string, at: number) => {
      const stream = streams.get(name)!;
      await within(stream.done, `${name}: the stream stayed open`);
      const last = stream.messages.at(-1)!;
      expect({ name, event: last.event, data: JSON.parse(last.data) }).toEqual({
        name,
        event: 'cut-off',
        data: { reason: 'access-changed', resumeAfter: expect.any(Number) },
      });
      const positions = stream.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
      expect({ name, beyond: positions.filter((p) => p >= at) }).toEqual({ name, beyond: [] });
    };
    await cutOff('removed', removal);
    await cutOff('removed, filtered by type', removal);
    await cutOff('revoked', revocation);

    // A colleague's stream is not theirs to lose: it carries on past both and sees what follows.
    const colleague = streams.get('colleague')!;
    await waitFor(() => colleague.messages.some((m) => Number(m.id) === after));
    expect(colleague.messages.some((m) => m.event === 'cut-off')).toBe(false);
    colleague.close();
  });
});

async function within(promise: Promise<void>, failure: string, timeoutMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(failure)), timeoutMs);
  });
  await Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
