import type { Pool } from 'pg';
import { createPool, endPool } from '@accord/event-store';
import { UnavailableError } from '@accord/platform';
import type { WitnessState, WitnessStateStore } from './witness-state-store';

/**
 * The witness's state in PostgreSQL (WITNESS_DATABASE_URL): one row per log. The compare-and-set
 * is one conditional statement, so any number of witness processes may share the database and
 * two submissions from the same old size never both succeed.
 */
export class PostgresStateStore implements WitnessStateStore {
  private constructor(
    private readonly pool: Pool,
    readonly description: string,
  ) {}

  static async open(url: string, onIdleError?: (err: Error) => void): Promise<PostgresStateStore> {
    // A cosignature is answered once the new state is committed: it must not be a commit the server
    // may still lose. Set at connection startup, so no query can run on a connection without it.
    const pool = createPool({
      connectionString: url,
      max: 4,
      applicationName: 'accord-witness',
      onIdleError,
      settings: { synchronous_commit: 'on' },
    });
    const store = new PostgresStateStore(pool, `PostgreSQL at ${redact(url)}`);
    try {
      await createTable(pool);
    } catch (err) {
      await endPool(pool);
      throw new UnavailableError(
        'witness-storage-unavailable',
        `the witness's database failed: ${(err as Error).message}`,
      );
    }
    return store;
  }

  async get(origin: string): Promise<WitnessState | undefined> {
    const rows = await this.query<{ tree_size: number; root_hash: Buffer; note: string }>(
      'SELECT tree_size, root_hash, note FROM witness_log_state WHERE origin = $1',
      [origin],
    );
    const row = rows[0];
    return row && { size: Number(row.tree_size), rootHash: row.root_hash, note: row.note };
  }

  async replace(origin: string, expected: WitnessState | undefined, next: WitnessState): Promise<boolean> {
    const rows =
      expected === undefined
        ? await this.query(
            `INSERT INTO witness_log_state (origin, tree_size, root_hash, note) VALUES ($1, $2, $3, $4)
             ON CONFLICT (origin) DO NOTHING RETURNING 1`,
            [origin, next.size, next.rootHash, next.note],
          )
        : await this.query(
            `UPDATE witness_log_state SET tree_size = $2, root_hash = $3, note = $4, updated_at = now()
             WHERE origin = $1 AND tree_size = $5 AND root_hash = $6 RETURNING 1`,
            [origin, next.size, next.rootHash, next.note, expected.size, expected.rootHash],
          );
    return rows.length === 1;
  }

  close(): Promise<void> {
    return endPool(this.pool);
  }

  private async query<R extends object = object>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw new UnavailableError(
        'witness-storage-unavailable',
        `the witness's database failed: ${(err as Error).message}`,
      );
    }
  }
}

/** Under an advisory lock: witness processes starting together on a new database would race on CREATE TABLE. */
async function createTable(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('accord-witness-schema'))");
    await client.query(`CREATE TABLE IF NOT EXISTS witness_log_state (
      origin text PRIMARY KEY,
      tree_size bigint NOT NULL CHECK (tree_size >= 0),
      root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
      note text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return `${u.host}${u.pathname}`;
}
