import { parseArgs } from 'node:util';
import { loadConfig } from '@accord/server';
import { AccordClient, AccordRequestError, SigningKeyError } from '../client/accord-client';
import { Callers } from '../demo/callers';
import { Ledger } from '../demo/ledger';
import { DEMO_WITNESS_PORT, startDemoWitnesses } from '../demo/demo-witnesses';
import { playScenario } from '../demo/runner';
import { PLATFORM_ADMIN } from '../demo/scenario/cast';
import { LAMBETH_HOMES } from '../demo/scenario/lambeth-homes';
import { summarise } from '../demo/summary';
import { ScenarioError, UnexpectedOutcome } from '../demo/errors';

export const DEMO_USAGE = `accord demo [--url URL] [--lapse-timeout SECONDS] [--witnesses [--witness-port PORT]]

Fills a running Accord instance with a realistic partnership: the London Borough of Lambeth and two
housing associations, their people and delegated authorities, the Lambeth Homes Partnership with
its terms of reference, board, objectives and risk register, and a year of board business (39
decisions with votes, sign-offs, interests, dispensations and outcomes; one rescinded, some
rejected, withdrawn, superseded, lapsed at their closing time or still open). From terms v2 it
follows council procedure: a forward plan, a general exception, a decision notice called in by
scrutiny, referred back and confirmed by the board, and a public register anyone reads. A land
value is held exempt until it is declassified, and a former board member's personal data erased.

  --url URL              the API (default: ACCORD_URL, else http://127.0.0.1:3000)
  --lapse-timeout SECS   how long to wait for the server to lapse the urgent decision (default 20)
  --witnesses            also start one witness per party (accord witness, ports 3101-3103, data in
                         DATA_DIR/witnesses/<party>; they keep running), register each by its
                         party's org-admin, and wait until the latest checkpoint is cosigned by all
  --witness-port PORT    the first of the three witnesses' ports (default 3101)

Tokens are minted with the local key in ACCORD_DATA_DIR (./data by default): the server's own.
Every command carries an Idempotency-Key, so running it again against the same instance adds
nothing and still succeeds. Exits 1 with the failing request and its problem code if the API
refuses something it should have accepted.`;

export async function demoCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      'lapse-timeout': { type: 'string', default: '20' },
      witnesses: { type: 'boolean' },
      'witness-port': { type: 'string', default: String(DEMO_WITNESS_PORT) },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return 0;
  }
  const lapseTimeout = Number(values['lapse-timeout']);
  if (!Number.isFinite(lapseTimeout) || lapseTimeout <= 0) {
    process.stderr.write('accord demo: --lapse-timeout needs a positive number of seconds\n');
    return 2;
  }
  const witnessPort = Number(values['witness-port']);
  if (!Number.isInteger(witnessPort) || witnessPort < 1 || witnessPort > 65533) {
    process.stderr.write(
      'accord demo: --witness-port needs a port from 1 to 65533 (the witnesses take it and the next two)\n',
    );
    return 2;
  }
  const baseUrl = (values.url ?? process.env.ACCORD_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  const config = loadConfig(process.env);
  if (config.auth.jwksUrl) {
    process.stderr.write(
      'accord demo: AUTH_JWKS_URL is set, so the API only accepts tokens from that issuer; the demo mints local tokens\n',
    );
    return 2;
  }
  const client = new AccordClient({
    baseUrl,
    dataDir: config.dataDir,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);

  try {
    await client.waitUntilReady(5_000);
  } catch (err) {
    process.stderr.write(
      `accord demo: no Accord API ready at ${baseUrl} (${(err as Error).message}). Start one with "npm start", or pass --url.\n`,
    );
    return 1;
  }
  try {
    await client.token(PLATFORM_ADMIN);
  } catch (err) {
    process.stderr.write(`accord demo: ${err instanceof SigningKeyError ? err.message : String(err)}\n`);
    return 1;
  }
  const scenario = LAMBETH_HOMES;
  out(`Filling ${baseUrl} with ${scenario.title} (tokens signed with the key in ${config.dataDir})`);
  const started = Date.now();
  try {
    const counts = await playScenario(client, scenario, { closingTimeoutSeconds: lapseTimeout, out });
    if (values.witnesses) {
      out('Witnesses: one per party, registered in the ledger by its org-admin');
      await startDemoWitnesses(client, config.dataDir, out, witnessPort);
    }
    const ledger = new Ledger(client, new Callers(scenario.people));
    const lines = await summarise(ledger, scenario, counts, {
      baseUrl,
      dataDir: config.dataDir,
      defaultDataDir: process.env.ACCORD_DATA_DIR === undefined || process.env.ACCORD_DATA_DIR === '',
      seconds: (Date.now() - started) / 1000,
    });
    for (const line of lines) out(line);
    return 0;
  } catch (err) {
    if (err instanceof AccordRequestError) {
      process.stderr.write(
        `\naccord demo: the API refused a step of the story:\n  ${err.message}\n  problem: ${JSON.stringify(err.problem)}\n`,
      );
      if (err.code.startsWith('token-')) {
        process.stderr.write(
          `  (tokens are signed with the key in ${config.dataDir}: set ACCORD_DATA_DIR to the server's data directory)\n`,
        );
      }
      return 1;
    }
    if (err instanceof UnexpectedOutcome || err instanceof ScenarioError) {
      process.stderr.write(`\naccord demo: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
