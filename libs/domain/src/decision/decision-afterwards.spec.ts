import { activePartnership, actor, ADA, BEN, COL, DAN, DECISION, EVE, PARTNERSHIP, T } from '../shared/fixtures';
import type { PartnershipEvent } from '../partnership/partnership.events';
import {
  approvedDecision,
  contextFor,
  drafted,
  interestDeclared,
  openDecision,
  otherDecision,
  ref,
  signedOff,
  spec,
  stored,
  voted,
} from './decision.test-fixtures';

const d = { decisionId: DECISION, now: T.afterClose };
const outcome = {
  type: 'RecordOutcome' as const,
  ...d,
  actor: actor(BEN),
  statement: 'The partnership commits £100,000 to design work for Mill Lane.',
  reasons: ['Unlocks 120 affordable homes', 'Match funding secured'],
  alternativesRejected: ['Do nothing: the site stays vacant', 'Sell the site on the open market'],
};
const outcomeEvent = {
  type: 'OutcomeRecorded' as const,
  data: {
    ...ref,
    statement: outcome.statement,
    reasons: outcome.reasons,
    alternativesRejected: outcome.alternativesRejected,
    recordedBy: BEN,
  },
};
const outcomeRecorded = stored('e-6', outcomeEvent);
const lapsed = {
  type: 'DecisionLapsed' as const,
  data: {
    ...ref,
    rule: 'all-parties-sign-off' as const,
    closesAt: T.closesAt,
    lapsedAt: T.closesAt,
    reason: 'sign-offs-incomplete' as const,
    signedOffParties: [],
  },
};
const dissolved: PartnershipEvent = {
  type: 'PartnershipDissolved',
  data: {
    partnershipId: PARTNERSHIP,
    reason: 'r',
    dissolvedBy: ADA,
    authority: {
      authorityId: 'ada-1',
      instrument: 'i',
      categories: ['governance'],
      valueLimitPence: 0,
      validFrom: T.validFrom,
    },
  },
};

describe('decision: withdrawal', () => {
  const withdraw = (who: typeof ADA, reason = 'Scheme paused') => ({
    type: 'WithdrawDecision' as const,
    decisionId: DECISION,
    now: T.now,
    actor: actor(who),
    reason,
  });

  it('the drafter withdraws a draft', () => {
    spec
      .given(drafted())
      .when(withdraw(BEN))
      .then({ type: 'DecisionWithdrawn', data: { ...ref, reason: 'Scheme paused', withdrawnBy: BEN } });
  });

  it('a board member withdraws an open decision', () => {
    spec
      .given(openDecision())
      .when(withdraw(DAN))
      .then({ type: 'DecisionWithdrawn', data: { ...ref, reason: 'Scheme paused', withdrawnBy: DAN } });
  });

  it('someone else may not', () => {
    spec.given(openDecision()).when(withdraw(EVE)).thenRejects('not-drafter-or-board-member', 'forbidden');
  });

  it('a resolved decision is not withdrawn (rescind or supersede it instead)', () => {
    spec.given(approvedDecision()).when(withdraw(ADA)).thenRejects('decision-not-open', 'rule-violated');
  });

  it('not from the closing time on: the result is already fixed and the scheduler records it', () => {
    spec
      .given(openDecision())
      .when({ ...withdraw(DAN), now: T.closesAt })
      .thenRejects('closing-time-passed', 'rule-violated');
  });

  it('a withdrawal needs a reason', () => {
    spec.given(drafted()).when(withdraw(BEN, '')).thenRejects('reason-required', 'rule-violated');
  });
});

describe('decision: outcome', () => {
  it('a member of a party records the outcome of a resolved decision: statement, reasons, alternatives rejected', () => {
    spec.given(approvedDecision()).when(outcome).then(outcomeEvent);
  });

  it('a lapsed decision can have its outcome recorded too', () => {
    const events = spec.given(openDecision(), lapsed).when(outcome).events();
    expect(events.map((e) => e.type)).toEqual(['OutcomeRecorded']);
  });

  it('not before the decision is resolved', () => {
    spec.given(openDecision(), signedOff(ADA)).when(outcome).thenRejects('decision-not-resolved', 'rule-violated');
  });

  it('an outcome states its reasons', () => {
    spec
      .given(approvedDecision())
      .when({ ...outcome, reasons: [] })
      .thenRejects('outcome-incomplete', 'rule-violated');
  });

  it('an outcome states the alternatives rejected', () => {
    spec
      .given(approvedDecision())
      .when({ ...outcome, alternativesRejected: [] })
      .thenRejects('outcome-incomplete', 'rule-violated');
  });

  it('blank entries do not count as reasons', () => {
    spec
      .given(approvedDecision())
      .when({ ...outcome, reasons: ['  '] })
      .thenRejects('outcome-incomplete', 'rule-violated');
  });

  it('an outcome has a statement', () => {
    spec
      .given(approvedDecision())
      .when({ ...outcome, statement: '' })
      .thenRejects('outcome-incomplete', 'rule-violated');
  });

  it('the outcome is recorded once (a correction is a new event)', () => {
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when(outcome)
      .thenRejects('outcome-already-recorded', 'rule-violated');
  });
});

describe('decision: rescission', () => {
  const rescind = {
    type: 'RescindDecision' as const,
    ...d,
    actor: actor(ADA),
    reason: 'Funding withdrawn',
    authorisedByDecisionId: 'd-2',
  };

  it('an approved decision is rescinded by another approved decision of the partnership', () => {
    const state = spec
      .given(approvedDecision())
      .withContext(contextFor(activePartnership, { decisions: { 'd-2': otherDecision('approved') } }))
      .when(rescind)
      .then({
        type: 'DecisionRescinded',
        data: { ...ref, reason: 'Funding withdrawn', authorisedByDecisionId: 'd-2', rescindedBy: ADA },
      });
    expect(state).toMatchObject({ status: 'rescinded', resolution: 'approved' });
  });

  it('only an approved decision is rescinded', () => {
    spec
      .given(openDecision())
      .withContext(contextFor(activePartnership, { decisions: { 'd-2': otherDecision('approved') } }))
      .when(rescind)
      .thenRejects('decision-not-approved', 'rule-violated');
  });

  it('the rescinding decision must itself be approved', () => {
    spec
      .given(approvedDecision())
      .withContext(contextFor(activePartnership, { decisions: { 'd-2': otherDecision('open') } }))
      .when(rescind)
      .thenRejects('authorising-decision-invalid', 'rule-violated');
  });

  it('and of the same partnership', () => {
    spec
      .given(approvedDecision())
      .withContext(
        contextFor(activePartnership, {
          decisions: { 'd-2': otherDecision('approved', { partnershipId: 'elsewhere' }) },
        }),
      )
      .when(rescind)
      .thenRejects('authorising-decision-invalid', 'rule-violated');
  });

  it('a decision does not rescind itself', () => {
    spec
      .given(approvedDecision())
      .when({ ...rescind, authorisedByDecisionId: DECISION })
      .thenRejects('authorising-decision-invalid', 'rule-violated');
  });

  it('a rescinded decision is not rescinded again', () => {
    const rescinded = {
      type: 'DecisionRescinded' as const,
      data: { ...ref, reason: 'r', authorisedByDecisionId: 'd-2', rescindedBy: ADA },
    };
    spec
      .given(approvedDecision(), rescinded)
      .withContext(contextFor(activePartnership, { decisions: { 'd-2': otherDecision('approved') } }))
      .when(rescind)
      .thenRejects('decision-not-approved', 'rule-violated');
  });
});

describe('decision: supersession', () => {
  const supersede = {
    type: 'SupersedeDecision' as const,
    ...d,
    now: T.now,
    actor: actor(BEN),
    by: 'd-2',
    reason: 'Re-drafted with revised costs',
  };
  const withOther = (status: Parameters<typeof otherDecision>[0], over = {}) =>
    contextFor(activePartnership, { decisions: { 'd-2': otherDecision(status, over) } });

  it('re-drafting an opened decision is a new decision that supersedes it', () => {
    const state = spec
      .given(openDecision())
      .withContext(withOther('draft'))
      .when(supersede)
      .then({
        type: 'DecisionSuperseded',
        data: { ...ref, by: 'd-2', reason: 'Re-drafted with revised costs', recordedBy: BEN },
      });
    expect(state).toMatchObject({ status: 'superseded', supersededBy: 'd-2' });
  });

  it('an approved decision is superseded only by an approved decision', () => {
    spec
      .given(approvedDecision())
      .withContext(withOther('draft'))
      .when({ ...supersede, actor: actor(ADA) })
      .thenRejects('superseding-decision-invalid', 'rule-violated');
    const events = spec
      .given(approvedDecision())
      .withContext(withOther('approved'))
      .when({ ...supersede, actor: actor(ADA) })
      .events();
    expect(events.map((e) => e.type)).toEqual(['DecisionSuperseded']);
  });

  it('a draft is amended, not superseded; a lapsed decision has nothing to supersede', () => {
    spec
      .given(drafted())
      .withContext(withOther('draft'))
      .when(supersede)
      .thenRejects('decision-cannot-be-superseded', 'rule-violated');
    spec
      .given(openDecision(), lapsed)
      .withContext(withOther('draft'))
      .when(supersede)
      .thenRejects('decision-cannot-be-superseded', 'rule-violated');
  });

  it('the successor must be another decision of the same partnership', () => {
    spec
      .given(openDecision())
      .withContext(withOther('draft', { partnershipId: 'elsewhere' }))
      .when(supersede)
      .thenRejects('superseding-decision-invalid', 'rule-violated');
    spec
      .given(openDecision())
      .when({ ...supersede, by: DECISION })
      .thenRejects('superseding-decision-invalid', 'rule-violated');
    spec.given(openDecision()).when(supersede).thenRejects('superseding-decision-invalid', 'rule-violated'); // not loaded / missing
  });

  it('an open decision is not superseded from its closing time on', () => {
    spec
      .given(openDecision())
      .withContext(withOther('draft'))
      .when({ ...supersede, now: T.closesAt })
      .thenRejects('closing-time-passed', 'rule-violated');
  });

  it('only the drafter or a board member records it', () => {
    spec
      .given(openDecision())
      .withContext(withOther('draft'))
      .when({ ...supersede, actor: actor(EVE) })
      .thenRejects('not-drafter-or-board-member', 'forbidden');
  });

  it('a superseded decision takes no more votes', () => {
    const superseded = {
      type: 'DecisionSuperseded' as const,
      data: { ...ref, by: 'd-2', reason: 'r', recordedBy: BEN },
    };
    spec
      .given(openDecision(), superseded)
      .when({ type: 'CastVote', decisionId: DECISION, now: T.now, actor: actor(ADA), stance: 'agree', reason: 'r' })
      .thenRejects('decision-not-open', 'rule-violated');
  });
});

describe('decision: correcting the record', () => {
  const correct = {
    type: 'CorrectRecord' as const,
    ...d,
    actor: actor(BEN),
    correctsEventId: 'e-6',
    corrections: { statement: 'The partnership commits £100,000 to design work for Mill Lane, Northborough.' },
    reason: 'Location omitted',
  };

  it("the outcome's author corrects its words by a new event pointing at it; the original stays", () => {
    const state = spec
      .given(approvedDecision(), outcomeRecorded)
      .when(correct)
      .then({
        type: 'RecordCorrected',
        data: {
          ...ref,
          correctsEventId: 'e-6',
          correctedEventType: 'OutcomeRecorded',
          corrections: correct.corrections,
          reason: 'Location omitted',
          correctedBy: BEN,
        },
      });
    expect(state.outcome?.statement).toBe(outcome.statement);
    expect(state.corrections).toEqual([{ correctsEventId: 'e-6', corrections: correct.corrections }]);
  });

  it('a board member may correct an outcome too', () => {
    const events = spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, actor: actor(COL) })
      .events();
    expect(events.map((e) => e.type)).toEqual(['RecordCorrected']);
  });

  it('someone else may not', () => {
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, actor: actor(EVE) })
      .thenRejects('not-permitted-to-correct', 'forbidden');
  });

  it("a voter corrects their vote's reason, not its stance", () => {
    const history = [
      stored('e-1', drafted()),
      ...openDecision()
        .slice(1)
        .map((e) => stored('e-2', e)),
      stored('e-3', voted(ADA, 'agree', 'Good valeu')),
    ];
    const events = spec
      .given(history)
      .when({
        ...correct,
        now: T.now,
        actor: actor(ADA),
        correctsEventId: 'e-3',
        corrections: { reason: 'Good value' },
        reason: 'typo',
      })
      .events();
    expect(events[0]).toMatchObject({
      type: 'RecordCorrected',
      data: { correctedEventType: 'VoteCast', corrections: { reason: 'Good value' } },
    });
    spec
      .given(history)
      .when({
        ...correct,
        now: T.now,
        actor: actor(ADA),
        correctsEventId: 'e-3',
        corrections: { stance: 'disagree' },
        reason: 'x',
      })
      .thenRejects('correction-invalid', 'rule-violated');
  });

  it("only the voter corrects a vote's reason", () => {
    const history = [stored('e-1', drafted()), stored('e-2', openDecision()[1]), stored('e-3', voted(ADA, 'agree'))];
    spec
      .given(history)
      .when({
        ...correct,
        now: T.now,
        actor: actor(COL),
        correctsEventId: 'e-3',
        corrections: { reason: 'x' },
        reason: 'x',
      })
      .thenRejects('not-permitted-to-correct', 'forbidden');
  });

  it('what happened is not correctable: an approval, a sign-off, an opened motion', () => {
    spec
      .given(approvedDecision())
      .when({ ...correct, actor: actor(ADA), correctsEventId: 'e-5' })
      .thenRejects('event-not-correctable', 'rule-violated');
    spec
      .given(approvedDecision())
      .when({ ...correct, actor: actor(ADA), correctsEventId: 'e-3' })
      .thenRejects('event-not-correctable', 'rule-violated');
    spec
      .given(approvedDecision())
      .when({ ...correct, correctsEventId: 'e-1', corrections: { motion: 'x' } })
      .thenRejects('event-not-correctable', 'rule-violated');
  });

  it('the corrected event must be one of this decision', () => {
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, correctsEventId: 'e-99' })
      .thenRejects('corrected-event-not-found', 'rule-violated');
  });

  it('a correction restates at least one correctable field, with proper values', () => {
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, corrections: {} })
      .thenRejects('correction-invalid', 'rule-violated');
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, corrections: { reasons: [] } })
      .thenRejects('correction-invalid', 'rule-violated');
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, corrections: { statement: ' ' } })
      .thenRejects('correction-invalid', 'rule-violated');
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, corrections: { recordedBy: 'x' } })
      .thenRejects('correction-invalid', 'rule-violated');
  });

  it('a correction needs a reason', () => {
    spec
      .given(approvedDecision(), outcomeRecorded)
      .when({ ...correct, reason: '' })
      .thenRejects('reason-required', 'rule-violated');
  });

  it('the record stays correctable after the partnership is dissolved', () => {
    const events = spec
      .given(approvedDecision(), outcomeRecorded)
      .withContext(contextFor([...activePartnership, dissolved]))
      .when(correct)
      .events();
    expect(events.map((e) => e.type)).toEqual(['RecordCorrected']);
  });

  it("an interest's nature is corrected by its declarer", () => {
    const history = [stored('e-1', drafted()), stored('e-2', interestDeclared(ADA, 'Own a neighbouring proprety'))];
    spec
      .given(history)
      .when({
        ...correct,
        now: T.now,
        actor: actor(ADA),
        correctsEventId: 'e-2',
        corrections: { nature: 'Owns a neighbouring property' },
        reason: 'typo',
      })
      .then({
        type: 'RecordCorrected',
        data: {
          ...ref,
          correctsEventId: 'e-2',
          correctedEventType: 'InterestDeclared',
          corrections: { nature: 'Owns a neighbouring property' },
          reason: 'typo',
          correctedBy: ADA,
        },
      });
  });
});
