import { Pool } from 'pg';
import { readCheckpoint } from '../../checkpoints';
import { asOfFold, PartnershipAsOf } from './as-of-replay';
import { foldEvent, PartnershipFold } from './partnership-fold';
import { readPartnershipEvents } from './partnership-events';
import { planReplay } from './partnership-snapshots';

/** Partnerships whose current fold is held: the ones being watched, not every one ever read. */
const HELD = 200;
/** After every instant: the latest snapshot, whatever its clocks. */
const END_OF_TIME = new Date(8.64e15);

interface Held {
  fold: PartnershipFold;
  /** The trail index's checkpoint the fold holds every entry up to. */
  upTo: number;
}

/**
 * Partnerships as they stand now, for the reads of the present (the console's timeline, refetched
 * on each live event by every console open on it): each one's fold is held in memory as of the
 * trail index's checkpoint and advanced by the index's entries since, so a read folds what was
 * recorded since the last one, not the partnership again from its latest snapshot. What the index
 * has not reached yet is read from the log and folded onto a copy, as replayPartnershipAsOf does.
 * An index behind the held fold (rebuilt, or another replica) starts the fold again.
 */
export class CurrentPartnerships {
  private readonly held = new Map<string, Promise<Held>>();

  constructor(private readonly pool: Pool) {}

  async now(partnershipId: string): Promise<PartnershipAsOf> {
    const indexed = await readCheckpoint(this.pool, 'trail');
    const previous = this.held.get(partnershipId);
    // One advance at a time per partnership, each from where the one before it stopped (a failed
    // one leaves nothing to go on from).
    const advanced =
      previous === undefined
        ? this.start(partnershipId, indexed)
        : previous.then(
            (held) => this.advance(partnershipId, held, indexed),
            () => this.start(partnershipId, indexed),
          );
    this.held.delete(partnershipId); // re-inserted last: Map order is the LRU order
    this.held.set(partnershipId, advanced);
    if (this.held.size > HELD) this.held.delete(this.held.keys().next().value as string);
    const { fold, upTo } = await advanced;
    // Copied before the next advance can fold into it.
    const mine: PartnershipFold = {
      ...fold,
      decisions: { ...fold.decisions },
      drafted: { ...fold.drafted },
      history: fold.history.slice(),
    };
    for (const event of await readPartnershipEvents(this.pool, partnershipId, [], { pastIndex: upTo }))
      foldEvent(mine, partnershipId, event);
    return asOfFold(mine);
  }

  private async advance(partnershipId: string, held: Held, indexed: number): Promise<Held> {
    if (indexed < held.upTo) return this.start(partnershipId, indexed);
    if (indexed > held.upTo) {
      const range = [{ after: held.upTo, upTo: indexed }];
      for (const event of await readPartnershipEvents(this.pool, partnershipId, range))
        foldEvent(held.fold, partnershipId, event);
      held.upTo = indexed;
    }
    return held;
  }

  private async start(partnershipId: string, indexed: number): Promise<Held> {
    const plan = await planReplay(this.pool, partnershipId, END_OF_TIME, undefined, indexed);
    const fold = plan.start;
    for (const event of await readPartnershipEvents(this.pool, partnershipId, plan.ranges))
      foldEvent(fold, partnershipId, event);
    return { fold, upTo: indexed };
  }
}
