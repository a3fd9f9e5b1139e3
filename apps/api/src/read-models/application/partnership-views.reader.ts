import { Injectable } from '@nestjs/common';
import { Principal } from '@accord/access';
import { PartnershipListItem, PartnershipTimeline } from '@accord/contracts';
import { ErrorCode, PartnershipState } from '@accord/domain';
import { replayPartnershipAsOf } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { Names } from './names';
import { namesNeeded, PartnershipOverview, partnershipOverview } from './partnership-overview';
import { partnershipTimeline, peopleOfTimeline, TimelineRecorder } from './partnership-timeline';
import { ReadPositions } from './read-positions';
import { maySeeParties, seesAll } from './scope';

const notFound = (id: string) => new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${id} not found`);

/** Partnership overview, the list of visible partnerships, and a partnership as of a past instant. */
@Injectable()
export class PartnershipViews {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async list(caller: Principal, minPosition?: number): Promise<{ items: PartnershipListItem[]; position: number }> {
    const position = await this.positions.await(['partnerships', 'directory'], minPosition);
    const { rows } = await this.storage.pool.query<{
      partnership_id: string;
      title: string;
      status: string;
      parties: string[];
      updated_at: Date;
    }>(
      `SELECT partnership_id, title, status, parties, updated_at FROM rm_partnerships
       WHERE $1::boolean OR parties @> ARRAY[$2]::text[] ORDER BY title, partnership_id`,
      [seesAll(caller), caller.orgId],
    );
    const names = await Names.load(this.storage.pool, { orgIds: rows.flatMap((r) => r.parties) });
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
    const { rows } = await this.storage.pool.query<{ state: PartnershipState }>(
      'SELECT state FROM rm_partnerships WHERE partnership_id = $1',
      [partnershipId],
    );
    if (rows.length === 0 || !maySeeParties(caller, rows[0].state.parties)) throw notFound(partnershipId);
    const state = rows[0].state;
    const counts = await this.storage.pool.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM rm_decisions WHERE partnership_id = $1 GROUP BY status',
      [partnershipId],
    );
    const names = await Names.load(this.storage.pool, namesNeeded(state));
    return partnershipOverview(
      state,
      names,
      Object.fromEntries(counts.rows.map((r) => [r.status, Number(r.n)])),
      position,
    );
  }

  /** The partnership as it stood at `asOf`, replayed from the log (see replayPartnershipAsOf). */
  async asOf(caller: Principal, partnershipId: string, asOf: Date, minPosition?: number): Promise<PartnershipOverview> {
    await this.positions.await(['trail'], minPosition);
    const replayed = await replayPartnershipAsOf(this.storage.pool, partnershipId, asOf);
    const state = replayed.partnership;
    if (state.status === 'none' || !maySeeParties(caller, state.parties)) throw notFound(partnershipId);
    const counts: Record<string, number> = {};
    for (const d of replayed.decisions.values()) counts[d.status] = (counts[d.status] ?? 0) + 1;
    const names = await Names.load(this.storage.pool, namesNeeded(state));
    return { ...partnershipOverview(state, names, counts, replayed.lastPosition), asOf: asOf.toISOString() };
  }

  /**
   * Decisions with each party's sign-off and votes, and the history of objectives and risks, as
   * they stood at `asOf` (default now): what the console's timeline and approvals matrix draw.
   */
  async timeline(
    caller: Principal,
    partnershipId: string,
    asOf: Date | undefined,
    minPosition?: number,
  ): Promise<PartnershipTimeline> {
    await this.positions.await(['trail'], minPosition);
    const at = asOf ?? new Date();
    const recorder = new TimelineRecorder();
    const replayed = await replayPartnershipAsOf(this.storage.pool, partnershipId, at, {
      decisions: 'full',
      observe: recorder.observe,
    });
    const state = replayed.partnership;
    if (state.status === 'none' || !maySeeParties(caller, state.parties)) throw notFound(partnershipId);
    const names = await Names.load(this.storage.pool, { orgIds: state.parties, personIds: peopleOfTimeline(replayed) });
    return partnershipTimeline(replayed, recorder, names, at);
  }
}
