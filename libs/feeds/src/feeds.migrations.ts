import { Migration } from '@accord/event-store';

/** The feeds' tables (versions 300–399, see Migration). */
export const FEEDS_MIGRATIONS: Migration[] = [
  {
    version: 300,
    name: 'feed relay checkpoints',
    sql: `
      -- How far each relay has been acknowledged by its destination. Advanced only after the
      -- broker acknowledged every event up to it, so a restart resends (never skips) the rest.
      CREATE TABLE feed_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL CHECK (position >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 310,
    name: 'webhook delivery checkpoints and log',
    sql: `
      -- How far each webhook endpoint has been delivered (2xx received), and its retry state for
      -- the next event. Advanced only after the receiver answered, so a crash resends, never skips.
      CREATE TABLE webhook_checkpoints (
        organisation_id text NOT NULL,
        endpoint_id text NOT NULL,
        position bigint NOT NULL CHECK (position >= 0),
        failures integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organisation_id, endpoint_id)
      );
      -- Every attempt, for the endpoint's owner: what was sent, what came back, how long it took.
      CREATE TABLE webhook_deliveries (
        id bigserial PRIMARY KEY,
        organisation_id text NOT NULL,
        endpoint_id text NOT NULL,
        position bigint NOT NULL,
        event_id text NOT NULL,
        attempt integer NOT NULL,
        status integer,
        error text,
        latency_ms integer NOT NULL,
        attempted_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (organisation_id, endpoint_id, id DESC);
    `,
  },
];
