import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Principal } from '@accord/access';
import { AppError, delay } from '@accord/platform';
import { EVENT_STORE, EventStore, WrongExpectedRevisionError } from '@accord/event-store';
import { LedgerService } from '../ledger/ledger.service';

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
 * process killed between the two appends. It follows the log from position 1, as the closing-time
 * scheduler does, so it survives restarts: votes recorded on a decision's item and no
 * MeetingVotesCounted for that item after them are counted once they are `graceMs` old. The
 * count is nothing to do once the decision holds the votes, so this and the request (or two
 * processes running this) never count them twice.
 */
@Injectable()
export class MeetingVoteCounter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('meeting-votes');
  private readonly uncounted = new Map<string, Uncounted>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> | undefined;
  private ticking: Promise<void> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly ledger: LedgerService,
    @Inject('MEETING_VOTE_COUNT_GRACE_MS') private readonly graceMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.following = this.follow();
    this.timer = setInterval(() => void this.tick(), Math.max(50, this.graceMs / 4));
  }

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
          filter: { types: [RECORDED, COUNTED] },
          signal: this.stop.signal,
        })) {
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
          from = event.position + 1;
        }
      } catch (err) {
        this.logger.warn(`following the log failed (${(err as Error).message}); retrying in 2 s`);
        await delay(2000, this.stop.signal);
      }
    }
  }

  private tick(): Promise<void> {
    this.ticking ??= this.countDue().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async countDue(): Promise<void> {
    const due = Date.now() - this.graceMs;
    for (const [key, votes] of this.uncounted) {
      if (votes.seenAt > due || this.stop.signal.aborted) continue;
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
