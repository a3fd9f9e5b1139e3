import { Browser } from 'playwright-core';
import { ApiHarness, ApiLog, startApi } from '../support/api-harness';
import { chromiumAvailable, launchChromium } from '../support/browser';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { appendUnreadableVote } from '../support/unreadable-event';

/**
 * A follower that cannot apply an event is loud (issue 14): /health/ready says which projection
 * stopped at which position, and the console shows it, while the API keeps answering.
 */
const engine = testEngines()[0];
const admin = { personId: 'ada.admin', orgId: 'platform', roles: ['admin' as const] };

describe('a projection stopped by an event it cannot apply', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let poisoned: number;
  /** The projections' errors on the event the suite makes unreadable: read here, not printed. */
  const log = new ApiLog([/^projection \S+ cannot apply the event at position \d+: /]);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url }, log);
    const created = await api.request('POST', '/v1/organisations', {
      token: await api.token(admin),
      body: { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority' },
    });
    expect(created.status).toBe(201);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    poisoned = await appendUnreadableVote(db.pool, 'poisoned');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('makes /health/ready answer 503 naming the projections and the position', async () => {
    let ready = await api.request('GET', '/health/ready');
    for (let i = 0; i < 100 && ready.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await api.request('GET', '/health/ready');
    }
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ code: 'projection-failed' });
    expect(ready.body.detail).toContain(`position ${poisoned}`);
    expect(ready.body.projections).toEqual([
      expect.objectContaining({ name: 'decision-acts', position: poisoned }),
      expect.objectContaining({ name: 'trail', position: poisoned }),
    ]);
    expect((await api.request('GET', '/health/live')).status).toBe(200);
    // The operator is told too: an error of each projection that stopped, naming the position and how to go on.
    expect(
      log.provoked
        .map(({ level, context, msg }) => ({ level, context, msg: msg.split(': ')[0] }))
        .sort((a, b) => a.msg.localeCompare(b.msg)),
    ).toEqual([
      {
        level: 50,
        context: 'projections',
        msg: `projection decision-acts cannot apply the event at position ${poisoned}`,
      },
      { level: 50, context: 'projections', msg: `projection trail cannot apply the event at position ${poisoned}` },
    ]);
    expect(log.provoked.every(({ msg }) => msg.includes('accord projections rebuild'))).toBe(true);
  });

  (chromiumAvailable() ? it : it.skip)('shows it in a banner on every page of the console', async () => {
    const browser: Browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${api.baseUrl}/console/`);
      const banner = page.getByRole('alert').filter({ hasText: 'out of date' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain(`position ${poisoned}`);
    } finally {
      await browser.close();
    }
  });
});
