import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { delay } from '@accord/platform';
import type { EventStore, StoredEvent } from '@accord/event-store';

/**
 * A background job that keeps its state from the log (not from timers set when something
 * happened), so it survives restarts: it follows the events of `eventTypes` from position 1 and
 * hands each to `apply`, and every tick it calls `actOnDue` to do what has fallen due, so what fell
 * due while the process was down is done at the first tick. Ticks never overlap, and shutdown
 * waits for the one under way, so no act is cut off mid-append. A subclass only says which events
 * it reads, what it keeps of them and what it does when something falls due.
 */
export abstract class LogFollowingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  private ticking: Promise<void> | undefined;

  protected constructor(
    private readonly store: EventStore,
    loggerContext: string,
    private readonly eventTypes: readonly string[],
    private readonly tickMs: number,
  ) {
    this.logger = new Logger(loggerContext);
  }

  /** Keeps what this job needs of one followed event. */
  protected abstract apply(event: StoredEvent): void;

  /** Does what has fallen due; it stops early when `stopping` turns true. */
  protected abstract actOnDue(): Promise<void>;

  /** True once shutdown began: an act not yet started is left to the next process. */
  protected get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  onApplicationBootstrap(): void {
    this.following = this.follow();
    this.timer = setInterval(() => void this.tick(), this.tickMs);
  }

  // Before the storage closes (onApplicationShutdown), so no query meets a closed pool.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    clearInterval(this.timer);
    await Promise.all([this.following, this.ticking]);
  }

  private async follow(): Promise<void> {
    let from = 1;
    while (!this.stop.signal.aborted) {
      try {
        for await (const event of this.store.subscribeAll({
          fromPosition: from,
          filter: { types: [...this.eventTypes] },
          signal: this.stop.signal,
        })) {
          this.apply(event);
          from = event.position + 1;
        }
      } catch (err) {
        this.logger.warn(`following the log failed (${(err as Error).message}); retrying in 2 s`);
        await delay(2000, this.stop.signal);
      }
    }
  }

  private tick(): Promise<void> {
    this.ticking ??= this.actOnDue().finally(() => (this.ticking = undefined));
    return this.ticking;
  }
}
