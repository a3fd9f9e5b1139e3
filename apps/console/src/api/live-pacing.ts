/** The wait between a live event and the view's refetch after a quiet spell: one request for a command's events. */
export const FIRST_WAIT_MS = 300;
/** The longest wait, reached while events keep coming: how stale a view may be during a burst. */
export const LONGEST_WAIT_MS = 2_000;

/**
 * When a view following the live feed refetches. An event after a quiet spell is shown 300 ms
 * later; an event that comes within the last wait after a refetch doubles the wait (up to 2 s),
 * so a burst (a clerk recording a meeting's votes item after item) costs every open console one
 * request per 2 s rather than one per 300 ms, and each console's requests stay a small part of the
 * API's work however many are open. The wait goes back to 300 ms once a whole wait passes after a
 * refetch without an event.
 */
export class LivePacing {
  private wait = FIRST_WAIT_MS;
  private lastRefetchAt = Number.NEGATIVE_INFINITY;

  /** The wait before refetching for an event that arrives at `now` (ms) when no refetch is due. */
  waitFor(now: number): number {
    this.wait = now - this.lastRefetchAt < this.wait ? Math.min(2 * this.wait, LONGEST_WAIT_MS) : FIRST_WAIT_MS;
    return this.wait;
  }

  /** The view refetches at `now` (ms). */
  refetching(now: number): void {
    this.lastRefetchAt = now;
  }
}
