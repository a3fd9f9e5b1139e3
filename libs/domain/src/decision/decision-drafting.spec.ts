import {
  activePartnership,
  actor,
  ADA,
  appointed,
  boardMajorityPartnership,
  BEN,
  COUNCIL,
  ASSOC,
  DAN,
  DECISION,
  EVE,
  OLI,
  PARTNERSHIP,
  proposed,
  T,
} from '../shared/fixtures';
import type { PartnershipEvent } from '../partnership/partnership.events';
import { boardDrafted, boardSpec, contextFor, drafted, opened, ref, spec } from './decision.test-fixtures';

const d = { decisionId: DECISION, now: T.now };
const draft = {
  type: 'DraftDecision' as const,
  ...d,
  actor: actor(BEN),
  partnershipId: PARTNERSHIP,
  title: 'Mill Lane scheme',
  motion: 'That the partnership commits £100,000 to design work for the Mill Lane scheme',
  category: 'development' as const,
  valuePence: 10_000_000,
};
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

describe('decision: draft', () => {
  it('a member of a party drafts a decision in an active partnership; the rule defaults to all-parties-sign-off', () => {
    spec.given().when(draft).then(drafted());
  });

  it("the approval rule comes from the partnership's terms of reference", () => {
    boardSpec.given().when(draft).then(boardDrafted());
  });

  it('a decision without a value omits it', () => {
    const { valuePence: _omit, ...rest } = draft;
    const events = spec.given().when(rest).events();
    expect(events[0].data).not.toHaveProperty('valuePence');
  });

  it('decisions are drafted only in an active partnership (not one merely proposed)', () => {
    spec
      .given()
      .withContext(contextFor([proposed()]))
      .when(draft)
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('decisions are not drafted while the partnership is suspended', () => {
    spec
      .given()
      .withContext(contextFor([...activePartnership, suspended]))
      .when(draft)
      .thenRejects('partnership-not-active', 'rule-violated');
  });

  it('the partnership must exist', () => {
    spec
      .given()
      .withContext({ organisations: contextFor().organisations })
      .when(draft)
      .thenRejects('partnership-not-found', 'not-found');
  });

  it('only members of a party draft', () => {
    spec
      .given()
      .when({ ...draft, actor: actor(OLI) })
      .thenRejects('not-a-party', 'forbidden');
  });

  it('a decision id is used once', () => {
    spec.given(drafted()).when(draft).thenRejects('decision-already-exists', 'rule-violated');
  });

  it('the category is one of the decision categories', () => {
    spec
      .given()
      .when({ ...draft, category: 'parking' as never })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('money is whole pence', () => {
    spec
      .given()
      .when({ ...draft, valuePence: 99.5 })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a motion is required', () => {
    spec
      .given()
      .when({ ...draft, motion: '' })
      .thenRejects('field-required', 'bad-input');
  });
});

describe('decision: amend (draft only)', () => {
  it("a draft's text may change; only what changes is recorded", () => {
    spec
      .given(drafted())
      .when({
        type: 'AmendDecision',
        ...d,
        actor: actor(ADA),
        title: 'Mill Lane scheme',
        motion: 'That the partnership commits £90,000',
        valuePence: 9_000_000,
      })
      .then({
        type: 'DecisionAmended',
        data: { ...ref, motion: 'That the partnership commits £90,000', valuePence: 9_000_000, amendedBy: ADA },
      });
  });

  it('an amendment may clear the value', () => {
    const state = spec
      .given(drafted())
      .when({ type: 'AmendDecision', ...d, actor: actor(BEN), valuePence: null })
      .then({ type: 'DecisionAmended', data: { ...ref, valuePence: null, amendedBy: BEN } });
    expect(state).not.toHaveProperty('valuePence');
  });

  it("an opened decision's text is frozen", () => {
    spec
      .given(drafted(), opened())
      .when({ type: 'AmendDecision', ...d, actor: actor(BEN), motion: 'Something else' })
      .thenRejects('decision-not-draft', 'rule-violated');
  });

  it('an amendment must change something', () => {
    spec
      .given(drafted())
      .when({ type: 'AmendDecision', ...d, actor: actor(BEN), title: 'Mill Lane scheme' })
      .thenRejects('amendment-empty', 'rule-violated');
  });

  it('an unknown decision is not found', () => {
    spec
      .given()
      .when({ type: 'AmendDecision', ...d, actor: actor(BEN), title: 'x' })
      .thenRejects('decision-not-found', 'not-found');
  });

  it('only members of a party amend', () => {
    spec
      .given(drafted())
      .when({ type: 'AmendDecision', ...d, actor: actor(OLI), title: 'x' })
      .thenRejects('not-a-party', 'forbidden');
  });
});

describe('decision: open', () => {
  const open = { type: 'OpenDecision' as const, ...d, actor: actor(BEN), closesAt: T.closesAt };

  it('the drafter opens it with a closing time in the future; the parties are fixed on the event', () => {
    spec.given(drafted()).when(open).then(opened());
  });

  it('a board member may open it too', () => {
    spec
      .given(drafted())
      .when({ ...open, actor: actor(DAN) })
      .then(opened({ openedBy: DAN }));
  });

  it('under board-majority the quorum and terms version in force are fixed on the event', () => {
    boardSpec
      .given(boardDrafted())
      .when(open)
      .then({
        type: 'DecisionOpened',
        data: {
          ...ref,
          openedAt: T.now,
          closesAt: T.closesAt,
          approvalRule: 'board-majority',
          parties: [COUNCIL, ASSOC],
          quorum: 2,
          termsVersion: 1,
          openedBy: BEN,
        },
      });
  });

  it('someone who neither drafted it nor sits on the board may not open it', () => {
    spec
      .given(drafted())
      .when({ ...open, actor: actor(EVE) })
      .thenRejects('not-drafter-or-board-member', 'forbidden');
  });

  it('the closing time must lie in the future (now is not enough)', () => {
    spec
      .given(drafted())
      .when({ ...open, closesAt: T.now })
      .thenRejects('closing-time-not-in-future', 'rule-violated');
  });

  it('a closing time in the past is refused', () => {
    spec
      .given(drafted())
      .when({ ...open, closesAt: '2026-04-30T10:00:00Z' })
      .thenRejects('closing-time-not-in-future', 'rule-violated');
  });

  it('the closing time is an ISO instant', () => {
    spec
      .given(drafted())
      .when({ ...open, closesAt: 'next friday' })
      .thenRejects('invalid-field', 'bad-input');
  });

  it('a decision is opened once', () => {
    spec.given(drafted(), opened()).when(open).thenRejects('decision-not-draft', 'rule-violated');
  });

  it('a board smaller than the quorum could never decide, so the decision is not opened', () => {
    const standDown = (personId: string, party: string): PartnershipEvent => ({
      type: 'BoardMemberStoodDown',
      data: { partnershipId: PARTNERSHIP, personId, party, stoodDownBy: ADA },
    });
    boardSpec
      .given(boardDrafted())
      .withContext(contextFor([...boardMajorityPartnership, standDown('col', COUNCIL), standDown('dan', ASSOC)]))
      .when(open)
      .thenRejects('quorum-unreachable', 'rule-violated');
  });

  it('a board grown back to the quorum can open it', () => {
    const events = boardSpec
      .given(boardDrafted())
      .withContext(contextFor([...boardMajorityPartnership, appointed(BEN)]))
      .when(open)
      .events();
    expect(events.map((e) => e.type)).toEqual(['DecisionOpened']);
  });

  it('not while the partnership is suspended', () => {
    spec
      .given(drafted())
      .withContext(contextFor([...activePartnership, suspended]))
      .when(open)
      .thenRejects('partnership-not-active', 'rule-violated');
  });
});
