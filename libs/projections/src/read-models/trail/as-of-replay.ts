import { Pool } from 'pg';
import { DecisionState } from '@accord/domain';
import { readCheckpoint } from '../../checkpoints';
import { DraftedAt, foldEvent, occurredAtOf, PartnershipFold } from './partnership-fold';
import { readPartnershipEvents } from './partnership-events';
import { planReplay } from './partnership-snapshots';

/** The fold, with decisions and their drafting by decision id. */
export interface PartnershipAsOf extends Omit<PartnershipFold, 'decisions' | 'drafted'> {
  decisions: Map<string, DecisionState>;
  drafted: Map<string, DraftedAt>;
}

/**
 * A partnership and its decisions as they stood at `asOf`: the events recorded (recordedAt) up
 * to that instant, folded with the domain's own evolve, and with `at` only those that had
 * happened by then (occurredAt; DESIGN §5 "Two clocks"). The fold starts from the latest stored
 * snapshot all of whose events are within both bounds (partnership-snapshots.ts) and reads only
 * the stretches of the trail index after it that hold such an event, then what the index has
 * not reached yet from the log itself: the cost follows the distance to the snapshot, not the
 * partnership's age.
 */
export async function replayPartnershipAsOf(
  pool: Pool,
  partnershipId: string,
  asOf: Date,
  options: { at?: Date } = {},
): Promise<PartnershipAsOf> {
  const at = options.at?.getTime();
  const indexed = await readCheckpoint(pool, 'trail');
  const plan = await planReplay(pool, partnershipId, asOf, options.at, indexed);
  const fold = plan.start;
  const events = await readPartnershipEvents(pool, partnershipId, plan.ranges, { asOf, pastIndex: indexed });
  for (const event of events) {
    if (at !== undefined && Date.parse(occurredAtOf(event)) > at) continue;
    foldEvent(fold, partnershipId, event);
  }
  return asOfFold(fold);
}

/** The fold as a replay answers it. */
export function asOfFold(fold: PartnershipFold): PartnershipAsOf {
  return {
    partnership: fold.partnership,
    decisions: new Map(Object.entries(fold.decisions)),
    drafted: new Map(Object.entries(fold.drafted)),
    history: fold.history,
    events: fold.events,
    lastPosition: fold.lastPosition,
  };
}
