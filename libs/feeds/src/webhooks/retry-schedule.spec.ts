import { nextDelayMs, retryAfterMs, STANDARD_RETRY_SCHEDULE_MS } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('follows the Standard Webhooks example schedule, then gives up', () => {
    const mid = () => 0.5;
    expect(
      STANDARD_RETRY_SCHEDULE_MS.map((_, i) => nextDelayMs(STANDARD_RETRY_SCHEDULE_MS, i + 1, undefined, 0, mid)),
    ).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400].map((s) => s * 1000));
    expect(nextDelayMs(STANDARD_RETRY_SCHEDULE_MS, 10, undefined, 0, mid)).toBeUndefined();
  });

  it('spreads each delay by at most ±10 %', () => {
    expect(nextDelayMs([1000], 1, undefined, 0, () => 0)).toBe(900);
    expect(nextDelayMs([1000], 1, undefined, 0, () => 0.999999)).toBe(1100);
  });

  it('honours a longer Retry-After, in seconds or as a date, but never a shorter one', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(nextDelayMs([1000], 1, '120', now, () => 0.5)).toBe(120_000);
    expect(nextDelayMs([1000], 1, 'Sun, 06 Dec 2026 12:10:00 GMT', now, () => 0.5)).toBe(600_000);
    expect(nextDelayMs([60_000], 1, '1', now, () => 0.5)).toBe(60_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs('999999999', now)).toBe(86_400_000);
  });
});
