import { Inject, Injectable } from '@nestjs/common';
import { AppError, ForbiddenError, NotFoundError, RuleViolationError } from '@accord/platform';
import {
  callInPeriodDueAt,
  closingTimeDueAt,
  RETENTION_EVENT_TYPES,
  RETENTION_RULE_ACTOR,
  type RetentionDue,
  SCHEDULER_ACTOR,
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
/** Its call-in period starts with the notice (when the notice names one). */
const NOTICE = 'DecisionNoticePublished';
// Events after which nothing is due at the end of a decision's call-in period.
const CALL_IN_OVER = ['CallInPeriodEnded', 'DecisionCalledIn', 'DecisionSuperseded', 'DecisionRescinded'];

interface Due {
  /** When to act: a closing time (closingTimeDueAt), or the end of a call-in period (callInPeriodDueAt). */
  dueAt: number;
  /** The event it is due from (the opening, the notice): the act's causation. */
  causationId: string;
}

/** What it keeps between runs (LogFollowingJob.remembered). */
interface Kept {
  open: [string, Due][];
  callIns: [string, Due & { callInUntil: string }][];
  retention: RetentionState;
}

type CallInDue = Kept['callIns'][number][1];

/**
 * Acts on closing times, on the ends of call-in periods (DESIGN §1 "Council procedure"), and on the retention rule's erasures (docs/personal-data.md). It follows
 * the log (LogFollowingJob: not a timer set when a decision opened or a member left), so it
 * survives restarts: what fell due while the process was down is done straight away. Both acts
 * are idempotent (a closing resolution by LedgerService.resolveAtClosingTime; the end of a call-in
 * period and an erasure by their command ids), so two processes (APIs or workers) running this side by side
 * append each once.
 */
@Injectable()
export class ClosingTimeScheduler extends LogFollowingJob {
  /** The open decisions with a closing time, by id, earliest due first: a tick looks only at those due. */
  private readonly open = new DueQueue<Due>();
  /** Approved decisions in their call-in period, by id, earliest end first. */
  private readonly callIns = new DueQueue<CallInDue>();
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
      eventTypes: [...new Set([OPENED, ...CLOSED, NOTICE, ...CALL_IN_OVER, ...RETENTION_EVENT_TYPES])],
      tickMs,
      // 3: call-in periods are kept beside open decisions; a state saved without them is dropped
      // and the log read again from position 1, so no period under way is missed.
      stateVersion: 3,
    });
  }

  protected remembered(): Kept {
    return { open: [...this.open], callIns: [...this.callIns], retention: this.retention };
  }

  protected recall(state: unknown): void {
    const kept = state as Kept;
    for (const [decisionId, due] of kept.open) this.open.set(decisionId, due);
    for (const [decisionId, due] of kept.callIns) this.callIns.set(decisionId, due);
    this.retention = kept.retention;
  }

  protected apply(event: StoredEvent): void {
    if ((RETENTION_EVENT_TYPES as readonly string[]).includes(event.type)) {
      this.retention = evolveRetention(this.retention, event as StoredEvent<Record<string, unknown>>);
      return;
    }
    const { decisionId, closesAt, callInUntil } = event.data as {
      decisionId: string;
      closesAt?: string;
      callInUntil?: string;
    };
    if (event.type === OPENED && closesAt)
      this.open.set(decisionId, { dueAt: closingTimeDueAt(closesAt, event.recordedAt), causationId: event.eventId });
    else if (CLOSED.includes(event.type)) this.open.delete(decisionId);
    if (event.type === NOTICE && callInUntil) {
      const dueAt = callInPeriodDueAt(callInUntil, event.recordedAt);
      this.callIns.set(decisionId, { dueAt, causationId: event.eventId, callInUntil });
    } else if (CALL_IN_OVER.includes(event.type)) this.callIns.delete(decisionId);
  }

  protected async actOnDue(): Promise<void> {
    await this.actOn(this.open, 'closing time', (decisionId, due) =>
      this.ledger.resolveAtClosingTime(decisionId, due.causationId),
    );
    await this.actOn(this.callIns, 'call-in period end', (decisionId, due) => this.endCallInPeriod(decisionId, due));
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

  /**
   * The due items of one queue, earliest first, each acted on once: a refusal would be refused
   * again (another process did it first, or the decision moved on), so the item is dropped; a lost
   * race or the database away is tried next tick.
   */
  private async actOn<T extends Due>(
    queue: DueQueue<T>,
    what: string,
    act: (decisionId: string, due: T) => Promise<{ events: { type: string }[] } | null>,
  ): Promise<void> {
    for (const [decisionId, due] of queue.due(Date.now())) {
      if (this.stopping) return;
      // Settled by an event followed while an earlier act was awaited: nothing left to do.
      if (queue.get(decisionId) !== due) continue;
      try {
        const result = await act(decisionId, due);
        if (result)
          this.logger.log(`decision ${decisionId}: ${result.events.map((e) => e.type).join(', ')} at its ${what}`);
        queue.delete(decisionId);
      } catch (err) {
        if (isRefusal(err)) queue.delete(decisionId);
        if (!(err instanceof WrongExpectedRevisionError))
          this.logger.warn(`decision ${decisionId} at its ${what}: ${(err as Error).message}`);
      }
    }
  }

  /** CloseCallInPeriod as the scheduler, through the one write path; its command id makes it once. */
  private endCallInPeriod(decisionId: string, due: CallInDue): Promise<{ events: { type: string }[] }> {
    return this.ledger.execute(
      { kind: 'decision', id: decisionId, command: { type: 'CloseCallInPeriod', decisionId } },
      {
        actor: { ...SCHEDULER_ACTOR, roles: [] },
        commandId: `call-in-end:${decisionId}:${due.callInUntil}`,
        commandHash: 'call-in-end',
        correlationId: `call-in:${decisionId}`,
        now: new Date().toISOString(),
      },
      { decisionId },
    );
  }
}

function isRefusal(err: unknown): boolean {
  return err instanceof RuleViolationError || err instanceof ForbiddenError || err instanceof NotFoundError;
}
