import { Client, Pool } from 'pg';
import { createPool, migrate } from '@accord/event-store';

/** A throwaway database on the benchmark's server, dropped afterwards. */
export async function withBenchDatabase<T>(
  serverUrl: string,
  poolSize: number,
  run: (pool: Pool, url: string) => Promise<T>,
): Promise<T> {
  const name = `accord_bench_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), max: poolSize, applicationName: 'accord-bench' });
  try {
    await migrate(pool);
    return await run(pool, url.toString());
  } finally {
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

export function benchServerUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}
