import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppError, delay } from '@accord/platform';
import {
  RETENTION_EVENT_TYPES,
  RETENTION_RULE_ACTOR,
  type RetentionDue,
  type RetentionState,
  dueRetentionErasures,
  evolveRetention,
  initialRetentionState,
} from '@accord/domain';
import { EVENT_STORE, EventStore, StoredEvent, WrongExpectedRevisionError } from '@accord/event-store';
import { LedgerService } from '../ledger/ledger.service';
import { PersonalDataEraser } from '../ledger/personal-data-eraser';

const OPENED = 'DecisionOpened';
// Events after which a decision is no longer open, so nothing is due at its closing time.
const CLOSED = ['DecisionApproved', 'DecisionRejected', 'DecisionLapsed', 'DecisionWithdrawn', 'DecisionSuperseded'];

interface Due {
  closesAt: number;
  openedEventId: string;
}

/**
 * Acts on closing times, and on the retention rule's erasures (docs/personal-data.md). It follows
 * the log (not a timer set when a decision opened or a member left), so it survives restarts: at
 * start it reads every event that sets or settles a due time from position 1, and what fell due
 * while the process was down is done straight away. Both acts are idempotent (a closing
 * resolution by LedgerService.resolveAtClosingTime; an erasure by its command id, one per
 * leaving), so two processes (APIs or workers) running this side by side append each once.
 */
@Injectable()
export class ClosingTimeScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('closing-time');
  private readonly open = new Map<string, Due>();
  private retention: RetentionState = initialRetentionState;
  /** Leavings whose erasure this process made or found refused, by BoardMemberStoodDown id. */
  private readonly settled = new Set<string>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  /** The tick under way, if any: shutdown waits for it, so no resolution is cut off mid-append. */
  private ticking: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerService,
    private readonly eraser: PersonalDataEraser,
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
          filter: { types: [OPENED, ...CLOSED, ...RETENTION_EVENT_TYPES] },
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

  private apply(event: StoredEvent): void {
    if ((RETENTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
      this.retention = evolveRetention(this.retention, event as StoredEvent<Record<string, unknown>>);
      return;
    }
    const { decisionId, closesAt } = event.data as { decisionId: string; closesAt?: string };
    if (event.type === OPENED && closesAt)
      this.open.set(decisionId, { closesAt: Date.parse(closesAt), openedEventId: event.eventId });
    else this.open.delete(decisionId);
  }

  private tick(): Promise<void> {
    this.ticking ??= this.resolveDue().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async resolveDue(): Promise<void> {
    await this.closeDue();
    await this.eraseDue();
  }

  private async eraseDue(): Promise<void> {
    for (const due of dueRetentionErasures(this.retention, new Date().toISOString())) {
      if (this.settled.has(due.leftEventId) || this.stop.signal.aborted) continue;
      try {
        await this.erase(due);
        this.settled.add(due.leftEventId);
        this.logger.log(`erased ${due.personId}'s personal data under ${due.partnershipId}'s retention rule`);
      } catch (err) {
        // A refusal destroyed nothing and would be refused again; anything else is tried next tick.
        if (err instanceof AppError) this.settled.add(due.leftEventId);
        this.logger.warn(`retention erasure of ${due.personId}: ${(err as Error).message}`);
      }
    }
  }

  /** The org-admin's erasure, made by the rule: the same key destruction, event and crash recovery. */
  private erase(due: RetentionDue): Promise<unknown> {
    const { personId, organisationId, leftEventId } = due;
    return this.eraser.erase(
      {
        kind: 'organisation',
        id: organisationId,
        command: {
          type: 'ErasePersonalData',
          organisationId,
          personId,
          reason: 'retention-rule',
          lawfulBasis: 'no-longer-necessary',
        },
      },
      {
        actor: { ...RETENTION_RULE_ACTOR, roles: [] },
        commandId: `retention:${leftEventId}`,
        correlationId: `retention:${personId}`,
        now: new Date().toISOString(),
      },
      { personId },
    );
  }

  private async closeDue(): Promise<void> {
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
