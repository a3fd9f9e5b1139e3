import { PoolClient } from 'pg';

/** Column types a multi-row write can carry; `list` is a text[] column. */
export type ColumnType = 'text' | 'bigint' | 'boolean' | 'timestamptz' | 'date' | 'jsonb' | 'list';

const SEPARATOR = '\u001f'; // ASCII unit separator: never in an id, so lists travel as one string

/**
 * Writes many rows in one statement as `unnest` of one array per column. PostgreSQL parses
 * arrays far faster than one big jsonb document of records, which matters at catch-up rates.
 * The jsonb columns are the exception: each travels as one JSON array (`jsonb_array_elements`),
 * zipped with the others by ROWS FROM. PostgreSQL parses every value as jsonb either way, but as
 * elements of a text[] each document was first escaped element by element by the driver and
 * unescaped again by the server, which cost more than the rest of the decision register's batch.
 * A JS null or undefined is SQL NULL in every column (never a jsonb `null`).
 * `conflict` is the ON CONFLICT clause, if any.
 */
export async function insertRows(
  client: PoolClient,
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly Record<string, unknown>[],
  conflict = '',
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const params = names.map((name) => {
    const type = columns[name];
    if (type === 'jsonb') return JSON.stringify(rows.map((row) => row[name] ?? null));
    return rows.map((row) => {
      const value = row[name];
      if (value === null || value === undefined) return null;
      if (type === 'list') return (value as string[]).join(SEPARATOR);
      return value;
    });
  });
  const sources = names.map((name, i) => {
    const type = columns[name];
    if (type === 'jsonb') return `jsonb_array_elements($${i + 1}::jsonb)`;
    return `unnest($${i + 1}::${type === 'list' ? 'text' : type}[])`;
  });
  const selects = names.map((name, i) => {
    const type = columns[name];
    if (type === 'jsonb') return `nullif(c${i}, 'null'::jsonb)`;
    if (type === 'list') return `coalesce(string_to_array(c${i}, E'\\x1f'), '{}')`;
    return `c${i}`;
  });
  await client.query(
    `INSERT INTO ${table} (${names.join(', ')}) SELECT ${selects.join(', ')} FROM ROWS FROM (${sources.join(', ')}) AS r(${names.map((_, i) => `c${i}`).join(', ')}) ${conflict}`,
    params,
  );
}

/** `SET col = excluded.col, …` for an upsert. */
export function updateAll(columns: readonly string[]): string {
  return columns.map((c) => `${c} = excluded.${c}`).join(', ');
}
