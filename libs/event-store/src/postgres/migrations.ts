import { Pool } from 'pg';

/**
 * Versioned schema migrations, applied at start. An advisory lock serialises concurrent starters
 * (two API processes, a worker), and each version commits with its record, so running them twice
 * or from two processes at once applies each version exactly once.
 */
export interface Migration {
  /**
   * Unique across the application. Each library owns a range so they never collide:
   * event store 1–99, projections 100–199, audit 200–299, feeds 300–399.
   */
  version: number;
  name: string;
  sql: string;
}

export const EVENT_STORE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'event log',
    sql: `
      -- One row: the last position handed out. Writers lock it for the whole transaction, so
      -- positions are dense and commits become visible in position order (gap safety).
      CREATE TABLE log_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_position bigint NOT NULL
      );
      INSERT INTO log_head VALUES (true, 0);

      CREATE TABLE events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        recorded_at timestamptz NOT NULL,
        -- The RFC 8785 bytes exactly as hashed; the envelope is served from these, never rebuilt.
        canonical bytea NOT NULL,
        leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32),
        UNIQUE (stream_id, revision)
      );
      CREATE INDEX events_type_position ON events (type, position);

      CREATE TABLE streams (
        stream_id text PRIMARY KEY,
        revision bigint NOT NULL,
        last_leaf_hash bytea NOT NULL
      );

      CREATE TABLE commands (
        command_id text PRIMARY KEY,
        command_hash text,
        result jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );

      -- For people reading the log with psql.
      CREATE VIEW events_json AS
        SELECT position, stream_id, revision, type, convert_from(canonical, 'UTF8')::jsonb AS envelope, encode(leaf_hash, 'hex') AS leaf_hash
        FROM events;
    `,
  },
  {
    version: 2,
    name: 'stream tips from the events index',
    // The (stream_id, revision) index already answers "what is this stream's last event".
    sql: `DROP TABLE streams;`,
  },
  {
    version: 3,
    name: 'head check for one-round-trip group commits',
    // Locks the head like every writer does, and refuses (SQLSTATE AC001) if another writer
    // committed since the caller's last commit: see GroupCommitWriter.tryFastCommit.
    sql: `
      CREATE FUNCTION accord_expect_head(expected bigint) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE actual bigint;
      BEGIN
        SELECT last_position INTO actual FROM log_head FOR UPDATE;
        IF actual <> expected THEN
          RAISE EXCEPTION 'log head moved from % to %', expected, actual USING ERRCODE = 'AC001';
        END IF;
      END $$;
    `,
  },
  {
    version: 4,
    name: 'insert a batch of events from arrays',
    // See insertEvents in write-statements.ts: a batch as a handful of values whose statement is
    // planned once per connection, instead of hundreds of literals parsed and planned per batch.
    sql: `
      CREATE FUNCTION accord_insert_events(
        p_before bigint, p_stream_ids text[], p_revisions bigint[], p_event_ids uuid[], p_types text[],
        p_recorded_at timestamptz, p_canonical bytea, p_canonical_offsets int[], p_canonical_lengths int[], p_leaf_hashes bytea
      ) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO events (position, stream_id, revision, event_id, type, recorded_at, canonical, leaf_hash)
        SELECT p_before + u.i, u.stream_id, u.revision, u.event_id, u.type, p_recorded_at,
               substring(p_canonical FROM u.canonical_offset FOR u.canonical_length),
               substring(p_leaf_hashes FROM u.i::int * 32 - 31 FOR 32)
        FROM ROWS FROM (unnest(p_stream_ids), unnest(p_revisions), unnest(p_event_ids), unnest(p_types),
                        unnest(p_canonical_offsets), unnest(p_canonical_lengths))
          WITH ORDINALITY AS u(stream_id, revision, event_id, type, canonical_offset, canonical_length, i);
      END $$;
    `,
  },
  {
    version: 5,
    name: 'personal data keys',
    sql: `
      CREATE TABLE personal_data_keys (
        person_id text PRIMARY KEY,
        -- The data key wrapped by the KEK named kek_id; NULL once erased.
        wrapped_key bytea,
        kek_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz,
        -- The erasure as asked (no personal data), kept until its PersonalDataErased is in the log.
        erasure jsonb,
        erasure_logged boolean NOT NULL DEFAULT false,
        CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL))
      );
      CREATE INDEX personal_data_keys_pending ON personal_data_keys (person_id) WHERE erased_at IS NOT NULL AND NOT erasure_logged;
    `,
  },
];

const MIGRATION_LOCK = 7_120_304_001; // arbitrary, fixed: the advisory lock id for migrations

/** Applies the event store's migrations and any others given (from other libraries), in version order. */
export async function migrate(pool: Pool, others: Migration[] = []): Promise<number[]> {
  const all = [...EVENT_STORE_MIGRATIONS, ...others].sort((a, b) => a.version - b.version);
  const versions = all.map((m) => m.version);
  if (new Set(versions).size !== versions.length)
    throw new Error(`duplicate migration versions in ${versions.join(', ')}`);
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => r.version));
    for (const migration of all) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
  return applied;
}
