import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { streamKindOf } from '@accord/domain';
import { PostgresEventStore } from '@accord/event-store';
import { ApiHarness, Caller, HttpResult, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { describeWithKafka, localBrokerEnv } from '../support/kafka';
import { readTopic, ReadMessage } from '../support/kafka-reader';

/**
 * The Kafka relay against a real broker (infra/kafka). The API runs without background jobs and
 * the relay runs in apps/worker, as at scale, so the suite can kill it. Checked: the firehose
 * holds every event in position order per key, each once after dropping duplicates by eventId,
 * with the documented headers; a party's topic holds exactly what that party may see; a broker
 * outage loses nothing while commands keep succeeding; a relay killed mid-batch loses nothing.
 */
const WORKER = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const KAFKA_DIR = join(__dirname, '..', '..', 'infra', 'kafka');
const admin: Caller = { personId: 'root', orgId: 'platform', roles: ['admin'] };
const patel: Caller = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] };
const reid: Caller = { personId: 's.reid', orgId: 'peabody', roles: ['member'] };
const okoro: Caller = { personId: 'c.okoro', orgId: 'clarion', roles: ['member'] };
const lane: Caller = { personId: 'l.lane', orgId: 'lewisham', roles: ['member'] };

interface Received {
  key: string;
  position: number;
  eventId: string;
  type: string;
  leafHash: string;
  value: {
    position: number;
    eventId: string;
    data: { partnershipId?: string; organisationId?: string };
    streamId: string;
  };
}

describeWithKafka('Kafka relay against a real broker', (brokers) => {
  const prefix = `accord-test-${randomBytes(4).toString('hex')}.`;
  let db: TestDatabase;
  let api: ApiHarness;
  let worker: ChildProcess | undefined;
  let decisions = 0;

  const ok = async (caller: Caller, path: string, body: unknown = {}): Promise<HttpResult> => {
    const res = await api.request('POST', path, { token: await api.token(caller), body });
    if (res.status >= 300) throw new Error(`${path} as ${caller.personId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const draft = (caller: Caller, partnershipId: string) =>
    ok(caller, `/v1/partnerships/${partnershipId}/decisions`, {
      decisionId: `d-${++decisions}`,
      title: `Decision ${decisions}`,
      motion: 'That we proceed',
      category: 'governance',
    });
  const head = async () => Number((await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position);
  const acknowledged = async () =>
    Number(
      (await db.pool.query(`SELECT coalesce(max(position), 0) AS p FROM feed_checkpoints WHERE name = 'kafka'`)).rows[0]
        .p,
    );
  const caughtUp = async (timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const feeds = (await api.request('GET', '/health/feeds')).body;
      if (feeds.kafka.lag === 0 && feeds.kafka.acknowledged === (await head())) return feeds;
      if (Date.now() > deadline) throw new Error(`relay did not catch up: ${JSON.stringify(feeds)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** What the running worker has logged (LOG_LEVEL=warn: warnings and errors only). */
  let workerLog = '';
  const startWorker = () => {
    worker = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        KAFKAJS_NO_PARTITIONER_WARNING: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    workerLog = '';
    const keep = (chunk: Buffer) => (workerLog += chunk.toString());
    worker.stdout?.on('data', keep);
    worker.stderr?.on('data', keep);
    return worker;
  };
  const stopWorker = async (signal: NodeJS.Signals) => {
    const proc = worker;
    worker = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  };
  /** Every message of a topic from the beginning, until `enough` holds (or the time is up). */
  const consume = async (
    topic: string,
    enough: (msgs: Received[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<Received[]> => {
    const toReceived = (m: ReadMessage): Received => ({
      key: m.key,
      position: Number(m.headers.position ?? ''),
      eventId: m.headers.eventId ?? '',
      type: m.headers.type ?? '',
      leafHash: m.headers.leafHash ?? '',
      value: JSON.parse(m.value),
    });
    const received: Received[] = [];
    const convert = (read: ReadMessage[]) => {
      while (received.length < read.length) received.push(toReceived(read[received.length]));
      return received;
    };
    return convert(await readTopic(brokers, topic, (read) => enough(convert(read)), { timeoutMs }));
  };
  const distinctPositions = (msgs: Received[]) => new Set(msgs.map((m) => m.position));
  const coversLog = (n: number) => (msgs: Received[]) => distinctPositions(msgs).size >= n;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({
      DATABASE_URL: db.url,
      BACKGROUND_JOBS: 'off',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
    });
    for (const [org, kind, person] of [
      ['camden-council', 'local-authority', patel],
      ['peabody', 'housing-association', reid],
      ['clarion', 'housing-association', okoro],
      ['lewisham', 'local-authority', lane],
    ] as const) {
      await ok(admin, '/v1/organisations', { organisationId: org, name: org, kind });
      await ok(admin, `/v1/organisations/${org}/members`, { personId: person.personId });
      await ok(admin, `/v1/organisations/${org}/authorities`, {
        personId: person.personId,
        categories: ['governance'],
        valueLimitPence: 0,
        instrument: 'Test',
        validFrom: '2026-01-01T00:00:00Z',
      });
    }
    for (const [id, a, b] of [
      ['camden-homes', patel, reid],
      ['south-homes', okoro, lane],
    ] as const) {
      await ok(a, '/v1/partnerships', { partnershipId: id, title: id, purpose: 'Homes', parties: [a.orgId, b.orgId] });
      await ok(a, `/v1/partnerships/${id}/join`);
      await ok(b, `/v1/partnerships/${id}/join`);
    }
    for (let i = 0; i < 10; i++) await draft(i % 2 ? reid : patel, 'camden-homes');
    for (let i = 0; i < 5; i++) await draft(okoro, 'south-homes');
    startWorker();
    await caughtUp();
  });
  afterAll(async () => {
    await stopWorker('SIGTERM');
    await api?.close();
    await db?.drop();
  });

  it('puts every event on the firehose, in position order per key, with position, eventId, type and leafHash headers', async () => {
    const n = await head();
    const msgs = await consume(`${prefix}firehose`, coversLog(n));
    // Drop duplicates by eventId, as a consumer would: each event counts once.
    const once = [...new Map(msgs.map((m) => [m.eventId, m])).values()];
    expect(once.map((m) => m.position).sort((a, b) => a - b)).toEqual(range(n));
    const byKey = new Map<string, number[]>();
    for (const m of once) byKey.set(m.key, [...(byKey.get(m.key) ?? []), m.position]);
    for (const positions of byKey.values()) expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(byKey.get('camden-homes')!.length).toBeGreaterThan(10);
    const { rows } = await db.pool.query(
      `SELECT position, event_id, type, encode(leaf_hash, 'hex') AS leaf FROM events ORDER BY position`,
    );
    for (const row of rows) {
      const m = once.find((x) => x.position === Number(row.position))!;
      expect({ eventId: m.eventId, type: m.type, leafHash: m.leafHash, value: m.value.eventId }).toEqual({
        eventId: row.event_id,
        type: row.type,
        leafHash: row.leaf,
        value: row.event_id,
      });
    }
  });

  it("gives each party's topic its partnerships' events and its own organisation's, and no one else's", async () => {
    const { rows } = await db.pool.query(
      `SELECT position, convert_from(canonical, 'UTF8')::jsonb AS e FROM events ORDER BY position`,
    );
    const parties: Record<string, string[]> = {
      'camden-homes': ['camden-council', 'peabody'],
      'south-homes': ['clarion', 'lewisham'],
    };
    for (const org of ['peabody', 'clarion']) {
      const expected = rows
        .filter(({ e }) =>
          streamKindOf(e.streamId) === 'organisation'
            ? e.data.organisationId === org
            : (parties[e.data.partnershipId] ?? []).includes(org),
        )
        .map((r) => Number(r.position));
      const msgs = await consume(`${prefix}party.${org}`, coversLog(expected.length), 20_000);
      // Read a little longer to be sure nothing else is on the topic.
      expect([...distinctPositions(msgs)].sort((a, b) => a - b)).toEqual(expected);
    }
  });

  it('keeps accepting commands while the broker is down, then catches up with nothing missing', async () => {
    if (!existsSync(join(KAFKA_DIR, 'run', 'broker.pid'))) {
      if (process.env.CI === 'true')
        throw new Error('CI=true: the broker must be the one infra/kafka/start.sh runs, so this test can stop it');
      console.warn('⚠ the Kafka broker was not started by infra/kafka/start.sh: skipping the outage test');
      return;
    }
    const before = await head();
    const brokerEnv = localBrokerEnv(KAFKA_DIR);
    execFileSync(join(KAFKA_DIR, 'stop.sh'), { stdio: 'ignore', env: brokerEnv });
    try {
      for (let i = 0; i < 10; i++) expect((await draft(patel, 'camden-homes')).status).toBe(201);
      await new Promise((r) => setTimeout(r, 1500));
      const during = (await api.request('GET', '/health/feeds')).body;
      expect(during.kafka.lag).toBeGreaterThan(0);
      expect(await acknowledged()).toBeLessThanOrEqual(before);
    } finally {
      execFileSync(join(KAFKA_DIR, 'start.sh'), { stdio: 'ignore', env: brokerEnv });
    }
    await caughtUp(90_000);
    const n = await head();
    expect(n).toBe(before + 10);
    const msgs = await consume(`${prefix}firehose`, coversLog(n));
    expect([...distinctPositions(msgs)].sort((a, b) => a - b)).toEqual(range(n));
  });

  it('after a restart, says nothing about the topics that already exist', async () => {
    await stopWorker('SIGTERM');
    startWorker();
    // An event for the firehose and for both parties' topics, all made by the relay before.
    await draft(patel, 'camden-homes');
    await caughtUp();
    await stopWorker('SIGTERM');
    expect(workerLog.split('\n').filter((line) => line.trim() !== '')).toEqual([]);
    startWorker();
  });

  it('loses nothing when the relay is killed mid-batch and restarted (duplicates allowed)', async () => {
    await stopWorker('SIGTERM');
    // A backlog big enough that the kill lands while batches are in flight.
    const store = new PostgresEventStore(db.pool);
    const actor = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] };
    for (let s = 0; s < 200; s++) {
      await store.append(
        `decision-bulk-${s}`,
        Array.from({ length: 100 }, (_, i) => ({
          type: 'ProgressNoted',
          data: { decisionId: `bulk-${s}`, partnershipId: 'camden-homes', n: i },
        })),
        {
          expectedRevision: 'no-stream',
          metadata: { actor, correlationId: null, causationId: null },
        },
      );
    }
    await store.close();
    const n = await head();
    const startedAt = await acknowledged();
    startWorker();
    // Kill it once it is well into the backlog, with batches acknowledged and more in flight.
    for (let at = startedAt; at < startedAt + 3000 && at < n; at = await acknowledged())
      await new Promise((r) => setTimeout(r, 5));
    await stopWorker('SIGKILL');
    const killedAt = await acknowledged();
    expect(killedAt).toBeLessThan(n); // killed with work left to do
    startWorker();
    await caughtUp(90_000);
    const msgs = await consume(`${prefix}firehose`, coversLog(n), 60_000);
    expect([...distinctPositions(msgs)].sort((a, b) => a - b)).toEqual(range(n));
    console.log(
      `relay killed at checkpoint ${killedAt} of ${n}; firehose holds ${msgs.length} messages for ${n} events (${msgs.length - n} duplicates)`,
    );
  });
});
