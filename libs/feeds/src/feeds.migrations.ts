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
];
