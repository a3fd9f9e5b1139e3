import { Pool, PoolClient } from 'pg';

/** Where each projection's read model has got to in the log (0 = nothing applied yet). */
export async function readCheckpoint(db: Pool | PoolClient, name: string): Promise<number> {
  const { rows } = await db.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1', [
    name,
  ]);
  return rows.length === 0 ? 0 : Number(rows[0].position);
}

export async function readCheckpoints(db: Pool, names: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ name: string; position: string }>(
    'SELECT name, position FROM projection_checkpoints WHERE name = ANY($1::text[])',
    [names],
  );
  const found = new Map(rows.map((r) => [r.name, Number(r.position)]));
  return new Map(names.map((n) => [n, found.get(n) ?? 0]));
}

/**
 * Takes the checkpoint row's lock for the rest of the transaction and returns the position. Every
 * writer of a projection (its leader, a rebuild from the CLI) goes through here first, so they
 * queue on this row instead of applying the same batch twice.
 */
export async function lockCheckpoint(client: PoolClient, name: string): Promise<number> {
  const lock = () =>
    client.query<{ position: string }>('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [
      name,
    ]);
  let { rows } = await lock();
  // The row exists after a projection's first batch: the insert is paid once, not per batch.
  if (rows.length === 0) {
    await client.query(
      'INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING',
      [name],
    );
    ({ rows } = await lock());
  }
  return Number(rows[0].position);
}

export async function moveCheckpoint(client: PoolClient, name: string, position: number): Promise<void> {
  await client.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [
    name,
    position,
  ]);
}

/** A projection stopped at an event it cannot apply (see ProjectionHost). */
export interface ProjectionFailure {
  name: string;
  /** The event's log position: the read model holds everything before it. */
  position: number;
  error: string;
  failedAt: string;
}

/** Inserts the row if the projection never committed a batch, so a failure at its first event is kept too. */
export async function markProjectionFailed(pool: Pool, name: string, position: number, error: string): Promise<void> {
  await pool.query(
    `INSERT INTO projection_checkpoints (name, position, failed_position, failure, failed_at) VALUES ($1, 0, $2, $3, now())
     ON CONFLICT (name) DO UPDATE SET failed_position = $2, failure = $3, failed_at = now()`,
    [name, position, error.slice(0, 2000)],
  );
}

export async function clearProjectionFailure(db: Pool | PoolClient, name: string): Promise<void> {
  await db.query(
    'UPDATE projection_checkpoints SET failed_position = NULL, failure = NULL, failed_at = NULL WHERE name = $1 AND failed_position IS NOT NULL',
    [name],
  );
}

export async function readProjectionFailures(pool: Pool): Promise<ProjectionFailure[]> {
  const { rows } = await pool.query<{ name: string; failed_position: string; failure: string; failed_at: Date }>(
    'SELECT name, failed_position, failure, failed_at FROM projection_checkpoints WHERE failed_position IS NOT NULL ORDER BY name',
  );
  return rows.map((r) => ({
    name: r.name,
    position: Number(r.failed_position),
    error: r.failure,
    failedAt: r.failed_at.toISOString(),
  }));
}
