import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { RunningPostgres, startEmbeddedPostgres } from '@accord/event-store';
import { ENGINES_ENV, TestEngine } from './engines';
import { detectKafka } from './kafka';
import { detectKeycloak } from './keycloak';
import { TEST_KEK } from './test-keys';

/**
 * Integration suites run against both engines Accord supports: the embedded PostgreSQL 18 the
 * app starts by default, and an external server (DATABASE_URL, else this machine's PostgreSQL on
 * 127.0.0.1:5432). Under CI a missing external server fails the run instead of being skipped.
 */
export default async function globalSetup(): Promise<void> {
  // Inherited by the suites and the processes they start (see TEST_KEK).
  process.env.ACCORD_KEK ??= TEST_KEK;
  // Child processes in the suites (the SIGKILL test, the app) run the built code.
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'scripts', 'build.mjs')], {
    stdio: 'inherit',
    env: { ...process.env, ACCORD_BUILD_QUIET: '1' },
  });

  const engines: TestEngine[] = [];
  const dataDir = join(tmpdir(), `accord-test-pg18-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  // EMBEDDED_PG_PORT: for a run confined to a range of ports (several runs on one machine).
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 55432);
  const embedded = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
  (globalThis as { __embedded?: RunningPostgres & { dataDir: string } }).__embedded = Object.assign(embedded, {
    dataDir,
  });
  engines.push({ name: `embedded PostgreSQL ${await serverVersion(embedded.url)}`, url: embedded.url });

  const externalUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  try {
    engines.push({ name: `external PostgreSQL ${await serverVersion(externalUrl)}`, url: externalUrl });
  } catch (err) {
    const message = `external PostgreSQL at ${redact(externalUrl)} is unreachable: ${(err as Error).message}`;
    if (process.env.CI === 'true')
      throw new Error(`${message} (CI=true: a missing service fails the run)`, { cause: err });
    process.stderr.write(`\n⚠ ${message}; running integration suites on the embedded engine only\n`);
  }
  process.env[ENGINES_ENV] = JSON.stringify(engines);
  process.stderr.write(`\nintegration engines: ${engines.map((e) => e.name).join(', ')}\n`);
  await detectKafka();
  await detectKeycloak();
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version.split(' ')[0];
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
