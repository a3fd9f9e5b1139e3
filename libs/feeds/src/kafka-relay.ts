import { Pool } from 'pg';
import { EventStore, StoredEvent } from '@accord/event-store';
import { backoffMs } from './backoff';
import { CheckpointSaver } from './checkpoint-saver';
import { messageKey, scopeOf } from './feed-routing';
import { KafkaTopicsRefusedError } from './kafka-errors';
import { KafkaConnector, KafkaSession, messageSize, RelayMessage, TopicMessages } from './kafka-port';
import { firehoseTopic, KafkaSettings, partyTopic } from './kafka-settings';
import { connectPlatformaticKafka } from './platformatic-kafka';
import { PartyDirectory } from './party-directory';
import { Queued, RelayQueue } from './relay-queue';
import { RelayCheckpoint } from './relay-checkpoint';
import { delay, inSpan, linksTo, noteFollowerPosition } from '@accord/platform';

/** Header names, as bytes once for every message. */
const HEADER = {
  position: Buffer.from('position'),
  eventId: Buffer.from('eventId'),
  type: Buffer.from('type'),
  leafHash: Buffer.from('leafHash'),
  traceparent: Buffer.from('traceparent'),
};

export interface RelayLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface KafkaRelayOptions {
  store: EventStore;
  pool: Pool;
  settings: KafkaSettings;
  /** The Kafka client behind the relay's port (default: @platformatic/kafka). */
  connect?: KafkaConnector;
  directory?: PartyDirectory;
  /** Row in feed_checkpoints (default `kafka`). */
  checkpointName?: string;
  /** Most events per send (default 2,000); maxBatchBytes usually binds first. */
  maxBatchEvents?: number;
  /**
   * Most bytes of messages per send (default 900 KB): a topic-partition's record batch must stay
   * under the broker's message.max.bytes (1 MiB by default).
   */
  maxBatchBytes?: number;
  /**
   * Batches handed to the client before the oldest is acknowledged (default 4): routing the next
   * ones while the broker writes is what keeps both busy. The client writes them in order.
   */
  maxInFlight?: number;
  /** Backoff after a failed send or session: from initialMs, doubling, capped at maxMs. */
  backoff?: { initialMs: number; maxMs: number };
  log?: RelayLog;
}

/**
 * An event as the relay publishes it, made once whatever topics it goes to: keyed by partnership
 * (messageKey), the envelope JSON as value, with position, eventId, type and leafHash in headers so
 * consumers can drop duplicates without parsing.
 */
export function relayMessage(event: StoredEvent): RelayMessage {
  const headers = new Map([
    [HEADER.position, Buffer.from(String(event.position))],
    [HEADER.eventId, Buffer.from(event.eventId)],
    [HEADER.type, Buffer.from(event.type)],
    [HEADER.leafHash, Buffer.from(event.leafHash)],
  ]);
  // The W3C header consumers' own tracing reads: their spans join the trace of the append.
  if (event.metadata.traceparent) headers.set(HEADER.traceparent, Buffer.from(event.metadata.traceparent));
  return { key: Buffer.from(messageKey(event)), value: Buffer.from(JSON.stringify(event)), headers };
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
 * a bounded queue (each event's message made once), and up to maxInFlight batches await their
 * acknowledgement while the next is routed. Any failure ends the session: its client is dropped
 * and the next session resends from the checkpoint with a new producer id. Run it under
 * runAsLeader so one process relays at a time. The Kafka client is behind a port (kafka-port.ts).
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
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 4);
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
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let kafka: KafkaSession | undefined;
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
      kafka = await (this.options.connect ?? connectPlatformaticKafka)(settings);
      await this.ensureTopics(kafka, [firehoseTopic(settings.topicPrefix)]);
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
      // Handled now, surfaced below: the pump fails (the database went away) while this loop
      // awaits a send, and a rejection left unhandled that long kills the process.
      pump.catch(() => undefined);
      const inFlight: Promise<void>[] = [];
      for (;;) {
        const batch = await queue.take(this.maxBatchEvents, this.maxBatchBytes, stop.signal);
        if (batch === null) break; // stopped, failed, or the pump failed (rethrown below)
        const last = batch[batch.length - 1].event.position;
        const sent = this.traced(batch, kafka.send(await this.route(kafka, batch)));
        sent.catch(() => undefined); // handled in the chain below
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
      await pump?.catch(() => undefined);
      await kafka?.close();
    }
    if (failure) throw failure;
    await pump; // surfaces a pump failure (e.g. the database went away) to run()'s backoff
  }

  /** A span from a batch's send to its acknowledgement, linked to the appends of its events. */
  private traced(batch: Queued[], sent: Promise<void>): Promise<void> {
    return inSpan(
      'accord.relay.batch',
      {
        attributes: {
          'accord.position.from': batch[0].event.position,
          'accord.position.to': batch[batch.length - 1].event.position,
          'accord.events': batch.length,
        },
        links: linksTo(batch.map((q) => q.event.metadata.traceparent)),
      },
      () => sent,
    );
  }

  private saved(position: number): void {
    noteFollowerPosition(`relay:${this.options.checkpointName ?? 'kafka'}`, position);
    this.status.acknowledged = position;
    this.status.lastAckAt = new Date().toISOString();
    this.status.state = 'relaying';
    this.status.failures = 0;
    this.status.lastError = null;
  }

  private encode(event: StoredEvent): Queued {
    const message = relayMessage(event);
    return { event, message, size: messageSize(message) };
  }

  /** Each topic's messages, in position order: all on the firehose, and on each party's topic. */
  private async route(kafka: KafkaSession, batch: Queued[]): Promise<TopicMessages[]> {
    const prefix = this.options.settings.topicPrefix;
    const byTopic = new Map<string, RelayMessage[]>([[firehoseTopic(prefix), []]]);
    for (const { event, message } of batch) {
      byTopic.get(firehoseTopic(prefix))!.push(message);
      const scope = scopeOf(event);
      const audience =
        (scope.kind === 'partnership' && this.directory.cached(scope.partnershipId)) ||
        (await this.directory.audienceOf(scope));
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
  private async ensureTopics(kafka: KafkaSession, topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.ensuredTopics.has(t));
    if (missing.length === 0) return;
    try {
      await kafka.ensureTopics(missing);
    } catch (err) {
      if (!(err instanceof KafkaTopicsRefusedError)) throw err;
      // The cluster said no: asking again per batch would not change its mind.
      this.log.warn(`kafka relay: ${err.message}`);
    }
    for (const t of missing) this.ensuredTopics.add(t);
  }

  private fail(err: Error): void {
    this.status.failures++;
    this.status.state = 'retrying';
    this.status.lastError = err.message;
    // Log the first failure and then every tenth, so an outage does not flood the log.
    if (this.status.failures === 1 || this.status.failures % 10 === 0)
      this.log.warn(
        `kafka relay: ${err.message} (failure ${this.status.failures}; retrying with backoff, checkpoint ${this.status.acknowledged})`,
      );
  }
}
