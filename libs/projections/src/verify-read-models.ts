import { isDeepStrictEqual } from 'node:util';
import { Pool, PoolClient } from 'pg';
import { EventStore } from '@accord/event-store';
import { ALL_PROJECTIONS } from './all-projections';
import { Projection } from './projection';
import { MAX_BATCH } from './projection-runner';

/** One row of a read model that is not what the log gives at the read model's checkpoint. */
export interface ReadModelDifference {
  projection: string;
  table: string;
  /** The row's primary key, column by column. */
  key: Record<string, unknown>;
  /** `changed`: both have the row; `missing`: the live table lacks it; `extra`: only the live table has it. */
  kind: 'changed' | 'missing' | 'extra';
  /** The columns that differ (every column for a missing or extra row). */
  columns: string[];
  live: Record<string, unknown> | null;
  rebuilt: Record<string, unknown> | null;
}

export interface ReadModelCheck {
  projection: string;
  /** The checkpoint the live read model was compared at. */
  position: number;
  /** Rows that differ, in key order, at most `maxDifferences` per table. */
  differences: ReadModelDifference[];
  /** How many rows differ in all, including those left out of `differences`. */
  differing: number;
}

/**
 * Rebuilds every read model from the log into a shadow and compares it row by row with the live
 * tables, so a row changed, added or deleted behind the projections' back (a host administrator
 * with SQL) is named. Everything happens in one REPEATABLE READ transaction that is rolled back:
 * the shadow tables are temporary tables of the same names, which PostgreSQL resolves before the
 * live ones for unqualified names, so the projections' own `apply` writes into them unchanged; the
 * live tables and checkpoints are read in the same snapshot (a checkpoint moves in the same
 * transaction as its rows) and are never written or locked, so the leaders keep applying.
 */
export async function verifyReadModels(
  pool: Pool,
  store: EventStore,
  options: { projections?: readonly Projection[]; maxDifferences?: number } = {},
): Promise<ReadModelCheck[]> {
  const projections = options.projections ?? ALL_PROJECTIONS;
  const maxDifferences = options.maxDifferences ?? 100;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    // The first statement takes the snapshot every later read of the live side sees.
    const { rows } = await client.query<{ schema: string; name: string; position: string }>(
      `SELECT current_schema() AS schema, p.name, coalesce(c.position, 0) AS position
       FROM unnest($1::text[]) AS p(name) LEFT JOIN projection_checkpoints c USING (name)`,
      [projections.map((p) => p.name)],
    );
    const live = quote(rows[0]?.schema ?? 'public');
    const checks: ReadModelCheck[] = [];
    for (const projection of projections) {
      const position = Number(rows.find((r) => r.name === projection.name)?.position ?? 0);
      for (const table of projection.tables)
        await client.query(
          `CREATE TEMP TABLE ${quote(table)} (LIKE ${live}.${quote(table)} INCLUDING ALL) ON COMMIT DROP`,
        );
      await replay(client, store, projection, position);
      const check: ReadModelCheck = { projection: projection.name, position, differences: [], differing: 0 };
      for (const table of projection.tables) {
        const { differences, differing } = await compareTable(client, live, table, maxDifferences);
        check.differences.push(...differences.map((d) => ({ projection: projection.name, ...d })));
        check.differing += differing;
      }
      checks.push(check);
    }
    return checks;
  } finally {
    // Nothing here is kept: the shadow tables go with the transaction, and the connection is
    // closed rather than pooled, so no later user of it could ever write into a shadow by name.
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
  }
}

/** The last check of one read model, as /health/read-models reports it (no row contents). */
export interface ReadModelCheckSummary {
  name: string;
  position: number;
  differing: number;
  /** The tables the differing rows are in. */
  tables: string[];
  checkedAt: string;
}

/** Keeps each projection's latest result, so every process reports it (one row per read model). */
export async function recordReadModelChecks(pool: Pool, checks: readonly ReadModelCheck[]): Promise<void> {
  await pool.query(
    `INSERT INTO read_model_checks (name, position, differing, tables, checked_at)
     SELECT c->>'name', (c->>'position')::bigint, (c->>'differing')::bigint,
       ARRAY(SELECT jsonb_array_elements_text(c->'tables')), now()
     FROM jsonb_array_elements($1::jsonb) AS c
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, differing = EXCLUDED.differing,
       tables = EXCLUDED.tables, checked_at = EXCLUDED.checked_at`,
    [
      JSON.stringify(
        checks.map((c) => ({
          name: c.projection,
          position: c.position,
          differing: c.differing,
          tables: [...new Set(c.differences.map((d) => d.table))],
        })),
      ),
    ],
  );
}

export async function readReadModelChecks(pool: Pool): Promise<ReadModelCheckSummary[]> {
  const { rows } = await pool.query<{
    name: string;
    position: string;
    differing: string;
    tables: string[];
    checked_at: Date;
  }>('SELECT name, position, differing, tables, checked_at FROM read_model_checks ORDER BY name');
  return rows.map((r) => ({
    name: r.name,
    position: Number(r.position),
    differing: Number(r.differing),
    tables: r.tables,
    checkedAt: r.checked_at.toISOString(),
  }));
}

/** Applies positions 1..`position` to the shadow tables, the way the runner applies them to the live ones. */
async function replay(client: PoolClient, store: EventStore, projection: Projection, position: number): Promise<void> {
  for (let from = 1; from <= position;) {
    if (projection.applyRange) {
      const to = Math.min(position, from + MAX_BATCH - 1);
      await projection.applyRange(client, from, to);
      from = to + 1;
      continue;
    }
    const page = await store.readAll({
      fromPosition: from,
      limit: MAX_BATCH,
      filter: {
        streamIdPrefix: projection.streamIdPrefix,
        types: projection.types ? [...projection.types] : undefined,
      },
    });
    const events = page.filter((e) => e.position <= position);
    if (events.length > 0) await projection.apply?.(client, events);
    if (page.length < MAX_BATCH || events.length < page.length) break;
    from = page[page.length - 1].position + 1;
  }
}

async function compareTable(
  client: PoolClient,
  live: string,
  table: string,
  maxDifferences: number,
): Promise<{ differences: Omit<ReadModelDifference, 'projection'>[]; differing: number }> {
  const name = `${live}.${quote(table)}`;
  const { rows: keyRows } = await client.query<{ column: string }>(
    `SELECT a.attname AS column FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [name],
  );
  const keys = keyRows.map((r) => r.column);
  if (keys.length === 0) throw new Error(`${table} has no primary key to compare its rows by`);
  const using = keys.map(quote).join(', ');
  // Compared as jsonb: equal values compare equal whatever their key order or text formatting.
  const { rows } = await client.query<{
    live: Record<string, unknown> | null;
    rebuilt: Record<string, unknown> | null;
    differing: string;
  }>(
    `SELECT to_jsonb(l) AS live, to_jsonb(r) AS rebuilt, count(*) OVER () AS differing
     FROM ${name} AS l FULL JOIN pg_temp.${quote(table)} AS r USING (${using})
     WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)
     ORDER BY ${using} LIMIT $1`,
    [maxDifferences],
  );
  const differences = rows.map((row) => {
    const either = (row.live ?? row.rebuilt) as Record<string, unknown>;
    const columns = Object.keys(either).filter((c) => !isDeepStrictEqual(row.live?.[c], row.rebuilt?.[c]));
    return {
      table,
      key: Object.fromEntries(keys.map((k) => [k, either[k]])),
      kind: row.live === null ? ('missing' as const) : row.rebuilt === null ? ('extra' as const) : ('changed' as const),
      columns,
      live: row.live,
      rebuilt: row.rebuilt,
    };
  });
  return { differences, differing: rows.length === 0 ? 0 : Number(rows[0].differing) };
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** One line per difference: which table, row and columns, with the live value and the log's. */
export function describeDifference(d: ReadModelDifference): string {
  const key = Object.entries(d.key)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  const columns =
    d.kind === 'changed'
      ? `: ${d.columns.map((c) => `${c} is ${JSON.stringify(d.live?.[c])}, the log says ${JSON.stringify(d.rebuilt?.[c])}`).join('; ')}`
      : d.kind === 'missing'
        ? ' (the log has it, the live table does not)'
        : ' (the live table has it, the log does not)';
  return `${d.projection}: ${d.table} [${key}] ${d.kind}${columns}`;
}
