import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { describeWithKafka } from '../../../../test/support/kafka';
import { fetchClusterLayout } from '../cluster-layout';
import { IdempotentProducer } from './idempotent-producer';
import { encodeRecord } from './record-batch';

describeWithKafka('IdempotentProducer against a real broker', (brokers) => {
  const kafka = new Kafka({ clientId: 'accord-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const topic = `accord-test-producer-${randomBytes(4).toString('hex')}`;
  const producer = new IdempotentProducer({
    clientId: 'accord-test',
    ssl: false,
    connectTimeoutMs: 3000,
    requestTimeoutMs: 30_000,
    ackTimeoutMs: 25_000,
  });

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    producer.useLayout(await fetchClusterLayout(admin, [topic]));
    await producer.init();
  });
  afterAll(async () => {
    producer.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('delivers overlapping batches in order per key, on the partition the Java client would pick, with headers intact', async () => {
    const keys = ['camden-homes', 'south-homes', 'organisation-peabody', 'north-homes', 'east-homes'];
    const sent: Array<{ key: string; n: number }> = [];
    const batches = Array.from({ length: 6 }, () =>
      Array.from({ length: 50 }, () => {
        const entry = { key: keys[sent.length % keys.length], n: sent.length };
        sent.push(entry);
        return encodeRecord(entry.key, JSON.stringify(entry), [['position', String(entry.n)]]);
      }),
    );
    // All six in flight at once, as the relay pipelines them.
    await Promise.all(batches.map((records) => producer.send([{ topic, records }])));

    const received: Array<{ key: string; partition: number; n: number; header: string }> = [];
    const consumer = kafka.consumer({ groupId: `check-${randomBytes(4).toString('hex')}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({
          key: String(message.key),
          partition,
          n: JSON.parse(String(message.value)).n,
          header: String(message.headers?.position),
        });
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.length < sent.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();

    expect(received).toHaveLength(sent.length);
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({
      partitionId,
      partitionErrorCode: 0,
      leader: 1,
      replicas: [1],
      isr: [1],
      offlineReplicas: [],
    }));
    for (const key of keys) {
      const mine = received.filter((m) => m.key === key);
      expect(mine.map((m) => m.n)).toEqual(sent.filter((s) => s.key === key).map((s) => s.n));
      expect(new Set(mine.map((m) => m.partition))).toEqual(
        new Set([partitioner({ topic, partitionMetadata, message: { key, value: null } })]),
      );
      for (const m of mine) expect(m.header).toBe(String(m.n));
    }
  });

  it('fails a send to a topic it has no layout for, without sending anything', async () => {
    await expect(
      producer.send([{ topic: `${topic}-missing`, records: [encodeRecord('k', '{}', [])] }]),
    ).rejects.toThrow(/no layout/);
  });
});
