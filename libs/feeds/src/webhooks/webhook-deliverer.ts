import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import {
  evolveWebhookEndpoints,
  MAX_EVENTS_PER_DELIVERY,
  WEBHOOK_ENDPOINT_EVENT_TYPES,
  type WebhookDisabledReason,
  type WebhookEndpointEvent,
  type WebhookEndpointRecord,
} from '@accord/domain';
import { EventStore, StoredEvent } from '@accord/event-store';
import { FeedHub } from '../feed-hub';
import { feedVisibility } from '../feed-session';
import { messageKey } from '../feed-routing';
import { PartyDirectory } from '../party-directory';
import { WebhookDeliveryLog } from './delivery-log';
import { DeliverySender, SigningKey } from './delivery-sender';
import { OutboundAnswer, OutboundPolicy } from './outbound';
import { nextDelayMs } from './retry-schedule';

/** A read of the log holds this many deliveries' worth of events for an endpoint that takes several. */
const READS_PER_DELIVERY_SIZE = 10;

export interface WebhookDeliveryOptions {
  /** The 32 bytes of one key version of one endpoint (the sender's thread signs with them). */
  signingKey(ref: { organisationId: string; endpointId: string; keyVersion: number }): Promise<Buffer>;
  /** Records in the ledger that Accord gave up on the endpoint (safe to call twice). */
  disable(organisationId: string, endpointId: string, reason: WebhookDisabledReason, detail: string): Promise<void>;
  policy: OutboundPolicy;
  /** Delays after the 1st, 2nd… failure of the same event; past the last the endpoint is disabled. */
  schedule: readonly number[];
  batchSize: number;
  now?: () => number;
  warn?: (message: string) => void;
}

interface Endpoint {
  organisationId: string;
  record: WebhookEndpointRecord;
  /** Log position of its registration: it receives what comes after. */
  since: number;
}

interface Checkpoint {
  position: number;
  failures: number;
  nextAttemptAt: number | null;
}

/** One delivery: one event, or for an endpoint that takes several, a run of one partnership's. */
interface Attempt {
  events: StoredEvent[];
  attempt: number;
  answer: OutboundAnswer;
  latencyMs: number;
}

interface Batch {
  /** Where the checkpoint goes: past the batch, or to just before its earliest failure. */
  position: number;
  attempts: Attempt[];
  failed: Attempt | undefined;
}

/**
 * Delivers each active endpoint the events its organisation may see (the SSE feed's rule, with
 * the endpoint's type and partnership filters), at least once and in log order per partnership
 * (the Kafka message key, see {@link messageKey}): each partnership's events one at a time, the
 * next only after a 2xx for the one before, different partnerships side by side. A delivery
 * carries one event (its `webhook-id` is the event id, so a receiver drops what a crash or a
 * retry made it receive twice), or for an endpoint that asked for them, a JSON array of up to
 * `maxEventsPerDelivery` of one partnership's events (its `webhook-id` a hash of their ids, so the
 * same run sent again has the same id). A partnership's events go no faster than one receiver
 * round trip per delivery: everything else is kept off that path, and the exchanges themselves
 * run on a thread of their own ({@link DeliverySender}), so a busy API loop delays a batch once,
 * not each delivery. Each endpoint is followed on its own, so a receiver that times out or fails
 * holds up no other endpoint; a batch's record (its attempts and checkpoint, one transaction)
 * commits while the next batch is out. The checkpoint in
 * `webhook_checkpoints` moves, per endpoint, only past what the receiver acknowledged: to just
 * before the earliest failure of a batch.
 */
export class WebhookDeliverer {
  private readonly endpoints = new Map<string, Endpoint>();
  private registryPosition = 0;
  private readonly sender: DeliverySender;
  private readonly log: WebhookDeliveryLog;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition' | 'subscribeAll'>,
    private readonly pool: Pool,
    private readonly directory: PartyDirectory,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.sender = new DeliverySender(options.policy);
    this.log = new WebhookDeliveryLog(pool);
    this.now = options.now ?? Date.now;
  }

  /**
   * Delivers until `signal` aborts: follows each endpoint that is active, and takes the
   * endpoints' registry events as they are committed (a new, paused or resumed endpoint). The log
   * comes from a tail of its own, as the SSE feed's does (a connection of its own, woken by the
   * same commit notices, and the events they carry when the deployment shares a notice key), so a
   * live delivery neither queues for the pool for its read nor waits on a head query.
   */
  async run(signal: AbortSignal, idleMs = 1000): Promise<void> {
    // Followers stop with the registry loop too when it fails (the leader then retries the whole).
    const stop = new AbortController();
    const stopping = AbortSignal.any([signal, stop.signal]);
    const hub = new FeedHub(this.store, {
      // The tail's pages are as large as the largest batch any endpoint may take.
      pageSize: this.readSize(MAX_EVENTS_PER_DELIVERY),
      onError: (err) => this.options.warn?.(`webhook deliverer's tail of the log: ${err.message}`),
    });
    const following = new Map<string, Promise<void>>();
    this.sender.open();
    try {
      const types = [...WEBHOOK_ENDPOINT_EVENT_TYPES];
      for await (const page of hub.pages(this.registryPosition, { types, idleMs, signal: stopping })) {
        this.takeEndpointEvents(page);
        for (const [key, endpoint] of this.endpoints)
          if (endpoint.record.status === 'active' && !following.has(key))
            following.set(
              key,
              this.follow(hub, key, stopping, idleMs).finally(() => following.delete(key)),
            );
      }
    } finally {
      stop.abort();
      await Promise.all(following.values());
      this.sender.close();
      await hub.close();
    }
  }

  /** The redeliver command: see {@link WebhookDeliveryLog.redeliverFrom}. */
  redeliverFrom(organisationId: string, endpointId: string, position: number): Promise<void> {
    return this.log.redeliverFrom(organisationId, endpointId, position);
  }

  /**
   * One endpoint's deliveries, batch after batch, while it stays active. The checkpoint is read
   * from the table when this loop may not know it: at the start, after a record that found it
   * moved (a redeliver command) or failed, and after `idleMs` without news (a redeliver to an idle
   * endpoint); in between the batches follow the tail from where the last one ended.
   */
  private async follow(hub: FeedHub, key: string, signal: AbortSignal, idleMs: number): Promise<void> {
    let known: Checkpoint | undefined;
    let recording: Promise<Checkpoint | undefined> = Promise.resolve(undefined);
    let stale = false;
    const pause = (ms: number) => sleep(ms, undefined, { signal }).catch(() => undefined);
    try {
      while (!signal.aborted) {
        const endpoint = this.endpoints.get(key);
        if (endpoint?.record.status !== 'active') return;
        try {
          if (stale || !known) {
            await recording;
            stale = false;
            known = await this.checkpoint(endpoint);
          }
          const due = known.nextAttemptAt === null ? 0 : known.nextAttemptAt - this.now();
          if (due > 0) {
            await pause(Math.min(due, idleMs));
            known = undefined;
            continue;
          }
          const { record } = endpoint;
          const types = record.eventTypes.length > 0 ? [...record.eventTypes] : undefined;
          const limit = this.readSize(record.maxEventsPerDelivery);
          pages: for await (const page of hub.pages(known.position, { types, idleMs, signal })) {
            if (page.length === 0) {
              known = undefined;
              break;
            }
            for (let i = 0; i < page.length; i += limit) {
              // A changed or stopped endpoint, or a checkpoint a redeliver command moved, starts afresh.
              if (stale || this.endpoints.get(key) !== endpoint) break pages;
              const batch = await this.send(endpoint, known, page.slice(i, i + limit));
              // One record in flight: it commits while the next batch is out, never two at once.
              await recording;
              const from = known.position;
              if (batch.failed) {
                known = await this.record(endpoint, from, batch);
                break pages;
              }
              known = { position: batch.position, failures: 0, nextAttemptAt: null };
              recording = this.record(endpoint, from, batch).then(
                (after) => {
                  if (!after) stale = true;
                  return after;
                },
                (err: unknown) => {
                  stale = true;
                  throw err;
                },
              );
              // Reported where it is awaited; unobserved until then, it must not end the process.
              recording.catch(() => undefined);
            }
          }
        } catch (err) {
          // This endpoint's trouble (its log write failed, the ledger refused to disable it) is
          // tried again from its checkpoint, after a pause so a broken database is not hammered.
          this.options.warn?.(`webhook endpoint ${key.split('\0')[1]}: ${(err as Error).message}`);
          await recording.catch(() => undefined);
          recording = Promise.resolve(undefined);
          known = undefined;
          await pause(idleMs);
        }
      }
    } finally {
      await recording.catch((err: unknown) =>
        this.options.warn?.(`webhook endpoint ${key.split('\0')[1]}: ${(err as Error).message}`),
      );
    }
  }

  /**
   * Events read and sent as one batch to an endpoint taking up to `maxEventsPerDelivery` per
   * delivery: enough for several deliveries per lane when each carries many events.
   */
  private readSize(maxEventsPerDelivery: number): number {
    return Math.max(this.options.batchSize, maxEventsPerDelivery * READS_PER_DELIVERY_SIZE);
  }

  private takeEndpointEvents(events: readonly StoredEvent[]): void {
    for (const event of events) {
      const e = event as unknown as StoredEvent & WebhookEndpointEvent;
      const key = `${e.data.organisationId}\0${e.data.endpointId}`;
      const known = this.endpoints.get(key);
      const records = evolveWebhookEndpoints(known ? { [e.data.endpointId]: known.record } : {}, e);
      const record = records[e.data.endpointId];
      if (record)
        this.endpoints.set(key, {
          organisationId: e.data.organisationId,
          record,
          since: known?.since ?? event.position,
        });
      this.registryPosition = event.position;
    }
  }

  private async checkpoint(endpoint: Endpoint): Promise<Checkpoint> {
    // Read before insert: an upsert on every pass wrote (and waited for the WAL flush of) a new
    // row version each time, a commit per pass per endpoint that nothing needed.
    for (;;) {
      const { rows } = await this.pool.query<{ position: string; failures: number; next_attempt_at: Date | null }>(
        `WITH found AS (
           SELECT position, failures, next_attempt_at FROM webhook_checkpoints WHERE organisation_id = $1 AND endpoint_id = $2
         ), made AS (
           INSERT INTO webhook_checkpoints (organisation_id, endpoint_id, position)
           SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM found)
           ON CONFLICT (organisation_id, endpoint_id) DO NOTHING
           RETURNING position, failures, next_attempt_at
         )
         SELECT * FROM found UNION ALL SELECT * FROM made`,
        [endpoint.organisationId, endpoint.record.endpointId, endpoint.since],
      );
      // No row: a redeliver command inserted it between the two halves; it is there now.
      if (rows.length === 0) continue;
      return {
        position: Number(rows[0].position),
        failures: rows[0].failures,
        nextAttemptAt: rows[0].next_attempt_at?.getTime() ?? null,
      };
    }
  }

  /** Sends those of `events` (the log's next after the checkpoint, at least one) the endpoint may see. */
  private async send(endpoint: Endpoint, cp: Checkpoint, events: StoredEvent[]): Promise<Batch> {
    const { record } = endpoint;
    const visible = feedVisibility(
      this.directory,
      { orgId: endpoint.organisationId, roles: [] },
      record.partnershipIds.length > 0 ? record.partnershipIds : undefined,
    );
    const lanes = new Map<string, StoredEvent[]>();
    for (const event of events)
      if (await visible(event)) {
        const key = messageKey(event);
        const lane = lanes.get(key);
        if (lane) lane.push(event);
        else lanes.set(key, [event]);
      }
    const last = events[events.length - 1].position;
    if (lanes.size === 0) return { position: last, attempts: [], failed: undefined };
    const first = Math.min(...[...lanes.values()].map((lane) => lane[0].position));
    const size = record.maxEventsPerDelivery;
    const deliveries = [...lanes.values()].map((lane) =>
      Array.from({ length: Math.ceil(lane.length / size) }, (_, i) => lane.slice(i * size, (i + 1) * size)),
    );
    const sent = await this.sender.send({
      url: record.url,
      keys: await this.signingKeys(endpoint),
      lanes: deliveries,
      several: size > 1,
    });
    const attempts: Attempt[] = sent.map(({ lane, delivery, answer, latencyMs }) => {
      const carried = deliveries[lane][delivery];
      return { events: carried, attempt: carried[0].position === first ? cp.failures + 1 : 1, answer, latencyMs };
    });
    attempts.sort((a, b) => a.events[0].position - b.events[0].position);
    const failed = attempts.find((a) => a.answer.status < 200 || a.answer.status > 299);
    return { position: failed ? failed.events[0].position - 1 : last, attempts, failed };
  }

  /** The endpoint's current key, and its previous one while the rotation's overlap lasts. */
  private async signingKeys(endpoint: Endpoint): Promise<SigningKey[]> {
    const { record, organisationId } = endpoint;
    const ref = (keyVersion: number) => ({ organisationId, endpointId: record.endpointId, keyVersion });
    const keys: SigningKey[] = [
      { scheme: record.scheme, key: await this.options.signingKey(ref(record.key.keyVersion)) },
    ];
    const previous = record.previousKey;
    const until = previous ? Date.parse(previous.until) : 0;
    if (previous && until > this.now())
      keys.push({ scheme: record.scheme, key: await this.options.signingKey(ref(previous.keyVersion)), until });
    return keys;
  }

  /**
   * The batch's attempts, the checkpoint and the retry state, in one transaction; the checkpoint
   * as it now stands, or undefined when it was no longer at `from` (a redeliver command moved it).
   */
  private async record(endpoint: Endpoint, from: number, batch: Batch): Promise<Checkpoint | undefined> {
    const { position, attempts, failed } = batch;
    const failures = failed ? failed.attempt : 0;
    const { organisationId } = endpoint;
    const { endpointId } = endpoint.record;
    let nextAttemptAt: number | null = null;
    let disable: { reason: WebhookDisabledReason; detail: string } | undefined;
    if (failed) {
      const delay = nextDelayMs(this.options.schedule, failures, failed.answer.retryAfter, this.now());
      if (failed.answer.status === 410) disable = { reason: 'gone', detail: 'the receiver answered 410 Gone' };
      else if (delay === undefined)
        disable = {
          reason: 'retries-exhausted',
          detail: `${failures} attempts at event ${failed.events[0].position} failed`,
        };
      else nextAttemptAt = this.now() + delay;
    }
    // The batch's attempts, a row per event each carried, and the checkpoint in one statement, so
    // one round trip (one turn of a busy event loop) records a batch: a transaction of four took
    // longer than the next batch's POSTs and held the sender up. A redeliver command that moved
    // the checkpoint while this batch was out wins over the batch; a disabled endpoint starts
    // afresh at the same event when its owner resumes it.
    const rows = attempts.flatMap((a) => a.events.map((event) => ({ ...a, event })));
    const { rows: result } = await this.pool.query<{ moved: number }>(
      `WITH attempts AS (
         INSERT INTO webhook_deliveries (organisation_id, endpoint_id, position, event_id, attempt, status, error, latency_ms)
         SELECT $1, $2, a.* FROM unnest($3::bigint[], $4::text[], $5::int[], $6::int[], $7::text[], $8::int[])
           AS a(position, event_id, attempt, status, error, latency_ms)
       ), moved AS (
         UPDATE webhook_checkpoints SET position = $9, failures = $10, next_attempt_at = $11, updated_at = now()
         WHERE organisation_id = $1 AND endpoint_id = $2 AND position = $12
         RETURNING 1
       )
       SELECT count(*)::int AS moved FROM moved`,
      [
        organisationId,
        endpointId,
        rows.map((a) => a.event.position),
        rows.map((a) => a.event.eventId),
        rows.map((a) => a.attempt),
        rows.map((a) => a.answer.status || null),
        rows.map((a) => a.answer.error ?? null),
        rows.map((a) => a.latencyMs),
        position,
        disable ? 0 : failures,
        nextAttemptAt === null ? null : new Date(nextAttemptAt),
        from,
      ],
    );
    const updated = result[0].moved === 1;
    if (disable) {
      await this.options.disable(organisationId, endpointId, disable.reason, disable.detail);
      // Until the ledger event is read back, this process must not send to it again.
      this.endpoints.set(`${organisationId}\0${endpointId}`, {
        ...endpoint,
        record: { ...endpoint.record, status: 'disabled' },
      });
    }
    return updated ? { position, failures: disable ? 0 : failures, nextAttemptAt } : undefined;
  }
}
