import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { PartnershipListItem, PartnershipTimeline, TimelineDelta } from '@accord/contracts';
import { ErrorCode } from '@accord/domain';
import {
  CurrentPartnerships,
  Names,
  PartnershipAsOf,
  readDecisionCounts,
  readPartnershipState,
  readVisiblePartnerships,
  replayPartnershipAsOf,
} from '@accord/projections';
import { BadInputError, NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { CurrentTimelines } from './current-timelines';
import { namesNeeded, PartnershipOverview, partnershipOverview } from './partnership-overview';
import { partnershipTimeline, peopleOfTimeline, TimelineDecisions } from './partnership-timeline';
import { ReadPositions } from './read-positions';
import { SharedReads } from './shared-reads';

const notFound = (id: string) => new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${id} not found`);

function mustSee(caller: Principal, partnershipId: string, replayed: PartnershipAsOf): void {
  const { status, parties } = replayed.partnership;
  if (status === 'none' || !maySee(caller, parties)) throw notFound(partnershipId);
}

/** Partnership overview, the list of visible partnerships, and a partnership as of a past instant. */
@Injectable()
export class PartnershipViews {
  private readonly current: CurrentPartnerships;
  private readonly timelines = new CurrentTimelines();
  private readonly timelineDecisions = new TimelineDecisions();
  private readonly currentReads = new SharedReads<{ reached: Map<string, number>; replayed: PartnershipAsOf }>();

  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {
    this.current = new CurrentPartnerships(storage.readPool);
  }

  async list(caller: Principal, minPosition?: number): Promise<{ items: PartnershipListItem[]; position: number }> {
    const position = await this.positions.await(['partnerships', 'directory'], minPosition);
    const rows = await readVisiblePartnerships(this.storage.readPool, caller);
    const names = await Names.load(this.storage.readPool, { orgIds: rows.flatMap((r) => r.parties) });
    return {
      items: rows.map((r) => ({
        partnershipId: r.partnership_id,
        title: r.title,
        status: r.status,
        parties: r.parties.map((organisationId) => ({ organisationId, name: names.organisationName(organisationId) })),
        updatedAt: r.updated_at.toISOString(),
      })),
      position,
    };
  }

  async overview(caller: Principal, partnershipId: string, minPosition?: number): Promise<PartnershipOverview> {
    const position = await this.positions.await(['partnerships', 'decisions', 'directory'], minPosition);
    const state = await readPartnershipState(this.storage.readPool, partnershipId);
    if (state === undefined || !maySee(caller, state.parties)) throw notFound(partnershipId);
    const counts = await readDecisionCounts(this.storage.readPool, partnershipId);
    const names = await Names.load(this.storage.readPool, namesNeeded(state));
    return partnershipOverview(state, names, counts, position);
  }

  /**
   * The partnership as it stood at `asOf` (recordedAt), replayed from the log (see
   * replayPartnershipAsOf); with `at`, only what had happened by then (occurredAt).
   */
  async asOf(
    caller: Principal,
    partnershipId: string,
    asOf: Date,
    minPosition?: number,
    at?: Date,
  ): Promise<PartnershipOverview> {
    await this.positions.await(['trail'], minPosition);
    const replayed = await replayPartnershipAsOf(this.storage.readPool, partnershipId, asOf, at ? { at } : {});
    mustSee(caller, partnershipId, replayed);
    const state = replayed.partnership;
    const counts: Record<string, number> = {};
    for (const d of replayed.decisions.values()) counts[d.status] = (counts[d.status] ?? 0) + 1;
    const names = await Names.load(this.storage.readPool, namesNeeded(state));
    return { ...partnershipOverview(state, names, counts, replayed.lastPosition), asOf: asOf.toISOString() };
  }

  /**
   * Decisions with each party's sign-off and votes, and the history of objectives and risks, as
   * they stood at `asOf` (default now) and, with `happenedBy` (the query's `at`), as they had
   * happened by then: what the console's timeline and approvals matrix draw. With `since` (the
   * version of the current timeline the caller holds), only what changed since, when that can be
   * said exactly (CurrentTimelines).
   */
  async timeline(
    caller: Principal,
    partnershipId: string,
    asOf: Date | undefined,
    minPosition?: number,
    happenedBy?: Date,
    since?: string,
  ): Promise<PartnershipTimeline | TimelineDelta> {
    if (asOf !== undefined || happenedBy !== undefined) {
      if (since !== undefined)
        throw new BadInputError(
          'since-not-current',
          'since gives what changed in the current timeline: it does not go with asOf or at',
          { since },
        );
      await this.positions.await(['trail'], minPosition);
      const recordedBy = asOf ?? new Date();
      const replayed = await replayPartnershipAsOf(
        this.storage.readPool,
        partnershipId,
        recordedBy,
        happenedBy ? { at: happenedBy } : {},
      );
      mustSee(caller, partnershipId, replayed);
      // The instant the timeline stands at: the earlier of the two clocks' bounds.
      return this.timelineOf(replayed, happenedBy && happenedBy < recordedBy ? happenedBy : recordedBy);
    }
    const { reached, replayed } = await this.currentReads.get(partnershipId, minPosition, async () => {
      const reached = await this.positions.awaitEach(['trail', 'directory'], minPosition);
      return { reached, replayed: await this.current.now(partnershipId) };
    });
    mustSee(caller, partnershipId, replayed);
    const version = { position: replayed.lastPosition, directory: reached.get('directory') ?? 0 };
    const now = new Date();
    const build = () => this.timelineOf(replayed, now, this.timelineDecisions);
    return this.timelines.get(partnershipId, version, now, build, since);
  }

  private async timelineOf(
    replayed: PartnershipAsOf,
    at: Date,
    reuse?: TimelineDecisions,
  ): Promise<PartnershipTimeline> {
    const state = replayed.partnership;
    const names = await Names.load(this.storage.readPool, {
      orgIds: state.parties,
      personIds: peopleOfTimeline(replayed),
    });
    return partnershipTimeline(replayed, names, at, reuse);
  }
}
