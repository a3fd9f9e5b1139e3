import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

const [engine] = testEngines();

describe('write rate limiting', () => {
  let db: TestDatabase;
  let api: ApiHarness;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    // 20 a minute: a burst of 5, then one every 3 s.
    api = await startApi({
      DATABASE_URL: db.url,
      RATE_LIMIT_WRITES_PER_MINUTE: '20',
      RATE_LIMIT_READS_PER_MINUTE: '40',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '20',
      RATE_LIMIT_SIGN_INS_PER_MINUTE: '20',
      RATE_LIMIT_PUBLIC_READS_PER_MINUTE: '20',
    });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers 429 with Retry-After once a caller floods writes, without touching others or reads', async () => {
    const flooder = await api.token({ personId: 'flood', orgId: 'platform', roles: ['admin'] });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const res = await api.request('POST', '/v1/organisations', {
        token: flooder,
        body: { organisationId: `org-${i}`, name: `Org ${i}`, kind: 'other' },
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    expect(limited?.body).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await api.request('GET', '/v1/organisations/org-0', { token: flooder })).status).toBe(200);

    const other = await api.token({ personId: 'calm', orgId: 'platform', roles: ['admin'] });
    expect(
      (
        await api.request('POST', '/v1/organisations', {
          token: other,
          body: { organisationId: 'calm-org', name: 'Calm', kind: 'other' },
        })
      ).status,
    ).toBe(201);
  });

  it('limits reads per caller (a burst of 10 at 40 a minute), apart from writes and other callers', async () => {
    const reader = await api.token({ personId: 'reader', orgId: 'platform', roles: ['admin'] });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await api.request('GET', '/v1/partnerships', { token: reader })).status);
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    const other = await api.token({ personId: 'other-reader', orgId: 'platform', roles: ['admin'] });
    expect((await api.request('GET', '/v1/partnerships', { token: other })).status).toBe(200);
  });

  it('limits failed authentications per address, whatever token comes next', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await api.request('GET', '/v1/partnerships', { token: `forged.${i}.token` })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const good = await api.token({ personId: 'late', orgId: 'platform', roles: ['admin'] });
    const refused = await api.request('GET', '/v1/partnerships', { token: good });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 429, code: 'rate-limited' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('limits local sign-ins per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await api.request('POST', '/v1/console/local-sign-in', { body: { personId: `p${i}`, orgId: 'nowhere' } }))
          .status,
      );
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429]);
  });

  it('limits anonymous reads of the public register per address, whatever its route, health probes aside', async () => {
    const paths = ['/v1/public/partnerships', '/v1/public/partnerships/nowhere/decisions'];
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 6; i++) {
      const res = await api.request('GET', paths[i % 2]!);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toEqual([200, 404, 200, 404, 200, 429]);
    expect(limited?.body).toMatchObject({ status: 429, code: 'rate-limited' });
    expect(limited?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Health probes are not counted; the Atom feed shares the address's count with the pages.
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    expect((await api.request('GET', '/v1/public/partnerships/nowhere/register.atom')).status).toBe(429);
  });
});
