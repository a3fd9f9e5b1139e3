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
  const tally = {
    agree: count('agree'),
    disagree: count('disagree'),
    abstain: count('abstain'),
    quorum: state.quorum ?? 1,
  };
  return state.castingVote === undefined ? tally : { ...tally, casting: state.castingVote.stance };
}

/** Agree and disagree level, at least one each: what a chair's casting vote may break. */
export function isTie(tally: Pick<VoteTally, 'agree' | 'disagree'>): boolean {
  return tally.agree > 0 && tally.agree === tally.disagree;
}

/**
 * board-majority: abstentions count towards the quorum, not towards the majority. With the
 * quorum met the motion carries on more agree than disagree; a tie is decided by the chair's
 * casting vote given at a meeting where the terms give one, and otherwise (or all abstaining)
 * does not carry.
 */
export function boardMajorityResult(tally: VoteTally): 'approved' | 'rejected' | 'no-quorum' {
  if (tally.agree + tally.disagree + tally.abstain < tally.quorum) return 'no-quorum';
  if (isTie(tally) && tally.casting !== undefined) return tally.casting === 'agree' ? 'approved' : 'rejected';
  return tally.agree > tally.disagree ? 'approved' : 'rejected';
}

/**
 * A tie among votes taken at a meeting whose terms give the chair a casting vote is not settled
 * before the clerk records that vote (a separate record, moments later at the meeting, often
 * entered the next day): the decision waits for it, or for its closing time.
 */
function awaitsCastingVote(state: DecisionState, partnership: PartnershipState, tally: VoteTally): boolean {
  return (
    partnership.terms?.chairCastingVote === true &&
    tally.casting === undefined &&
    isTie(tally) &&
    countedVotes(state).some((v) => v.meetingId !== undefined)
  );
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
 *   rejected by majority (a tie at a meeting first awaits the chair's casting vote, see
 *   awaitsCastingVote). Until then votes may still change; the closing time settles the rest.
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
  const tally = tallyVotes(state);
  if (awaitsCastingVote(state, partnership, tally)) return [];
  const result = boardMajorityResult(tally);
  return result === 'no-quorum' ? [] : [resolvedByVotes(state, result, now)];
}
