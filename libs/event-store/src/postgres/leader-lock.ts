import { createHash } from 'node:crypto';
import { Client, ClientConfig } from 'pg';
import { delay } from '@accord/platform';

export interface LeaderOptions {
  /** Stable name of the job, e.g. `projection:decision-register`; hashed to an advisory lock id. */
  name: string;
  /** How often a follower asks again whether the leader is gone (default 2 s). */
  retryMs?: number;
  signal: AbortSignal;
  onLog?: (message: string) => void;
}

/**
 * Runs `work` in exactly one process at a time across every process on the same database. The
 * leader holds a session-level advisory lock on its own connection; if the process dies or its
 * connection drops, PostgreSQL releases the lock and a follower takes over within `retryMs`.
 * `work` receives a signal that aborts when leadership is lost or the caller stops.
 */
export async function runAsLeader(
  config: ClientConfig,
  options: LeaderOptions,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const lockId = advisoryLockId(options.name);
  const retryMs = options.retryMs ?? 2000;
  const log = options.onLog ?? (() => undefined);
  while (!options.signal.aborted) {
    const client = new Client({ ...config, application_name: `accord:${options.name}` });
    const lost = new AbortController();
    const stopOnCaller = () => lost.abort();
    options.signal.addEventListener('abort', stopOnCaller, { once: true });
    client.on('error', () => lost.abort());
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [lockId]);
      if (rows[0].locked) {
        log(`${options.name}: leading`);
        // Notice a dropped lock connection even while `work` is busy elsewhere.
        const heartbeat = setInterval(() => client.query('SELECT 1').catch(() => lost.abort()), retryMs);
        try {
          await work(lost.signal);
        } finally {
          clearInterval(heartbeat);
        }
      }
    } catch (err) {
      log(`${options.name}: ${(err as Error).message}`);
    } finally {
      options.signal.removeEventListener('abort', stopOnCaller);
      await client.end().catch(() => undefined);
    }
    if (!options.signal.aborted) await delay(retryMs, options.signal);
  }
}

export function advisoryLockId(name: string): string {
  // 64-bit signed id from the name, as a string (pg takes bigint parameters as text).
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}
