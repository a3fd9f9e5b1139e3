import { parseArgs } from 'node:util';
import {
  keyArgument,
  reportVerification,
  VERIFY_BUNDLE_EXIT_CODES,
  VERIFY_BUNDLE_HELP,
  VERIFY_BUNDLE_OPTIONS,
  verifyBundleFile,
} from '@accord/audit';
import { verifyStoredLog } from '@accord/audit/postgres';
import { createPool } from '@accord/event-store';
import { loadConfig } from '@accord/server';

export const VERIFY_USAGE = `accord verify BUNDLE [--since CHECKPOINT_FILE] [--key VKEY] [--policy FILE] [--json]
accord verify --database [--key VKEY] [--json]

${VERIFY_BUNDLE_HELP}
  --database    check the stored log at DATABASE_URL instead (operators), as GET /v1/audit/verify
                does: the whole log as a bundle, then every row's columns against its hashed
                bytes (column-mismatch) and every stored Merkle node (bad-node)
${VERIFY_BUNDLE_EXIT_CODES}; with
--database also column-mismatch, bad-node); 2 on a usage error.`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...VERIFY_BUNDLE_OPTIONS, database: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${VERIFY_USAGE}\n`);
    return 0;
  }
  if (values.database && positionals.length === 0 && values.since === undefined && values.policy === undefined)
    return verifyDatabase(values.key, values.json === true);
  if (positionals.length !== 1 || values.database) {
    process.stderr.write(`accord verify: name one bundle file\n\n${VERIFY_USAGE}\n`);
    return 2;
  }
  return verifyBundleFile(positionals[0] as string, values, 'accord verify');
}

async function verifyDatabase(keyArg: string | undefined, json: boolean): Promise<number> {
  const config = loadConfig(process.env);
  if (!config.databaseUrl) {
    process.stderr.write('accord verify: --database needs DATABASE_URL\n');
    return 2;
  }
  let trustedVkey: string | undefined;
  try {
    trustedVkey = keyArg === undefined ? undefined : await keyArgument(keyArg);
  } catch (err) {
    process.stderr.write(`accord verify: ${(err as Error).message}\n`);
    return 2;
  }
  const pool = createPool({ connectionString: config.databaseUrl, max: 2, applicationName: 'accord-verify' });
  const started = Date.now();
  try {
    const result = await verifyStoredLog(pool, trustedVkey);
    return reportVerification(
      result,
      (Date.now() - started) / 1000,
      trustedVkey ? 'the key you gave' : undefined,
      json,
    );
  } catch (err) {
    process.stderr.write(`accord verify: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}
