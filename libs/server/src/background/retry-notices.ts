import { isPoolBusy } from '@accord/event-store';

/**
 * How a background job that retries tells of a failure. A pool with no connection free within its
 * wait ("timeout exceeded when trying to connect", pg-pool's words) is busy, not broken: a dozen
 * jobs starting at once on a loaded machine meet it and it clears by itself, so it is logged
 * quietly until it has lasted `quietMs`, then warned of. Any other failure is warned of at once.
 */
export class RetryNotices {
  private busySince: number | undefined;

  constructor(
    private readonly quietMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  levelFor(err: unknown): 'log' | 'warn' {
    if (!isPoolBusy(err)) {
      this.busySince = undefined;
      return 'warn';
    }
    this.busySince ??= this.now();
    return this.now() - this.busySince < this.quietMs ? 'log' : 'warn';
  }

  /** The job got through: the next busy pool starts a quiet spell of its own. */
  succeeded(): void {
    this.busySince = undefined;
  }
}
