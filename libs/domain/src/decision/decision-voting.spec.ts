import {
  activePartnership,
  actor,
  ADA,
  BEN,
  boardMajorityPartnership,
  COL,
  DAN,
  DECISION,
  PARTNERSHIP,
  T,
} from '../shared/fixtures';
import type { PartnershipEvent } from '../partnership/partnership.events';
import {
  boardDrafted,
  boardSpec,
  contextFor,
  dispensed,
  interestDeclared,
  openBoardDecision,
  openDecision,
  ref,
  spec,
  voted,
} from './decision.test-fixtures';

const d = { decisionId: DECISION, now: T.now };
const cast = (who: typeof ADA, stance: 'agree' | 'disagree' | 'abstain', reason = `${who.personId} ${stance}s`) => ({
  type: 'CastVote' as const,
  ...d,
  actor: actor(who),
  stance,
  reason,
});
const tally = (agree: number, disagree: number, abstain: number) => ({ agree, disagree, abstain, quorum: 2 });

describe('decision: casting a vote', () => {
  it('a board member votes agree, disagree or abstain, with a reason', () => {
    boardSpec
      .given(openBoardDecision())
      .when(cast(ADA, 'agree', 'Good value'))
      .then(voted(ADA, 'agree', 'Good value'));
  });

  it('only board members vote', () => {
    boardSpec.given(openBoardDecision()).when(cast(BEN, 'agree')).thenRejects('not-a-board-member', 'forbidden');
  });

  it('votes only while open: not on a draft', () => {
    boardSpec.given(boardDrafted()).when(cast(ADA, 'agree')).thenRejects('decision-not-open', 'rule-violated');
  });

  it('votes only while open: not from the closing time on, even before the scheduler has closed it', () => {
    boardSpec
      .given(openBoardDecision())
      .when({ ...cast(ADA, 'agree'), now: T.closesAt })
      .thenRejects('closing-time-passed', 'rule-violated');
  });

  it('votes are not taken while the partnership is suspended', () => {
    const suspended: PartnershipEvent = {
      type: 'PartnershipSuspended',
      data: {
        partnershipId: PARTNERSHIP,
        reason: 'r',
        suspendedBy: DAN,
        authority: {
          authorityId: 'dan-1',
          instrument: 'i',
          categories: ['governance'],
          valueLimitPence: 0,
          validFrom: T.validFrom,
        },
      },
    };
    boardSpec
      .given(openBoardDecision())
      .withContext(contextFor([...boardMajorityPartnership, suspended]))
      .when(cast(ADA, 'agree'))
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('a member with a declared interest and no dispensation does not vote', () => {
    boardSpec
      .given(openBoardDecision(), interestDeclared(ADA))
      .when(cast(ADA, 'agree'))
      .thenRejects('interest-not-dispensed', 'rule-violated');
  });

  it('with a dispensation they vote', () => {
    boardSpec
      .given(openBoardDecision(), interestDeclared(ADA), dispensed(ADA))
      .when(cast(ADA, 'agree'))
      .then(voted(ADA, 'agree'));
  });

  it('one current vote per member: a second vote is refused', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'))
      .when(cast(ADA, 'disagree'))
      .thenRejects('vote-already-cast', 'rule-violated');
  });

  it('a vote needs a reason', () => {
    boardSpec
      .given(openBoardDecision())
      .when(cast(ADA, 'agree', '  '))
      .thenRejects('reason-required', 'rule-violated');
  });

  it('the stance is agree, disagree or abstain', () => {
    boardSpec
      .given(openBoardDecision())
      .when({ ...cast(ADA, 'agree'), stance: 'maybe' as never })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('under all-parties-sign-off board members may record votes, but votes resolve nothing', () => {
    spec
      .given(openDecision(), voted(ADA, 'agree'), voted(COL, 'agree'))
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'));
  });
});

describe('decision: changing a vote', () => {
  const change = (who: typeof ADA, stance: 'agree' | 'disagree' | 'abstain', reason: string) => ({
    type: 'ChangeVote' as const,
    ...d,
    actor: actor(who),
    stance,
    reason,
  });

  it('a change is a VoteChanged naming the previous stance; both stay in history', () => {
    const state = boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'))
      .when(change(ADA, 'abstain', 'New information on costs'))
      .then({
        type: 'VoteChanged',
        data: {
          ...ref,
          personId: 'ada',
          orgId: 'northborough-council',
          previousStance: 'agree',
          stance: 'abstain',
          reason: 'New information on costs',
        },
      });
    expect(state.votes.ada.stance).toBe('abstain');
  });

  it('there must be a vote to change', () => {
    boardSpec
      .given(openBoardDecision())
      .when(change(ADA, 'agree', 'r'))
      .thenRejects('no-vote-to-change', 'rule-violated');
  });

  it('a change must change something', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree', 'r'))
      .when(change(ADA, 'agree', 'r'))
      .thenRejects('vote-unchanged', 'rule-violated');
  });

  it('a member who has since declared an interest cannot change their vote without a dispensation', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), interestDeclared(ADA))
      .when(change(ADA, 'disagree', 'r'))
      .thenRejects('interest-not-dispensed', 'rule-violated');
  });

  it('not after the closing time', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'))
      .when({ ...change(ADA, 'disagree', 'r'), now: T.afterClose })
      .thenRejects('closing-time-passed', 'rule-violated');
  });
});

describe('decision: board-majority result reached by a vote', () => {
  it('the last eligible board member to vote, with quorum met, approves it by majority', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'abstain'))
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'), {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: T.now, tally: tally(2, 0, 1) },
      });
  });

  it('more disagree than agree rejects it', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'disagree'))
      .when(cast(DAN, 'disagree'))
      .then(voted(DAN, 'disagree'), {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: T.now, tally: tally(1, 2, 0) },
      });
  });

  it('a tie does not carry the motion', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'disagree'))
      .when(cast(DAN, 'abstain'))
      .then(voted(DAN, 'abstain'), {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: T.now, tally: tally(1, 1, 1) },
      });
  });

  it('abstentions count towards the quorum, not the majority: one agree and two abstentions carries', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'abstain'), voted(COL, 'abstain'))
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'), {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: T.now, tally: tally(1, 0, 2) },
      });
  });

  it('while an eligible board member has not voted, it stays open (votes may still change)', () => {
    boardSpec.given(openBoardDecision(), voted(ADA, 'agree')).when(cast(DAN, 'agree')).then(voted(DAN, 'agree'));
  });

  it('members with an undispensed interest are not waited for', () => {
    boardSpec
      .given(openBoardDecision(), interestDeclared(COL), voted(ADA, 'agree'))
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'), {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: T.now, tally: tally(2, 0, 0) },
      });
  });

  it('a vote cast before declaring an interest stays in history but does not count', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), interestDeclared(ADA), voted(COL, 'disagree'))
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'), {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: T.now, tally: tally(1, 1, 0) },
      });
  });

  it('without quorum among the counted votes nothing is resolved early', () => {
    // Col and Dan have interests: only Ada is eligible; her one vote is below the quorum of 2.
    boardSpec
      .given(openBoardDecision(), interestDeclared(COL), interestDeclared(DAN))
      .when(cast(ADA, 'agree'))
      .then(voted(ADA, 'agree'));
  });

  it('the result waits for board members appointed after opening too (the current board)', () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'agree'))
      .withContext(
        contextFor([
          ...boardMajorityPartnership,
          {
            type: 'BoardMemberAppointed',
            data: { partnershipId: PARTNERSHIP, personId: 'ben', party: 'northborough-council', appointedBy: ADA },
          },
        ]),
      )
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'));
  });

  it("the decision keeps the rule it was drafted under, even if the partnership's terms differ now", () => {
    boardSpec
      .given(openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'agree'))
      .withContext(contextFor(activePartnership)) // same board, no terms
      .when(cast(DAN, 'agree'))
      .then(voted(DAN, 'agree'), {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: T.now, tally: tally(3, 0, 0) },
      });
  });
});
