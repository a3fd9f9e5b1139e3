/**
 * What the HTTP benchmarks that build their own data start from: the API as `npm start` runs it
 * (startApiProcess), its per-caller rate limits set so high they never refuse (the limiter still
 * runs on every request, as in production), a CLI client on it, and the run's conditions.
 */
import { AccordClient } from '../../apps/cli/src/client/accord-client';
import { ApiProcess, startApiProcess } from './api-process';
import { Conditions, readConditions } from './bench-kit';

const UNLIMITED = String(100_000_000);

/** Started with `env` on top (and `options.nodeArgs` for node, e.g. a profiler); stopped again if a later step fails. */
export async function startUnlimitedApi(
  env: Record<string, string> = {},
  options: { nodeArgs?: string[] } = {},
): Promise<{ api: ApiProcess; client: AccordClient; conditions: Conditions }> {
  const api = await startApiProcess(
    {
      LOG_LEVEL: 'warn',
      RATE_LIMIT_WRITES_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_READS_PER_MINUTE: UNLIMITED,
      RATE_LIMIT_PUBLIC_READS_PER_MINUTE: UNLIMITED,
      ...env,
    },
    options,
  );
  try {
    const client = new AccordClient({ baseUrl: api.baseUrl, dataDir: api.dataDir, maxRetries: 3 });
    return { api, client, conditions: await readConditions(api.databaseUrl()) };
  } catch (err) {
    await api.stop();
    throw err;
  }
}
