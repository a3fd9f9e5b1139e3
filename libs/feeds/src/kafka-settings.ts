/** How to reach the user's Kafka cluster (all from the environment; Kafka is off without brokers). */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name, so Accord can share a cluster. */
  topicPrefix: string;
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
  /** TLS: `true` trusts Node's default CAs; `{ ca }` trusts these PEM certificates instead (a private CA). */
  ssl: boolean | KafkaTls;
}

export interface KafkaTls {
  /** PEM certificate(s) of the CA(s) that signed the brokers' certificates, e.g. KAFKA_SSL_CA_FILE's contents. */
  ca: string | string[];
}

/**
 * Topic names: everything on `<prefix>firehose`; each party's events also on
 * `<prefix>party.<organisationId>`, so Kafka ACLs (prefixed or literal) can confine a party to
 * its own topic. Organisation ids are slugs, which are valid topic-name characters.
 */
export function firehoseTopic(prefix: string): string {
  return `${prefix}firehose`;
}

export function partyTopic(prefix: string, organisationId: string): string {
  return `${prefix}party.${organisationId}`;
}
