import { Pool } from 'pg';

/** What a log-following job kept of the events it follows, up to and including `position`. */
export interface JobState {
  position: number;
  state: unknown;
}

/** The job's state as last saved, or null when none was saved in this shape (`version`). */
export async function readJobState(pool: Pool, name: string, version: number): Promise<JobState | null> {
  const { rows } = await pool.query<{ position: string; state: unknown }>(
    'SELECT position, state FROM job_states WHERE name = $1 AND version = $2',
    [name, version],
  );
  return rows.length === 0 ? null : { position: Number(rows[0].position), state: rows[0].state };
}

/**
 * Saves the state and its position in one statement. Two processes may run the same job side by
 * side, each saving its own fold: a save never takes the row back to an earlier position of the
 * same shape, so what a start reads on from is never behind what was saved.
 */
export async function saveJobState(
  pool: Pool,
  name: string,
  version: number,
  position: number,
  stateJson: string,
): Promise<void> {
  await pool.query(
    `INSERT INTO job_states (name, version, position, state) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, position = EXCLUDED.position,
       state = EXCLUDED.state, updated_at = now()
     WHERE job_states.version <> EXCLUDED.version OR job_states.position <= EXCLUDED.position`,
    [name, version, position, stateJson],
  );
}
