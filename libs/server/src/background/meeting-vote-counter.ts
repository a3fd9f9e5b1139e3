import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@accord/access';
import { AppError } from '@accord/platform';
import { StoredEvent, WrongExpectedRevisionError } from '@accord/event-store';
import { LedgerService } from '../ledger/ledger.service';
import { Storage } from '../storage/storage';
import { LogFollowingJob } from './log-following-job';

const RECORDED = 'VoteRecorded';
const COUNTED = 'MeetingVotesCounted';

interface Uncounted {
  meetingId: string;
  itemId: string;
  decisionId: string;
  occurredAt: string;
  /** The clerk who recorded the votes: the count is theirs, as when the request sends it. */
  clerk: Principal;
  correlationId: string;
  /** When this process saw the votes: the request that recorded them counts them moments later. */
  seenAt: number;
}

/**
 * Counts votes a clerk recorded at a meeting that the decision has not counted: the request
 * recording them sends the count itself (LedgerService), so what is left here are the votes of a
 * process killed between the two appends. It follows the log (LogFollowingJob), so it survives
 * restarts: votes recorded on a decision's item and no MeetingVotesCounted for that item after
 * them are counted once they are `graceMs` old. The count is nothing to do once the decision holds
 * the votes, so this and the request (or two processes running this) never count them twice.
 */
@Injectable()
export class MeetingVoteCounter extends LogFollowingJob {
  private readonly uncounted = new Map<string, Uncounted>();

  constructor(
    @Inject(Storage) storage: Storage,
    private readonly ledger: LedgerService,
    @Inject('MEETING_VOTE_COUNT_GRACE_MS') private readonly graceMs: number,
  ) {
    super(storage, {
      name: 'meeting-votes',
      eventTypes: [RECORDED, COUNTED],
      tickMs: Math.max(50, graceMs / 4),
      stateVersion: 1,
    });
  }

  protected remembered(): [string, Uncounted][] {
    return [...this.uncounted];
  }

  protected recall(state: unknown): void {
    for (const [key, votes] of state as [string, Uncounted][]) this.uncounted.set(key, votes);
  }

  protected apply(event: StoredEvent): void {
    const d = event.data as { meetingId: string; itemId: string; decisionId?: string; occurredAt?: string };
    const key = `${d.meetingId}/${d.itemId}`;
    if (event.type === COUNTED) this.uncounted.delete(key);
    else if (d.decisionId !== undefined)
      this.uncounted.set(key, {
        meetingId: d.meetingId,
        itemId: d.itemId,
        decisionId: d.decisionId,
        occurredAt: d.occurredAt ?? event.recordedAt,
        clerk: event.metadata.actor as Principal,
        correlationId: event.metadata.correlationId ?? `meeting-votes:${key}`,
        seenAt: Date.now(),
      });
  }

  protected async actOnDue(): Promise<void> {
    const due = Date.now() - this.graceMs;
    for (const [key, votes] of this.uncounted) {
      if (votes.seenAt > due || this.stopping) continue;
      try {
        const counted = await this.ledger.countVotesOf(
          votes.meetingId,
          votes.itemId,
          votes.decisionId,
          votes.occurredAt,
          {
            actor: votes.clerk,
            correlationId: votes.correlationId,
            now: new Date().toISOString(),
          },
        );
        if (counted)
          this.logger.log(`meeting ${votes.meetingId} item ${votes.itemId}: votes counted in ${votes.decisionId}`);
        if (this.uncounted.get(key) === votes) this.uncounted.delete(key);
      } catch (err) {
        if (err instanceof WrongExpectedRevisionError) continue;
        // A refusal (the decision closed meanwhile, the clerk removed) will not change by retrying.
        if (err instanceof AppError) {
          this.logger.error(`meeting ${votes.meetingId} item ${votes.itemId}: votes not counted (${err.code})`);
          if (this.uncounted.get(key) === votes) this.uncounted.delete(key);
        } else this.logger.warn(`meeting ${votes.meetingId} item ${votes.itemId}: ${(err as Error).message}`);
      }
    }
  }
}
