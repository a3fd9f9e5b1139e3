import type { Pool } from 'pg';

/** One attempt to deliver one event to one endpoint, as the endpoint's owner reads it. */
export interface WebhookAttempt {
  id: number;
  position: number;
  eventId: string;
  attempt: number;
  /** The receiver's HTTP status; null when no answer came (refused address, timeout, reset). */
  status: number | null;
  error: string | null;
  latencyMs: number;
  attemptedAt: string;
}

/** Where an endpoint's delivery stands: the last position it acknowledged, and its retry state. */
export interface WebhookProgress {
  position: number;
  failures: number;
  nextAttemptAt: string | null;
}

/**
 * The delivery tables (`webhook_checkpoints`, `webhook_deliveries`) as the endpoint's owner sees
 * and steers them; the deliverer writes the attempts, this reads them and moves a checkpoint back.
 */
export class WebhookDeliveryLog {
  constructor(private readonly pool: Pool) {}

  /** Newest attempts first, those with an id below `before` when given; `next` pages on. */
  async page(
    organisationId: string,
    endpointId: string,
    page: { before?: number; limit: number },
  ): Promise<{ attempts: WebhookAttempt[]; next: number | null }> {
    const { rows } = await this.pool.query<{
      id: string;
      position: string;
      event_id: string;
      attempt: number;
      status: number | null;
      error: string | null;
      latency_ms: number;
      attempted_at: Date;
    }>(
      `SELECT id, position, event_id, attempt, status, error, latency_ms, attempted_at FROM webhook_deliveries
        WHERE organisation_id = $1 AND endpoint_id = $2 AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [organisationId, endpointId, page.before ?? null, page.limit + 1],
    );
    const attempts = rows.slice(0, page.limit).map((r) => ({
      id: Number(r.id),
      position: Number(r.position),
      eventId: r.event_id,
      attempt: r.attempt,
      status: r.status,
      error: r.error,
      latencyMs: r.latency_ms,
      attemptedAt: r.attempted_at.toISOString(),
    }));
    return { attempts, next: rows.length > page.limit ? (attempts.at(-1)?.id ?? null) : null };
  }

  /** Each of the organisation's endpoints that delivery has reached, by endpoint id. */
  async progress(organisationId: string): Promise<Map<string, WebhookProgress>> {
    const { rows } = await this.pool.query<{
      endpoint_id: string;
      position: string;
      failures: number;
      next_attempt_at: Date | null;
    }>(`SELECT endpoint_id, position, failures, next_attempt_at FROM webhook_checkpoints WHERE organisation_id = $1`, [
      organisationId,
    ]);
    return new Map(
      rows.map((r) => [
        r.endpoint_id,
        {
          position: Number(r.position),
          failures: r.failures,
          nextAttemptAt: r.next_attempt_at?.toISOString() ?? null,
        },
      ]),
    );
  }

  /** The log position of an event once attempted to this endpoint; undefined if it never was. */
  async positionOf(organisationId: string, endpointId: string, eventId: string): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM webhook_deliveries WHERE organisation_id = $1 AND endpoint_id = $2 AND event_id = $3 LIMIT 1`,
      [organisationId, endpointId, eventId],
    );
    return rows[0] === undefined ? undefined : Number(rows[0].position);
  }

  /**
   * Sends the endpoint's events again from `position` on, clearing its retry state. Everything
   * after it goes again too: order per partnership holds, and a receiver drops what it had by
   * `webhook-id`.
   */
  async redeliverFrom(organisationId: string, endpointId: string, position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO webhook_checkpoints (organisation_id, endpoint_id, position) VALUES ($1, $2, $3)
       ON CONFLICT (organisation_id, endpoint_id)
       DO UPDATE SET position = EXCLUDED.position, failures = 0, next_attempt_at = NULL, updated_at = now()`,
      [organisationId, endpointId, Math.max(0, position - 1)],
    );
  }
}
