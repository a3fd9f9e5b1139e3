import { Kafka, logLevel } from 'kafkajs';
import { fetchClusterLayout } from '../cluster-layout';
import type { KafkaConnector, KafkaSession, RelayMessage, TopicMessages } from '../kafka-port';
import { kafkaClientConfig } from '../kafka-settings';
import { IdempotentProducer } from './idempotent-producer';
import { EncodedRecord } from './record-batch';
import { WireWriter } from './wire-writer';

/** The relay's port on kafka-wire's producer and kafkajs's admin, to measure it beside the others. */
export const connectKafkaWire: KafkaConnector = async (settings) => {
  const admin = new Kafka(
    kafkaClientConfig(settings, { logLevel: logLevel.NOTHING, retry: { retries: 4, initialRetryTime: 100 } }),
  ).admin();
  await admin.connect();
  const producer = new IdempotentProducer({
    clientId: settings.clientId,
    ssl: settings.ssl,
    sasl: settings.sasl,
    connectTimeoutMs: 3000,
    requestTimeoutMs: 30_000,
    ackTimeoutMs: 25_000,
  });
  const records = new WeakMap<RelayMessage, EncodedRecord>();
  // Each event's record once, whatever topics it goes to.
  const record = (m: RelayMessage): EncodedRecord => {
    let r = records.get(m);
    if (!r) records.set(m, (r = encode(m)));
    return r;
  };
  let initialised = false;
  const session: KafkaSession = {
    async ensureTopics(topics) {
      const existing = new Set(await admin.listTopics());
      const absent = topics.filter((t) => !existing.has(t));
      if (absent.length > 0)
        await admin.createTopics({ topics: absent.map((topic) => ({ topic })), waitForLeaders: false });
      producer.useLayout(await fetchClusterLayout(admin, [...new Set([...topics, ...knownTopics])]));
      for (const t of topics) knownTopics.add(t);
      if (!initialised) await producer.init();
      initialised = true;
    },
    send: (batch: readonly TopicMessages[]) =>
      producer.send(batch.map(({ topic, messages }) => ({ topic, records: messages.map(record) }))),
    async close() {
      producer.close();
      await admin.disconnect().catch(() => undefined);
    },
  };
  const knownTopics = new Set<string>();
  return session;
};

function encode({ key, value, headers }: RelayMessage): EncodedRecord {
  let size = 10 + key.length + 5 + value.length + 5;
  for (const [k, v] of headers) size += 10 + k.length + v.length;
  const w = new WireWriter(size);
  w.varint(key.length).raw(key).varint(value.length).raw(value).varint(headers.size);
  for (const [k, v] of headers) w.varint(k.length).raw(k).varint(v.length).raw(v);
  return { key, tail: w.bytes };
}
