import {
  activePartnership,
  actor,
  ADA,
  ASSOC,
  authorityDelegated,
  BEN,
  COL,
  COUNCIL,
  councilHistory,
  DAN,
  DECISION,
  EVE,
  OLI,
  organisations,
  PARTNERSHIP,
  T,
} from '../shared/fixtures';
import type { OrganisationEvent } from '../organisation/organisation.events';
import type { PartnershipEvent } from '../partnership/partnership.events';
import {
  approvedBySignOff,
  authorityOf,
  contextFor,
  dispensed,
  drafted,
  interestDeclared,
  openBoardDecision,
  opened,
  openDecision,
  ref,
  signedOff,
  spec,
  boardSpec,
} from './decision.test-fixtures';

const d = { decisionId: DECISION, now: T.now };
const signOff = (who: typeof ADA, now: string = T.now) => ({ type: 'SignOff' as const, ...d, now, actor: actor(who) });
const councilWith = (...extra: OrganisationEvent[]) =>
  contextFor(activePartnership, { organisations: organisations({ [COUNCIL]: [...councilHistory, ...extra] }) });
const revokedAda = (revokedAt: string): OrganisationEvent => ({
  type: 'AuthorityRevoked',
  data: {
    organisationId: COUNCIL,
    authorityId: 'ada-1',
    personId: 'ada',
    reason: 'restructure',
    revokedAt,
    revokedBy: { personId: 'cal', orgId: COUNCIL },
  },
});

describe('decision: sign-off', () => {
  it('a member signs off for their organisation; the authority relied on is recorded', () => {
    spec
      .given(openDecision())
      .when(signOff(ADA))
      .then({
        type: 'SignOffRecorded',
        data: { ...ref, party: COUNCIL, personId: 'ada', authority: authorityOf(ADA), signedAt: T.now },
      });
  });

  it("the last party's sign-off also approves the decision, listing the sign-offs", () => {
    const state = spec
      .given(openDecision(), signedOff(ADA))
      .when(signOff(DAN))
      .then(signedOff(DAN), approvedBySignOff());
    expect(state.status).toBe('approved');
  });

  it('a member without delegated authority cannot sign off', () => {
    spec.given(openDecision()).when(signOff(BEN)).thenRejects('no-valid-authority', 'rule-violated');
  });

  it("the authority must cover the decision's category", () => {
    spec
      .given(drafted({ category: 'land-disposal' }), opened())
      .when(signOff(DAN))
      .thenRejects('authority-category-not-covered', 'rule-violated');
  });

  it("the authority must cover the decision's value", () => {
    spec
      .given(drafted({ valuePence: 30_000_000 }), opened())
      .when(signOff(DAN))
      .thenRejects('authority-value-exceeded', 'rule-violated');
  });

  it('the authority must be valid at that moment: not yet in force', () => {
    spec
      .given(openDecision())
      .withContext(
        contextFor(activePartnership, {
          organisations: organisations({
            [COUNCIL]: [
              ...councilHistory.slice(0, 5),
              authorityDelegated('ada-1', ADA, ['development'], 100_000_000, { validFrom: '2026-06-01T00:00:00Z' }),
            ],
          }),
        }),
      )
      .when(signOff(ADA))
      .thenRejects('no-valid-authority', 'rule-violated');
  });

  it('the authority must be valid at that moment: expired', () => {
    spec
      .given(openDecision())
      .withContext(
        contextFor(activePartnership, {
          organisations: organisations({
            [COUNCIL]: [
              ...councilHistory.slice(0, 5),
              authorityDelegated('ada-1', ADA, ['development'], 100_000_000, { validTo: '2026-05-01T09:59:59Z' }),
            ],
          }),
        }),
      )
      .when(signOff(ADA))
      .thenRejects('no-valid-authority', 'rule-violated');
  });

  it('revoked authority no longer counts', () => {
    spec
      .given(openDecision())
      .withContext(councilWith(revokedAda('2026-05-01T08:00:00Z')))
      .when(signOff(ADA))
      .thenRejects('no-valid-authority', 'rule-violated');
  });

  it('revoking authority later does not invalidate an earlier sign-off', () => {
    spec
      .given(openDecision(), signedOff(ADA, '2026-05-01T09:30:00Z'))
      .withContext(councilWith(revokedAda('2026-05-01T09:45:00Z')))
      .when(signOff(DAN))
      .then(signedOff(DAN), approvedBySignOff());
  });

  it('one current sign-off per party', () => {
    spec
      .given(openDecision(), signedOff(ADA))
      .when(signOff(ADA))
      .thenRejects('party-already-signed-off', 'rule-violated');
  });

  it('a member with a declared interest and no dispensation does not sign off', () => {
    spec
      .given(openDecision(), interestDeclared(ADA))
      .when(signOff(ADA))
      .thenRejects('interest-not-dispensed', 'rule-violated');
  });

  it('with a dispensation they sign off', () => {
    const events = spec.given(openDecision(), interestDeclared(ADA), dispensed(ADA)).when(signOff(ADA)).events();
    expect(events.map((e) => e.type)).toEqual(['SignOffRecorded']);
  });

  it('sign-offs only while open: not on a draft', () => {
    spec.given(drafted()).when(signOff(ADA)).thenRejects('decision-not-open', 'rule-violated');
  });

  it('sign-offs only while open: not once approved', () => {
    spec
      .given(openDecision(), signedOff(ADA), signedOff(DAN), approvedBySignOff())
      .when(signOff(ADA))
      .thenRejects('decision-not-open', 'rule-violated');
  });

  it('sign-offs only before the closing time', () => {
    spec.given(openDecision()).when(signOff(ADA, T.closesAt)).thenRejects('closing-time-passed', 'rule-violated');
  });

  it('not while the partnership is suspended', () => {
    const suspended: PartnershipEvent = {
      type: 'PartnershipSuspended',
      data: { partnershipId: PARTNERSHIP, reason: 'r', suspendedBy: DAN, authority: authorityOf(DAN) },
    };
    spec
      .given(openDecision())
      .withContext(contextFor([...activePartnership, suspended]))
      .when(signOff(ADA))
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('a board-majority decision is not decided by sign-off', () => {
    boardSpec.given(openBoardDecision()).when(signOff(ADA)).thenRejects('sign-off-not-applicable', 'rule-violated');
  });

  it('a member of an organisation outside the partnership cannot sign off', () => {
    spec.given(openDecision()).when(signOff(OLI)).thenRejects('not-a-party', 'forbidden');
  });

  it('nobody signs off for an organisation they are not a member of', () => {
    spec
      .given(openDecision())
      .when({ ...signOff(ADA), actor: { ...actor(ADA), orgId: ASSOC } })
      .thenRejects('not-a-member', 'forbidden');
  });
});

describe('decision: withdrawing a sign-off', () => {
  const withdraw = (who: typeof ADA, reason = 'New costs emerged') => ({
    type: 'WithdrawSignOff' as const,
    ...d,
    actor: actor(who),
    reason,
  });

  it('the signer withdraws it while open', () => {
    const state = spec
      .given(openDecision(), signedOff(ADA))
      .when(withdraw(ADA))
      .then({
        type: 'SignOffWithdrawn',
        data: { ...ref, party: COUNCIL, personId: 'ada', reason: 'New costs emerged', withdrawnBy: ADA },
      });
    expect(state.signOffs).toEqual({});
  });

  it('another member of the same party with covering authority may withdraw it', () => {
    spec
      .given(openDecision(), signedOff(ADA))
      .withContext(councilWith(authorityDelegated('col-1', COL, ['development'], 50_000_000)))
      .when(withdraw(COL))
      .then({
        type: 'SignOffWithdrawn',
        data: { ...ref, party: COUNCIL, personId: 'ada', reason: 'New costs emerged', withdrawnBy: COL },
      });
  });

  it('a colleague without authority may not', () => {
    spec
      .given(openDecision(), signedOff(ADA))
      .when(withdraw(BEN))
      .thenRejects('not-permitted-to-withdraw-sign-off', 'forbidden');
  });

  it("there must be a sign-off of the actor's party", () => {
    spec
      .given(openDecision(), signedOff(ADA))
      .when(withdraw(DAN))
      .thenRejects('no-sign-off-to-withdraw', 'rule-violated');
  });

  it('a withdrawal needs a reason', () => {
    spec.given(openDecision(), signedOff(ADA)).when(withdraw(ADA, '')).thenRejects('reason-required', 'rule-violated');
  });

  it('not once resolved', () => {
    spec
      .given(openDecision(), signedOff(ADA), signedOff(DAN), approvedBySignOff())
      .when(withdraw(ADA))
      .thenRejects('decision-not-open', 'rule-violated');
  });
});

describe("decision: a party's refusal", () => {
  const refuse = (who: typeof ADA, reason = 'Not affordable this year') => ({
    type: 'RefuseSignOff' as const,
    ...d,
    actor: actor(who),
    reason,
  });

  it("a party's authorised member refuses: the decision is rejected at once", () => {
    const state = spec
      .given(openDecision(), signedOff(ADA))
      .when(refuse(DAN))
      .then({
        type: 'DecisionRejected',
        data: {
          ...ref,
          rule: 'all-parties-sign-off',
          rejectedAt: T.now,
          refusal: {
            party: ASSOC,
            personId: 'dan',
            authorityId: 'dan-1',
            instrument: 'Scheme of delegation 2026 §dan-1',
            reason: 'Not affordable this year',
          },
        },
      });
    expect(state.status).toBe('rejected');
  });

  it('a member without authority cannot refuse for their party', () => {
    spec.given(openDecision()).when(refuse(EVE)).thenRejects('no-valid-authority', 'rule-violated');
  });

  it('a party that has signed off withdraws first', () => {
    spec
      .given(openDecision(), signedOff(DAN))
      .when(refuse(DAN))
      .thenRejects('party-already-signed-off', 'rule-violated');
  });

  it('a refusal needs a reason', () => {
    spec.given(openDecision()).when(refuse(DAN, '')).thenRejects('reason-required', 'rule-violated');
  });

  it('a refuser with an undispensed interest may not refuse', () => {
    spec
      .given(openDecision(), interestDeclared(DAN))
      .when(refuse(DAN))
      .thenRejects('interest-not-dispensed', 'rule-violated');
  });

  it('under board-majority there is no refusal by a party', () => {
    boardSpec.given(openBoardDecision()).when(refuse(DAN)).thenRejects('sign-off-not-applicable', 'rule-violated');
  });
});
