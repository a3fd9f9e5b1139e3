import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ORGANISATIONS } from '../../apps/cli/src/demo/scenario/cast';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { alive, freePortRun } from '../support/processes';
import { accord } from '../support/witness-processes';

/**
 * `accord demo --witnesses` against the real API on real PostgreSQL: one `accord witness` process
 * per party, each with its own data folder and port, registered by its party's org-admin; the
 * demo ends once the latest checkpoint carries all three cosignatures, and the partnership's
 * export passes `accord verify --policy` with the policy the ledger prints for it.
 */
const cli = join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'src', 'main.js');
const auditor: Caller = { personId: 'demo-auditor', orgId: 'platform', roles: ['auditor'] };
const PARTNERSHIP = 'lambeth-homes';

describe('accord demo --witnesses', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let dir: string;
  let firstPort: number;
  let run: { stdout: string; stderr: string };
  /** Party → pid of its witness, as the demo printed them. */
  let pids: Map<string, number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-demo-witnesses-'));
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({ DATABASE_URL: db.url, RATE_LIMIT_WRITES_PER_MINUTE: '0' });
    firstPort = await freePortRun(3, 21100, 21999);
    run = await promisify(execFile)(
      process.execPath,
      [cli, 'demo', '--url', api.baseUrl, '--witnesses', '--witness-port', String(firstPort)],
      { env: { ...process.env, ACCORD_DATA_DIR: api.dataDir }, timeout: 240_000 },
    );
    pids = new Map(
      [...run.stdout.matchAll(/^ {2}witness of (\S+): \S+ \(pid (\d+)\)/gm)].map((m) => [m[1], Number(m[2])]),
    );
  }, 300_000);

  afterAll(async () => {
    // The demo leaves its witnesses running on purpose (the console shows them); the test stops them.
    for (const pid of pids?.values() ?? []) if (alive(pid)) process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 100 && [...(pids?.values() ?? [])].some(alive); i++)
      await new Promise((r) => setTimeout(r, 100));
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts one witness process per party, each on its own port and data folder', async () => {
    expect(run.stderr).toBe('');
    expect([...pids.keys()]).toEqual(ORGANISATIONS.map((o) => o.id));
    expect(new Set(pids.values()).size).toBe(3);
    for (const [i, org] of ORGANISATIONS.entries()) {
      const pid = pids.get(org.id) as number;
      expect(alive(pid)).toBe(true);
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toContain('witness');
      expect(pid).not.toBe(process.pid);
      const url = `http://127.0.0.1:${firstPort + i}`;
      expect(run.stdout).toContain(`witness of ${org.id}: ${url} (pid ${pid})`);
      // Each keeps its own key, mode 0600, in its own folder.
      const key = join(api.dataDir, 'witnesses', org.id, 'witness-key.pem');
      expect(existsSync(key)).toBe(true);
      expect(statSync(key).mode & 0o777).toBe(0o600);
    }
    expect(run.stdout).toMatch(/the latest checkpoint \(tree size \d+\) is cosigned by all 3 witnesses/);
  });

  it('registers each witness in the ledger, and the export passes accord verify --policy', async () => {
    const token = await api.token(auditor);
    const health = (await api.request('GET', '/health/witnesses')).body as {
      witnesses: { organisationId: string; lag: number; cosignedSize: number }[];
    };
    expect(Object.fromEntries(health.witnesses.map((w) => [w.organisationId, w.lag]))).toEqual(
      Object.fromEntries(ORGANISATIONS.map((o) => [o.id, 0])),
    );

    const policy = join(dir, 'lambeth-homes.policy');
    const bundle = join(dir, 'lambeth-homes.jsonl');
    const common = ['--api', api.baseUrl, '--token', token, '--partnership', PARTNERSHIP];
    expect(await accord(['policy', ...common, '--out', policy])).toMatchObject({ code: 0 });
    for (const org of ORGANISATIONS) expect(readFileSync(policy, 'utf8')).toContain(`witness ${org.id} `);
    expect(await accord(['export', ...common, '--out', bundle])).toMatchObject({ code: 0 });

    const verified = await accord(['verify', bundle, '--policy', policy]);
    expect(verified.stdout).toMatch(/OK: the bundle verifies/);
    for (const org of ORGANISATIONS)
      expect(verified.stdout).toMatch(new RegExp(`${org.id} +cosigned at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z`));
    expect(verified.code).toBe(0);
  });
});
