/**
 * When to try again after a failed delivery: the Standard Webhooks example schedule (5 s, 5 min,
 * 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h after the first attempt fails), each delay spread by up
 * to ±10 % of jitter so receivers that failed together are not retried together. A Retry-After
 * from the receiver replaces the delay when it asks for longer (never shorter: a receiver cannot
 * hurry the schedule up). Past the last delay the endpoint is given up on.
 */
export const STANDARD_RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** Delay before attempt `failures + 1`, or undefined once the schedule is exhausted. */
export function nextDelayMs(
  schedule: readonly number[],
  failures: number,
  retryAfter: string | undefined,
  now: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[failures - 1];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (0.9 + 0.2 * random()));
  const asked = retryAfterMs(retryAfter, now);
  return asked === undefined ? jittered : Math.max(jittered, asked);
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), capped at a day. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, 24 * 3_600_000) : undefined;
}
