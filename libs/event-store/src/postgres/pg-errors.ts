import { StorageFullError, StorageUnavailableError } from '../event-store.errors';

const DISK_FULL = '53100';

// SQLSTATE classes and Node socket errors that mean "the database is not there right now" (or,
// disk full, cannot take writes right now), as opposed to a bug or a constraint: these become
// 503 with a retry hint, and background jobs retry them.
const UNAVAILABLE_SQLSTATES = new Set([
  DISK_FULL,
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
]);

const POOL_BUSY = /timeout exceeded when trying to connect/i;

export function isUnavailable(err: unknown): boolean {
  // Duck-typed, not `instanceof Error`: socket errors may come from another realm (e.g. a test VM).
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  return (
    typeof message === 'string' &&
    (POOL_BUSY.test(message) ||
      /Connection terminated|Client has encountered a connection error|connection is closed/i.test(message))
  );
}

/**
 * pg-pool found no connection free within its wait: the pool is busy, the database may be fine.
 * Seen through any wrapping error's `cause`.
 */
export function isPoolBusy(err: unknown): boolean {
  for (let e = err; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause)
    if (POOL_BUSY.test(String((e as { message?: unknown }).message))) return true;
  return false;
}

export function toStorageError(err: unknown): unknown {
  if (err instanceof StorageUnavailableError || !isUnavailable(err)) return err;
  return (err as { code?: unknown }).code === DISK_FULL ? new StorageFullError(err) : new StorageUnavailableError(err);
}
