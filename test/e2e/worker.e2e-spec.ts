import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';

/**
 * At scale the API runs with BACKGROUND_JOBS=off and apps/worker does the background work: here a
 * decision's closing time is acted on by the worker process, not the API.
 */
const WORKER = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const admin: Caller = { personId: 'root', orgId: 'platform', roles: ['admin'] };

describe('apps/worker', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({ DATABASE_URL: db.url, BACKGROUND_JOBS: 'off' });
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker?.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await api?.close();
    await db?.drop();
  });

  it('refuses to start without DATABASE_URL', async () => {
    const proc = spawn(process.execPath, [WORKER], {
      env: { ...process.env, DATABASE_URL: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(/DATABASE_URL is required by the worker/);
  });

  it('lapses a decision at its closing time while the API runs no background jobs', async () => {
    const call = async (caller: Caller, path: string, body: unknown) => {
      const res = await api.request('POST', path, { token: await api.token(caller), body });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const council: Caller = { personId: 'c.one', orgId: 'council', roles: ['member'] };
    const association: Caller = { personId: 'a.one', orgId: 'association', roles: ['member'] };
    for (const [org, kind, person] of [
      ['council', 'local-authority', council],
      ['association', 'housing-association', association],
    ] as const) {
      await call(admin, '/v1/organisations', { organisationId: org, name: org, kind });
      await call(admin, `/v1/organisations/${org}/members`, { personId: person.personId });
      await call(admin, `/v1/organisations/${org}/authorities`, {
        personId: person.personId,
        categories: ['governance'],
        valueLimitPence: 0,
        instrument: 'Test',
        validFrom: '2026-01-01T00:00:00Z',
      });
    }
    await call(council, '/v1/partnerships', {
      partnershipId: 'pp',
      title: 'P',
      purpose: 'Test',
      parties: ['council', 'association'],
    });
    await call(council, '/v1/partnerships/pp/join', {});
    await call(association, '/v1/partnerships/pp/join', {});
    await call(council, '/v1/partnerships/pp/decisions', {
      decisionId: 'dd',
      title: 'D',
      motion: 'M',
      category: 'governance',
    });
    await call(council, '/v1/decisions/dd/open', { closesAt: new Date(Date.now() + 800).toISOString() });

    const status = async () =>
      (await api.request('GET', '/v1/decisions/dd', { token: await api.token(council) })).body.status;
    await new Promise((r) => setTimeout(r, 1500));
    expect(await status()).toBe('open'); // nobody runs the scheduler yet

    worker = spawn(process.execPath, [WORKER], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    let now = '';
    for (let i = 0; i < 100 && now !== 'lapsed'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      now = await status();
    }
    expect(now).toBe('lapsed');
  });
});
