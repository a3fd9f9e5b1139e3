/**
 * A witness submitter process for the crash test: asks the witnesses given as JSON until every
 * one has cosigned the latest checkpoint, printing one JSON line per answer it stored, then
 * `{"done":true}`. Usage: node witness-submitter-runner.js DATABASE_URL WITNESSES_JSON
 */
import { type RegisteredWitness, WitnessSubmitter } from '@accord/audit/postgres';
import { createPool } from '@accord/event-store';

async function main(): Promise<void> {
  const pool = createPool({ connectionString: process.argv[2], max: 4 });
  const witnesses = JSON.parse(process.argv[3] as string) as RegisteredWitness[];
  const submitter = new WitnessSubmitter(pool, { witnesses: async () => witnesses, firstBackoffMs: 0 });
  for (;;) {
    const results = await submitter.submitOnce();
    for (const r of results) if ('treeSize' in r) process.stdout.write(`${JSON.stringify(r)}\n`);
    if (results.every((r) => 'kind' in r && r.kind === 'up-to-date')) break;
  }
  process.stdout.write(`${JSON.stringify({ done: true })}\n`);
  await pool.end();
}

void main();
