import { FIRST_WAIT_MS, LivePacing, LONGEST_WAIT_MS } from './live-pacing';

/** Events at the given instants (ms), each refetch made when its wait ends: the instants of the refetches. */
function refetchesFor(events: number[]): number[] {
  const pacing = new LivePacing();
  const refetches: number[] = [];
  let due: number | undefined;
  for (const at of events) {
    if (due !== undefined && due <= at) {
      pacing.refetching(due);
      refetches.push(due);
      due = undefined;
    }
    due ??= at + pacing.waitFor(at);
  }
  if (due !== undefined) refetches.push(due);
  return refetches;
}

describe('LivePacing', () => {
  it('shows an event after a quiet spell 300 ms later, however long the view has been open', () => {
    expect(refetchesFor([1_000])).toEqual([1_000 + FIRST_WAIT_MS]);
    expect(refetchesFor([1_000, 10_000, 20_000])).toEqual([1_300, 10_300, 20_300]);
  });

  it('makes one refetch of the events that come within a wait', () => {
    expect(refetchesFor([1_000, 1_050, 1_200])).toEqual([1_300]);
  });

  it('refetches a burst of 40 s of events every 100 ms about every 2 s, not every 300 ms', () => {
    const burst = Array.from({ length: 400 }, (_, i) => 1_000 + 100 * i);
    const refetches = refetchesFor(burst);
    expect(refetches.length).toBeLessThanOrEqual(24);
    // Never staler than the longest wait (and the time to the next event).
    const gaps = refetches.slice(1).map((t, i) => t - refetches[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(LONGEST_WAIT_MS + 100);
    // The last events are shown too.
    expect(refetches[refetches.length - 1]).toBeGreaterThan(burst[burst.length - 1]);
  });

  it('goes back to 300 ms once a whole wait after a refetch passed without an event', () => {
    const burst = Array.from({ length: 100 }, (_, i) => 1_000 + 100 * i);
    const refetches = refetchesFor([...burst, 20_000]);
    expect(refetches[refetches.length - 1]).toBe(20_000 + FIRST_WAIT_MS);
  });
});
