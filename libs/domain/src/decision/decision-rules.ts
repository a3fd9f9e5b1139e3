import { type AuthorityLookup, findAuthority } from '../organisation/delegated-authority';
import type { OrganisationState } from '../organisation/organisation.state';
import type { BoardSeat, PartnershipState } from '../partnership/partnership.state';
import { ErrorCode } from '../shared/errors';
import { entries, own } from '../shared/records';
import type { DecisionResolutionEvent, SignOffSummary, VoteTally } from './decision.events';
import type { DecisionState, VoteRecord } from './decision.state';

/** A member with a declared interest and no dispensation neither votes nor signs off. */
export function hasUndispensedInterest(state: Pick<DecisionState, 'interests'>, personId: string): boolean {
  const interest = own(state.interests, personId);
  return interest !== undefined && interest.dispensedBy === undefined;
}

/**
 * The board members whose votes the decision waits for: the current board of its parties, less
 * those with an undispensed interest. In board order.
 */
export function eligibleVoters(
  state: Pick<DecisionState, 'interests' | 'parties'>,
  partnership: Pick<PartnershipState, 'board'>,
): BoardSeat[] {
  return entries(partnership.board).filter(
    (seat) => state.parties.includes(seat.party) && !hasUndispensedInterest(state, seat.personId),
  );
}

export type SignOffAuthority =
  | AuthorityLookup
  | { readonly ok: false; readonly code: typeof ErrorCode.InterestNotDispensed; readonly message: string };

/**
 * The delegated authority a member of `organisation` relies on to sign off (or refuse) the decision
 * for it at `at`, or why they may not: an undispensed interest, or no authority valid at `at`
 * covering the decision's category and value (the narrowest is chosen, see findAuthority).
 */
export function signOffAuthority(
  state: Pick<DecisionState, 'interests' | 'category' | 'valuePence'>,
  organisation: OrganisationState | undefined,
  personId: string,
  at: string,
): SignOffAuthority {
  if (hasUndispensedInterest(state, personId)) {
    return {
      ok: false,
      code: ErrorCode.InterestNotDispensed,
      message: `${personId} has declared an interest without a dispensation`,
    };
  }
  return findAuthority(organisation, personId, state.category ?? 'other', state.valuePence ?? 0, at);
}

/**
 * The votes that count: each member's current vote, except a member's whose interest was
 * declared after voting and has not been dispensed (the vote stays in history, uncounted).
 */
export function countedVotes(state: DecisionState): VoteRecord[] {
  return entries(state.votes).filter((v) => !hasUndispensedInterest(state, v.personId));
}

export function tallyVotes(state: DecisionState): VoteTally {
  const votes = countedVotes(state);
  const count = (stance: VoteRecord['stance']) => votes.filter((v) => v.stance === stance).length;
  return { agree: count('agree'), disagree: count('disagree'), abstain: count('abstain'), quorum: state.quorum ?? 1 };
}

/**
 * board-majority: abstentions count towards the quorum, not towards the majority. With the
 * quorum met the motion carries on more agree than disagree; a tie (or all abstaining) does
 * not carry, as in council procedure without a casting vote.
 */
export function boardMajorityResult(tally: VoteTally): 'approved' | 'rejected' | 'no-quorum' {
  if (tally.agree + tally.disagree + tally.abstain < tally.quorum) return 'no-quorum';
  return tally.agree > tally.disagree ? 'approved' : 'rejected';
}

export function allPartiesSignedOff(state: DecisionState): boolean {
  return state.parties.length > 0 && state.parties.every((p) => own(state.signOffs, p) !== undefined);
}

export function signOffSummaries(state: DecisionState): SignOffSummary[] {
  return state.parties.flatMap((party) => {
    const s = own(state.signOffs, party);
    return s
      ? [{ party, personId: s.personId, authorityId: s.authority.authorityId, instrument: s.authority.instrument }]
      : [];
  });
}

function ref(state: DecisionState) {
  return { decisionId: state.decisionId, partnershipId: state.partnershipId };
}

export function approvedBySignOffs(state: DecisionState, at: string): DecisionResolutionEvent {
  return {
    type: 'DecisionApproved',
    data: { ...ref(state), rule: 'all-parties-sign-off', approvedAt: at, signOffs: signOffSummaries(state) },
  };
}

export function resolvedByVotes(
  state: DecisionState,
  result: 'approved' | 'rejected',
  at: string,
): DecisionResolutionEvent {
  const tally = tallyVotes(state);
  return result === 'approved'
    ? { type: 'DecisionApproved', data: { ...ref(state), rule: 'board-majority', approvedAt: at, tally } }
    : { type: 'DecisionRejected', data: { ...ref(state), rule: 'board-majority', rejectedAt: at, tally } };
}

/**
 * Resolution reached by a command while the decision is open (decide appends it after the
 * command's own events):
 * - all-parties-sign-off: every party has a current sign-off → approved;
 * - board-majority: every eligible board member (current board of the decision's parties, less
 *   those with an undispensed interest) has a counted vote and the quorum is met → approved or
 *   rejected by majority. Until then votes may still change; the closing time settles the rest.
 */
export function resolutionReached(
  state: DecisionState,
  partnership: PartnershipState,
  now: string,
): DecisionResolutionEvent[] {
  if (state.status !== 'open') return [];
  if (state.approvalRule === 'all-parties-sign-off') {
    return allPartiesSignedOff(state) ? [approvedBySignOffs(state, now)] : [];
  }
  const eligible = eligibleVoters(state, partnership);
  if (eligible.length === 0 || !eligible.every((seat) => own(state.votes, seat.personId) !== undefined)) return [];
  const result = boardMajorityResult(tallyVotes(state));
  return result === 'no-quorum' ? [] : [resolvedByVotes(state, result, now)];
}
