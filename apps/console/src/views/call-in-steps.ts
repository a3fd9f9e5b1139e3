import type { DecisionCallIn } from '../api/types';

/** Scrutiny's outcomes, as the console words them. */
export const SCRUTINY_OUTCOMES: Record<NonNullable<DecisionCallIn['scrutinyOutcome']>, string> = {
  'no-further-action': 'no further action',
  'referred-back': 'referred back to the board',
  'referred-to-council': 'referred to full council',
};

/** What the terms of reference make a key decision: a value threshold and/or categories. */
export interface KeyDecisionRules {
  thresholdPence?: number;
  categories?: string[];
}

/** Who holds the offices that act on a decision under council procedure, as the partnership's state says. */
export interface CouncilOffices {
  /** The organisations party to the partnership. */
  parties: string[];
  /** The board's seats by person id, with the party each sits for. */
  board: Record<string, { party: string }>;
  /** The scrutiny chair the terms of reference name, if they name one. */
  scrutinyChairPersonId?: string;
  /** What is key, when the terms bring council procedure. */
  keyDecisions?: KeyDecisionRules;
}

/** What `GET /v1/partnerships/:id` says of those offices. */
export interface PartnershipOffices {
  parties: string[];
  board: Record<string, { party: string }>;
  terms?: { keyDecisions?: KeyDecisionRules & { scrutinyChairPersonId?: string } };
}

export function officesOf(partnership: PartnershipOffices): CouncilOffices {
  const rules = partnership.terms?.keyDecisions;
  return {
    parties: partnership.parties,
    board: partnership.board,
    ...(rules && {
      scrutinyChairPersonId: rules.scrutinyChairPersonId,
      keyDecisions: { thresholdPence: rules.thresholdPence, categories: rules.categories },
    }),
  };
}

/** The steps after a call-in that the console offers someone. */
export interface CallInSteps {
  scrutinyOutcome: boolean;
  reconsider: boolean;
  implement: boolean;
}

/**
 * The controls to show: each to those the ledger lets take that step (libs/domain's rules table:
 * the scrutiny chair records scrutiny's outcome; a board member reconsiders; the drafter or a board
 * member records implementation), while the decision's state leaves it to take. The API decides:
 * whether implementation may happen yet (call-in period, a call-in waiting) is left to it, so its
 * refusal says why in its own words.
 */
export function callInSteps(
  who: { personId: string; orgId: string },
  offices: CouncilOffices,
  d: Pick<
    DecisionCallIn,
    'status' | 'draftedBy' | 'calledInAt' | 'scrutinyOutcome' | 'reconsideredAt' | 'implementedAt'
  >,
): CallInSteps {
  const onBoard = offices.board[who.personId]?.party === who.orgId;
  const drafter = d.draftedBy?.personId === who.personId && d.draftedBy.orgId === who.orgId;
  const approved = d.status === 'approved';
  return {
    scrutinyOutcome:
      offices.scrutinyChairPersonId === who.personId && d.calledInAt !== undefined && d.scrutinyOutcome === undefined,
    reconsider: onBoard && approved && d.scrutinyOutcome === 'referred-back' && d.reconsideredAt === undefined,
    implement: (onBoard || drafter) && approved && d.implementedAt === undefined,
  };
}

/**
 * Whether the call-in period still runs on the London date `today`. Once the ledger records its end
 * (`callInEndedAt`) or a call-in, it does not, whatever the browser's clock says; until the
 * scheduler has recorded the end, the last day having passed is the best the console can tell.
 */
export function callInRunning(
  d: Pick<DecisionCallIn, 'callInUntil' | 'calledInAt' | 'callInEndedAt'>,
  today: string,
): boolean {
  return (
    d.callInUntil !== undefined && d.calledInAt === undefined && d.callInEndedAt === undefined && today <= d.callInUntil
  );
}

/**
 * What the implementation control says before it is pressed: whether the ledger will refuse it
 * yet, and why, as the decision's state tells on the London date `today` (the API decides).
 */
export function implementationHint(
  d: Pick<DecisionCallIn, 'callInUntil' | 'calledInAt' | 'callInEndedAt' | 'scrutinyOutcome' | 'reconsideredAt'>,
  today: string,
): string {
  if (d.calledInAt !== undefined && d.scrutinyOutcome === undefined)
    return 'Called in: the ledger refuses implementation until scrutiny decides.';
  if (d.scrutinyOutcome !== undefined && d.scrutinyOutcome !== 'no-further-action' && d.reconsideredAt === undefined)
    return 'Referred by scrutiny: the ledger refuses implementation unless the board confirms the decision.';
  if (callInRunning(d, today))
    return `The ledger refuses implementation until the call-in period has ended (its last day is ${d.callInUntil}).`;
  return 'Record that the decision has been put into effect.';
}
