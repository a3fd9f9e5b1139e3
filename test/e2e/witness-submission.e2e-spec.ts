import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCosignature, formatPolicy, parseSignedNote, witnessKeyFromVkey } from '@accord/audit';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, type TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import {
  accord,
  startWitnessProcess,
  stopWitnessProcesses,
  type WitnessProcess as Witness,
} from '../support/witness-processes';

const PARTIES = [
  { organisationId: 'camden-council', admin: SMALL_LEDGER.camdenAdmin },
  { organisationId: 'peabody', admin: SMALL_LEDGER.peabodyAdmin },
];

describe('the log asks the witnesses the parties registered, and serves their cosignatures', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let dir: string;
  let logVkey: string;
  let witnesses: Witness[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-submission-'));
    db = await createTestDatabase(testEngines()[0] as never);
    api = await startApi({
      DATABASE_URL: db.url,
      AUDIT_CHECKPOINT_EVERY_EVENTS: '5',
      AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
    });
    logVkey = (await api.request('GET', '/v1/audit/public-key')).body.vkey;
    witnesses = await Promise.all(PARTIES.map((p) => startWitnessProcess(p.organisationId, dir, logVkey)));
    await seedSmallLedger(api);
  });

  afterAll(async () => {
    await stopWitnessProcesses(witnesses);
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const registration = (w: Witness) => ({ name: w.name, vkey: w.vkey, url: w.url });

  it("only the party's own org-admin registers its witness: not the platform admin, not another party", async () => {
    const [camden] = witnesses as [Witness];
    for (const caller of [SMALL_LEDGER.admin, SMALL_LEDGER.peabodyAdmin, SMALL_LEDGER.patel]) {
      const res = await api.request('POST', '/v1/organisations/camden-council/witness', {
        token: await api.token(caller),
        body: registration(camden),
      });
      expect(res.status).toBe(403);
    }
    const bad = await api.request('POST', '/v1/organisations/camden-council/witness', {
      token: await api.token(SMALL_LEDGER.camdenAdmin),
      body: { ...registration(camden), vkey: logVkey },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid-field' } });
  });

  it('every checkpoint after registration carries both cosignatures; health shows no lag; the export verifies with the policy', async () => {
    for (const [i, party] of PARTIES.entries())
      await asCaller(
        api,
        party.admin,
        'POST',
        `/v1/organisations/${party.organisationId}/witness`,
        registration(witnesses[i] as Witness),
      );
    // More commands after registration: the checkpoints that seal them go to both witnesses.
    for (let i = 0; i < 3; i++)
      await asCaller(api, SMALL_LEDGER.patel, 'POST', `/v1/partnerships/${SMALL_LEDGER.partnershipId}/risks`, {
        title: `Risk ${i}`,
        description: 'Contractor capacity',
        ownerParty: 'camden-council',
        likelihood: 2,
        impact: 3,
      });

    // The submitter runs in the background: wait (bounded) until the head is sealed and cosigned.
    let cosignedBy: string[] = [];
    let health: { witnesses: { organisationId: string; lag: number; cosignedSize: number }[] } = { witnesses: [] };
    for (let attempt = 0; attempt < 300; attempt++) {
      const latest = (await api.request('GET', '/v1/audit/checkpoints/latest')).body;
      const note = parseSignedNote(latest.note as string);
      cosignedBy = witnesses
        .filter((w) => checkCosignature(note, witnessKeyFromVkey(w.vkey)).status === 'valid')
        .map((w) => w.party);
      health = (await api.request('GET', '/health/witnesses')).body;
      const head = (await db.pool.query<{ n: string }>('SELECT max(position) AS n FROM events')).rows[0]?.n;
      if (cosignedBy.length === 2 && latest.treeSize === Number(head) && health.witnesses.every((w) => w.lag === 0))
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cosignedBy).toEqual(['camden-council', 'peabody']);
    expect(health.witnesses.map((w) => [w.organisationId, w.lag])).toEqual([
      ['camden-council', 0],
      ['peabody', 0],
    ]);

    const auditor = await api.token({ personId: 'a.udit', orgId: 'platform', roles: ['auditor'] });
    const exported = await fetch(`${api.baseUrl}/v1/audit/export`, { headers: { authorization: `Bearer ${auditor}` } });
    writeFileSync(join(dir, 'log.jsonl'), await exported.text());
    // The auditor's policy comes from the ledger: the partnership's parties' witnesses, all required.
    const printed = await accord([
      'policy',
      '--api',
      api.baseUrl,
      '--token',
      auditor,
      '--partnership',
      SMALL_LEDGER.partnershipId,
      '--out',
      join(dir, 'parties.policy'),
    ]);
    expect(printed.code).toBe(0);
    expect(readFileSync(join(dir, 'parties.policy'), 'utf8')).toBe(
      formatPolicy({
        logVkey,
        witnesses: witnesses.map((w) => ({ name: w.party, vkey: w.vkey, url: w.url })),
        comments: [`The witnesses of partnership ${SMALL_LEDGER.partnershipId}’s parties`],
      }),
    );
    const member = await accord(['policy', '--api', api.baseUrl, '--token', await api.token(SMALL_LEDGER.patel)]);
    expect(member).toMatchObject({ code: 1, stderr: expect.stringMatching(/^accord policy: 403 /) });
    const verified = await accord(['verify', join(dir, 'log.jsonl'), '--policy', join(dir, 'parties.policy')]);
    expect(verified.stdout).toMatch(/OK: the bundle verifies/);
    expect(verified.stdout).toMatch(/camden-council +cosigned at /);
    expect(verified.stdout).toMatch(/peabody +cosigned at /);
    expect(verified.code).toBe(0);
  });
});
