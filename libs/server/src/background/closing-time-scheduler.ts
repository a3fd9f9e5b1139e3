import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@accord/platform';
import {
  closingTimeDueAt,
  RETENTION_EVENT_TYPES,
  RETENTION_RULE_ACTOR,
  type RetentionDue,
  type RetentionState,
  dueRetentionErasures,
  evolveRetention,
  initialRetentionState,
} from '@accord/domain';
import { StoredEvent, WrongExpectedRevisionError } from '@accord/event-store';
import { LedgerService } from '../ledger/ledger.service';
import { PersonalDataEraser } from '../ledger/personal-data-eraser';
import { Storage } from '../storage/storage';
import { DueQueue } from './due-queue';
import { LogFollowingJob } from './log-following-job';

const OPENED = 'DecisionOpened';
// Events after which a decision is no longer open, so nothing is due at its closing time.
const CLOSED = ['DecisionApproved', 'DecisionRejected', 'DecisionLapsed', 'DecisionWithdrawn', 'DecisionSuperseded'];

interface Due {
  /** When to resolve it (closingTimeDueAt): its closing time, or later for one entered after it. */
  dueAt: number;
  openedEventId: string;
}

/** What it keeps between runs (LogFollowingJob.remembered). */
interface Kept {
  open: [string, Due][];
  retention: RetentionState;
}

/**
 * Acts on closing times, and on the retention rule's erasures (docs/personal-data.md). It follows
 * the log (LogFollowingJob: not a timer set when a decision opened or a member left), so it
 * survives restarts: what fell due while the process was down is done straight away. Both acts
 * are idempotent (a closing resolution by LedgerService.resolveAtClosingTime; an erasure by its
 * command id, one per leaving), so two processes (APIs or workers) running this side by side
 * append each once.
 */
@Injectable()
export class ClosingTimeScheduler extends LogFollowingJob {
  /** The open decisions with a closing time, by id, earliest due first: a tick looks only at those due. */
  private readonly open = new DueQueue<Due>();
  private retention: RetentionState = initialRetentionState;
  /** Leavings whose erasure this process made or found refused, by BoardMemberStoodDown id. */
  private readonly settled = new Set<string>();

  constructor(
    @Inject(Storage) storage: Storage,
    private readonly ledger: LedgerService,
    private readonly eraser: PersonalDataEraser,
    @Inject('CLOSING_TIME_TICK_MS') tickMs: number,
  ) {
    super(storage, {
      name: 'closing-time',
      eventTypes: [OPENED, ...CLOSED, ...RETENTION_EVENT_TYPES],
      tickMs,
      // 2: each open decision is kept with its dueAt (closingTimeDueAt); a state kept as its
      // closesAt would be misread, so it is dropped and the log read again from position 1.
      stateVersion: 2,
    });
  }

  protected remembered(): Kept {
    return { open: [...this.open], retention: this.retention };
  }

  protected recall(state: unknown): void {
    const kept = state as Kept;
    for (const [decisionId, due] of kept.open) this.open.set(decisionId, due);
    this.retention = kept.retention;
  }

  protected apply(event: StoredEvent): void {
    if ((RETENTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
      this.retention = evolveRetention(this.retention, event as StoredEvent<Record<string, unknown>>);
      return;
    }
    const { decisionId, closesAt } = event.data as { decisionId: string; closesAt?: string };
    if (event.type === OPENED && closesAt)
      this.open.set(decisionId, { dueAt: closingTimeDueAt(closesAt, event.recordedAt), openedEventId: event.eventId });
    else this.open.delete(decisionId);
  }

  protected async actOnDue(): Promise<void> {
    await this.closeDue();
    await this.eraseDue();
  }

  private async eraseDue(): Promise<void> {
    for (const due of dueRetentionErasures(this.retention, new Date().toISOString())) {
      if (this.settled.has(due.leftEventId) || this.stopping) continue;
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
    for (const [decisionId, due] of this.open.due(Date.now())) {
      if (this.stopping) return;
      // Closed by an event followed while an earlier act was awaited: nothing left to resolve.
      if (this.open.get(decisionId) !== due) continue;
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
