import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

/**
 * Two API processes on one database, as infra/cluster runs three: each holds the states it has
 * seen in memory, and a command refused on a state the other one has since moved on must be
 * decided again on the log's current state (the chaos test found an authority refused for a
 * member added through the other API).
 */
describe('API processes side by side on one database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-side-by-side-'));
  const admin: Caller = { personId: 'root', orgId: 'platform', roles: ['admin'] };
  let db: TestDatabase;
  let first: ApiHarness;
  let second: ApiHarness;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    const env = { DATABASE_URL: db.url, ACCORD_DATA_DIR: dataDir, BACKGROUND_JOBS: 'off' };
    first = await startApi(env);
    second = await startApi(env);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = async (api: ApiHarness, path: string, body: unknown) =>
    api.request('POST', path, { token: await api.token(admin), body });
  const grant = (api: ApiHarness, personId: string) =>
    post(api, '/v1/organisations/council/authorities', {
      personId,
      categories: ['governance'],
      valueLimitPence: 0,
      instrument: 'Scheme of delegation',
      validFrom: '2026-01-01T00:00:00Z',
    });

  it('grants an authority to a member the other process added after this one last saw the organisation', async () => {
    expect(
      (await post(first, '/v1/organisations', { organisationId: 'council', name: 'Council', kind: 'local-authority' }))
        .status,
    ).toBe(201);
    expect((await post(second, '/v1/organisations/council/members', { personId: 'j.patel' })).status).toBe(201);

    const granted = await grant(first, 'j.patel');
    expect(granted.status).toBe(201);
    expect(granted.body.revision).toBe(3);
  });

  it('still refuses what the current log does not allow', async () => {
    const refused = await grant(first, 'nobody');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('authority-holder-not-a-member');
  });
});
