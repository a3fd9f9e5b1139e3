import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { delay } from '@accord/platform';
import type { StoredEvent } from '@accord/event-store';
import { readJobState, saveJobState } from '@accord/projections';
import { Storage } from '../storage/storage';
import { RetryNotices } from './retry-notices';

/** Who a job is and what it follows. */
export interface LogFollowing {
  /** The job's name: its logger's context and its row in job_states. */
  name: string;
  eventTypes: readonly string[];
  tickMs: number;
  /**
   * The shape of what `remembered` returns. Change it with the shape: a start that finds a state
   * saved in another shape reads the log from position 1 instead.
   */
  stateVersion: number;
}

/**
 * A background job that keeps its state from the log (not from timers set when something
 * happened), so it survives restarts: it follows the events of `eventTypes` and hands each to
 * `apply`, and every tick it calls `actOnDue` to do what has fallen due, so what fell due while the
 * process was down is done at the first tick. Ticks never overlap, and shutdown waits for the one
 * under way, so no act is cut off mid-append.
 *
 * What it keeps is saved with the position it has read up to (job_states, one row, one statement)
 * after each tick that followed new events, and at shutdown; a start restores it and reads on from
 * there rather than from position 1. A crash loses no event: those after the saved position are
 * read again. It repeats no harm: the state only ever holds what was due at its position, minus
 * what was done, and every act is idempotent, so an act done after the last save is merely found
 * done again. A subclass says which events it reads, what it keeps of them (and how that is saved
 * and restored) and what it does when something falls due.
 */
export abstract class LogFollowingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected readonly logger: Logger;
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  private ticking: Promise<void> | undefined;
  /** The position of the last followed event applied; 0 before the saved state is restored. */
  private position = 0;
  private savedPosition = 0;

  protected constructor(
    private readonly storage: Storage,
    private readonly job: LogFollowing,
  ) {
    this.logger = new Logger(job.name);
  }

  /** Keeps what this job needs of one followed event. */
  protected abstract apply(event: StoredEvent): void;

  /** Does what has fallen due; it stops early when `stopping` turns true. */
  protected abstract actOnDue(): Promise<void>;

  /** What this job keeps, as plain JSON values: saved with the position it holds for. */
  protected abstract remembered(): unknown;

  /** Takes back what `remembered` returned (before any event is applied). */
  protected abstract recall(state: unknown): void;

  /** True once shutdown began: an act not yet started is left to the next process. */
  protected get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  onApplicationBootstrap(): void {
    this.following = this.follow();
    this.timer = setInterval(() => void this.tick(), this.job.tickMs);
  }

  // Before the storage closes (onApplicationShutdown), so no query meets a closed pool.
  async beforeApplicationShutdown(): Promise<void> {
    this.stop.abort();
    clearInterval(this.timer);
    await Promise.all([this.following, this.ticking]);
    await this.save();
  }

  private async follow(): Promise<void> {
    let restored = false;
    const notices = new RetryNotices();
    while (!this.stop.signal.aborted) {
      try {
        if (!restored) {
          await this.restore();
          restored = true;
          notices.succeeded();
        }
        for await (const event of this.storage.store.subscribeAll({
          fromPosition: this.position + 1,
          filter: { types: [...this.job.eventTypes] },
          signal: this.stop.signal,
        })) {
          this.apply(event);
          this.position = event.position;
          notices.succeeded();
        }
      } catch (err) {
        this.logger[notices.levelFor(err)](`following the log failed (${(err as Error).message}); retrying in 2 s`);
        await delay(2000, this.stop.signal);
      }
    }
  }

  private async restore(): Promise<void> {
    const saved = await readJobState(this.storage.pool, this.job.name, this.job.stateVersion);
    if (saved === null) return;
    this.recall(saved.state);
    this.position = this.savedPosition = saved.position;
    this.logger.log(`reading the log on from position ${saved.position + 1}, with what it kept up to there`);
  }

  private tick(): Promise<void> {
    this.ticking ??= this.actOnDue()
      .then(() => this.save())
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  /** State and position taken at one instant (no event is applied in between), then saved together. */
  private async save(): Promise<void> {
    const position = this.position;
    if (position === this.savedPosition) return;
    try {
      await saveJobState(
        this.storage.pool,
        this.job.name,
        this.job.stateVersion,
        position,
        JSON.stringify(this.remembered()),
      );
      this.savedPosition = position;
    } catch (err) {
      // Nothing is lost: the next save, or the next start reading from the last one, catches up.
      this.logger.warn(`saving what it kept failed (${(err as Error).message})`);
    }
  }
}
