import { actor, ADA, ASH, BEN, CAL, COL, COUNCIL, DAN, DECISION, OLI, T } from '../shared/fixtures';
import {
  approvedBySignOff,
  dispensed,
  drafted,
  interestDeclared,
  openBoardDecision,
  openDecision,
  ref,
  signedOff,
  spec,
  boardSpec,
  voted,
} from './decision.test-fixtures';

const d = { decisionId: DECISION, now: T.now };
const declare = { type: 'DeclareInterest' as const, ...d, nature: 'Owns a neighbouring property' };
const grant = { type: 'GrantDispensation' as const, ...d, personId: ADA.personId, reason: 'Interest is remote' };

describe('decision: declaring an interest', () => {
  it('a member declares their own interest in a draft', () => {
    spec
      .given(drafted())
      .when({ ...declare, actor: actor(ADA) })
      .then(interestDeclared(ADA));
  });

  it('or while it is open', () => {
    spec
      .given(openDecision())
      .when({ ...declare, actor: actor(BEN) })
      .then(interestDeclared(BEN));
  });

  it('once per member', () => {
    spec
      .given(drafted(), interestDeclared(ADA))
      .when({ ...declare, actor: actor(ADA) })
      .thenRejects('interest-already-declared', 'rule-violated');
  });

  it('not once the decision is resolved (correct the record instead)', () => {
    spec
      .given(openDecision(), signedOff(ADA), signedOff(DAN), approvedBySignOff())
      .when({ ...declare, actor: actor(COL) })
      .thenRejects('decision-not-open', 'rule-violated');
  });

  it('not after the closing time (it could change a closed count)', () => {
    spec
      .given(openDecision())
      .when({ ...declare, now: T.afterClose, actor: actor(ADA) })
      .thenRejects('closing-time-passed', 'rule-violated');
  });

  it("declaring after signing off withdraws the party's sign-off in the same result", () => {
    spec
      .given(openDecision(), signedOff(ADA))
      .when({ ...declare, actor: actor(ADA) })
      .then(interestDeclared(ADA), {
        type: 'SignOffWithdrawn',
        data: {
          ...ref,
          party: COUNCIL,
          personId: 'ada',
          reason: 'interest declared after signing off',
          withdrawnBy: ADA,
        },
      });
  });

  it('only members of a party declare', () => {
    spec
      .given(drafted())
      .when({ ...declare, actor: actor(OLI) })
      .thenRejects('not-a-party', 'forbidden');
  });

  it('the nature of the interest is required', () => {
    spec
      .given(drafted())
      .when({ ...declare, actor: actor(ADA), nature: ' ' })
      .thenRejects('field-required', 'bad-input');
  });
});

describe('decision: dispensation', () => {
  it('a board member of another party grants it', () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(DAN) })
      .then({
        type: 'DispensationGranted',
        data: {
          ...ref,
          personId: 'ada',
          orgId: COUNCIL,
          reason: 'Interest is remote',
          grantedBy: DAN,
          grantedAs: 'board-member-of-another-party',
        },
      });
  });

  it("an org-admin of the member's own organisation grants it, as its monitoring officer", () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(CAL, 'member', 'org-admin') })
      .then({
        type: 'DispensationGranted',
        data: {
          ...ref,
          personId: 'ada',
          orgId: COUNCIL,
          reason: 'Interest is remote',
          grantedBy: CAL,
          grantedAs: 'organisation-admin',
        },
      });
  });

  it('nobody grants themselves a dispensation', () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(ADA, 'member', 'org-admin') })
      .thenRejects('self-dispensation-forbidden', 'forbidden');
  });

  it("a board member of the member's own party may not grant it", () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(COL) })
      .thenRejects('not-permitted-to-grant-dispensation', 'forbidden');
  });

  it('an org-admin of another organisation may not grant it', () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(ASH, 'member', 'org-admin') })
      .thenRejects('not-permitted-to-grant-dispensation', 'forbidden');
  });

  it('a board member with an undispensed interest of their own may not grant one', () => {
    spec
      .given(openDecision(), interestDeclared(ADA), interestDeclared(DAN))
      .when({ ...grant, actor: actor(DAN) })
      .thenRejects('not-permitted-to-grant-dispensation', 'forbidden');
  });

  it('a dispensation needs a declared interest', () => {
    spec
      .given(openDecision())
      .when({ ...grant, actor: actor(DAN) })
      .thenRejects('interest-not-declared', 'rule-violated');
  });

  it('a dispensation is granted once', () => {
    spec
      .given(openDecision(), interestDeclared(ADA), dispensed(ADA))
      .when({ ...grant, actor: actor(DAN) })
      .thenRejects('dispensation-already-granted', 'rule-violated');
  });

  it('a dispensation needs a reason', () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when({ ...grant, actor: actor(DAN), reason: '' })
      .thenRejects('reason-required', 'rule-violated');
  });

  it('not once the decision is resolved', () => {
    spec
      .given(openDecision(), interestDeclared(BEN), signedOff(ADA), signedOff(DAN), approvedBySignOff())
      .when({ ...grant, personId: BEN.personId, actor: actor(DAN) })
      .thenRejects('decision-not-open', 'rule-violated');
  });

  it('a dispensation that brings the count to quorum, with every eligible member voted, resolves the decision at once', () => {
    // Ada voted, then declared an interest (her vote stops counting); Dan has an interest too;
    // Col voted. Eligible: Col only, voted, but 1 counted vote < quorum 2, so it waits. The
    // council's monitoring officer dispenses Ada: her vote counts again, 2 of 2 eligible voted.
    boardSpec
      .given(
        openBoardDecision(),
        voted(ADA, 'agree'),
        interestDeclared(ADA),
        interestDeclared(DAN),
        voted(COL, 'agree'),
      )
      .when({ ...grant, actor: actor(CAL, 'member', 'org-admin') })
      .then(
        {
          type: 'DispensationGranted',
          data: {
            ...ref,
            personId: 'ada',
            orgId: COUNCIL,
            reason: 'Interest is remote',
            grantedBy: CAL,
            grantedAs: 'organisation-admin',
          },
        },
        {
          type: 'DecisionApproved',
          data: {
            ...ref,
            rule: 'board-majority',
            approvedAt: T.now,
            tally: { agree: 2, disagree: 0, abstain: 0, quorum: 2 },
          },
        },
      );
  });
});
