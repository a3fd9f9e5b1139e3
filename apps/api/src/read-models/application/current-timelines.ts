import { randomBytes } from 'node:crypto';
import { PartnershipTimeline, TimelineDelta } from '@accord/contracts';
import { entriesOf, TimelineEntries, timelineDelta } from './timeline-delta';

/** Partnerships whose current timeline is held: the ones being watched, not every one ever read. */
const HELD = 200;
/** Earlier versions a delta can be answered from: a console's last read is a build or two back. */
const EARLIER = 8;

interface Built {
  timeline: PartnershipTimeline & { version: string };
  entries: TimelineEntries;
}

interface Held {
  /** The partnership's last position and the directory's checkpoint the timeline was built at, and the instance. */
  version: string;
  built: Promise<Built>;
  /** Deltas from earlier versions to this one, each worked out once for every console asking. */
  deltas: Map<string, TimelineDelta | undefined>;
  /** The entries of the builds before this one, oldest first (their timelines are let go). */
  earlier: { version: string; entries: Promise<TimelineEntries | undefined> }[];
}

/**
 * The current timeline of each watched partnership, built once per change rather than once per
 * reader: every console open on a partnership refetches it on the same live event, and building
 * and naming a year of decisions is most of what such a refetch costs the API. A held timeline is
 * the answer while neither the partnership's log (its last position) nor the names it shows (the
 * directory's checkpoint) have moved; who may see it is still decided per caller, before this.
 * A console that says which version it holds (`since`) is answered with only what changed since
 * (timelineDelta), so what it costs per console is the size of the change, not of the timeline.
 */
export class CurrentTimelines {
  private readonly held = new Map<string, Held>();

  /**
   * `instance` ends every version this process gives: a timeline's names are read after the
   * directory's checkpoint, so two processes (or one before and after a restart) may build
   * different timelines at one position and checkpoint, and each answers `since` only its own.
   */
  constructor(private readonly instance = randomBytes(6).toString('hex')) {}

  /** The held timeline (or its delta since `since`), restamped `asOf`, or `build`'s, then held. */
  async get(
    partnershipId: string,
    at: { position: number; directory: number },
    asOf: Date,
    build: () => Promise<PartnershipTimeline>,
    since?: string,
  ): Promise<PartnershipTimeline | TimelineDelta> {
    const version = `${at.position}.${at.directory}.${this.instance}`;
    const found = this.held.get(partnershipId);
    this.held.delete(partnershipId); // re-inserted last: Map order is the LRU order
    // The promise is held, so readers arriving while it is built wait for it rather than build too.
    const held = found?.version === version ? found : rebuilt(found, version, build);
    this.held.set(partnershipId, held);
    if (this.held.size > HELD) this.held.delete(this.held.keys().next().value as string);
    try {
      const { timeline, entries } = await held.built;
      const delta = since === undefined ? undefined : await deltaOf(held, since, timeline, entries);
      return { ...(delta ?? timeline), asOf: asOf.toISOString() };
    } catch (err) {
      if (this.held.get(partnershipId) === held) this.held.delete(partnershipId);
      throw err;
    }
  }
}

function rebuilt(found: Held | undefined, version: string, build: () => Promise<PartnershipTimeline>): Held {
  const previous = found?.built.then(
    (b) => b.entries,
    () => undefined,
  );
  return {
    version,
    built: build().then(async (timeline) => ({
      timeline: { ...timeline, version },
      entries: entriesOf(timeline, await previous),
    })),
    deltas: new Map(),
    earlier: found && previous ? [...found.earlier, { version: found.version, entries: previous }].slice(-EARLIER) : [],
  };
}

async function deltaOf(
  held: Held,
  since: string,
  timeline: Built['timeline'],
  entries: TimelineEntries,
): Promise<TimelineDelta | undefined> {
  if (held.deltas.has(since)) return held.deltas.get(since);
  const base = since === held.version ? entries : await held.earlier.find((e) => e.version === since)?.entries;
  // A version not held (too old, from before a restart, never built) gets the whole timeline; only
  // held ones are remembered, so made-up versions cannot grow the map.
  if (base === undefined) return undefined;
  const delta = timelineDelta(since, base, timeline, entries);
  held.deltas.set(since, delta);
  return delta;
}
