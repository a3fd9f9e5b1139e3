import { Admin, Kafka, KafkaJSProtocolError, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { EventStore, StoredEvent } from '@accord/event-store';
import { backoffMs } from './backoff';
import { CheckpointSaver } from './checkpoint-saver';
import { fetchClusterLayout } from './cluster-layout';
import { messageKey, scopeOf } from './feed-routing';
import { firehoseTopic, kafkaClientConfig, KafkaSettings, partyTopic } from './kafka-settings';
import { IdempotentProducer } from './kafka-wire/idempotent-producer';
import { KafkaBrokerError } from './kafka-wire/kafka-errors';
import { EncodedRecord, encodeRecord, recordSize } from './kafka-wire/record-batch';
import { PartyDirectory } from './party-directory';
import { Queued, RelayQueue } from './relay-queue';
import { RelayCheckpoint } from './relay-checkpoint';
import { delay } from '@accord/platform';

/** UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER. */
const NOT_YET = new Set([3, 5, 6]);

export interface RelayLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface KafkaRelayOptions {
  store: EventStore;
  pool: Pool;
  settings: KafkaSettings;
  directory?: PartyDirectory;
  /** Row in feed_checkpoints (default `kafka`). */
  checkpointName?: string;
  /** Most events per produce request (default 2,000); maxBatchBytes usually binds first. */
  maxBatchEvents?: number;
  /**
   * Most bytes of encoded records per produce request (default 900 KB): a topic-partition's
   * batch must stay under the broker's message.max.bytes (1 MiB by default).
   */
  maxBatchBytes?: number;
  /**
   * Produce requests awaiting the broker's acknowledgement at once (default 4, at most 5: the
   * most an idempotent producer may have in flight and keep order). Encoding the next batch
   * while the broker writes the previous one is what keeps both busy.
   */
  maxInFlight?: number;
  /** Backoff after a failed send or session: from initialMs, doubling, capped at maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  log?: RelayLog;
}

export type RelayState = 'starting' | 'relaying' | 'retrying' | 'stopped';

export interface RelayStatus {
  state: RelayState;
  /** The newest position the broker acknowledged (the checkpoint). */
  acknowledged: number;
  /** Events sent since this process started relaying (resends included). */
  sent: number;
  /** Consecutive failures of the current batch or session; 0 when healthy. */
  failures: number;
  lastError: string | null;
  lastAckAt: string | null;
}

/**
 * Publishes every event of the log to Kafka, at least once, in position order: each event goes to
 * the firehose topic and to the topic of every party that may see it, keyed by partnership id,
 * with the position, event id, type and leaf hash in headers so consumers drop duplicates.
 *
 * The checkpoint advances only after the broker acknowledged a whole batch (acks=all, idempotent
 * producer), in batch order, so a crash, a lost leadership or a broker outage resends from the
 * checkpoint and never skips. Reading, encoding and sending overlap: a pump follows the log into
 * a bounded queue (encoding each event's record once), and up to maxInFlight batches await their
 * acknowledgement while the next is encoded. Any failure ends the session: its producer is
 * dropped and the next session resends from the checkpoint with a new producer id. Run it under
 * runAsLeader so one process relays at a time.
 *
 * kafkajs serves the admin side (topic creation, metadata, with SASL and TLS); the produce
 * path is kafka-wire/, which writes each event's bytes once instead of re-encoding every message
 * per topic (see IdempotentProducer).
 */
export class KafkaRelay {
  private readonly checkpoint: RelayCheckpoint;
  private readonly directory: PartyDirectory;
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly maxInFlight: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly log: RelayLog;
  private readonly ensuredTopics = new Set<string>();
  /** Whether the current run of failures began with a NOT_YET one, logged as info. */
  private firstFailureQuiet = false;
  private readonly status: RelayStatus = {
    state: 'stopped',
    acknowledged: 0,
    sent: 0,
    failures: 0,
    lastError: null,
    lastAckAt: null,
  };

  constructor(private readonly options: KafkaRelayOptions) {
    this.checkpoint = new RelayCheckpoint(options.pool, options.checkpointName ?? 'kafka');
    this.directory = options.directory ?? new PartyDirectory(options.store);
    this.maxBatchEvents = options.maxBatchEvents ?? 2000;
    this.maxBatchBytes = options.maxBatchBytes ?? 900_000;
    this.maxInFlight = Math.min(5, Math.max(1, options.maxInFlight ?? 4));
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
    this.log = options.log ?? { info: () => undefined, warn: () => undefined };
  }

  snapshot(): RelayStatus {
    return { ...this.status };
  }

  /** Relays until `signal` aborts; failures are retried with backoff, never thrown. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      this.status.state = 'starting';
      try {
        await this.session(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.fail(err as Error);
        await delay(backoffMs(this.status.failures, this.backoff.initialMs, this.backoff.maxMs), signal);
      }
    }
    this.status.state = 'stopped';
  }

  private async session(signal: AbortSignal): Promise<void> {
    const settings = this.options.settings;
    const kafka = new Kafka(
      kafkaClientConfig(settings, {
        logLevel: logLevel.WARN,
        logCreator: () => (entry) => this.kafkaLog(entry.level, entry.log.message),
        // Fail a request within seconds so our own loop (which records the error and backs off)
        // stays in charge, instead of kafkajs retrying for minutes.
        retry: { retries: 4, initialRetryTime: 100, maxRetryTime: 1000 },
      }),
    );
    const admin = kafka.admin();
    const producer = new IdempotentProducer({
      clientId: settings.clientId,
      ssl: settings.ssl,
      sasl: settings.sasl,
      connectTimeoutMs: 3000,
      requestTimeoutMs: 30_000,
      ackTimeoutMs: 25_000,
    });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let pump: Promise<void> | undefined;
    let failure: Error | undefined;
    const failed = (err: Error) => {
      failure ??= err;
      stop.abort();
    };
    let saver: CheckpointSaver | undefined;
    // Acknowledgements are taken in batch order, one after the other, so the checkpoint only
    // ever moves over events the broker acknowledged, even with several batches in flight.
    let acknowledged: Promise<void> = Promise.resolve();
    try {
      await admin.connect();
      const firehose = firehoseTopic(settings.topicPrefix);
      await this.ensureTopics(admin, [firehose]);
      producer.useLayout(await fetchClusterLayout(admin, [firehose]));
      await producer.init();
      const from = (await this.checkpoint.read()).position;
      this.status.acknowledged = from;
      this.log.info(`kafka relay: publishing from position ${from + 1}`);
      saver = new CheckpointSaver(this.checkpoint, from, (position) => this.saved(position), failed);

      const queue = new RelayQueue(Math.max(5000, this.maxBatchEvents * 10));
      pump = queue.fill(
        this.options.store.subscribeAll({ fromPosition: from + 1, signal: stop.signal, batchSize: 5000 }),
        (event) => this.encode(event),
        stop.signal,
      );
      const inFlight: Promise<void>[] = [];
      for (;;) {
        const batch = await queue.take(this.maxBatchEvents, this.maxBatchBytes, stop.signal);
        if (batch === null) break; // stopped, failed, or the pump failed (rethrown below)
        const topics = await this.route(admin, producer, batch);
        const sent = producer.send(topics);
        sent.catch(() => undefined); // handled in the chain below
        const last = batch[batch.length - 1].event.position;
        const onSaver = saver;
        acknowledged = acknowledged
          .then(() => sent)
          .then(() => {
            this.status.sent += batch.length;
            onSaver.advance(last);
          });
        inFlight.push(acknowledged.catch(failed));
        if (inFlight.length >= this.maxInFlight) await inFlight.shift();
      }
      await acknowledged;
      await saver.flush();
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      // On the way out (shutdown or failure), still save what the broker did acknowledge.
      await acknowledged.catch(() => undefined);
      await saver?.flush().catch(() => undefined);
      producer.close();
      await pump?.catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
    if (failure) throw failure;
    await pump; // surfaces a pump failure (e.g. the database went away) to run()'s backoff
  }

  private saved(position: number): void {
    this.status.acknowledged = position;
    this.status.lastAckAt = new Date().toISOString();
    this.status.state = 'relaying';
    this.status.failures = 0;
    this.status.lastError = null;
  }

  /** Once per event: the envelope JSON and its record, whatever topics it goes to. */
  private encode(event: StoredEvent): Queued {
    const record = encodeRecord(messageKey(event), JSON.stringify(event), [
      ['position', String(event.position)],
      ['eventId', event.eventId],
      ['type', event.type],
      ['leafHash', event.leafHash],
    ]);
    return { event, record, size: recordSize(record) };
  }

  /** Each topic's records, in position order: all on the firehose, and on each party's topic. */
  private async route(
    admin: Admin,
    producer: IdempotentProducer,
    batch: Queued[],
  ): Promise<Array<{ topic: string; records: EncodedRecord[] }>> {
    const prefix = this.options.settings.topicPrefix;
    const byTopic = new Map<string, EncodedRecord[]>([[firehoseTopic(prefix), []]]);
    for (const { event, record } of batch) {
      byTopic.get(firehoseTopic(prefix))!.push(record);
      const scope = scopeOf(event);
      const audience =
        (scope.kind === 'partnership' && this.directory.cached(scope.partnershipId)) ||
        (await this.directory.audienceOf(scope));
      for (const party of audience) {
        const topic = partyTopic(prefix, party);
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push(record);
      }
    }
    const topics = [...byTopic.keys()];
    if (topics.some((t) => !producer.knowsTopic(t))) {
      await this.ensureTopics(admin, topics);
      producer.useLayout(await fetchClusterLayout(admin, topics));
    }
    return [...byTopic].map(([topic, records]) => ({ topic, records }));
  }

  /**
   * Creates missing topics with the cluster's defaults. A cluster that forbids it (ACLs, no
   * auto-creation) gets a warning: the operator then creates them, and sends fail until they do.
   */
  private async ensureTopics(admin: Admin, topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.ensuredTopics.has(t));
    if (missing.length === 0) return;
    try {
      // Only those the cluster lacks: the broker refuses to create an existing topic, and kafkajs
      // logs that refusal as an error, so a restarted relay warned once for every topic it used.
      const existing = new Set(await admin.listTopics());
      const absent = missing.filter((t) => !existing.has(t));
      // Not waitForLeaders: kafkajs gives up on a topic the broker has not applied yet, which
      // fetchClusterLayout waits out.
      if (absent.length > 0)
        await admin.createTopics({ topics: absent.map((topic) => ({ topic })), waitForLeaders: false });
      for (const t of missing) this.ensuredTopics.add(t);
    } catch (err) {
      this.log.warn(`kafka relay: could not create topics ${missing.join(', ')}: ${(err as Error).message}`);
      // The broker said no (ACLs, policy): asking again per batch would not change its mind.
      // A connection failure, though, is worth another try once the broker is back.
      if (err instanceof KafkaJSProtocolError) for (const t of missing) this.ensuredTopics.add(t);
    }
  }

  private fail(err: Error): void {
    this.status.failures++;
    this.status.state = 'retrying';
    this.status.lastError = err.message;
    const message = `kafka relay: ${err.message} (failure ${this.status.failures}; retrying with backoff, checkpoint ${this.status.acknowledged})`;
    // A partition the broker is not serving yet (its topic just created, its leader moving) is
    // a state Kafka clients retry: a warning only when it outlasts the first resend.
    if (this.status.failures === 1 && err instanceof KafkaBrokerError && NOT_YET.has(err.kafkaCode)) {
      this.firstFailureQuiet = true;
      this.log.info(message);
      return;
    }
    const first = this.status.failures === (this.firstFailureQuiet ? 2 : 1);
    if (this.status.failures === 1) this.firstFailureQuiet = false;
    // Log the first failure and then every tenth, so an outage does not flood the log.
    if (first || this.status.failures % 10 === 0) this.log.warn(message);
  }

  private kafkaLog(level: logLevel, message: string): void {
    if (level <= logLevel.ERROR && this.status.failures === 0) this.log.warn(`kafkajs: ${message}`);
  }
}
