import { Pool } from 'pg';

export interface Checkpoint {
  position: number;
  /** When the destination last acknowledged; null before the first acknowledgement. */
  updatedAt: string | null;
}

/** A relay's acknowledged position, kept in `feed_checkpoints`. */
export class RelayCheckpoint {
  constructor(
    private readonly pool: Pool,
    readonly name: string,
  ) {}

  async read(): Promise<Checkpoint> {
    const { rows } = await this.pool.query<{ position: string; updated_at: Date }>(
      'SELECT position, updated_at FROM feed_checkpoints WHERE name = $1',
      [this.name],
    );
    return rows.length === 0
      ? { position: 0, updatedAt: null }
      : { position: Number(rows[0].position), updatedAt: rows[0].updated_at.toISOString() };
  }

  /**
   * Never moves backwards: a relay that lost leadership but has not noticed yet may still finish
   * an older batch after the new leader has gone further.
   */
  async advance(position: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO feed_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = GREATEST(feed_checkpoints.position, EXCLUDED.position), updated_at = now()`,
      [this.name, position],
    );
  }
}
