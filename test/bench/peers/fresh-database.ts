import { Client } from 'pg';

/** An empty database of its own on the benchmark's server; `drop()` removes it. */
export interface FreshDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

let created = 0;

export async function createFreshDatabase(serverUrl: string, label: string): Promise<FreshDatabase> {
  const name = `accord_bench_${label.replace(/[^a-z0-9]/g, '_')}_${process.pid}_${Date.now()}_${created++}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * Flushes dirty pages so every contender starts its measured phase right after a checkpoint (the
 * first write to each page after one is logged in full). Needs a superuser or pg_checkpoint; skipped quietly otherwise.
 */
export async function checkpoint(url: string): Promise<void> {
  await adminQuery(url, 'CHECKPOINT').catch(() => undefined);
}

/** Sets hint bits and the visibility map after a bulk load, so the first reader does not pay for it. */
export async function vacuumAnalyze(url: string): Promise<void> {
  await adminQuery(url, 'VACUUM ANALYZE');
}
