import { Migration } from '@accord/event-store';

/**
 * Tables of the read side (versions 100–199). Read models hold what a query needs and nothing
 * the log cannot give back: every one of them can be emptied and rebuilt from position 1.
 */
export const PROJECTION_MIGRATIONS: Migration[] = [
  {
    version: 100,
    name: 'projection checkpoints and read models',
    sql: `
      -- One row per projection: the last log position its read model includes. Moved in the
      -- same transaction as the read-model rows, and locked by every writer (FOR UPDATE), so a
      -- batch is applied once even when two processes run the same projection.
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- directory: names for overviews and audit lines.
      CREATE TABLE rm_organisations (
        organisation_id text PRIMARY KEY,
        name text NOT NULL,
        kind text
      );
      CREATE TABLE rm_members (
        organisation_id text NOT NULL,
        person_id text NOT NULL,
        job_title text,
        removed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (organisation_id, person_id)
      );
      CREATE INDEX rm_members_person ON rm_members (person_id);

      -- partnerships: the folded partnership (domain state) per partnership.
      CREATE TABLE rm_partnerships (
        partnership_id text PRIMARY KEY,
        title text NOT NULL,
        status text NOT NULL,
        parties text[] NOT NULL,
        proposed_position bigint NOT NULL,
        last_position bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        state jsonb NOT NULL
      );
      CREATE INDEX rm_partnerships_parties ON rm_partnerships USING gin (parties);

      -- decisions: the register (one row per decision) and every act on it.
      CREATE TABLE rm_decisions (
        decision_id text PRIMARY KEY,
        partnership_id text NOT NULL,
        title text NOT NULL,
        status text NOT NULL,
        category text,
        value_pence bigint,
        approval_rule text NOT NULL,
        parties text[] NOT NULL,
        signed_parties text[] NOT NULL,
        drafted_position bigint NOT NULL,
        drafted_at timestamptz NOT NULL,
        closes_at timestamptz,
        resolved_at timestamptz,
        outcome_recorded boolean NOT NULL,
        last_position bigint NOT NULL,
        state jsonb NOT NULL
      );
      CREATE INDEX rm_decisions_partnership ON rm_decisions (partnership_id, drafted_position DESC);
      CREATE INDEX rm_decisions_order ON rm_decisions (drafted_position DESC);
      CREATE INDEX rm_decisions_status ON rm_decisions (status, drafted_position DESC);

      CREATE TABLE rm_decision_acts (
        position bigint PRIMARY KEY,
        decision_id text NOT NULL,
        partnership_id text NOT NULL,
        kind text NOT NULL,
        person_id text NOT NULL,
        org_id text,
        at timestamptz NOT NULL,
        detail jsonb NOT NULL
      );
      CREATE INDEX rm_decision_acts_decision ON rm_decision_acts (decision_id, position);
      CREATE INDEX rm_decision_acts_org ON rm_decision_acts (org_id, kind, position);

      -- trail: which partnership, decision and people each log position concerns. The line
      -- itself is rendered from the stored event when read, so the log stays the only copy.
      CREATE TABLE rm_trail (
        position bigint PRIMARY KEY,
        partnership_id text,
        decision_id text,
        person_ids text[] NOT NULL
      );
      CREATE INDEX rm_trail_partnership ON rm_trail (partnership_id, position) WHERE partnership_id IS NOT NULL;
      CREATE INDEX rm_trail_decision ON rm_trail (decision_id, position) WHERE decision_id IS NOT NULL;
      CREATE INDEX rm_trail_people ON rm_trail USING gin (person_ids);
    `,
  },
  {
    version: 101,
    name: 'members keep the name they were added with',
    sql: `
      ALTER TABLE rm_members ADD COLUMN display_name text;
      -- The directory folds organisation streams again to pick up the names the log already
      -- holds; its writes are upserts, so replaying what it had applied changes nothing else.
      UPDATE projection_checkpoints SET position = 0, updated_at = now() WHERE name = 'directory';
    `,
  },
  {
    version: 102,
    name: 'a projection that cannot apply an event says so',
    sql: `
      -- Set by the projection's leader when an event cannot be applied (the read model stays just
      -- before it); read by /health/ready in every process; cleared when it starts again or is rebuilt.
      ALTER TABLE projection_checkpoints
        ADD COLUMN failed_position bigint,
        ADD COLUMN failure text,
        ADD COLUMN failed_at timestamptz;
    `,
  },
  {
    version: 103,
    name: 'meetings: every record of a meeting with both clocks',
    sql: `
      -- meetings: one row per meeting event, with when it happened (occurred_at, per the record)
      -- and when the log took it (recorded_at): a meeting as at / as of any instant is these rows
      -- up to it, folded with the domain's evolve.
      CREATE TABLE rm_meeting_events (
        position bigint PRIMARY KEY,
        event_id text NOT NULL,
        meeting_id text NOT NULL,
        partnership_id text NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        actor_person_id text NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX rm_meeting_events_meeting ON rm_meeting_events (meeting_id, position);
      CREATE INDEX rm_meeting_events_partnership ON rm_meeting_events (partnership_id, position);
    `,
  },
  {
    version: 104,
    name: "each organisation's witness of the log",
    sql: `
      CREATE TABLE rm_witnesses (
        organisation_id text PRIMARY KEY,
        name text NOT NULL,
        vkey text NOT NULL,
        url text NOT NULL,
        registered_position bigint NOT NULL
      );
    `,
  },
  {
    version: 105,
    name: 'the forward plan: published entries and what became of them',
    sql: `
      -- forward plan (reg 9): one row per entry, written once; only status and, for a key
      -- decision once opened, the notice it was opened on (key_decision) change afterwards.
      CREATE TABLE rm_forward_plan (
        decision_id text PRIMARY KEY,
        partnership_id text NOT NULL,
        position bigint NOT NULL,
        item text NOT NULL,
        decision_maker text NOT NULL,
        expected_date date NOT NULL,
        documents jsonb NOT NULL,
        key boolean NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        status text NOT NULL,
        key_decision text
      );
      CREATE INDEX rm_forward_plan_partnership ON rm_forward_plan (partnership_id, expected_date, position);
    `,
  },
  {
    version: 106,
    name: 'decision notices, as published',
    sql: `
      -- decision notices (regs 12, 13): one row per notice, the event's data as published.
      CREATE TABLE rm_decision_notices (
        decision_id text PRIMARY KEY,
        partnership_id text NOT NULL,
        position bigint NOT NULL,
        published_at timestamptz NOT NULL,
        notice jsonb NOT NULL
      );
      CREATE INDEX rm_decision_notices_partnership ON rm_decision_notices (partnership_id, published_at);
    `,
  },
  {
    version: 107,
    name: 'the last check of each read model against the log',
    sql: `
      -- Written by \`accord projections verify\` and POST /v1/audit/read-models/verify, read by
      -- /health/read-models in every process: how many rows differed from the log, in which tables.
      CREATE TABLE read_model_checks (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        differing bigint NOT NULL,
        tables text[] NOT NULL,
        checked_at timestamptz NOT NULL
      );
    `,
  },
  {
    version: 109,
    name: 'the trail index holds the stream, type and recording time of each event',
    sql: `
      -- From the hashed bytes, as the rest of the index: the as-of replay picks a partnership's
      -- events by them without parsing each event's bytes again on every read. The index is
      -- rebuilt to fill them.
      DELETE FROM rm_trail;
      UPDATE projection_checkpoints SET position = 0 WHERE name = 'trail';
      ALTER TABLE rm_trail
        ADD COLUMN stream_id text NOT NULL,
        ADD COLUMN type text NOT NULL,
        ADD COLUMN recorded_at timestamptz NOT NULL;
      `,
  },
  {
    version: 110,
    name: 'partnership snapshots for the as-of replay',
    sql: `
      -- Kept by the trail projection (with rm_trail, in its transaction): a partnership's fold up
      -- to \`position\`, covering the stretch of its trail entries after \`after_position\`.
      CREATE TABLE rm_partnership_snapshots (
        partnership_id text NOT NULL,
        position bigint NOT NULL,
        after_position bigint NOT NULL,
        -- Latest clocks of every event folded into the snapshot (null: none yet)…
        recorded_max timestamptz,
        occurred_max timestamptz,
        -- …and earliest of those folded in its own stretch (null: none).
        stretch_recorded_min timestamptz,
        stretch_occurred_min timestamptz,
        state jsonb NOT NULL,
        PRIMARY KEY (partnership_id, position)
      );
      -- Snapshots come from the trail index: an index already built has none, so it is rebuilt.
      DELETE FROM rm_trail;
      UPDATE projection_checkpoints SET position = 0 WHERE name = 'trail';
    `,
  },
  {
    version: 111,
    name: 'what the log-following jobs keep of the log',
    sql: `
      -- A log-following job's fold of the events it follows, up to \`position\` (LogFollowingJob):
      -- a start reads on from there, not from position 1. State and position are one row, written
      -- in one statement, so they always agree; \`version\` is the shape of the state, and a job
      -- that finds another starts from position 1. Like a read model, a row can be deleted: the
      -- job then reads the log from position 1 again.
      CREATE TABLE job_states (
        name text PRIMARY KEY,
        version integer NOT NULL,
        position bigint NOT NULL CHECK (position >= 0),
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 112,
    name: 'erasures read model; decision acts say their event type and whose personal data they hold',
    sql: `
      -- erasures: one row per PersonalDataErased, what answers say beside "[erased]".
      CREATE TABLE rm_erasures (
        position bigint PRIMARY KEY,
        person_id text NOT NULL,
        at timestamptz NOT NULL,
        reason text NOT NULL,
        because text NOT NULL
      );
      CREATE INDEX rm_erasures_person ON rm_erasures (person_id, position);
      -- Both are in each act's detail: the acts already built lack them, so they are rebuilt.
      DELETE FROM rm_decision_acts;
      UPDATE projection_checkpoints SET position = 0 WHERE name = 'decision-acts';
    `,
  },
  {
    version: 113,
    name: 'a partnership’s votes and sign-offs in log order',
    sql: `
      -- The parties' downloads read one partnership's acts of some kinds in log order, a batch at a
      -- time from a position; without this each batch would walk every partnership's acts.
      CREATE INDEX rm_decision_acts_partnership ON rm_decision_acts (partnership_id, position);
    `,
  },
  {
    version: 114,
    name: 'decision acts say when they happened and when they were recorded',
    sql: `
      -- occurredAt and recordedAt in each act's detail, for the decision record on both clocks:
      -- the acts already built lack them, so they are rebuilt.
      DELETE FROM rm_decision_acts;
      UPDATE projection_checkpoints SET position = 0 WHERE name = 'decision-acts';
    `,
  },
  {
    version: 115,
    name: 'states and timelines keep when objectives, risks and council-procedure acts happened',
    sql: `
      -- Decision and partnership states now hold when a decision was drafted and scrutiny reported,
      -- when each objective was set and each risk raised, and the timeline places their changes at
      -- when they happened: rows built before lack them, and a verify would flag every one, so the
      -- three read models (the trail's snapshots with it) are rebuilt once.
      DELETE FROM rm_decisions;
      DELETE FROM rm_partnerships;
      DELETE FROM rm_trail;
      DELETE FROM rm_partnership_snapshots;
      UPDATE projection_checkpoints SET position = 0 WHERE name IN ('decisions', 'partnerships', 'trail');
    `,
  },
  {
    version: 116,
    name: 'partnership snapshots keep their fold as json text',
    sql: `
      -- A snapshot's fold is only ever written and read whole, never queried inside: as json it
      -- is checked and stored as sent instead of parsed into jsonb (a partnership with 900
      -- decisions writes 1.8 MB per snapshot, several times in one trail batch), and read back
      -- without being printed again. lz4 where the server has it: faster than pglz both ways.
      ALTER TABLE rm_partnership_snapshots ALTER COLUMN state TYPE json USING state::json;
      DO $$
      BEGIN
        IF EXISTS (SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) THEN
          ALTER TABLE rm_partnership_snapshots ALTER COLUMN state SET COMPRESSION lz4;
        END IF;
      END $$;
    `,
  },
];
