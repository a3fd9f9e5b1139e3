import { UnavailableError } from '@accord/platform';

/**
 * What a relay session can fail with, worded for the operator who reads `lastError` on
 * /health/feeds. All mean "Kafka is unavailable or said no": the relay records the error, drops
 * the session and resends from its checkpoint after a backoff.
 */
export class KafkaConnectionError extends UnavailableError {
  constructor(broker: string, message: string) {
    super('kafka-connection-failed', `kafka ${broker}: ${message}`, { broker });
  }
}

export class KafkaAuthenticationError extends UnavailableError {
  constructor(broker: string, mechanism: string, username: string, reason: string) {
    super(
      'kafka-authentication-failed',
      `kafka ${broker}: SASL ${mechanism.toUpperCase()} authentication failed for user ${username}: ${reason}`,
      { broker, mechanism },
    );
  }
}

/** The broker answered with an error (Kafka's name for it, e.g. TOPIC_AUTHORIZATION_FAILED). */
export class KafkaBrokerError extends UnavailableError {
  constructor(
    readonly kafkaError: string,
    message: string,
  ) {
    super('kafka-broker-error', `kafka ${kafkaError}: ${message}`, { kafkaError });
  }
}

/** The cluster will not create the relay's topics (ACLs, a creation policy): the operator must. */
export class KafkaTopicsRefusedError extends UnavailableError {
  constructor(topics: readonly string[], reason: string) {
    super('kafka-topics-refused', `the cluster refused to create ${topics.join(', ')}: ${reason}`, { topics });
  }
}

export class KafkaUnavailableError extends UnavailableError {
  constructor(message: string) {
    super('kafka-unavailable', `kafka: ${message}`);
  }
}
