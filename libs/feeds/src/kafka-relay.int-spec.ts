import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { PostgresEventStore } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../test/support/engines';
import { describeWithKafka } from '../../../test/support/kafka';
import { KafkaRelay } from './kafka-relay';
import { partyTopic } from './kafka-settings';

describeWithKafka('Kafka relay creating party topics', (brokers) => {
  const kafka = new Kafka({ clientId: 'accord-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const run = randomBytes(4).toString('hex');
  const prefix = `accord-test-topics-${run}.`;
  const organisations = Array.from({ length: 40 }, (_, i) => `org-${i}`);
  let db: TestDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    store = new PostgresEventStore(db.pool);
    for (const organisationId of organisations)
      await store.append(`organisation-${organisationId}`, [{ type: 'OrganisationNoted', data: { organisationId } }], {
        expectedRevision: 'no-stream',
        metadata: {
          actor: { personId: 'p', orgId: organisationId, roles: ['member'] },
          correlationId: null,
          causationId: null,
        },
      });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    const admin = kafka.admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.includes(run));
    await admin.deleteTopics({ topics: ours }).catch(() => undefined);
    await admin.disconnect();
  });

  it('waits for a topic it just created to reach the broker, without a warning, while others create topics too', async () => {
    // Other clients creating topics keep the broker's metadata a step behind its controller, so a
    // topic the relay has just created is for a moment unknown to the broker it asks about it.
    const busy = new AbortController();
    const others = Array.from({ length: 4 }, async (_, client) => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        for (let i = 0; !busy.signal.aborted; i++)
          await admin
            .createTopics({
              topics: [{ topic: `accord-test-other-${run}-${client}-${i}` }],
              waitForLeaders: true,
            })
            .catch(() => undefined);
      } finally {
        await admin.disconnect();
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
    const admin = kafka.admin();
    await admin.connect();
    const topics = new Set(await admin.listTopics());
    await admin.disconnect();
    expect(organisations.filter((o) => !topics.has(partyTopic(prefix, o)))).toEqual([]);
  });
});
