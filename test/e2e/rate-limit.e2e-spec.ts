import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

const [engine] = testEngines();

describe('write rate limiting', () => {
  let db: TestDatabase;
  let api: ApiHarness;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    // 20 a minute: a burst of 5, then one every 3 s.
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '20' });
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
});
