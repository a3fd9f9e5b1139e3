import { Kafka, KafkaJSProtocolError, logLevel, Message, Partitioners, Producer, TopicMessages } from 'kafkajs';
import { Pool } from 'pg';
import { EventStore, StoredEvent } from '@accord/event-store';
import { backoffMs } from './backoff';
import { delay } from './feed-hub';
import { messageKey, scopeOf } from './feed-routing';
import { firehoseTopic, kafkaClientConfig, KafkaSettings, partyTopic } from './kafka-settings';
import { PartyDirectory } from './party-directory';
import { RelayCheckpoint } from './relay-checkpoint';

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
  /**
   * Most events per produce request (default 1,000). Fewer round trips amortise the broker's
   * acknowledgement; much more would not pay: kafkajs groups a request's messages per partition
   * in quadratic time (≈3 ms per topic at 1,000, ≈13 ms at 2,000).
   */
  maxBatchEvents?: number;
  /**
   * Most bytes of event JSON per produce request (default 900 KB): a topic-partition's batch must
   * stay under the broker's message.max.bytes (1 MiB by default).
   */
  maxBatchBytes?: number;
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
 * producer), so a crash, a lost leadership or a broker outage resends from the checkpoint and
 * never skips. Reading and sending overlap: a pump follows the log into a bounded queue while
 * the previous batch is in flight. Run it under runAsLeader so one process relays at a time.
 */
export class KafkaRelay {
  private readonly checkpoint: RelayCheckpoint;
  private readonly directory: PartyDirectory;
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly log: RelayLog;
  private readonly ensuredTopics = new Set<string>();
  private readonly status: RelayStatus = { state: 'stopped', acknowledged: 0, sent: 0, failures: 0, lastError: null, lastAckAt: null };

  constructor(private readonly options: KafkaRelayOptions) {
    this.checkpoint = new RelayCheckpoint(options.pool, options.checkpointName ?? 'kafka');
    this.directory = options.directory ?? new PartyDirectory(options.store);
    this.maxBatchEvents = options.maxBatchEvents ?? 1000;
    this.maxBatchBytes = options.maxBatchBytes ?? 900_000;
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
    const kafka = new Kafka(
      kafkaClientConfig(this.options.settings, {
        logLevel: logLevel.WARN,
        logCreator: () => (entry) => this.kafkaLog(entry.level, entry.log.message),
        // Fail a request within seconds so our own loop (which records the error and backs off)
        // stays in charge, instead of kafkajs retrying for minutes behind one send().
        retry: { retries: 4, initialRetryTime: 100, maxRetryTime: 1000 },
      }),
    );
    // The default (Java-compatible murmur2) partitioner: a key lands on the same partition as
    // it would with the Java client, so mixed consumers agree on per-partnership order.
    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: true,
      retry: { retries: 4, initialRetryTime: 100, maxRetryTime: 1000 },
    });
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let pump: Promise<void> | undefined;
    try {
      await producer.connect();
      await this.ensureTopics(kafka, [firehoseTopic(this.options.settings.topicPrefix)]);
      const from = (await this.checkpoint.read()).position;
      this.status.acknowledged = from;
      this.log.info(`kafka relay: publishing from position ${from + 1}`);

      const queue = new EventQueue(Math.max(5000, this.maxBatchEvents * 10));
      pump = queue.fill(this.options.store.subscribeAll({ fromPosition: from + 1, signal: stop.signal, batchSize: 5000 }), stop.signal);
      // The checkpoint write of one batch overlaps the send of the next (at most one in flight);
      // it only ever records positions the broker has already acknowledged.
      let saving: Promise<void> = Promise.resolve();
      for (;;) {
        const batch = await queue.take(this.maxBatchEvents, this.maxBatchBytes, stop.signal);
        if (batch === null) break; // stopped, or the pump failed (rethrown below)
        if (!(await this.publish(kafka, producer, batch, stop.signal))) break;
        const last = batch[batch.length - 1].event.position;
        await saving;
        saving = this.checkpoint.advance(last).then(() => {
          this.status.acknowledged = last;
          this.status.lastAckAt = new Date().toISOString();
          this.status.state = 'relaying';
          this.status.failures = 0;
          this.status.lastError = null;
        });
        saving.catch(() => undefined); // handled: the next `await saving` rethrows it
      }
      await saving;
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      await pump?.catch(() => undefined);
      await producer.disconnect().catch(() => undefined);
    }
    await pump; // surfaces a pump failure (e.g. the database went away) to run()'s backoff
  }

  /** Sends one batch until the broker acknowledges it, backing off between attempts. */
  private async publish(kafka: Kafka, producer: Producer, batch: Queued[], signal: AbortSignal): Promise<boolean> {
    const topicMessages = await this.route(kafka, batch);
    for (let attempt = 1; !signal.aborted; attempt++) {
      try {
        await producer.sendBatch({ topicMessages, acks: -1 });
        this.status.sent += batch.length;
        return true;
      } catch (err) {
        this.fail(err as Error);
        await delay(backoffMs(attempt, this.backoff.initialMs, this.backoff.maxMs), signal);
      }
    }
    return false;
  }

  private async route(kafka: Kafka, batch: Queued[]): Promise<TopicMessages[]> {
    const prefix = this.options.settings.topicPrefix;
    const byTopic = new Map<string, Message[]>([[firehoseTopic(prefix), []]]);
    for (const { event, json } of batch) {
      const message: Message = {
        key: messageKey(event),
        value: json,
        headers: {
          position: String(event.position),
          eventId: event.eventId,
          type: event.type,
          leafHash: event.leafHash,
        },
      };
      byTopic.get(firehoseTopic(prefix))!.push(message);
      const scope = scopeOf(event);
      const audience = (scope.kind === 'partnership' && this.directory.cached(scope.partnershipId)) || (await this.directory.audienceOf(scope));
      for (const party of audience) {
        const topic = partyTopic(prefix, party);
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push(message);
      }
    }
    await this.ensureTopics(kafka, [...byTopic.keys()]);
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }

  /**
   * Creates missing topics with the cluster's defaults. A cluster that forbids it (ACLs, no
   * auto-creation) gets a warning: the operator then creates them, and sends fail until they do.
   */
  private async ensureTopics(kafka: Kafka, topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.ensuredTopics.has(t));
    if (missing.length === 0) return;
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.createTopics({ topics: missing.map((topic) => ({ topic })), waitForLeaders: true });
      for (const t of missing) this.ensuredTopics.add(t);
    } catch (err) {
      this.log.warn(`kafka relay: could not create topics ${missing.join(', ')}: ${(err as Error).message}`);
      // The broker said no (ACLs, policy): asking again per batch would not change its mind.
      // A connection failure, though, is worth another try once the broker is back.
      if (err instanceof KafkaJSProtocolError) for (const t of missing) this.ensuredTopics.add(t);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private fail(err: Error): void {
    this.status.failures++;
    this.status.state = 'retrying';
    this.status.lastError = err.message;
    // Log the first failure and then every tenth, so an outage does not flood the log.
    if (this.status.failures === 1 || this.status.failures % 10 === 0)
      this.log.warn(`kafka relay: ${err.message} (failure ${this.status.failures}; retrying with backoff, checkpoint ${this.status.acknowledged})`);
  }

  private kafkaLog(level: logLevel, message: string): void {
    // We limit retries on purpose (see session()); at-least-once plus dedupe by eventId is the contract.
    if (message.startsWith('Limiting retries for the idempotent producer')) return;
    if (level <= logLevel.ERROR && this.status.failures === 0) this.log.warn(`kafkajs: ${message}`);
  }
}

interface Queued {
  event: StoredEvent;
  json: string;
}

/** A bounded hand-over between the pump (reading the log) and the sender. */
class EventQueue {
  private items: Queued[] = [];
  private head = 0;
  private wakeTaker: (() => void) | null = null;
  private wakeFiller: (() => void) | null = null;
  private ended = false;

  constructor(private readonly capacity: number) {}

  async fill(events: AsyncIterable<StoredEvent>, signal: AbortSignal): Promise<void> {
    const onAbort = () => this.wakeFiller?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const event of events) {
        this.items.push({ event, json: JSON.stringify(event) });
        this.wakeTaker?.();
        while (this.items.length - this.head >= this.capacity && !signal.aborted) await new Promise<void>((r) => (this.wakeFiller = r));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.ended = true;
      this.wakeTaker?.();
    }
  }

  /** Up to `maxEvents` events and `maxBytes` bytes; waits for at least one. Null when over. */
  async take(maxEvents: number, maxBytes: number, signal: AbortSignal): Promise<Queued[] | null> {
    while (this.items.length === this.head) {
      if (this.ended || signal.aborted) return null;
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.wakeTaker = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.wakeTaker = null;
    }
    const batch: Queued[] = [];
    let bytes = 0;
    while (this.head < this.items.length && batch.length < maxEvents) {
      const next = this.items[this.head];
      if (batch.length > 0 && bytes + next.json.length > maxBytes) break;
      batch.push(next);
      bytes += next.json.length;
      this.head++;
    }
    if (this.head > 10_000) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.wakeFiller?.();
    this.wakeFiller = null;
    return batch;
  }
}
