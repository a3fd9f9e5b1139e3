import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { delay } from '@accord/platform';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@accord/event-store';
import { LedgerService } from '../ledger/ledger.service';

const OPENED = 'DecisionOpened';
// Events after which a decision is no longer open, so nothing is due at its closing time.
const CLOSED = ['DecisionApproved', 'DecisionRejected', 'DecisionLapsed', 'DecisionWithdrawn', 'DecisionSuperseded'];

interface Due {
  closesAt: number;
  openedEventId: string;
}

/**
 * Acts on closing times. It follows the log (not a timer set when a decision opened), so it
 * survives restarts: at start it reads every DecisionOpened and closing event from position 1,
 * and a decision whose time passed while the process was down is resolved straight away. The
 * resolution itself is idempotent (LedgerService.resolveAtClosingTime), so two processes (APIs or
 * workers) running this side by side append it once.
 */
@Injectable()
export class ClosingTimeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('closing-time');
  private readonly open = new Map<string, Due>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  /** The tick under way, if any: shutdown waits for it, so no resolution is cut off mid-append. */
  private ticking: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerService,
    @Inject('CLOSING_TIME_TICK_MS') private readonly tickMs: number,
  ) {}

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
          filter: { types: [OPENED, ...CLOSED] },
          signal: this.stop.signal,
        })) {
          const { decisionId, closesAt } = event.data as { decisionId: string; closesAt?: string };
          if (event.type === OPENED && closesAt)
            this.open.set(decisionId, { closesAt: Date.parse(closesAt), openedEventId: event.eventId });
          else this.open.delete(decisionId);
          from = event.position + 1;
        }
      } catch (err) {
        this.logger.warn(`following the log failed (${(err as Error).message}); retrying in 2 s`);
        await delay(2000, this.stop.signal);
      }
    }
  }

  private tick(): Promise<void> {
    this.ticking ??= this.resolveDue().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async resolveDue(): Promise<void> {
    const now = Date.now();
    for (const [decisionId, due] of this.open) {
      if (due.closesAt > now || this.stop.signal.aborted) continue;
      try {
        const result = await this.ledger.resolveAtClosingTime(decisionId, due.openedEventId);
        if (result)
          this.logger.log(`decision ${decisionId}: ${result.events.map((e) => e.type).join(', ')} at its closing time`);
        this.open.delete(decisionId);
      } catch (err) {
        // A vote racing the close, or the database away: try again next tick.
        if (!(err instanceof WrongExpectedRevisionError))
          this.logger.warn(`decision ${decisionId}: ${(err as Error).message}`);
      }
    }
  }
}
