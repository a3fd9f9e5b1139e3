/**
 * A process that dies between the two steps of an erasure, for the SIGKILL test: it destroys the
 * person's data key exactly as PersonalDataEraser does, says so, and waits to be killed before it
 * could append PersonalDataErased. Usage: node erasure-crash.js DATABASE_URL ERASURE_JSON
 * (the key-encryption key from ACCORD_KEK).
 */
import { createPool, localKeyEncryptionKey, PostgresDataKeys } from '@accord/event-store';
import { destroyDataKey, ErasureInFlight } from '@accord/server';

async function main(): Promise<void> {
  const pool = createPool({ connectionString: process.argv[2], max: 1 });
  const keys = new PostgresDataKeys(pool, localKeyEncryptionKey(Buffer.from(process.env.ACCORD_KEK ?? '', 'base64')));
  await destroyDataKey(keys, JSON.parse(process.argv[3]) as ErasureInFlight);
  process.stdout.write('destroyed\n');
  setInterval(() => undefined, 60_000);
}

void main();
