import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaClientConfig, type KafkaConnector, type KafkaSession, type TopicMessages } from '@accord/feeds';

/**
 * The relay's port on kafkajs alone, batched as well as it allows: one sendBatch per relay batch
 * (every topic's messages in one produce request per broker), idempotent with acks=all, the
 * Java-compatible partitioner, sends one after the other as the port requires.
 */
export const connectKafkajs: KafkaConnector = async (settings) => {
  const kafka = new Kafka(
    kafkaClientConfig(settings, { logLevel: logLevel.NOTHING, retry: { retries: 5, initialRetryTime: 100 } }),
  );
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await Promise.all([admin.connect(), producer.connect()]);
  let tail: Promise<unknown> = Promise.resolve();
  const session: KafkaSession = {
    async ensureTopics(topics) {
      const existing = new Set(await admin.listTopics());
      const absent = topics.filter((t) => !existing.has(t));
      if (absent.length > 0)
        await admin.createTopics({ topics: absent.map((topic) => ({ topic })), waitForLeaders: true });
    },
    send(batch: readonly TopicMessages[]) {
      const topicMessages = batch.map(({ topic, messages }) => ({
        topic,
        messages: messages.map(({ key, value, headers }) => ({
          key,
          value,
          headers: Object.fromEntries([...headers].map(([k, v]) => [k.toString(), v])),
        })),
      }));
      const sent = tail.then(() => producer.sendBatch({ topicMessages, acks: -1, compression: CompressionTypes.None }));
      tail = sent;
      return sent.then(() => undefined);
    },
    async close() {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
    },
  };
  return session;
};
