/**
 * The retention rule (issue 19, docs/personal-data.md) over HTTP on real PostgreSQL: with
 * `interestsRetentionDays: 0` in the terms, a member's declared interest reads "[erased]" once
 * they leave the board, erased by the closing-time scheduler through the org-admin's erasure
 * path, once: a restart, which reads the due times back from the log, erases nothing again.
 */
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, SMALL_LEDGER, seedSmallLedger } from '../support/small-ledger';

const PATEL_INTEREST = 'Her home is 200 m from the Station Road site.';
const { patel, reid, decisionId, partnershipId } = SMALL_LEDGER;

describe.each(testEngines())('the interests retention rule on $name', (engine) => {
  let db: TestDatabase;
  let api: ApiHarness;
  const env = () => ({ DATABASE_URL: db.url });

  const head = async () => (await db.pool.query<{ n: number }>('SELECT max(position)::int AS n FROM events')).rows[0].n;
  const interestOf = async (personId: string) => {
    const record = await asCaller(api, reid, 'GET', `/v1/decisions/${decisionId}/record?minPosition=${await head()}`);
    const acts = record.body.acts as { kind: string; personId: string; nature?: string }[];
    return acts.find((a) => a.kind === 'interest' && a.personId === personId)?.nature;
  };
  const erasures = async () =>
    (
      await db.pool.query<{ data: { personId: string; reason: string; lawfulBasis: string; erasedBy: unknown } }>(
        "SELECT convert_from(canonical, 'UTF8')::jsonb -> 'data' AS data FROM events WHERE type = 'PersonalDataErased' ORDER BY position",
      )
    ).rows.map((r) => r.data);
  /** Polls until `done` (the scheduler ticks every 250 ms); jest's timeout bounds it. */
  const until = async (done: () => Promise<boolean>) => {
    while (!(await done())) await new Promise((r) => setTimeout(r, 100));
  };
  const standDown = (member: Caller) =>
    asCaller(api, member, 'POST', `/v1/partnerships/${partnershipId}/board/${member.personId}/stand-down`, {});

  beforeAll(async () => {
    db = await createTestDatabase(engine);
    api = await startApi(env());
    await seedSmallLedger(api, { interestsRetentionDays: 0 });
    for (const member of [patel, reid])
      await asCaller(api, member, 'POST', `/v1/decisions/${decisionId}/interests`, {
        nature: `${member.personId}: ${PATEL_INTEREST}`,
      });
  });
  afterAll(async () => {
    await api.close();
    await db.drop();
  });

  it('refuses a retention rule that is not a whole number of days from 0 to 3650', async () => {
    for (const interestsRetentionDays of [-1, 1.5, 3651, 'thirty']) {
      const res = await api.request('POST', `/v1/partnerships/${partnershipId}/terms`, {
        token: await api.token(patel),
        body: {
          version: 2,
          approvalRule: 'board-majority',
          quorum: 1,
          textSha256: 'b'.repeat(64),
          interestsRetentionDays,
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation-failed');
    }
  });

  it('keeps the interest while the member sits on the board, erases it once they leave, once', async () => {
    expect(await interestOf(patel.personId)).toBe(`${patel.personId}: ${PATEL_INTEREST}`);
    await standDown(patel);
    // The key goes first, the event after it: wait for the event.
    await until(async () => (await erasures()).length > 0);
    expect(await interestOf(patel.personId)).toBe('[erased]');
    expect(await interestOf(reid.personId)).toBe(`${reid.personId}: ${PATEL_INTEREST}`);
    expect(await erasures()).toEqual([
      {
        organisationId: patel.orgId,
        personId: patel.personId,
        reason: 'retention-rule',
        lawfulBasis: 'no-longer-necessary',
        erasedBy: { personId: 'accord:retention', orgId: 'accord' },
      },
    ]);
  });

  it('after a restart erases nothing twice: the due times come back from the log', async () => {
    await api.close();
    api = await startApi(env());
    // Reid's leaving is after Patel's erasure in the log, so once his erasure is made the
    // restarted scheduler has read past Patel's: a second erasure of hers would be there by now.
    await standDown(reid);
    await until(async () => (await erasures()).some((e) => e.personId === reid.personId));
    expect((await erasures()).map((e) => e.personId)).toEqual([patel.personId, reid.personId]);
    expect(await interestOf(patel.personId)).toBe('[erased]');
    expect(await interestOf(reid.personId)).toBe('[erased]');
  });
});
