import { Pool } from 'pg';
import { DecisionState } from '@accord/domain';
import { replayPartnershipAsOf } from '@accord/projections';

/** Both clocks of a read (DESIGN §5 "Two clocks"): as the ledger said at `asOf`, with `at` only what had happened by then. */
export interface Then {
  readonly asOf: Date;
  readonly at?: Date;
}

/**
 * The time a read's `asOf` and `at` (instants BitemporalQueryDto has checked) ask about: either,
 * both (`at` alone is as known now), or neither, which is undefined: the current read model.
 */
export function thenOf(query: { asOf?: string; at?: string }): Then | undefined {
  if (query.asOf === undefined && query.at === undefined) return undefined;
  return {
    asOf: query.asOf === undefined ? new Date() : new Date(query.asOf),
    ...(query.at === undefined ? {} : { at: new Date(query.at) }),
  };
}

/** The instants an answer given then stands at, as it reports them. */
export const thenView = (then: Then): { asOf: string; at?: string } => ({
  asOf: then.asOf.toISOString(),
  ...(then.at === undefined ? {} : { at: then.at.toISOString() }),
});

/**
 * A decision as it stood then, replayed with its partnership from the log; undefined when it had
 * not been drafted by then.
 */
export async function decisionThen(
  pool: Pool,
  partnershipId: string,
  decisionId: string,
  then: Then,
): Promise<DecisionState | undefined> {
  const replayed = await replayPartnershipAsOf(pool, partnershipId, then.asOf, then.at ? { at: then.at } : {});
  const decision = replayed.decisions.get(decisionId);
  return decision === undefined || decision.status === 'none' ? undefined : decision;
}
