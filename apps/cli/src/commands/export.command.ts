import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createPool } from '@accord/event-store';
import { prepareBundleExport } from '@accord/audit/postgres';
import { loadConfig } from '@accord/server';
import { auditorGet } from '../client/auditor-request';

export const EXPORT_USAGE = `accord export [--partnership ID] [--since TREE_SIZE] [--out FILE] [--api URL] [--token TOKEN] [--database]

Writes an audit bundle (docs/audit-bundle.md) of the whole log, or of one partnership with
inclusion proofs, up to the latest signed checkpoint. To stdout unless --out is given (written to
FILE.partial, renamed when complete).
  By default it asks the API (GET /v1/audit/export at --api, ACCORD_URL or
  http://127.0.0.1:3000) with --token or ACCORD_TOKEN; with neither, it mints a short-lived
  auditor token with the embedded default's local key in ACCORD_DATA_DIR.
  --database reads PostgreSQL directly at DATABASE_URL instead (operators; no API needed).
  --since N adds a consistency proof from tree size N (a checkpoint you kept) to the bundle's.`;

export async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      partnership: { type: 'string' },
      since: { type: 'string' },
      out: { type: 'string', short: 'o' },
      api: { type: 'string' },
      token: { type: 'string' },
      database: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  const since = values.since === undefined ? undefined : Number(values.since);
  if (since !== undefined && (!Number.isSafeInteger(since) || since < 0)) {
    process.stderr.write('accord export: --since needs a tree size (a whole number)\n');
    return 2;
  }
  const source = values.database
    ? await fromDatabase(values.partnership, since)
    : await fromApi(values.api, values.token, values.partnership, since);
  if (typeof source === 'number') return source;

  const out = values.out;
  const target: Writable = out === undefined ? process.stdout : createWriteStream(`${out}.partial`, { mode: 0o600 });
  try {
    await pipeline(source.stream, target);
    if (out !== undefined) await rename(`${out}.partial`, out);
  } catch (err) {
    if (out !== undefined) await unlink(`${out}.partial`).catch(() => undefined);
    process.stderr.write(`accord export: the export stopped: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await source.close();
  }
  if (out !== undefined) process.stderr.write(`accord export: wrote ${out}\n`);
  return 0;
}

interface Source {
  stream: Readable;
  close(): Promise<void>;
}

async function fromDatabase(partnershipId: string | undefined, since: number | undefined): Promise<Source | number> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) {
    process.stderr.write('accord export: --database needs DATABASE_URL\n');
    return 2;
  }
  const pool = createPool({ connectionString: config.databaseUrl, max: 2, applicationName: 'accord-export' });
  try {
    const lines = await prepareBundleExport(pool, { partnershipId, since });
    return { stream: Readable.from(lines, { objectMode: false }), close: () => pool.end() };
  } catch (err) {
    await pool.end();
    process.stderr.write(`accord export: ${(err as Error).message}\n`);
    return 1;
  }
}

async function fromApi(
  api: string | undefined,
  token: string | undefined,
  partnershipId: string | undefined,
  since: number | undefined,
): Promise<Source | number> {
  const query = new URLSearchParams();
  if (partnershipId !== undefined) query.set('partnershipId', partnershipId);
  if (since !== undefined) query.set('since', String(since));
  const response = await auditorGet(
    'export',
    { api, token },
    `/v1/audit/export${query.size > 0 ? `?${query}` : ''}`,
    'application/x-ndjson',
  );
  if (typeof response === 'number') return response;
  return {
    stream: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
    close: async () => undefined,
  };
}
