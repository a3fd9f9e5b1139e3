import { ApiHarness, ApiLog, startApi } from '../support/api-harness';
import { describeWithReplica, ReplicaPair, startReplicaPair } from '../support/replica';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

/**
 * Queries served by a streaming replica (DATABASE_READ_URL, issue 22): a primary and a hot
 * standby made by infra/replica/start.sh. With the standby's replay paused, a query given the
 * position of a write waits for the replica (not the primary) to replay that far, answers once
 * it has, and past READ_MODEL_WAIT_MS answers 503 `read-model-behind` as for a read model behind
 * on the primary. Commands and the log's writes never go to the replica: they go on while it is
 * down.
 */
describeWithReplica('queries from a streaming replica', () => {
  const { patel, reid, partnershipId } = SMALL_LEDGER;
  let replica: ReplicaPair;
  let api: ApiHarness;
  /** The replica's lost connections, warnings the last test provokes: read here, not printed. */
  const log = new ApiLog([/^read replica connection lost: /]);
  let risk = 0;

  const raiseRisk = async () => {
    const riskId = `risk-${++risk}`;
    const res = await asCaller(api, reid, 'POST', `/v1/partnerships/${partnershipId}/risks`, {
      riskId,
      title: `Risk ${risk}`,
      description: 'Raised while the replica is watched',
      ownerParty: 'peabody',
      likelihood: 2,
      impact: 3,
    });
    return { riskId, position: res.body.position as number };
  };
  const overview = async (minPosition: number) =>
    api.request('GET', `/v1/partnerships/${partnershipId}/overview?minPosition=${minPosition}`, {
      token: await api.token(patel),
    });
  const openRisks = (body: { openRisks: { riskId: string }[] }) => body.openRisks.map((r) => r.riskId);
  /** Where the partnerships read model stands on the primary (the projections run there). */
  const primaryReached = async (position: number) => {
    for (;;) {
      const [row] = await replica.onPrimary<{ position: string }>(
        "SELECT position FROM projection_checkpoints WHERE name = 'partnerships'",
      );
      if (Number(row?.position ?? 0) >= position) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    replica = await startReplicaPair();
    api = await startApi(
      {
        DATABASE_URL: replica.primaryUrl,
        DATABASE_READ_URL: replica.readUrl,
        READ_MODEL_WAIT_MS: '1500',
      },
      log,
    );
    await seedSmallLedger(api);
  });
  afterAll(async () => {
    await api?.close();
    await replica?.close();
  });

  it('waits for the replica to replay the position a command answered with, then answers from it', async () => {
    const first = await raiseRisk();
    const res = await overview(first.position);
    expect(res.status).toBe(200);
    expect(openRisks(res.body)).toContain(first.riskId);
    // The query's connections are the replica's, never the primary's.
    const onStandby = await replica.onStandby(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'accord-queries'",
    );
    const onPrimary = await replica.onPrimary(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = 'accord-queries'",
    );
    expect({ standby: onStandby.length > 0, primary: onPrimary.length }).toEqual({ standby: true, primary: 0 });

    await replica.onStandby('SELECT pg_wal_replay_pause()');
    const second = await raiseRisk();
    const answer = overview(second.position);
    let answered = false;
    void answer.then(() => (answered = true));
    // The primary's read model has the risk; the paused replica does not, so the query still waits.
    await primaryReached(second.position);
    expect(answered).toBe(false);
    await replica.onStandby('SELECT pg_wal_replay_resume()');
    const after = await answer;
    expect(after.status).toBe(200);
    expect(openRisks(after.body)).toContain(second.riskId);
    expect(after.body.position).toBeGreaterThanOrEqual(second.position);
  });

  it('answers 503 read-model-behind when the replica has not replayed the position in time', async () => {
    await replica.onStandby('SELECT pg_wal_replay_pause()');
    try {
      const { position } = await raiseRisk();
      await primaryReached(position);
      const res = await overview(position);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(res.body).toMatchObject({ code: 'read-model-behind', minPosition: position });
      expect(res.body.reachedPosition).toBeLessThan(position);
    } finally {
      await replica.onStandby('SELECT pg_wal_replay_resume()');
    }
  });

  it('takes commands while the replica is down, and the replica catches up when it returns', async () => {
    expect(log.provoked).toEqual([]);
    await replica.stopStandby();
    const during = [await raiseRisk(), await raiseRisk()];
    const read = await overview(during[1].position);
    expect({ status: read.status, code: read.body.code }).toEqual({ status: 503, code: 'storage-unavailable' });

    await replica.startStandby();
    const back = await overview(during[1].position);
    expect(back.status).toBe(200);
    expect(openRisks(back.body)).toEqual(expect.arrayContaining(during.map((d) => d.riskId)));
    // Each of the replica's idle connections the stop cut is logged, as a warning.
    expect(log.provoked.length).toBeGreaterThan(0);
    expect(log.provoked.every((line) => line.level === 40)).toBe(true);
  });
});
