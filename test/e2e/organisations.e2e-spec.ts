import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

const admin = { personId: 'ada.admin', orgId: 'platform', roles: ['admin' as const] };
const camdenAdmin = { personId: 'c.admin', orgId: 'camden-council', roles: ['org-admin' as const] };
const camdenMember = { personId: 'j.patel', orgId: 'camden-council', roles: ['member' as const] };
const outsider = { personId: 'o.side', orgId: 'elsewhere-ha', roles: ['member' as const] };

for (const engine of testEngines()) {
  describe(`organisations over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    let adminToken: string;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url, BODY_LIMIT_BYTES: '65536' });
      adminToken = await api.token(admin);
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('registers an organisation and reads it back, answering with ids, revision and position', async () => {
      const created = await api.request('POST', '/v1/organisations', {
        token: adminToken,
        body: { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ids: { organisationId: 'camden-council' },
        streamId: 'organisation-camden-council',
        revision: 1,
        replayed: false,
      });
      expect(created.body.position).toBeGreaterThan(0);
      expect(created.body.events).toEqual([
        expect.objectContaining({ type: 'OrganisationRegistered', revision: 1, position: created.body.position }),
      ]);
      expect(created.headers.get('location')).toBe('/v1/organisations/camden-council');
      expect(created.headers.get('etag')).toBe('"1"');

      const read = await api.request('GET', '/v1/organisations/camden-council', {
        token: await api.token(camdenMember),
      });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        organisationId: 'camden-council',
        name: 'Camden Council',
        kind: 'local-authority',
        revision: 1,
        members: [],
        authorities: [],
      });
      expect(read.headers.get('etag')).toBe('"1"');
    });

    it('records the verified caller as the actor, not anything in the body', async () => {
      await api.request('POST', '/v1/organisations', {
        token: adminToken,
        body: { organisationId: 'actor-check', name: 'Actor Check', kind: 'other' },
      });
      const { rows } = await db.pool.query(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'organisation-actor-check'`,
      );
      expect(rows[0].e.metadata.actor).toEqual({ personId: 'ada.admin', orgId: 'platform', roles: ['admin'] });
    });

    it('shows an outsider the name and kind but not members or authorities', async () => {
      const read = await api.request('GET', '/v1/organisations/camden-council', { token: await api.token(outsider) });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        organisationId: 'camden-council',
        name: 'Camden Council',
        kind: 'local-authority',
        revision: 1,
      });
    });

    it('answers a retried Idempotency-Key with the first result, and refuses the key with another body', async () => {
      const body = { organisationId: 'peabody', name: 'Peabody', kind: 'housing-association' };
      const headers = { 'idempotency-key': 'register-peabody-1' };
      const first = await api.request('POST', '/v1/organisations', { token: adminToken, body, headers });
      const again = await api.request('POST', '/v1/organisations', { token: adminToken, body, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body).toEqual({ ...first.body, replayed: true });
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await api.request('POST', '/v1/organisations', {
        token: adminToken,
        body: { ...body, name: 'Peabody Trust' },
        headers,
      });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency-key-reused');
      expect(
        (await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE stream_id = 'organisation-peabody'`)).rows[0]
          .n,
      ).toBe(1);
    });

    it.each([
      ['no token', undefined, 401, 'token-missing'],
      ['a member (not an admin)', camdenMember, 403, 'role-required'],
    ])('refuses registration with %s', async (_label, caller, status, code) => {
      const token = caller ? await api.token(caller) : undefined;
      const res = await api.request('POST', '/v1/organisations', {
        token,
        body: { organisationId: 'x-org', name: 'X', kind: 'other' },
      });
      expect(res.status).toBe(status);
      expect(res.body).toMatchObject({ status, code, type: `urn:accord:problem:${code}` });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it.each(['not-camden', 'camden-council'])(
      'refuses registration to an org-admin, even of their own organisation (%s): only the platform brings one in',
      async (organisationId) => {
        const res = await api.request('POST', '/v1/organisations', {
          token: await api.token(camdenAdmin),
          body: { organisationId, name: 'Camden', kind: 'other' },
        });
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'role-required' });
      },
    );

    it('refuses an expired token and one signed by another key', async () => {
      // The verifier allows 30 s of clock skew, so the token expired well before that.
      const longAgo = await api.token(admin, 60, new Date(Date.now() - 3600_000));
      const res = await api.request('GET', '/v1/organisations/camden-council', { token: longAgo });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('token-expired');
      const forged = adminToken.slice(0, -4) + (adminToken.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      const bad = await api.request('GET', '/v1/organisations/camden-council', { token: forged });
      expect(bad.status).toBe(401);
      expect(bad.body.code).toBe('token-invalid-signature');
    });

    it.each([
      ['an unknown field', { body: { name: 'A', kind: 'other', colour: 'red' } }, 400, 'unknown-field'],
      ['a bad enum', { body: { name: 'A', kind: 'charity' } }, 400, 'validation-failed'],
      ['a missing name', { body: { kind: 'other' } }, 400, 'validation-failed'],
      ['malformed JSON', { rawBody: '{"name": "A",' }, 400, 'malformed-json'],
      ['an oversized body', { body: { name: 'A', kind: 'other', pad: 'x'.repeat(70_000) } }, 413, 'body-too-large'],
    ])('refuses %s with a problem, writing nothing', async (_label, options, status, code) => {
      const before = (await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position;
      const res = await api.request('POST', '/v1/organisations', { token: adminToken, ...options });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect((await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position).toBe(before);
    });

    it('refuses registering the same organisation twice as a rule violation', async () => {
      const res = await api.request('POST', '/v1/organisations', {
        token: adminToken,
        body: { organisationId: 'camden-council', name: 'Camden', kind: 'local-authority' },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('organisation-already-registered');
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('etag')).toBeNull();
    });

    it('answers 404 problems for an unknown organisation and an unknown route', async () => {
      const missing = await api.request('GET', '/v1/organisations/nobody', { token: adminToken });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('organisation-not-found');
      const route = await api.request('GET', '/v1/nothing-here', { token: adminToken });
      expect(route.status).toBe(404);
      expect(route.body.code).toBe('route-not-found');
    });

    it('serves health and the OpenAPI document without a token', async () => {
      expect((await api.request('GET', '/health/live')).body).toEqual({ status: 'ok' });
      expect((await api.request('GET', '/health/ready')).body).toEqual({ status: 'ready', database: 'ok' });
      const doc = await api.request('GET', '/docs/openapi.json');
      expect(doc.status).toBe(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/v1/organisations', '/v1/organisations/{organisationId}', '/health/ready']),
      );
    });
  });
}
