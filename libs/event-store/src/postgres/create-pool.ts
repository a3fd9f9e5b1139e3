import { once } from 'node:events';
import { Pool, PoolClient, types } from 'pg';

// int8 as a JS number: positions and revisions stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  onIdleError?: (err: Error) => void;
  /** Server settings every connection starts with (sent at connection startup, before any query). */
  settings?: Record<string, string>;
}

/** Each pool's open connections, for endPool to wait on. */
const connections = new WeakMap<Pool, Set<PoolClient>>();

/**
 * A pool that survives its database going away: an idle client's error is reported instead of
 * crashing the process, connection attempts time out quickly so requests get a 503 rather than
 * hanging, and new connections are made as soon as the server is back.
 */
export function createPool(options: PoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'accord',
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    options:
      Object.entries(options.settings ?? {})
        .map(([name, value]) => `-c ${name}=${value}`)
        .join(' ') || undefined,
  });
  pool.on('error', (err) => options.onIdleError?.(err));
  // pg-pool listens for errors only on idle clients. A checked-out client whose server goes away
  // between two queries (mid-transaction, say) would otherwise emit an unhandled 'error' and take
  // the process down; with this listener the next query on it fails instead, as unavailable.
  const open = new Set<PoolClient>();
  pool.on('connect', (client) => {
    open.add(client);
    client.on('error', (err) => options.onIdleError?.(err));
  });
  pool.on('remove', (client) => open.delete(client));
  connections.set(pool, open);
  return pool;
}

/**
 * Ends a pool made by `createPool` and waits until each of its connections is closed. pg-pool's
 * own `end()` resolves once it has asked them to close; a database stopped right after (the
 * embedded one, at shutdown) then ended them itself, and each logged "connection lost". A
 * connection that does not close within `timeoutMs` is left to the server.
 */
export async function endPool(pool: Pool, timeoutMs = 5000): Promise<void> {
  await pool.end();
  const open = connections.get(pool);
  const signal = AbortSignal.timeout(timeoutMs);
  while (open && open.size > 0 && !signal.aborted) await once(pool, 'remove', { signal }).catch(() => undefined);
}
