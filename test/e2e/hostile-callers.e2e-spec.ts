import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * Callers who should see nothing get one answer (issue 14): a removed member's old token reads
 * nothing more, and a non-party's write to an existing decision is the 404 of a missing one.
 */
const engine = testEngines()[0];
const { admin, camdenAdmin, patel, decisionId, partnershipId } = SMALL_LEDGER;
const outsider: Caller = { personId: 'o.side', orgId: 'clarion', roles: ['member', 'org-admin'] };

describe('hostile callers', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  const as = async (caller: Caller, method: string, path: string, body?: unknown) =>
    api.request(method, path, { token: await api.token(caller), body });

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url });
    await seedSmallLedger(api);
    await asCaller(api, admin, 'POST', '/v1/organisations', {
      organisationId: 'clarion',
      name: 'Clarion',
      kind: 'other',
    });
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

  it("stops a removed member's token reading the partnership and the feed", async () => {
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'k.temp' });
    const temp = { personId: 'k.temp', orgId: 'camden-council', roles: ['member' as const] };
    const token = await api.token(temp);
    expect((await api.request('GET', `/v1/partnerships/${partnershipId}/overview`, { token })).status).toBe(200);
    const removed = await asCaller(
      api,
      camdenAdmin,
      'POST',
      '/v1/organisations/camden-council/members/k.temp/remove',
      {},
    );
    // The removal reaches the read models at once; a read that asks for its position waits for it.
    expect((await as(patel, 'GET', `/v1/partnerships?minPosition=${removed.body.position}`)).status).toBe(200);
    for (const path of [
      `/v1/partnerships/${partnershipId}/overview`,
      `/v1/partnerships/${partnershipId}`,
      `/v1/decisions/${decisionId}`,
      '/v1/partnerships',
      '/v1/feed',
    ]) {
      const read = await api.request('GET', path, { token });
      expect({ path, status: read.status, code: read.body?.code }).toEqual({ path, status: 403, code: 'not-a-member' });
    }
    expect((await as(patel, 'GET', `/v1/partnerships/${partnershipId}/overview`)).status).toBe(200);
  });
});
