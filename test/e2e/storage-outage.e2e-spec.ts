import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningPostgres, startEmbeddedPostgres } from '@accord/event-store';
import { ApiHarness, ApiLog, startApi } from '../support/api-harness';

/**
 * The database goes away under a running API and comes back: requests get 503 problems with a
 * retry hint meanwhile, the process stays up, and it serves again without a restart.
 */
describe('storage outage at run time', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-outage-'));
  let postgres: RunningPostgres;
  let api: ApiHarness;
  /** What the API logs of the outage (lost connections, jobs that retry): read here, not printed. */
  const log = new ApiLog([
    /^database connection lost: /,
    /^log watcher: /,
    /^data-key cache listener: /,
    /^projection [\w-]+: .+; retrying in 1 s$/,
    /^following the log failed \(.+\); retrying in 2 s$/,
    /^audit sealer: .+; retrying in 2 s$/,
    /^witness submitter: .+; retrying$/,
    /^webhook deliverer's tail of the log: /,
  ]);
  let token: string;
  // Below Linux's ephemeral range (32768–60999): a port in it can be taken as the local end of
  // some other suite's outgoing connection while the database is down, and the restart must
  // come back on the same port the API keeps dialling.
  const port = 24000 + (process.pid % 4000);

  const register = (id: string) =>
    api.request('POST', '/v1/organisations', { token, body: { organisationId: id, name: id, kind: 'other' } });

  beforeAll(async () => {
    postgres = await startEmbeddedPostgres({ dataDir, port });
    api = await startApi({ DATABASE_URL: postgres.url }, log);
    token = await api.token({ personId: 'root', orgId: 'platform', roles: ['admin'] });
  });
  afterAll(async () => {
    await api?.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 503 problems while the database is down and recovers when it returns', async () => {
    expect((await register('before-outage')).status).toBe(201);

    await postgres.stop();
    const during = await register('during-outage');
    expect(during.status).toBe(503);
    expect(during.body).toMatchObject({ status: 503, code: 'storage-unavailable' });
    expect(during.headers.get('retry-after')).toBe('2');
    const read = await api.request('GET', '/v1/organisations/before-outage', { token });
    expect(read.status).toBe(503);
    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('not-ready');
    expect((await api.request('GET', '/health/live')).status).toBe(200);

    postgres = await startEmbeddedPostgres({ dataDir, port });
    expect(postgres.port).toBe(port);
    let after = await register('after-outage');
    for (let i = 0; i < 20 && after.status === 503; i++) {
      await new Promise((r) => setTimeout(r, 250));
      after = await register('after-outage');
    }
    expect(after.status).toBe(201);
    expect((await api.request('GET', '/health/ready')).status).toBe(200);
    expect((await api.request('GET', '/v1/organisations/before-outage', { token })).status).toBe(200);
    expect((await api.request('GET', '/v1/organisations/during-outage', { token })).status).toBe(404);

    // The outage is logged (which connections and jobs notice it first varies), as warnings.
    expect(log.provoked.length).toBeGreaterThan(0);
    expect(log.provoked.every((l) => l.level === 40)).toBe(true);
  });
});
