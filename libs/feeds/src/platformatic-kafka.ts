import {
  Admin,
  type BaseOptions,
  compatibilityPartitioner,
  MultipleErrors,
  ProduceAcks,
  Producer,
} from '@platformatic/kafka';
import { delay } from '@accord/platform';
import {
  KafkaAuthenticationError,
  KafkaBrokerError,
  KafkaConnectionError,
  KafkaTopicsRefusedError,
  KafkaUnavailableError,
} from './kafka-errors';
import type { KafkaConnector, KafkaSession, TopicMessages } from './kafka-port';
import type { KafkaSettings } from './kafka-settings';

/** Broker answers to a topic creation that mean "no, and asking again will not change that". */
const REFUSALS = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'POLICY_VIOLATION',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_PARTITIONS',
  'INVALID_CONFIG',
]);

/** How long ensureTopics waits for a created topic to reach the brokers before failing the session. */
const TOPIC_WAIT_MS = 30_000;

/**
 * The relay's port on @platformatic/kafka: its Admin creates topics and its idempotent Producer
 * (acks=all, the Java client's partitioner) sends, over the same SASL and TLS settings.
 *
 * The producer retries what Kafka calls retriable (a leader moving, a topic its broker has not
 * caught up on, a coordinator loading) a few times within seconds, so the relay's own loop, which
 * records the error and backs off, stays in charge of an outage. Sends go out one after the other:
 * the producer recovers a lost sequence by taking a new producer id, so a send overlapping a
 * failed one could land in front of its retry, and a consumer skipping positions it has seen per
 * key would then skip the one that came late.
 */
export const connectPlatformaticKafka: KafkaConnector = async (settings) => {
  const options = clientOptions(settings);
  const admin = new Admin(options);
  const producer = new Producer({
    ...options,
    idempotent: true,
    acks: ProduceAcks.ALL,
    partitioner: compatibilityPartitioner,
  });
  try {
    await producer.initIdempotentProducer({});
  } catch (err) {
    await Promise.allSettled([producer.close(), admin.close()]);
    throw describeKafkaError(err, settings);
  }
  return new PlatformaticSession(settings, admin, producer);
};

function clientOptions(settings: KafkaSettings): BaseOptions {
  return {
    clientId: settings.clientId,
    bootstrapBrokers: settings.brokers,
    connectTimeout: 3000,
    requestTimeout: 30_000,
    // The broker's own wait for in-sync replicas before it answers a produce (acks=all).
    timeout: 25_000,
    retries: 6,
    // platformatic retries a failed connection whatever failed it; waiting only makes sense when
    // the cause may pass, so a refused password or certificate fails in seconds, not after 6 s of waits.
    retryDelay: (_client, _operation, attempt, _retries, error) =>
      isPermanent(error) ? 0 : Math.min(100 * 2 ** (attempt - 1), 2000),
    tls: settings.ssl === false ? undefined : settings.ssl === true ? {} : { ca: settings.ssl.ca },
    sasl: settings.sasl && {
      mechanism: MECHANISMS[settings.sasl.mechanism],
      username: settings.sasl.username,
      password: settings.sasl.password,
    },
  };
}

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

class PlatformaticSession implements KafkaSession {
  /** The last send; the next one starts when it has settled, and not at all if it failed. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: KafkaSettings,
    private readonly admin: Admin,
    private readonly producer: Producer,
  ) {}

  async ensureTopics(topics: readonly string[]): Promise<void> {
    try {
      const existing = new Set(await this.admin.listTopics());
      const absent = topics.filter((t) => !existing.has(t));
      if (absent.length > 0) await this.create(absent);
      await this.awaitLeaders(topics);
    } catch (err) {
      throw err instanceof KafkaTopicsRefusedError ? err : describeKafkaError(err, this.settings);
    }
  }

  send(batch: readonly TopicMessages[]): Promise<void> {
    const messages = batch.flatMap(({ topic, messages }) =>
      messages.map(({ key, value, headers }) => ({ topic, key, value, headers: headers as Map<Buffer, Buffer> })),
    );
    const sent = this.tail.then(async () => {
      try {
        await this.producer.send({ messages });
      } catch (err) {
        throw describeKafkaError(err, this.settings);
      }
    });
    this.tail = sent;
    return sent;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.producer.close(), this.admin.close()]);
  }

  private async create(topics: string[]): Promise<void> {
    try {
      await this.admin.createTopics({ topics });
    } catch (err) {
      const answers = brokerErrors(err);
      // Another client creating the same topic at the same moment is no refusal.
      if (answers.length > 0 && answers.every((e) => e === 'TOPIC_ALREADY_EXISTS')) return;
      const refusal = answers.find((e) => REFUSALS.has(e));
      if (refusal) throw new KafkaTopicsRefusedError(topics, refusal);
      throw err;
    }
  }

  /**
   * A topic created a moment ago may not have reached every broker yet (in KRaft the controller
   * acknowledges a creation before the brokers have applied it): its broker answers
   * UNKNOWN_TOPIC_OR_PARTITION until it has, and the producer must not be sent there before.
   */
  private async awaitLeaders(topics: readonly string[]): Promise<void> {
    const deadline = Date.now() + TOPIC_WAIT_MS;
    for (let attempt = 0; ; attempt++) {
      let pending: readonly string[] = topics;
      try {
        const metadata = await this.producer.metadata({ topics: [...topics], forceUpdate: true });
        pending = topics.filter((t) => {
          const partitions = metadata.topics.get(t)?.partitions ?? [];
          return partitions.length === 0 || partitions.some((p) => p.leader < 0);
        });
      } catch (err) {
        if (!/^Unknown topic /.test((err as Error).message)) throw err;
      }
      if (pending.length === 0) return;
      if (Date.now() >= deadline)
        throw new KafkaUnavailableError(
          `no leader for ${pending.join(', ')} ${TOPIC_WAIT_MS / 1000} s after creating it`,
        );
      await delay(Math.min(50 * 2 ** attempt, 1000));
    }
  }
}

type ErrorNode = Error & {
  code?: unknown;
  apiId?: string;
  serverErrorMessage?: string;
  errors?: unknown[];
};

/**
 * Every error in a platformatic error's tree (its `errors` and `cause` chains), depth first. Not
 * `instanceof Error`: Node's own (a socket's, a certificate check's) may come from another realm.
 */
function errorTree(err: unknown, out: ErrorNode[] = []): ErrorNode[] {
  if (typeof err !== 'object' || err === null || typeof (err as Error).message !== 'string') return out;
  const node = err as ErrorNode;
  out.push(node);
  if (Array.isArray(node.errors)) for (const child of node.errors) errorTree(child, out);
  errorTree(node.cause, out);
  return out;
}

function brokerErrors(err: unknown): string[] {
  return errorTree(err).flatMap((e) => (e.apiId ? [e.apiId] : []));
}

/**
 * The cause a person can act on, out of the nested errors platformatic reports ("metadata failed
 * 3 times" → "cannot connect to any broker" → "connection failed" → the refused password).
 */
export function describeKafkaError(err: unknown, settings: KafkaSettings): Error {
  const tree = errorTree(err);
  if (tree.length === 0) return new KafkaUnavailableError(String(err));
  const connection = tree.find((e) => /^Connection to .+ failed\.$/.test(e.message));
  const broker = /^Connection to (.+) failed\.$/.exec(connection?.message ?? '')?.[1] ?? settings.brokers.join(',');
  if (tree.some((e) => e.code === 'PLT_KFK_AUTHENTICATION') && settings.sasl) {
    const answer = tree.find((e) => e.serverErrorMessage)?.serverErrorMessage ?? 'the broker refused the credentials';
    return new KafkaAuthenticationError(broker, settings.sasl.mechanism, settings.sasl.username, answer);
  }
  if (tree.some((e) => e.message === 'Broker requires TLS.'))
    return new KafkaConnectionError(broker, 'connection closed: the broker requires TLS (KAFKA_SSL=true)');
  const tlsRefused = tree.find((e) => /^TLS handshake failed/.test(e.message));
  if (tlsRefused)
    return new KafkaConnectionError(broker, 'TLS handshake failed: the broker does not speak TLS on this port');
  if (connection) {
    // The first error that is not platformatic's own: Node's (ECONNREFUSED, a certificate check).
    const cause = tree.slice(tree.indexOf(connection) + 1).find((e) => !String(e.code ?? '').startsWith('PLT_KFK_'));
    const reason = cause?.message ?? 'connection failed';
    return new KafkaConnectionError(broker, isCertificateError(cause) ? `TLS handshake failed: ${reason}` : reason);
  }
  const answer = tree.find((e) => e.apiId);
  if (answer) return new KafkaBrokerError(answer.apiId!, answer.serverErrorMessage ?? answer.message);
  const leaf = tree.filter((e) => !(e instanceof MultipleErrors)).pop() ?? tree[0];
  return new KafkaUnavailableError(leaf.message);
}

function isPermanent(err: Error): boolean {
  return errorTree(err).some(
    (e) => e.code === 'PLT_KFK_AUTHENTICATION' || e.code === 'PLT_KFK_USER' || isCertificateError(e),
  );
}

function isCertificateError(err: ErrorNode | undefined): boolean {
  const code = String(err?.code ?? '');
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code);
}
