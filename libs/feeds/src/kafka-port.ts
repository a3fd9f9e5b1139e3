import type { KafkaSettings } from './kafka-settings';

/**
 * What the relay needs from a Kafka client, so the client library stays swappable: one adapter
 * per library implements it (platformatic-kafka.ts), and the relay knows nothing else of it.
 */

/** A message made once per event and shared by every topic the event goes to. */
export interface RelayMessage {
  key: Buffer;
  value: Buffer;
  headers: ReadonlyMap<Buffer, Buffer>;
}

export interface TopicMessages {
  topic: string;
  messages: readonly RelayMessage[];
}

/** One relay session's link to the cluster; the relay drops it on any failure and opens another. */
export interface KafkaSession {
  /**
   * Creates those of `topics` the cluster lacks, with the cluster's defaults, and resolves once
   * each of them can be written to. Throws KafkaTopicsRefusedError when the cluster answers that
   * it will not create them (ACLs, policy), anything else when it cannot be asked.
   */
  ensureTopics(topics: readonly string[]): Promise<void>;
  /**
   * Produces idempotently with acks=all, each key to the partition the Java client would pick;
   * resolves once the cluster acknowledged every message. Calls may overlap: they reach each
   * partition in call order, and after one fails no later one is written, so a partition never
   * holds a batch whose predecessor is missing.
   */
  send(batch: readonly TopicMessages[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens a session (connecting, authenticating) or throws what stopped it. */
export type KafkaConnector = (settings: KafkaSettings) => Promise<KafkaSession>;

/** Bytes a message adds to a produce request at most: the record's framing and its fields. */
export function messageSize(message: RelayMessage): number {
  let size = 21 + message.key.length + message.value.length;
  for (const [k, v] of message.headers) size += 10 + k.length + v.length;
  return size;
}
