/**
 * Histories entered after the fact (DESIGN §5 "Two clocks"): what happened in 2026 is recorded on
 * one December morning, each act saying when it happened. Test-only: not exported from index.ts.
 */

/** When the past acts are entered. */
export const DECEMBER = '2026-12-07T09:12:00Z';

/**
 * A founding as the log gives it back once entered later: `history`'s first event (an
 * organisation's registration, a partnership's proposal) dated when it happened, what follows it
 * as recorded.
 */
export function foundedOn<E extends object>(
  history: readonly E[],
  occurredAt: string,
): (E & { occurredAt?: string })[] {
  const [founding, ...rest] = history;
  return [{ ...founding, occurredAt }, ...rest];
}
