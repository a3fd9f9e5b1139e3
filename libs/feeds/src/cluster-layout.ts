import type { Admin } from 'kafkajs';
import { ClusterLayout } from './kafka-wire/idempotent-producer';

/** Brokers and partition leaders of `topics`, from the admin client (which also handles SASL and TLS). */
export async function fetchClusterLayout(admin: Admin, topics: string[]): Promise<ClusterLayout> {
  const [cluster, metadata] = await Promise.all([admin.describeCluster(), admin.fetchTopicMetadata({ topics })]);
  const brokers = new Map(cluster.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }]));
  const leaders = new Map(
    metadata.topics.map((t) => [
      t.name,
      [...t.partitions].sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader),
    ]),
  );
  return { brokers, leaders };
}
