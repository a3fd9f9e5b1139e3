/** Exponential backoff with full jitter (AWS architecture blog), capped. attempt counts from 1. */
export function backoffMs(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  // Never below half the ceiling: a burst of failures should still slow down.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
