import type { Admin } from 'kafkajs';
import { delay } from '@accord/platform';
import { ClusterLayout } from './kafka-wire/idempotent-producer';

/**
 * Brokers and partition leaders of `topics`, from the admin client (which also handles SASL and TLS).
 *
 * A topic created a moment ago may not have reached the broker that answers yet: in KRaft the
 * controller acknowledges a creation once it is committed, and each broker applies it a little
 * later (later still while others create topics). Asked about it by name, that broker answers
 * UNKNOWN_TOPIC_OR_PARTITION, which kafkajs logs as an error and its createTopics(waitForLeaders)
 * gives up on. Asked for every topic, the broker lists what it has applied, without an error, so
 * the layout is read that way until each topic is there with a leader for every partition.
 */
export async function fetchClusterLayout(admin: Admin, topics: string[], waitMs = 15_000): Promise<ClusterLayout> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    const [cluster, metadata] = await Promise.all([admin.describeCluster(), admin.fetchTopicMetadata()]);
    const partitions = new Map(metadata.topics.map((t) => [t.name, t.partitions]));
    const pending = topics.filter((t) => !partitions.get(t)?.length || partitions.get(t)!.some((p) => p.leader < 0));
    if (pending.length === 0)
      return {
        brokers: new Map(cluster.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }])),
        leaders: new Map(
          topics.map((t) => [
            t,
            [...partitions.get(t)!].sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader),
          ]),
        ),
      };
    if (Date.now() >= deadline)
      throw new Error(`topics without a partition leader after ${waitMs / 1000} s: ${pending.join(', ')}`);
    await delay(Math.min(25 * 2 ** attempt, 500));
  }
}
