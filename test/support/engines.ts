import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createPool, migrate } from '@accord/event-store';
import { APP_MIGRATIONS } from '@accord/server';

/** A PostgreSQL server the integration suites run against (set up by global-setup.ts). */
export interface TestEngine {
  name: string;
  /** A URL on that server with rights to create databases. */
  url: string;
}

export const ENGINES_ENV = 'ACCORD_TEST_ENGINES';

export function testEngines(): TestEngine[] {
  const raw = process.env[ENGINES_ENV];
  if (!raw)
    throw new Error(
      `${ENGINES_ENV} is not set: run integration suites through jest (global-setup.ts starts the engines)`,
    );
  return JSON.parse(raw) as TestEngine[];
}

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh, migrated database per suite, so suites never see each other's events. */
export async function createTestDatabase(engine: TestEngine, poolSize = 10): Promise<TestDatabase> {
  const name = `accord_t_${randomBytes(5).toString('hex')}`;
  await adminQuery(engine.url, `CREATE DATABASE ${name}`);
  const url = withDatabase(engine.url, name);
  const pool = createPool({ connectionString: url, max: poolSize, applicationName: 'accord-test' });
  await migrate(pool, APP_MIGRATIONS);
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await adminQuery(engine.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
