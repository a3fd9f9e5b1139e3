import { UnavailableError } from '@accord/platform';

/**
 * What the relay's Kafka producer can fail with. All are "Kafka is unavailable or said no": the
 * relay records the error, drops the session and resends from its checkpoint after a backoff.
 */
export class KafkaConnectionError extends UnavailableError {
  constructor(broker: string, message: string) {
    super('kafka-connection-failed', `kafka ${broker}: ${message}`, { broker });
  }
}

export class KafkaRequestTimeoutError extends UnavailableError {
  constructor(broker: string, api: string, timeoutMs: number) {
    super('kafka-request-timeout', `kafka ${broker}: no answer to ${api} within ${timeoutMs} ms`, { broker, api });
  }
}

/** The broker answered with an error code (see kafkaErrorName). */
export class KafkaBrokerError extends UnavailableError {
  constructor(
    readonly kafkaCode: number,
    where: string,
  ) {
    super('kafka-broker-error', `kafka ${kafkaErrorName(kafkaCode)} (error ${kafkaCode}) ${where}`, { kafkaCode });
  }
}

/** A response that does not parse: a broker speaking a version we did not ask for, or a bug. */
export class KafkaProtocolError extends UnavailableError {
  constructor(message: string) {
    super('kafka-protocol-error', `kafka protocol: ${message}`);
  }
}

export class KafkaAuthenticationError extends UnavailableError {
  constructor(broker: string, message: string) {
    super('kafka-authentication-failed', `kafka ${broker}: SASL ${message}`, { broker });
  }
}

// The codes this producer can meet (Kafka's protocol error table), for readable log lines.
const NAMES: Record<number, string> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  2: 'CORRUPT_MESSAGE',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  5: 'LEADER_NOT_AVAILABLE',
  6: 'NOT_LEADER_OR_FOLLOWER',
  7: 'REQUEST_TIMED_OUT',
  10: 'MESSAGE_TOO_LARGE',
  14: 'COORDINATOR_LOAD_IN_PROGRESS',
  15: 'COORDINATOR_NOT_AVAILABLE',
  19: 'NOT_ENOUGH_REPLICAS',
  20: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  33: 'UNSUPPORTED_SASL_MECHANISM',
  34: 'ILLEGAL_SASL_STATE',
  35: 'UNSUPPORTED_VERSION',
  45: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
  46: 'DUPLICATE_SEQUENCE_NUMBER',
  47: 'INVALID_PRODUCER_EPOCH',
  58: 'SASL_AUTHENTICATION_FAILED',
  59: 'UNKNOWN_PRODUCER_ID',
  87: 'INVALID_RECORD',
};

export function kafkaErrorName(code: number): string {
  return NAMES[code] ?? 'KAFKA_ERROR';
}
