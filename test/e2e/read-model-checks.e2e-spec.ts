import { ApiHarness, ApiLog, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

/**
 * A read model changed with SQL behind the projections' back (issue 15) is found by the operators'
 * check, POST /v1/audit/read-models/verify (auditors and admins only), and /health/read-models
 * then reports it to anyone monitoring the service, without the rows' contents.
 */
const engine = testEngines()[0];
const admin: Caller = { personId: 'ada.admin', orgId: 'platform', roles: ['admin'] };
const auditor: Caller = { personId: 'iris', orgId: 'audit-office', roles: ['auditor'] };
const member: Caller = { personId: 'camden.chair', orgId: 'camden-council', roles: ['member'] };

describe('checking the read models against the log', () => {
  let db: TestDatabase;
  let api: ApiHarness;

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('lets only auditors and admins run it, names the changed row, and reports it on /health/read-models', async () => {
    const unchecked = await api.request('GET', '/health/read-models');
    expect(unchecked.status).toBe(200);
    expect(unchecked.body).toEqual({ status: 'ok', readModels: [] });

    expect((await api.request('POST', '/v1/audit/read-models/verify', { token: await api.token(member) })).status).toBe(
      403,
    );
    expect((await api.request('POST', '/v1/audit/read-models/verify')).status).toBe(401);

    const clean = await api.request('POST', '/v1/audit/read-models/verify', { token: await api.token(auditor) });
    expect(clean.status).toBe(200);
    expect(clean.body.ok).toBe(true);
    expect((await api.request('GET', '/health/read-models')).status).toBe(200);

    const created = await api.request('POST', '/v1/organisations', {
      token: await api.token(admin),
      body: { organisationId: 'camden-council', name: 'Camden Council', kind: 'local-authority' },
    });
    expect(created.status).toBe(201);

    // The directory applies the registration in the background; the check compares at its checkpoint.
    let renamed = 0;
    for (let i = 0; i < 100 && renamed === 0; i++) {
      renamed = (
        await db.pool.query(`UPDATE rm_organisations SET name = 'Camden Borough' WHERE name = 'Camden Council'`)
      ).rowCount!;
      if (renamed === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(renamed).toBe(1);

    const tampered = await api.request('POST', '/v1/audit/read-models/verify', { token: await api.token(admin) });
    expect(tampered.status).toBe(200);
    expect(tampered.body.ok).toBe(false);
    const directory = tampered.body.readModels.find((c: { projection: string }) => c.projection === 'directory');
    expect(directory.differing).toBe(1);
    expect(directory.differences).toEqual([
      expect.objectContaining({
        table: 'rm_organisations',
        key: { organisation_id: 'camden-council' },
        kind: 'changed',
        columns: ['name'],
        live: expect.objectContaining({ name: 'Camden Borough' }),
        rebuilt: expect.objectContaining({ name: 'Camden Council' }),
      }),
    ]);

    const health = await api.request('GET', '/health/read-models');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ code: 'read-model-mismatch' });
    expect(health.body.detail).toContain('read model directory differed from the log');
    expect(health.body.detail).toContain('(rm_organisations)');
    expect(JSON.stringify(health.body)).not.toContain('Camden Borough');
  });
});

describe('the scheduled check of the read models', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  /** What the check logs of the row the test deletes: read here, not printed. */
  const log = new ApiLog([/^read model differs from the log: /]);

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi({ DATABASE_URL: db.url, READ_MODEL_CHECK_EVERY_MINUTES: '0.002' }, log);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('finds a deleted row without anyone asking and reports it on /health/read-models', async () => {
    const created = await api.request('POST', '/v1/organisations', {
      token: await api.token(admin),
      body: { organisationId: 'peabody', name: 'Peabody', kind: 'housing-association' },
    });
    expect(created.status).toBe(201);
    let deleted = 0;
    for (let i = 0; i < 100 && deleted === 0; i++) {
      deleted = (await db.pool.query(`DELETE FROM rm_organisations WHERE organisation_id = 'peabody'`)).rowCount!;
      if (deleted === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(deleted).toBe(1);

    let health = await api.request('GET', '/health/read-models');
    for (let i = 0; i < 100 && health.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      health = await api.request('GET', '/health/read-models');
    }
    expect(health.status).toBe(503);
    expect(health.body.readModels).toContainEqual(
      expect.objectContaining({ name: 'directory', differing: 1, tables: ['rm_organisations'] }),
    );
    // The operator is told in the log too, by an error naming the table and the row (once a check).
    expect(log.provoked.length).toBeGreaterThan(0);
    expect(new Set(log.provoked.map(({ level, context, msg }) => `${level} ${context}: ${msg}`))).toEqual(
      new Set([
        '50 read-model-check: read model differs from the log: directory: rm_organisations ' +
          '[organisation_id=peabody] missing (the log has it, the live table does not)',
      ]),
    );
  });
});
