import type { BlockList } from 'node:net';
import { Pool } from 'pg';
import {
  evolveWebhookEndpoints,
  WEBHOOK_ENDPOINT_EVENT_TYPES,
  type WebhookDisabledReason,
  type WebhookEndpointEvent,
  type WebhookEndpointRecord,
  type WebhookScheme,
} from '@accord/domain';
import { EventStore, StoredEvent } from '@accord/event-store';
import { feedVisibility } from '../feed-session';
import { messageKey } from '../feed-routing';
import { PartyDirectory } from '../party-directory';
import { WebhookDeliveryLog } from './delivery-log';
import { allowList, OutboundAnswer, OutboundPolicy, postWebhook } from './outbound';
import { nextDelayMs } from './retry-schedule';

/**
 * Partnerships of one endpoint sent to at once: enough to hide a receiver's round trip, few
 * enough that one endpoint's backlog does not open hundreds of connections to it.
 */
const MAX_LANES_IN_FLIGHT = 16;

export interface WebhookDeliveryOptions {
  /** `<scheme>,<base64>` for one key version of one endpoint. */
  sign(
    scheme: WebhookScheme,
    ref: { organisationId: string; endpointId: string; keyVersion: number },
    msgId: string,
    timestamp: number,
    body: string,
  ): Promise<string>;
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

interface Attempt {
  event: StoredEvent;
  attempt: number;
  answer: OutboundAnswer;
  latencyMs: number;
}

/**
 * Delivers each active endpoint the events its organisation may see (the SSE feed's rule, with
 * the endpoint's type and partnership filters), at least once and in log order per partnership
 * (the Kafka message key, see {@link messageKey}): each partnership's events one at a time, the
 * next only after a 2xx for the one before, different partnerships side by side. The checkpoint
 * in `webhook_checkpoints` moves, per endpoint, only past what the receiver acknowledged: to just
 * before the earliest failure of a batch. The `webhook-id` is the event id, so a receiver drops
 * what a crash or a retry made it receive twice.
 */
export class WebhookDeliverer {
  private readonly endpoints = new Map<string, Endpoint>();
  private registryPosition = 0;
  private readonly allowed: BlockList;
  private readonly log: WebhookDeliveryLog;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition' | 'waitBeyond'>,
    private readonly pool: Pool,
    private readonly directory: PartyDirectory,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.allowed = allowList(options.policy.allow);
    this.log = new WebhookDeliveryLog(pool);
    this.now = options.now ?? Date.now;
  }

  /** Delivers until `signal` aborts, waking when the log grows or a retry falls due. */
  async run(signal: AbortSignal, idleMs = 1000): Promise<void> {
    while (!signal.aborted) {
      const head = await this.store.headPosition();
      const busy = await this.tick();
      if (!busy) await this.store.waitBeyond(head, idleMs, signal);
    }
  }

  /** One pass over every endpoint; true when something was attempted (there may be more to do). */
  async tick(): Promise<boolean> {
    await this.refreshEndpoints();
    const active = [...this.endpoints.values()].filter((e) => e.record.status === 'active');
    // One endpoint's trouble (its log write failed, the ledger refused to disable it) must not
    // hold up the others: it is tried again on the next pass, from its checkpoint.
    const done = await Promise.all(
      active.map((e) =>
        this.deliver(e).catch((err: unknown) => {
          this.options.warn?.(`webhook endpoint ${e.record.endpointId}: ${(err as Error).message}`);
          return false;
        }),
      ),
    );
    return done.some(Boolean);
  }

  /** The redeliver command: see {@link WebhookDeliveryLog.redeliverFrom}. */
  redeliverFrom(organisationId: string, endpointId: string, position: number): Promise<void> {
    return this.log.redeliverFrom(organisationId, endpointId, position);
  }

  private async refreshEndpoints(): Promise<void> {
    for (;;) {
      const events = await this.store.readAll({
        fromPosition: this.registryPosition + 1,
        limit: 1000,
        filter: { types: [...WEBHOOK_ENDPOINT_EVENT_TYPES] },
      });
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
      if (events.length < 1000) return;
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

  private async deliver(endpoint: Endpoint): Promise<boolean> {
    const cp = await this.checkpoint(endpoint);
    if (cp.nextAttemptAt !== null && cp.nextAttemptAt > this.now()) return false;
    const { record } = endpoint;
    const events = await this.store.readAll({
      fromPosition: cp.position + 1,
      limit: this.options.batchSize,
      ...(record.eventTypes.length > 0 ? { filter: { types: [...record.eventTypes] } } : {}),
    });
    if (events.length === 0) return false;
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
    const first = lanes.size > 0 ? Math.min(...[...lanes.values()].map((lane) => lane[0].position)) : undefined;
    const attempts: Attempt[] = [];
    // A lane does not start an event past the earliest failure: the checkpoint stops before it,
    // so whatever went out after it goes out again on the retry.
    let failedAt = Infinity;
    const queue = [...lanes.values()];
    const runLanes = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift())
        for (const event of lane) {
          if (event.position > failedAt) break;
          const attempt = await this.attempt(endpoint, event, event.position === first ? cp.failures + 1 : 1);
          attempts.push(attempt);
          if (attempt.answer.status < 200 || attempt.answer.status > 299) {
            failedAt = Math.min(failedAt, event.position);
            break;
          }
        }
    };
    await Promise.all(Array.from({ length: Math.min(MAX_LANES_IN_FLIGHT, queue.length) }, runLanes));
    attempts.sort((a, b) => a.event.position - b.event.position);
    const failed = attempts.find((a) => a.event.position === failedAt);
    const position = failed ? failed.event.position - 1 : events[events.length - 1].position;
    await this.record(endpoint, cp.position, position, attempts, failed ? failed.attempt : 0, failed);
    return true;
  }

  private async attempt(endpoint: Endpoint, event: StoredEvent, attempt: number): Promise<Attempt> {
    const { record, organisationId } = endpoint;
    const body = JSON.stringify(event);
    const started = this.now();
    const timestamp = Math.floor(started / 1000);
    const keys = [
      record.key,
      ...(record.previousKey && Date.parse(record.previousKey.until) > started ? [record.previousKey] : []),
    ];
    const signatures = await Promise.all(
      keys.map((k) =>
        this.options.sign(
          record.scheme,
          { organisationId, endpointId: record.endpointId, keyVersion: k.keyVersion },
          event.eventId,
          timestamp,
          body,
        ),
      ),
    );
    const answer = await postWebhook(
      record.url,
      {
        'webhook-id': event.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatures.join(' '),
      },
      body,
      this.options.policy,
      this.allowed,
    );
    return { event, attempt, answer, latencyMs: Math.max(0, Math.round(this.now() - started)) };
  }

  /** The batch's attempts, the checkpoint and the retry state, in one transaction. */
  private async record(
    endpoint: Endpoint,
    from: number,
    position: number,
    attempts: Attempt[],
    failures: number,
    failed: Attempt | undefined,
  ): Promise<void> {
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
          detail: `${failures} attempts at event ${failed.event.position} failed`,
        };
      else nextAttemptAt = this.now() + delay;
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // One statement for the batch's attempts: a round trip each would cost more than the POSTs.
      if (attempts.length > 0)
        await client.query(
          `INSERT INTO webhook_deliveries (organisation_id, endpoint_id, position, event_id, attempt, status, error, latency_ms)
           SELECT $1, $2, a.* FROM unnest($3::bigint[], $4::text[], $5::int[], $6::int[], $7::text[], $8::int[])
             AS a(position, event_id, attempt, status, error, latency_ms)`,
          [
            organisationId,
            endpointId,
            attempts.map((a) => a.event.position),
            attempts.map((a) => a.event.eventId),
            attempts.map((a) => a.attempt),
            attempts.map((a) => a.answer.status || null),
            attempts.map((a) => a.answer.error ?? null),
            attempts.map((a) => a.latencyMs),
          ],
        );
      // A disabled endpoint starts afresh at the same event when its owner resumes it. A
      // redeliver command that moved the checkpoint while this batch was out wins over the batch.
      await client.query(
        `UPDATE webhook_checkpoints SET position = $3, failures = $4, next_attempt_at = $5, updated_at = now()
         WHERE organisation_id = $1 AND endpoint_id = $2 AND position = $6`,
        [
          organisationId,
          endpointId,
          position,
          disable ? 0 : failures,
          nextAttemptAt === null ? null : new Date(nextAttemptAt),
          from,
        ],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    if (disable) {
      await this.options.disable(organisationId, endpointId, disable.reason, disable.detail);
      // Until the ledger event is read back, this process must not send to it again.
      this.endpoints.set(`${organisationId}\0${endpointId}`, {
        ...endpoint,
        record: { ...endpoint.record, status: 'disabled' },
      });
    }
  }
}
