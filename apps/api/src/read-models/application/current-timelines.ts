import { PartnershipTimeline } from '@accord/contracts';

/** Partnerships whose current timeline is held: the ones being watched, not every one ever read. */
const HELD = 200;

interface Held {
  /** The partnership's last position and the directory's checkpoint the timeline was built at. */
  position: number;
  directory: number;
  timeline: Promise<PartnershipTimeline>;
}

/**
 * The current timeline of each watched partnership, built once per change rather than once per
 * reader: every console open on a partnership refetches it on the same live event, and building
 * and naming a year of decisions is most of what such a refetch costs the API. A held timeline is
 * the answer while neither the partnership's log (its last position) nor the names it shows (the
 * directory's checkpoint) have moved; who may see it is still decided per caller, before this.
 */
export class CurrentTimelines {
  private readonly held = new Map<string, Held>();

  /** The held timeline, restamped `asOf`, or `build`'s, then held. */
  async get(
    partnershipId: string,
    version: { position: number; directory: number },
    asOf: Date,
    build: () => Promise<PartnershipTimeline>,
  ): Promise<PartnershipTimeline> {
    const found = this.held.get(partnershipId);
    this.held.delete(partnershipId); // re-inserted last: Map order is the LRU order
    // The promise is held, so readers arriving while it is built wait for it rather than build too.
    const held =
      found?.position === version.position && found.directory === version.directory
        ? found
        : { ...version, timeline: build() };
    this.held.set(partnershipId, held);
    if (this.held.size > HELD) this.held.delete(this.held.keys().next().value as string);
    try {
      return { ...(await held.timeline), asOf: asOf.toISOString() };
    } catch (err) {
      if (this.held.get(partnershipId) === held) this.held.delete(partnershipId);
      throw err;
    }
  }
}
