import type { Pool } from 'pg';

/**
 * The tables of a test database holding `text` in any column: as text, or as its UTF-8 bytes in a
 * bytea. What a test of sealed data searches to show a value is stored nowhere in the clear.
 */
export async function tablesHolding(pool: Pool, text: string): Promise<string[]> {
  const { rows: tables } = await pool.query<{ name: string }>(
    "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const hex = Buffer.from(text, 'utf8').toString('hex');
  const holding: string[] = [];
  for (const { name } of tables) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${name} t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`,
      [text, hex],
    );
    if (rows[0].n > 0) holding.push(name);
  }
  return holding;
}
