import {
  activated,
  activePartnership,
  ADA,
  actor,
  ASSOC,
  assocHistory,
  authorityDelegated,
  BEN,
  COL,
  COUNCIL,
  DAN,
  EVE,
  FUNDER,
  joined,
  OLI,
  organisations,
  OUTSIDER,
  PARTNERSHIP,
  proposed,
  proposePartnership,
  SHA,
  T,
  termsAgreed,
} from '../shared/fixtures';
import { specFor } from '../shared/testing';
import type { PartnershipCommand } from './partnership.commands';
import type { AuthorisingDecision, PartnershipContext } from './partnership.context';
import type { AuthorityRef, PartnershipEvent } from './partnership.events';
import { partnershipAggregate } from './partnership.aggregate';
import type { PartnershipState } from './partnership.state';

const context: PartnershipContext = { organisations: organisations() };
const spec = specFor<PartnershipState, PartnershipCommand, PartnershipEvent, PartnershipContext>(
  partnershipAggregate,
  context,
);
const p = { partnershipId: PARTNERSHIP, now: T.now };

const ADA_AUTHORITY: AuthorityRef = {
  authorityId: 'ada-1',
  instrument: 'Scheme of delegation 2026 §ada-1',
  categories: ['land-disposal', 'funding', 'nominations', 'development', 'objectives', 'risk', 'governance', 'other'],
  valueLimitPence: 100_000_000,
  validFrom: T.validFrom,
};
const DAN_AUTHORITY: AuthorityRef = {
  authorityId: 'dan-1',
  instrument: 'Scheme of delegation 2026 §dan-1',
  categories: ['governance', 'funding', 'development', 'other'],
  valueLimitPence: 25_000_000,
  validFrom: T.validFrom,
};

const objectiveSet: PartnershipEvent = {
  type: 'ObjectiveSet',
  data: {
    partnershipId: PARTNERSHIP,
    objectiveId: 'o-1',
    title: '400 homes',
    description: 'Start on site by 2027',
    setBy: ADA,
  },
};
const riskRaised: PartnershipEvent = {
  type: 'RiskRaised',
  data: {
    partnershipId: PARTNERSHIP,
    riskId: 'r-1',
    title: 'Build costs',
    description: 'Inflation',
    ownerParty: ASSOC,
    likelihood: 4,
    impact: 3,
    raisedBy: BEN,
  },
};
const suspendedByDan: PartnershipEvent = {
  type: 'PartnershipSuspended',
  data: { partnershipId: PARTNERSHIP, reason: 'funding dispute', suspendedBy: DAN, authority: DAN_AUTHORITY },
};

describe('partnership: propose', () => {
  const propose = proposePartnership(T.now);

  it('a member of a party proposes a partnership between registered organisations', () => {
    spec
      .given()
      .when({ ...propose, parties: [COUNCIL, ASSOC] })
      .then(proposed([COUNCIL, ASSOC]));
  });

  it('needs two or more parties', () => {
    spec
      .given()
      .when({ ...propose, parties: [COUNCIL] })
      .thenRejects('partnership-needs-two-parties', 'rule-violated');
  });

  it('lists each party once', () => {
    spec
      .given()
      .when({ ...propose, parties: [COUNCIL, ASSOC, COUNCIL] })
      .thenRejects('duplicate-party', 'rule-violated');
  });

  it("the proposer's own organisation must be a party", () => {
    spec
      .given()
      .when({ ...propose, parties: [ASSOC, FUNDER] })
      .thenRejects('not-a-party', 'forbidden');
  });

  it('the proposer must be a member of their organisation on the ledger, whatever the token says', () => {
    spec
      .given()
      .when({ ...propose, actor: { ...actor(OLI), orgId: COUNCIL }, parties: [COUNCIL, ASSOC] })
      .thenRejects('not-a-member', 'forbidden');
  });

  it('every party must be a registered organisation', () => {
    spec
      .given()
      .when({ ...propose, parties: [COUNCIL, 'unknown-org'] })
      .thenRejects('party-not-registered', 'rule-violated');
  });

  it('a partnership id is used once', () => {
    spec
      .given(proposed())
      .when({ ...propose, parties: [COUNCIL, ASSOC] })
      .thenRejects('partnership-already-exists', 'rule-violated');
  });
});

describe('partnership: joining and activation', () => {
  const join = { type: 'JoinPartnership' as const, ...p };

  it('a party joins through its member holding governance authority, which is recorded', () => {
    spec
      .given(proposed())
      .when({ ...join, actor: actor(ADA) })
      .then({
        type: 'PartyJoined',
        data: { partnershipId: PARTNERSHIP, party: COUNCIL, joinedBy: ADA, authority: ADA_AUTHORITY, joinedAt: T.now },
      });
  });

  it('the last party to join activates the partnership', () => {
    const state = spec
      .given(proposed(), joined(ADA, 'ada-1'))
      .when({ ...join, actor: actor(DAN) })
      .then(
        {
          type: 'PartyJoined',
          data: { partnershipId: PARTNERSHIP, party: ASSOC, joinedBy: DAN, authority: DAN_AUTHORITY, joinedAt: T.now },
        },
        {
          type: 'PartnershipActivated',
          data: { partnershipId: PARTNERSHIP, parties: [COUNCIL, ASSOC], activatedAt: T.now },
        },
      );
    expect(state.status).toBe('active');
  });

  it('joining records the terms-of-reference version accepted', () => {
    const events = spec
      .given(proposed(), termsAgreed(1, 'board-majority', 2))
      .when({ ...join, actor: actor(ADA) })
      .events();
    expect(events[0]).toMatchObject({ type: 'PartyJoined', data: { termsVersion: 1 } });
  });

  it('a member without governance authority cannot commit their organisation', () => {
    spec
      .given(proposed())
      .when({ ...join, actor: actor(BEN) })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('expired authority does not count', () => {
    const ctx = {
      organisations: organisations({
        [ASSOC]: [
          ...assocHistory.slice(0, 4),
          authorityDelegated('dan-1', DAN, ['governance'], 0, {
            validFrom: '2025-01-01T00:00:00Z',
            validTo: '2026-01-01T00:00:00Z',
          }),
        ],
      }),
    };
    spec
      .given(proposed())
      .withContext(ctx)
      .when({ ...join, actor: actor(DAN) })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('only a party joins', () => {
    spec
      .given(proposed())
      .when({ ...join, actor: actor(OLI) })
      .thenRejects('not-a-party', 'forbidden');
  });

  it('a party joins once', () => {
    spec
      .given(proposed(), joined(ADA, 'ada-1'))
      .when({ ...join, actor: actor(ADA) })
      .thenRejects('party-already-joined', 'rule-violated');
  });

  it('an active partnership is not joined again', () => {
    spec
      .given(activePartnership)
      .when({ ...join, actor: actor(ADA) })
      .thenRejects('partnership-not-proposed', 'rule-violated');
  });

  it('a missing partnership is not found', () => {
    spec
      .given()
      .when({ ...join, actor: actor(ADA) })
      .thenRejects('partnership-not-found', 'not-found');
  });
});

describe('partnership: terms of reference', () => {
  const agree = {
    type: 'AgreeTermsOfReference' as const,
    ...p,
    actor: actor(ADA),
    version: 1,
    approvalRule: 'board-majority' as const,
    quorum: 2,
    textSha256: SHA,
  };
  const approvedGovernance: AuthorisingDecision = {
    decisionId: 'd-tor',
    partnershipId: PARTNERSHIP,
    status: 'approved',
    category: 'governance',
  };

  it('before any party joins, an authorised member of a party records them', () => {
    spec
      .given(proposed())
      .when(agree)
      .then({
        type: 'TermsOfReferenceAgreed',
        data: {
          partnershipId: PARTNERSHIP,
          version: 1,
          approvalRule: 'board-majority',
          quorum: 2,
          textSha256: SHA,
          agreedBy: ADA,
          authority: ADA_AUTHORITY,
        },
      });
  });

  it('say how meetings are held: notice period, substitutes, the chair’s casting vote', () => {
    const state = spec
      .given(proposed())
      .when({ ...agree, noticeClearWorkingDays: 3, substitutesAllowed: true, chairCastingVote: false })
      .then({
        type: 'TermsOfReferenceAgreed',
        data: {
          partnershipId: PARTNERSHIP,
          version: 1,
          approvalRule: 'board-majority',
          quorum: 2,
          textSha256: SHA,
          agreedBy: ADA,
          authority: ADA_AUTHORITY,
          noticeClearWorkingDays: 3,
          substitutesAllowed: true,
          chairCastingVote: false,
        },
      });
    expect(state.terms).toMatchObject({ noticeClearWorkingDays: 3, substitutesAllowed: true, chairCastingVote: false });
    spec
      .given(proposed())
      .when({ ...agree, substitutesAllowed: 'yes' as never })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('may set how long a member’s interests are kept after they leave the board', () => {
    const [agreed] = spec.given(proposed()).when(agree).events();
    const state = spec
      .given(proposed())
      .when({ ...agree, interestsRetentionDays: 365 })
      .then({ ...agreed, data: { ...agreed.data, interestsRetentionDays: 365 } } as PartnershipEvent);
    expect(state.terms).toMatchObject({ interestsRetentionDays: 365 });
    for (const bad of [-1, 1.5, 3651, '30'])
      spec
        .given(proposed())
        .when({ ...agree, interestsRetentionDays: bad as never })
        .thenRejects('invalid-field', 'bad-input');
  });

  it('say what is a key decision (a threshold, categories or both) and who chairs scrutiny', () => {
    const keyDecisions = {
      thresholdPence: 50_000_000,
      categories: ['land-disposal' as const],
      scrutinyChairPersonId: 'cal',
      callInClearWorkingDays: 5,
      callInMembers: 2,
    };
    const state = spec
      .given(proposed())
      .when({ ...agree, keyDecisions })
      .then({
        type: 'TermsOfReferenceAgreed',
        data: {
          partnershipId: PARTNERSHIP,
          version: 1,
          approvalRule: 'board-majority',
          quorum: 2,
          textSha256: SHA,
          agreedBy: ADA,
          authority: ADA_AUTHORITY,
          keyDecisions,
        },
      });
    expect(state.terms?.keyDecisions).toEqual(keyDecisions);
    for (const bad of [
      {},
      { categories: [] },
      { categories: ['parking'] },
      { thresholdPence: -1 },
      { thresholdPence: 1, callInClearWorkingDays: 21 },
      { thresholdPence: 1, callInMembers: 0 },
    ]) {
      spec
        .given(proposed())
        .when({ ...agree, keyDecisions: bad as never })
        .thenRejects('invalid-field', 'bad-input');
    }
  });

  it('once a party has joined on the current terms they are fixed until activation', () => {
    spec
      .given(proposed(), joined(ADA, 'ada-1'))
      .when(agree)
      .thenRejects('terms-already-accepted-by-a-party', 'rule-violated');
  });

  it('an active partnership changes its terms only by an approved governance decision', () => {
    spec.given(activePartnership).when(agree).thenRejects('authorising-decision-required', 'rule-violated');
  });

  it('with an approved governance decision of the partnership, new terms are agreed', () => {
    spec
      .given(activePartnership)
      .withContext({ ...context, decisions: { 'd-tor': approvedGovernance } })
      .when({ ...agree, authorisedByDecisionId: 'd-tor' })
      .then({
        type: 'TermsOfReferenceAgreed',
        data: {
          partnershipId: PARTNERSHIP,
          version: 1,
          approvalRule: 'board-majority',
          quorum: 2,
          textSha256: SHA,
          agreedBy: ADA,
          authority: ADA_AUTHORITY,
          authorisedByDecisionId: 'd-tor',
        },
      });
  });

  it.each([
    ['not approved', { ...approvedGovernance, status: 'open' }],
    ['not a governance decision', { ...approvedGovernance, category: 'funding' }],
    ['of another partnership', { ...approvedGovernance, partnershipId: 'other' }],
  ])('an authorising decision %s is refused', (_label, decision) => {
    spec
      .given(activePartnership)
      .withContext({ ...context, decisions: { 'd-tor': decision } })
      .when({ ...agree, authorisedByDecisionId: 'd-tor' })
      .thenRejects('authorising-decision-invalid', 'rule-violated');
  });

  it('a new version must be newer', () => {
    spec
      .given(proposed(), termsAgreed(2, 'all-parties-sign-off', 1))
      .when({ ...agree, version: 2 })
      .thenRejects('terms-version-not-newer', 'rule-violated');
  });

  it('needs governance authority', () => {
    spec
      .given(proposed())
      .when({ ...agree, actor: actor(BEN) })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('a quorum is at least 1 and the text hash is SHA-256 hex', () => {
    spec
      .given(proposed())
      .when({ ...agree, quorum: 0 })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(proposed())
      .when({ ...agree, textSha256: 'abc' })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(proposed())
      .when({ ...agree, approvalRule: 'unanimity' as never })
      .thenRejects('invalid-field', 'bad-input');
  });
});

describe('partnership: board', () => {
  const appoint = { type: 'AppointBoardMember' as const, ...p, actor: actor(ADA) };
  const base = [proposed(), joined(ADA, 'ada-1'), joined(DAN, 'dan-1'), activated()];

  it("a party's authorised member appoints one of its own members", () => {
    spec
      .given(base)
      .when({ ...appoint, personId: COL.personId, boardRole: 'Cabinet member for housing' })
      .then({
        type: 'BoardMemberAppointed',
        data: {
          partnershipId: PARTNERSHIP,
          personId: 'col',
          party: COUNCIL,
          boardRole: 'Cabinet member for housing',
          appointedBy: ADA,
        },
      });
  });

  it("a party appoints only its own members, not another party's", () => {
    spec
      .given(base)
      .when({ ...appoint, personId: DAN.personId })
      .thenRejects('appointee-not-a-member', 'rule-violated');
  });

  it('a board member is appointed once', () => {
    spec
      .given(activePartnership)
      .when({ ...appoint, personId: COL.personId })
      .thenRejects('board-member-already-appointed', 'rule-violated');
  });

  it('appointing needs governance authority', () => {
    spec
      .given(base)
      .when({ ...appoint, actor: actor(BEN), personId: COL.personId })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('nobody is appointed to a dissolved partnership', () => {
    const dissolved: PartnershipEvent = {
      type: 'PartnershipDissolved',
      data: { partnershipId: PARTNERSHIP, reason: 'done', dissolvedBy: ADA, authority: ADA_AUTHORITY },
    };
    spec
      .given(base, dissolved)
      .when({ ...appoint, personId: COL.personId })
      .thenRejects('partnership-dissolved', 'rule-violated');
  });

  it('a board member stands down themselves', () => {
    spec
      .given(activePartnership)
      .when({ type: 'StandDownBoardMember', ...p, actor: actor(COL), personId: COL.personId, reason: 'new portfolio' })
      .then({
        type: 'BoardMemberStoodDown',
        data: {
          partnershipId: PARTNERSHIP,
          personId: 'col',
          party: COUNCIL,
          reason: 'new portfolio',
          stoodDownBy: COL,
        },
      });
  });

  it("their own organisation's authorised member stands them down", () => {
    spec
      .given(activePartnership)
      .when({ type: 'StandDownBoardMember', ...p, actor: actor(ADA), personId: COL.personId })
      .then({
        type: 'BoardMemberStoodDown',
        data: { partnershipId: PARTNERSHIP, personId: 'col', party: COUNCIL, stoodDownBy: ADA },
      });
  });

  it("another party cannot stand down a party's representative", () => {
    spec
      .given(activePartnership)
      .when({ type: 'StandDownBoardMember', ...p, actor: actor(ADA), personId: DAN.personId })
      .thenRejects('not-own-organisation', 'forbidden');
  });

  it('a colleague without governance authority cannot stand someone down', () => {
    spec
      .given(activePartnership)
      .when({ type: 'StandDownBoardMember', ...p, actor: actor(BEN), personId: COL.personId })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('only a board member stands down', () => {
    spec
      .given(activePartnership)
      .when({ type: 'StandDownBoardMember', ...p, actor: actor(ADA), personId: BEN.personId })
      .thenRejects('board-member-not-found', 'not-found');
  });
});

describe('partnership: objectives and progress', () => {
  const set = {
    type: 'SetObjective' as const,
    ...p,
    actor: actor(ADA),
    objectiveId: 'o-1',
    title: '400 homes',
    description: 'Start on site by 2027',
  };

  it('a board member sets an objective', () => {
    spec
      .given(activePartnership)
      .when({ ...set, targetDate: '2027-03-31' })
      .then({
        type: 'ObjectiveSet',
        data: {
          partnershipId: PARTNERSHIP,
          objectiveId: 'o-1',
          title: '400 homes',
          description: 'Start on site by 2027',
          targetDate: '2027-03-31',
          setBy: ADA,
        },
      });
  });

  it('only a board member sets objectives', () => {
    spec
      .given(activePartnership)
      .when({ ...set, actor: actor(BEN) })
      .thenRejects('not-a-board-member', 'forbidden');
  });

  it('objectives are set once the partnership is active', () => {
    spec
      .given(proposed(), {
        type: 'BoardMemberAppointed',
        data: { partnershipId: PARTNERSHIP, personId: 'ada', party: COUNCIL, appointedBy: ADA },
      })
      .when(set)
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('an objective id is used once', () => {
    spec.given(activePartnership, objectiveSet).when(set).thenRejects('objective-already-exists', 'rule-violated');
  });

  it('a target date is a calendar date', () => {
    spec
      .given(activePartnership)
      .when({ ...set, targetDate: '2027-02-29' })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a board member revises an objective; only what changes is recorded, with the reason', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReviseObjective',
        ...p,
        actor: actor(DAN),
        objectiveId: 'o-1',
        title: '400 homes',
        description: 'Start on site by 2028',
        reason: 'planning delay',
      })
      .then({
        type: 'ObjectiveRevised',
        data: {
          partnershipId: PARTNERSHIP,
          objectiveId: 'o-1',
          description: 'Start on site by 2028',
          reason: 'planning delay',
          revisedBy: DAN,
        },
      });
  });

  it('a revision must change something', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReviseObjective',
        ...p,
        actor: actor(DAN),
        objectiveId: 'o-1',
        title: '400 homes',
        reason: 'none',
      })
      .thenRejects('revision-empty', 'rule-violated');
  });

  it('only an existing objective is revised', () => {
    spec
      .given(activePartnership)
      .when({ type: 'ReviseObjective', ...p, actor: actor(DAN), objectiveId: 'o-9', title: 'x', reason: 'r' })
      .thenRejects('objective-not-found', 'not-found');
  });

  it('any member of a party reports progress', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReportProgress',
        ...p,
        actor: actor(BEN),
        objectiveId: 'o-1',
        percentComplete: 25,
        rag: 'amber',
        summary: 'Site acquired',
      })
      .then({
        type: 'ProgressReported',
        data: {
          partnershipId: PARTNERSHIP,
          objectiveId: 'o-1',
          percentComplete: 25,
          rag: 'amber',
          summary: 'Site acquired',
          reportedBy: BEN,
        },
      });
  });

  it('progress is a whole percentage from 0 to 100', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReportProgress',
        ...p,
        actor: actor(BEN),
        objectiveId: 'o-1',
        percentComplete: 101,
        rag: 'green',
        summary: 's',
      })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('progress is reported against an existing objective', () => {
    spec
      .given(activePartnership)
      .when({
        type: 'ReportProgress',
        ...p,
        actor: actor(BEN),
        objectiveId: 'o-9',
        percentComplete: 1,
        rag: 'green',
        summary: 's',
      })
      .thenRejects('objective-not-found', 'not-found');
  });

  it('a member of an organisation outside the partnership does nothing in it', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReportProgress',
        ...p,
        actor: actor(OLI),
        objectiveId: 'o-1',
        percentComplete: 1,
        rag: 'green',
        summary: 's',
      })
      .thenRejects('not-a-party', 'forbidden');
  });

  it('a person acts only for their own organisation: a token naming another party is refused', () => {
    spec
      .given(activePartnership, objectiveSet)
      .when({
        type: 'ReportProgress',
        ...p,
        actor: { ...actor(BEN), orgId: ASSOC },
        objectiveId: 'o-1',
        percentComplete: 1,
        rag: 'green',
        summary: 's',
      })
      .thenRejects('not-a-member', 'forbidden');
  });
});

describe('partnership: risk register', () => {
  const raise = {
    type: 'RaiseRisk' as const,
    ...p,
    actor: actor(BEN),
    riskId: 'r-1',
    title: 'Build costs',
    description: 'Inflation',
    ownerParty: ASSOC,
    likelihood: 4,
    impact: 3,
  };

  it('a member of a party raises a risk owned by a party', () => {
    spec.given(activePartnership).when(raise).then(riskRaised);
  });

  it('the owner must be a party', () => {
    spec
      .given(activePartnership)
      .when({ ...raise, ownerParty: OUTSIDER })
      .thenRejects('party-not-in-partnership', 'rule-violated');
  });

  it('likelihood and impact are scored 1 to 5', () => {
    spec
      .given(activePartnership)
      .when({ ...raise, likelihood: 6 })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(activePartnership)
      .when({ ...raise, impact: 0 })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a risk id is used once', () => {
    spec.given(activePartnership, riskRaised).when(raise).thenRejects('risk-already-exists', 'rule-violated');
  });

  it("the risk owner's member assigns a mitigation to a party", () => {
    spec
      .given(activePartnership, riskRaised)
      .when({
        type: 'AssignMitigation',
        ...p,
        actor: actor(EVE),
        riskId: 'r-1',
        party: COUNCIL,
        action: 'Fix prices with contractor',
        dueDate: '2026-09-30',
      })
      .then({
        type: 'MitigationAssigned',
        data: {
          partnershipId: PARTNERSHIP,
          riskId: 'r-1',
          party: COUNCIL,
          action: 'Fix prices with contractor',
          dueDate: '2026-09-30',
          assignedBy: EVE,
        },
      });
  });

  it('a board member may also assign a mitigation', () => {
    const events = spec
      .given(activePartnership, riskRaised)
      .when({
        type: 'AssignMitigation',
        ...p,
        actor: actor(ADA),
        riskId: 'r-1',
        party: ASSOC,
        action: 'Value engineering',
      })
      .events();
    expect(events.map((e) => e.type)).toEqual(['MitigationAssigned']);
  });

  it('someone neither of the owner party nor on the board may not', () => {
    spec
      .given(activePartnership, riskRaised)
      .when({ type: 'AssignMitigation', ...p, actor: actor(BEN), riskId: 'r-1', party: ASSOC, action: 'x' })
      .thenRejects('not-risk-owner-or-board-member', 'forbidden');
  });

  it('a mitigation is assigned to a party', () => {
    spec
      .given(activePartnership, riskRaised)
      .when({ type: 'AssignMitigation', ...p, actor: actor(EVE), riskId: 'r-1', party: FUNDER, action: 'x' })
      .thenRejects('party-not-in-partnership', 'rule-violated');
  });

  it('the risk owner closes a risk with a reason', () => {
    spec
      .given(activePartnership, riskRaised)
      .when({ type: 'CloseRisk', ...p, actor: actor(EVE), riskId: 'r-1', reason: 'Contract signed at fixed price' })
      .then({
        type: 'RiskClosed',
        data: { partnershipId: PARTNERSHIP, riskId: 'r-1', reason: 'Contract signed at fixed price', closedBy: EVE },
      });
  });

  it('a closed risk is neither mitigated nor closed again', () => {
    const closed: PartnershipEvent = {
      type: 'RiskClosed',
      data: { partnershipId: PARTNERSHIP, riskId: 'r-1', reason: 'r', closedBy: EVE },
    };
    spec
      .given(activePartnership, riskRaised, closed)
      .when({ type: 'CloseRisk', ...p, actor: actor(EVE), riskId: 'r-1', reason: 'again' })
      .thenRejects('risk-closed', 'rule-violated');
    spec
      .given(activePartnership, riskRaised, closed)
      .when({ type: 'AssignMitigation', ...p, actor: actor(EVE), riskId: 'r-1', party: ASSOC, action: 'x' })
      .thenRejects('risk-closed', 'rule-violated');
  });

  it('an unknown risk is not found', () => {
    spec
      .given(activePartnership)
      .when({ type: 'CloseRisk', ...p, actor: actor(EVE), riskId: 'r-9', reason: 'r' })
      .thenRejects('risk-not-found', 'not-found');
  });

  it('the register stays open while the partnership is suspended', () => {
    spec.given(activePartnership, suspendedByDan).when(raise).then(riskRaised);
  });
});

describe('partnership: suspend, resume, dissolve', () => {
  it("a party's authorised member suspends an active partnership, with a reason", () => {
    spec
      .given(activePartnership)
      .when({ type: 'SuspendPartnership', ...p, actor: actor(DAN), reason: 'funding dispute' })
      .then(suspendedByDan);
  });

  it('only an active partnership is suspended', () => {
    spec
      .given(activePartnership, suspendedByDan)
      .when({ type: 'SuspendPartnership', ...p, actor: actor(ADA), reason: 'r' })
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('suspending needs governance authority', () => {
    spec
      .given(activePartnership)
      .when({ type: 'SuspendPartnership', ...p, actor: actor(EVE), reason: 'r' })
      .thenRejects('governance-authority-required', 'forbidden');
  });

  it('the suspending party resumes', () => {
    const state = spec
      .given(activePartnership, suspendedByDan)
      .when({ type: 'ResumePartnership', ...p, actor: actor(DAN), reason: 'dispute settled' })
      .then({
        type: 'PartnershipResumed',
        data: { partnershipId: PARTNERSHIP, reason: 'dispute settled', resumedBy: DAN, authority: DAN_AUTHORITY },
      });
    expect(state.status).toBe('active');
  });

  it('another party cannot lift the suspension', () => {
    spec
      .given(activePartnership, suspendedByDan)
      .when({ type: 'ResumePartnership', ...p, actor: actor(ADA) })
      .thenRejects('resume-by-suspending-party-only', 'forbidden');
  });

  it('only a suspended partnership resumes', () => {
    spec
      .given(activePartnership)
      .when({ type: 'ResumePartnership', ...p, actor: actor(ADA) })
      .thenRejects('partnership-not-suspended', 'rule-violated');
  });

  it("a party's authorised member dissolves it, with a reason", () => {
    spec
      .given(activePartnership, suspendedByDan)
      .when({ type: 'DissolvePartnership', ...p, actor: actor(ADA), reason: 'objectives met' })
      .then({
        type: 'PartnershipDissolved',
        data: { partnershipId: PARTNERSHIP, reason: 'objectives met', dissolvedBy: ADA, authority: ADA_AUTHORITY },
      });
  });

  it('dissolving needs a reason', () => {
    spec
      .given(activePartnership)
      .when({ type: 'DissolvePartnership', ...p, actor: actor(ADA), reason: ' ' })
      .thenRejects('field-required', 'bad-input');
  });

  it('a dissolved partnership is final', () => {
    const dissolved: PartnershipEvent = {
      type: 'PartnershipDissolved',
      data: { partnershipId: PARTNERSHIP, reason: 'r', dissolvedBy: ADA, authority: ADA_AUTHORITY },
    };
    spec
      .given(activePartnership, dissolved)
      .when({ type: 'DissolvePartnership', ...p, actor: actor(ADA), reason: 'again' })
      .thenRejects('partnership-dissolved', 'rule-violated');
    spec
      .given(activePartnership, dissolved)
      .when({ type: 'ResumePartnership', ...p, actor: actor(ADA) })
      .thenRejects('partnership-dissolved', 'rule-violated');
  });
});
