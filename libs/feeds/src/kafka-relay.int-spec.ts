import { randomBytes } from 'node:crypto';
import { Admin } from '@platformatic/kafka';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { describeWithKafka } from '../../../test/support/kafka';
import { readTopic } from '../../../test/support/kafka-reader';
import { KafkaRelay } from './kafka-relay';
import { firehoseTopic, partyTopic } from './kafka-settings';

describeWithKafka('Kafka relay creating party topics', (brokers) => {
  const admin = () => new Admin({ clientId: 'accord-test', bootstrapBrokers: brokers.split(',') });
  const run = randomBytes(4).toString('hex');
  const prefix = `accord-test-topics-${run}.`;
  const organisations = Array.from({ length: 40 }, (_, i) => `org-${i}`);
  const rounds = 3;
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    store = new PostgresEventStore(db.pool);
    // Each organisation's events far apart in the log, so each reaches its topic in several sends.
    for (let round = 0; round < rounds; round++)
      for (const organisationId of organisations)
        await store.append(
          `organisation-${organisationId}`,
          [{ type: 'OrganisationNoted', data: { organisationId, round } }],
          {
            expectedRevision: round === 0 ? 'no-stream' : round,
            metadata: {
              actor: { personId: 'p', orgId: organisationId, roles: ['member'] },
              correlationId: null,
              causationId: null,
            },
          },
        );
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    const client = admin();
    const ours = (await client.listTopics()).filter((t) => t.includes(run));
    await client.deleteTopics({ topics: ours }).catch(() => undefined);
    await client.close();
  });

  it('waits for a topic it just created to reach the broker, without a warning, while others create topics too, and keeps each key in order', async () => {
    // Other clients creating topics keep the broker's metadata a step behind its controller, so a
    // topic the relay has just created is for a moment unknown to the broker it asks about it.
    const busy = new AbortController();
    const others = Array.from({ length: 4 }, async (_, client) => {
      const other = admin();
      try {
        for (let i = 0; !busy.signal.aborted; i++)
          await other.createTopics({ topics: [`accord-test-other-${run}-${client}-${i}`] }).catch(() => undefined);
      } finally {
        await other.close();
      }
    });
    const warnings: string[] = [];
    // Small batches: each brings organisations whose party topics do not exist yet.
    const relay = new KafkaRelay({
      store,
      pool: db.pool,
      settings: { brokers: brokers.split(','), clientId: 'accord-test', topicPrefix: prefix, ssl: false },
      checkpointName: `kafka-${run}`,
      maxBatchEvents: 2,
      log: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    const head = await store.headPosition();
    const stop = new AbortController();
    const running = relay.run(stop.signal);
    const deadline = Date.now() + 90_000;
    while (relay.snapshot().acknowledged < head && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    busy.abort();
    await Promise.all([running, ...others]);

    expect(warnings).toEqual([]);
    expect(relay.snapshot()).toMatchObject({ acknowledged: head, failures: 0, lastError: null });
    const client = admin();
    const topics = new Set(await client.listTopics());
    await client.close();
    expect(organisations.filter((o) => !topics.has(partyTopic(prefix, o)))).toEqual([]);

    // As a party's consumer sees it: each key's events in position order, nothing missing.
    const positions = new Map<string, number[]>();
    for (const m of await readTopic(brokers, firehoseTopic(prefix), (read) => read.length >= head))
      positions.set(m.key, [...(positions.get(m.key) ?? []), Number(m.headers.position)]);
    expect(positions.size).toBe(organisations.length);
    for (const [key, seen] of positions) {
      const firsts = seen.filter((p, i) => seen.indexOf(p) === i);
      expect({ key, firsts }).toEqual({ key, firsts: [...firsts].sort((a, b) => a - b) });
      expect(firsts).toHaveLength(rounds);
    }
  });
});
