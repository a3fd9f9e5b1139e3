import { decodeJwt } from 'jose';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import {
  addMember,
  asCaller,
  EXTERNAL_AUDITOR,
  registerOrganisation,
  seedSmallLedger,
  SMALL_LEDGER,
} from '../support/small-ledger';

/**
 * Local sign-in (the embedded default's console sign-in) offers each person only what the ledger
 * grants them (issue 14): roles come from RoleGranted, never from the request.
 */
const engine = testEngines()[0];
const { admin, camdenAdmin, patel } = SMALL_LEDGER;

describe('local sign-in', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  const signIn = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.request('POST', '/v1/console/local-sign-in', { body, headers });
  const rolesOf = (token: string) => decodeJwt(token).roles;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_SIGN_INS_PER_MINUTE: '0' });
    await seedSmallLedger(api);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('gives a member with no role granted a member token, and nothing more however asked', async () => {
    const plain = await signIn({ personId: patel.personId, orgId: patel.orgId });
    expect(plain.status).toBe(200);
    expect(rolesOf(plain.body.token)).toEqual(['member']);
    for (const role of ['governance', 'auditor', 'org-admin']) {
      const asked = await signIn({ personId: patel.personId, orgId: patel.orgId, roles: ['member', role] });
      expect({ status: asked.status, code: asked.body.code }).toEqual({ status: 403, code: 'role-not-granted' });
    }
  });

  it('gives the roles an org-admin granted in the ledger, and stops when they are revoked', async () => {
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles', {
      personId: patel.personId,
      role: 'governance',
    });
    const granted = await signIn({ personId: patel.personId, orgId: patel.orgId });
    expect(rolesOf(granted.body.token)).toEqual(['member', 'governance']);
    const chosen = await signIn({ personId: patel.personId, orgId: patel.orgId, roles: ['governance'] });
    expect(rolesOf(chosen.body.token)).toEqual(['governance']);
    expect((await signIn({ personId: patel.personId, orgId: patel.orgId, roles: ['auditor'] })).status).toBe(403);

    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles/revoke', {
      personId: patel.personId,
      role: 'governance',
      reason: 'Moved team',
    });
    const after = await signIn({ personId: patel.personId, orgId: patel.orgId });
    expect(rolesOf(after.body.token)).toEqual(['member']);
  });

  it('refuses anyone who is not a current member of that organisation', async () => {
    const wrongOrg = await signIn({ personId: patel.personId, orgId: 'peabody' });
    expect({ status: wrongOrg.status, code: wrongOrg.body.code }).toEqual({ status: 404, code: 'member-not-found' });
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'leaver' });
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members/leaver/remove', {});
    expect((await signIn({ personId: 'leaver', orgId: 'camden-council' })).status).toBe(404);
  });

  it.each([
    ['X-Forwarded-For', '203.0.113.9'],
    ['Forwarded', 'for=203.0.113.9'],
    ['X-Real-IP', '203.0.113.9'],
  ])('refuses a request that came through a proxy (%s), people list included', async (header, value) => {
    const forwarded = await signIn({ personId: patel.personId, orgId: patel.orgId }, { [header]: value });
    expect({ status: forwarded.status, code: forwarded.body.code }).toEqual({
      status: 403,
      code: 'local-sign-in-loopback-only',
    });
    const people = await api.request('GET', '/v1/console/local-people', { headers: { [header]: value } });
    expect(people.status).toBe(403);
  });

  it('signs in as an auditor only a member the ledger grants `auditor`, nobody built in', async () => {
    const builtIn = { personId: 'local.auditor', orgId: 'external-audit' };
    const before = await signIn(builtIn);
    expect({ status: before.status, code: before.body.code }).toEqual({ status: 404, code: 'member-not-found' });

    const auditor: Caller = { ...EXTERNAL_AUDITOR, roles: ['member'] };
    await registerOrganisation(api, { organisationId: auditor.orgId, name: 'External audit', kind: 'other' });
    await addMember(api, admin, auditor);
    expect((await signIn({ ...auditor, roles: ['auditor'] })).body.code).toBe('role-not-granted');
    const partnerships = async (token: string) =>
      (await api.request('GET', '/v1/partnerships', { token })).body.items.map(
        (p: { partnershipId: string }) => p.partnershipId,
      );
    expect(await partnerships((await signIn({ ...auditor })).body.token)).toEqual([]);
    await asCaller(api, admin, 'POST', `/v1/organisations/${auditor.orgId}/roles`, {
      personId: auditor.personId,
      role: 'auditor',
    });
    const granted = await signIn({ personId: auditor.personId, orgId: auditor.orgId });
    expect(granted.status).toBe(200);
    expect(rolesOf(granted.body.token)).toEqual(['member', 'auditor']);
    expect(await partnerships(granted.body.token)).toEqual([SMALL_LEDGER.partnershipId]);

    const after = await signIn(builtIn);
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 404, code: 'member-not-found' });
  });

  it('refuses a caller who is not on this machine, people list included', async () => {
    const fromElsewhere = (method: 'GET' | 'POST', url: string) =>
      api.app
        .getHttpAdapter()
        .getInstance()
        .inject({
          method,
          url,
          remoteAddress: '192.0.2.7',
          ...(method === 'POST' ? { payload: { personId: patel.personId, orgId: patel.orgId } } : {}),
        });
    for (const [method, url] of [
      ['GET', '/v1/console/local-people'],
      ['POST', '/v1/console/local-sign-in'],
    ] as const) {
      const answer = await fromElsewhere(method, url);
      expect({ url, status: answer.statusCode, code: answer.json().code }).toEqual({
        url,
        status: 403,
        code: 'local-sign-in-loopback-only',
      });
      expect(answer.body).not.toContain(patel.personId);
    }
  });

  it('lists people by name only', async () => {
    const people = await api.request('GET', '/v1/console/local-people');
    expect(people.status).toBe(200);
    expect(Object.keys(people.body)).toEqual(['people']);
    for (const person of people.body.people)
      expect(Object.keys(person).sort()).toEqual(['displayName', 'orgId', 'organisationName', 'personId']);
    expect(people.body.people.map((p: { personId: string }) => p.personId)).toContain(patel.personId);
  });
});
