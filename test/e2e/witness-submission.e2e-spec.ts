import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCosignature, formatPolicy, parseSignedNote, witnessKeyFromVkey } from '@accord/audit';
import { ApiHarness, ApiLog, startApi } from '../support/api-harness';
import { createTestDatabase, type TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { cosignedAtHead, eventually } from '../support/witness-cosignatures';
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
  /** The running host's warnings of the witnesses' refusals, which the tests provoke: read, not printed. */
  let log: ApiLog;

  /** The API with its background jobs, on a data folder (its audit key) that outlives a restart. */
  const startHost = () => {
    log = new ApiLog([/^witness \S+: (bad-proof|forbidden) at tree size \d+: /]);
    return startApi(
      {
        DATABASE_URL: db.url,
        ACCORD_DATA_DIR: join(dir, 'host'),
        AUDIT_CHECKPOINT_EVERY_EVENTS: '5',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
      },
      log,
    );
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-submission-'));
    db = await createTestDatabase(testEngines()[0] as never);
    api = await startHost();
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

  interface Health {
    witnesses: { organisationId: string; lag: number; lastError: string | null; failures: number }[];
  }
  const healthOf = async (): Promise<Health> => (await api.request('GET', '/health/witnesses')).body;

  const auditorToken = () => api.token({ personId: 'a.udit', orgId: 'platform', roles: ['auditor'] });

  async function exportAndVerify(name: string): Promise<{ code: number; stdout: string }> {
    const exported = await fetch(`${api.baseUrl}/v1/audit/export`, {
      headers: { authorization: `Bearer ${await auditorToken()}` },
    });
    writeFileSync(join(dir, name), await exported.text());
    return accord(['verify', join(dir, name), '--policy', join(dir, 'parties.policy')]);
  }

  /**
   * The host, with SQL access and its signing key, rewrites the last event (the end of its
   * stream, so no later link gives it away), drops the tree, the checkpoints and what it knew of
   * the witnesses, and lets its sealer build and sign the rewritten log again.
   */
  async function rewriteHistory(newKey: boolean): Promise<void> {
    await api.close();
    const last = 'position = (SELECT max(position) FROM events)';
    for (const statement of [
      `UPDATE events SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), 'Risk 2', 'Risk 9'), 'UTF8') WHERE ${last}`,
      `UPDATE events SET leaf_hash = sha256('\\x00'::bytea || canonical) WHERE ${last}`,
      'DELETE FROM checkpoint_cosignatures',
      'DELETE FROM checkpoints',
      'DELETE FROM witness_progress',
      'DELETE FROM merkle_nodes',
      `UPDATE merkle_head SET tree_size = 0, root = sha256(''::bytea)`,
    ])
      await db.pool.query(statement);
    if (newKey) rmSync(join(dir, 'host', 'audit-signing-key.pem'));
    api = await startHost();
  }

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

    expect(
      await eventually(
        () => cosignedAtHead(api, witnesses),
        (by) => by.length === 2,
      ),
    ).toEqual(['camden-council', 'peabody']);
    const health = await eventually(healthOf, (h) => h.witnesses.every((w) => w.lag === 0));
    expect(health.witnesses.map((w) => [w.organisationId, w.lag])).toEqual([
      ['camden-council', 0],
      ['peabody', 0],
    ]);

    // The auditor's policy comes from the ledger: the partnership's parties' witnesses, all required.
    const printed = await accord([
      'policy',
      '--api',
      api.baseUrl,
      '--token',
      await auditorToken(),
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

    const verified = await exportAndVerify('log.jsonl');
    expect(verified.stdout).toMatch(/OK: the bundle verifies/);
    expect(verified.stdout).toMatch(/camden-council +cosigned at /);
    expect(verified.stdout).toMatch(/peabody +cosigned at /);
    expect(verified.code).toBe(0);
    expect(log.provoked).toEqual([]);
  });

  it.each([
    ['with its own key', false, 'bad-proof'],
    ['with a new key', true, 'forbidden'],
  ])(
    'a host that rewrites history and re-signs it %s: every witness refuses, health shows it and the log warns, the export fails the policy',
    async (_how, newKey, refusal) => {
      await rewriteHistory(newKey);
      const refused = (w: { lastError: string | null }) => w.lastError?.startsWith(`${refusal}: `) ?? false;
      const health = await eventually(healthOf, (h) => h.witnesses.every(refused));
      expect(health.witnesses.map((w) => [w.organisationId, refused(w)])).toEqual(
        PARTIES.map((p) => [p.organisationId, true]),
      );
      // Each witness's refusal is a warning of the submitter, once per attempt.
      const warned = new Set(log.provoked.map((l) => `${l.level} ${l.context}: ${l.msg.split(' at tree size ')[0]}`));
      expect(warned).toEqual(new Set(witnesses.map((w) => `40 witness-submitter: witness ${w.name}: ${refusal}`)));
      expect(health.witnesses.every((w) => w.failures >= 1 && w.lag > 0)).toBe(true);
      const latest = parseSignedNote((await api.request('GET', '/v1/audit/checkpoints/latest')).body.note as string);
      expect(witnesses.map((w) => checkCosignature(latest, witnessKeyFromVkey(w.vkey)).status)).toEqual([
        'missing',
        'missing',
      ]);

      const verified = await exportAndVerify(`rewritten-${newKey ? 'new' : 'same'}-key.jsonl`);
      expect(verified.stdout).not.toMatch(/OK: the bundle verifies/);
      expect(verified.code).toBe(1);
      if (!newKey) {
        const failure = verified.stdout.slice(verified.stdout.indexOf('FAILED'));
        expect(failure).toMatch(/^FAILED at line 1: no-quorum/);
        for (const party of PARTIES) expect(failure).toContain(party.organisationId);
      }
    },
  );
});
