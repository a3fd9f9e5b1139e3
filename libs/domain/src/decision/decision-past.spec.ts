import {
  activePartnership,
  actor,
  ADA,
  ASSOC,
  BEN,
  COL,
  COUNCIL,
  councilHistory,
  DAN,
  DECISION,
  organisations,
  PARTNERSHIP,
  T,
} from '../shared/fixtures';
import type { OrganisationEvent } from '../organisation/organisation.events';
import { DECEMBER } from '../shared/past.test-fixtures';
import type { DecisionCommand } from './decision.commands';
import {
  approvedBySignOff,
  authorityOf,
  boardDrafted,
  boardSpec,
  contextFor,
  drafted,
  opened,
  otherDecision,
  ref,
  signedOff,
  spec,
  voted,
} from './decision.test-fixtures';

/**
 * A decision of March entered in December (DESIGN §5 "Two clocks"): every act says when it
 * happened, and the rules that depend on time are checked then, not when it is recorded.
 */
const MARCH = {
  opened: '2026-03-02T10:00:00Z',
  vote: '2026-03-05T18:40:00Z',
  closesAt: '2026-03-13T17:00:00Z',
  afterClose: '2026-03-14T09:00:00Z',
};

const past = (over: Partial<DecisionCommand> & Pick<DecisionCommand, 'type'>, who = ADA): DecisionCommand =>
  ({ decisionId: DECISION, actor: actor(who), now: DECEMBER, ...over }) as DecisionCommand;

const openedInMarch = () => [drafted(), opened({ openedAt: MARCH.opened, closesAt: MARCH.closesAt })];
const boardOpenedInMarch = () => [
  boardDrafted(),
  opened({
    approvalRule: 'board-majority',
    quorum: 2,
    termsVersion: 1,
    openedAt: MARCH.opened,
    closesAt: MARCH.closesAt,
  }),
];

describe('decision: acts recorded at their real past dates', () => {
  it('opens in the past with a closing time already passed on the wall clock, dated when it opened', () => {
    spec
      .given(drafted())
      .when(past({ type: 'OpenDecision', closesAt: MARCH.closesAt, occurredAt: MARCH.opened }, BEN))
      .then(opened({ openedAt: MARCH.opened, closesAt: MARCH.closesAt }));
  });

  it('refuses an opening dated in the future, or closing before it opened', () => {
    spec
      .given(drafted())
      .when(past({ type: 'OpenDecision', closesAt: '2027-01-30T17:00:00Z', occurredAt: '2026-12-08T09:00:00Z' }, BEN))
      .thenRejects('occurred-at-in-future', 'rule-violated');
    spec
      .given(drafted())
      .when(past({ type: 'OpenDecision', closesAt: MARCH.opened, occurredAt: MARCH.closesAt }, BEN))
      .thenRejects('closing-time-not-in-future', 'rule-violated');
  });

  it('refuses a draft dated in the future, and an occurredAt that is not an instant (400)', () => {
    spec
      .given()
      .when(
        past({
          type: 'DraftDecision',
          partnershipId: PARTNERSHIP,
          title: 't',
          motion: 'm',
          category: 'other',
          occurredAt: '2026-12-08T09:00:00Z',
        }),
      )
      .thenRejects('occurred-at-in-future', 'rule-violated');
    spec
      .given(openedInMarch())
      .when(past({ type: 'CastVote', stance: 'agree', reason: 'r', occurredAt: '5 March' }))
      .thenRejects('invalid-field', 'bad-input');
  });

  it('takes a vote cast before the closing time though recorded after it, and refuses one dated after', () => {
    boardSpec
      .given(boardOpenedInMarch())
      .when(past({ type: 'CastVote', stance: 'agree', reason: 'ada agrees', occurredAt: MARCH.vote }))
      .then(voted(ADA, 'agree', 'ada agrees'));
    boardSpec
      .given(boardOpenedInMarch())
      .when(past({ type: 'CastVote', stance: 'agree', reason: 'r', occurredAt: MARCH.afterClose }))
      .thenRejects('closing-time-passed', 'rule-violated');
  });

  it('refuses an act dated before the decision opened', () => {
    boardSpec
      .given(boardOpenedInMarch())
      .when(past({ type: 'CastVote', stance: 'agree', reason: 'r', occurredAt: '2026-03-01T18:00:00Z' }))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(openedInMarch())
      .when(
        past({ type: 'DeclareInterest', nature: 'Owns a neighbouring property', occurredAt: '2026-02-01T00:00:00Z' }),
      )
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('dates the resolution the last vote brings about when that vote was cast', () => {
    boardSpec
      .given(...boardOpenedInMarch(), voted(ADA, 'agree'), voted(COL, 'agree'))
      .when(past({ type: 'CastVote', stance: 'disagree', reason: 'dan disagrees', occurredAt: MARCH.vote }, DAN))
      .then(voted(DAN, 'disagree', 'dan disagrees'), {
        type: 'DecisionApproved',
        data: {
          ...ref,
          rule: 'board-majority',
          approvedAt: MARCH.vote,
          tally: { agree: 2, disagree: 1, abstain: 0, quorum: 2 },
        },
      });
  });

  it('signs off on the authority valid when it was signed, not the one valid when recorded', () => {
    const aprilSignOff = '2026-04-10T12:00:00Z';
    const aprilDecision = [drafted(), opened({ openedAt: '2026-04-02T10:00:00Z', closesAt: '2026-04-30T17:00:00Z' })];
    // Ada's authority (from 1 April) was revoked in June: her April sign-off stands on it.
    const revokedInJune: OrganisationEvent = {
      type: 'AuthorityRevoked',
      data: {
        organisationId: COUNCIL,
        authorityId: 'ada-1',
        personId: 'ada',
        reason: 'restructure',
        revokedAt: '2026-06-01T00:00:00Z',
        revokedBy: { personId: 'cal', orgId: COUNCIL },
      },
    };
    spec
      .given(aprilDecision)
      .withContext(
        contextFor(activePartnership, {
          organisations: organisations({ [COUNCIL]: [...councilHistory, revokedInJune] }),
        }),
      )
      .when(past({ type: 'SignOff', occurredAt: aprilSignOff }))
      .then({
        type: 'SignOffRecorded',
        data: { ...ref, party: COUNCIL, personId: 'ada', authority: authorityOf(ADA), signedAt: aprilSignOff },
      });
    // In March, before it was delegated, she had none.
    spec
      .given(openedInMarch())
      .when(past({ type: 'SignOff', occurredAt: MARCH.vote }))
      .thenRejects('no-valid-authority', 'rule-violated');
  });

  it('dates a refusal when it was made, and the approval of the last sign-off when it was given', () => {
    const aprilDecision = [drafted(), opened({ openedAt: '2026-04-02T10:00:00Z', closesAt: '2026-04-30T17:00:00Z' })];
    const at = '2026-04-20T16:00:00Z';
    const events = spec
      .given(...aprilDecision, signedOff(ADA, '2026-04-10T12:00:00Z'))
      .when(past({ type: 'SignOff', occurredAt: at }, DAN))
      .events();
    expect(events.map((e) => e.type)).toEqual(['SignOffRecorded', 'DecisionApproved']);
    expect(events[1].data).toMatchObject({ approvedAt: at });
    const refused = spec
      .given(aprilDecision)
      .when(past({ type: 'RefuseSignOff', reason: 'not affordable', occurredAt: at }, DAN))
      .events();
    expect(refused[0]).toMatchObject({ type: 'DecisionRejected', data: { rejectedAt: at } });
  });

  it('refuses a sign-off withdrawn before it was given', () => {
    spec
      .given(...openedInMarch(), signedOff(DAN, MARCH.vote))
      .when(past({ type: 'WithdrawSignOff', reason: 'r', occurredAt: MARCH.opened }, DAN))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('refuses an outcome dated before the decision was resolved', () => {
    spec
      .given(drafted(), opened(), signedOff(ADA), signedOff(DAN), approvedBySignOff())
      .when(
        past({
          type: 'RecordOutcome',
          statement: 's',
          reasons: ['r'],
          alternativesRejected: ['a'],
          occurredAt: T.draftedAt,
        }),
      )
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('refuses an interest declared after the closing time, though the decision is still open', () => {
    spec
      .given(openedInMarch())
      .when(past({ type: 'DeclareInterest', nature: 'A tenant of the scheme', occurredAt: MARCH.afterClose }, DAN))
      .thenRejects('closing-time-passed', 'rule-violated');
    spec
      .given(openedInMarch())
      .when(past({ type: 'DeclareInterest', nature: 'A tenant of the scheme', occurredAt: MARCH.vote }, DAN))
      .then({
        type: 'InterestDeclared',
        data: { ...ref, personId: 'dan', orgId: ASSOC, nature: 'A tenant of the scheme' },
      });
  });
});

describe('decision: what follows its approval, recorded at its real past dates', () => {
  // approvedBySignOff: approved at T.now (1 May 2026); the rescinding decision was approved on 1 June.
  const JUNE = { rescinding: '2026-06-01T10:00:00Z', rescinded: '2026-06-10T14:00:00Z' };
  const withRescinding = contextFor(activePartnership, {
    decisions: { 'd-2': otherDecision('approved', { resolvedAt: JUNE.rescinding }) },
  });
  const rescind = (occurredAt: string) =>
    past({ type: 'RescindDecision', reason: 'Funding withdrawn', authorisedByDecisionId: 'd-2', occurredAt });
  const approved = () => [drafted(), opened(), signedOff(ADA), signedOff(DAN), approvedBySignOff()];

  it('rescinds when the rescinding decision took effect, though recorded months later', () => {
    spec
      .given(approved())
      .withContext(withRescinding)
      .when(rescind(JUNE.rescinded))
      .then({
        type: 'DecisionRescinded',
        data: { ...ref, reason: 'Funding withdrawn', authorisedByDecisionId: 'd-2', rescindedBy: ADA },
      });
  });

  it('refuses a rescission dated before the decision that authorises it, or in the future', () => {
    spec
      .given(approved())
      .withContext(withRescinding)
      .when(rescind('2026-05-20T10:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec
      .given(approved())
      .withContext(withRescinding)
      .when(rescind('2026-12-08T09:00:00Z'))
      .thenRejects('occurred-at-in-future', 'rule-violated');
  });

  it('refuses a rescission dated before the rescinded decision was approved', () => {
    spec
      .given(approved())
      .withContext(
        contextFor(activePartnership, {
          decisions: { 'd-2': otherDecision('approved', { resolvedAt: '2026-04-01T10:00:00Z' }) },
        }),
      )
      .when(rescind('2026-04-20T10:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('supersedes an open decision only as of a time before it closed, and never before it opened', () => {
    const supersede = (occurredAt: string) =>
      past({ type: 'SupersedeDecision', by: 'd-2', reason: 'Re-drafted with revised costs', occurredAt }, BEN);
    const withDraft = contextFor(activePartnership, { decisions: { 'd-2': otherDecision('draft') } });
    spec
      .given(openedInMarch())
      .withContext(withDraft)
      .when(supersede(MARCH.vote))
      .then({
        type: 'DecisionSuperseded',
        data: { ...ref, by: 'd-2', reason: 'Re-drafted with revised costs', recordedBy: BEN },
      });
    spec
      .given(openedInMarch())
      .withContext(withDraft)
      .when(supersede(MARCH.afterClose))
      .thenRejects('closing-time-passed', 'rule-violated');
    spec
      .given(openedInMarch())
      .withContext(withDraft)
      .when(supersede('2026-03-01T09:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('dates an implementation when the decision was put into effect, never before its approval', () => {
    spec
      .given(approved())
      .when(past({ type: 'RecordImplementation', occurredAt: JUNE.rescinding }, BEN))
      .then({ type: 'DecisionImplemented', data: { ...ref, implementedAt: JUNE.rescinding, recordedBy: BEN } });
    spec
      .given(approved())
      .when(past({ type: 'RecordImplementation', occurredAt: T.draftedAt }, BEN))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });
});
