/** Council procedure: key decisions open only on the forward plan's notice, or a recorded exception. */
import type { StoredEvent } from '../shared/event';
import { actor, ADA, BEN, CAL, DECISION, EVE, T } from '../shared/fixtures';
import { specFor } from '../shared/testing';
import { decisionAggregate } from './decision.aggregate';
import type { DecisionCommand } from './decision.commands';
import type { DecisionContext } from './decision.context';
import type { DecisionEvent } from './decision.events';
import type { DecisionState } from './decision.state';
import { contextFor, drafted, opened, ref, withKeyRules } from './decision.test-fixtures';

/** ≥ £500,000 or any land disposal is key; Cal chairs scrutiny. */
const councilTerms = withKeyRules({
  thresholdPence: 50_000_000,
  categories: ['land-disposal'],
  scrutinyChairPersonId: CAL.personId,
});
const spec = specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(
  decisionAggregate,
  contextFor(councilTerms),
);

const d = { decisionId: DECISION };
const key = () => drafted({ valuePence: 60_000_000 });
const open = { type: 'OpenDecision', ...d, actor: actor(BEN), now: T.now, closesAt: T.closesAt } as const;
const onPlan = (publishedAt: string): DecisionEvent => ({
  type: 'ForwardPlanEntryPublished',
  data: {
    ...ref,
    item: 'Mill Lane scheme',
    decisionMaker: 'Partnership board',
    expectedDate: '2026-05-01',
    documents: [],
    key: true,
    publishedAt,
    publishedBy: BEN,
  },
});
const exception = (publishedAt: string): DecisionEvent => ({
  type: 'GeneralExceptionRecorded',
  data: {
    ...ref,
    reason: 'Grant offer expires',
    scrutinyChairPersonId: CAL.personId,
    scrutinyChairNotifiedAt: publishedAt,
    publishedAt,
    recordedBy: BEN,
  },
});

describe('key decisions: what the terms make key', () => {
  it('a decision under the threshold and outside the categories opens as before', () => {
    spec
      .given(drafted())
      .when(open)
      .then(opened({ termsVersion: 1 }));
  });

  it('without keyDecisions in the terms nothing is key', () => {
    specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(decisionAggregate, contextFor())
      .given(key())
      .when(open)
      .then(opened());
  });

  it('a value at the threshold is key: not on the forward plan, it may not be opened', () => {
    spec
      .given(drafted({ valuePence: 50_000_000 }))
      .when(open)
      .thenRejects('key-decision-not-on-forward-plan', 'rule-violated');
  });

  it('a listed category is key whatever its value', () => {
    spec
      .given(drafted({ category: 'land-disposal', valuePence: 100 }))
      .when(open)
      .thenRejects('key-decision-not-on-forward-plan', 'rule-violated');
  });
});

describe('key decisions: the forward plan (reg 9, 28 clear days)', () => {
  it('a draft goes on the forward plan: item, decision maker, expected date, documents, whether key', () => {
    spec
      .given(key())
      .when({
        type: 'PublishForwardPlanEntry',
        ...d,
        actor: actor(BEN),
        now: '2026-04-01T09:00:00Z',
        decisionMaker: 'Partnership board',
        expectedDate: '2026-05-01',
        documents: ['Mill Lane feasibility report'],
      })
      .then({
        type: 'ForwardPlanEntryPublished',
        data: {
          ...ref,
          item: 'Mill Lane scheme',
          decisionMaker: 'Partnership board',
          expectedDate: '2026-05-01',
          documents: ['Mill Lane feasibility report'],
          key: true,
          publishedAt: '2026-04-01T09:00:00Z',
          publishedBy: BEN,
        },
      });
  });

  it('28 clear days on the plan (neither the day published nor the day opened counted) opens it, recorded as such', () => {
    spec
      .given(key(), onPlan('2026-04-02T09:00:00Z'))
      .when(open)
      .then(opened({ termsVersion: 1, keyDecision: 'forward-plan' }));
  });

  it('27 clear days is a day short: the refusal names the first date it may be opened', () => {
    const error = spec
      .given(key(), onPlan('2026-04-03T09:00:00Z'))
      .when(open)
      .thenRejects('key-decision-not-on-forward-plan', 'rule-violated');
    expect(error.details).toMatchObject({ earliestDate: '2026-05-02' });
  });

  it('days are counted in London: 23:30 UTC on 1 April is 2 April there', () => {
    spec
      .given(key(), onPlan('2026-04-01T23:30:00Z'))
      .when(open)
      .then(opened({ termsVersion: 1, keyDecision: 'forward-plan' }));
    spec
      .given(key(), onPlan('2026-04-02T23:30:00Z'))
      .when(open)
      .thenRejects('key-decision-not-on-forward-plan', 'rule-violated');
  });

  it('an entry for a date already past is refused', () => {
    spec
      .given(key())
      .when({
        type: 'PublishForwardPlanEntry',
        ...d,
        actor: actor(BEN),
        now: T.now,
        decisionMaker: 'Partnership board',
        expectedDate: '2026-04-30',
      })
      .thenRejects('forward-plan-date-past', 'rule-violated');
  });

  it('a decision goes on the plan once, while a draft, by its drafter or a board member', () => {
    const entry = {
      type: 'PublishForwardPlanEntry',
      ...d,
      actor: actor(BEN),
      now: T.now,
      decisionMaker: 'Partnership board',
      expectedDate: '2026-06-01',
    } as const;
    spec
      .given(key(), onPlan(T.draftedAt))
      .when(entry)
      .thenRejects('forward-plan-entry-already-published', 'rule-violated');
    spec.given(key(), opened()).when(entry).thenRejects('decision-not-draft', 'rule-violated');
    spec
      .given(key())
      .when({ ...entry, actor: actor(EVE) })
      .thenRejects('not-drafter-or-board-member', 'forbidden');
    spec
      .given(key())
      .when({ ...entry, expectedDate: '1 June' })
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(key())
      .when({ ...entry, decisionMaker: ' ' })
      .thenRejects('field-required', 'bad-input');
  });
});

describe('key decisions: general exception (reg 10, 5 clear days after notice to the scrutiny chair)', () => {
  const record = {
    type: 'RecordGeneralException',
    ...d,
    actor: actor(BEN),
    now: '2026-04-25T09:00:00Z',
    reason: 'Grant offer expires',
    scrutinyChairNotifiedAt: '2026-04-24T16:00:00Z',
  } as const;

  it('is recorded with the notice to the scrutiny chair the terms name', () => {
    spec
      .given(key())
      .when(record)
      .then({
        type: 'GeneralExceptionRecorded',
        data: {
          ...ref,
          reason: 'Grant offer expires',
          scrutinyChairPersonId: CAL.personId,
          scrutinyChairNotifiedAt: '2026-04-24T16:00:00Z',
          publishedAt: '2026-04-25T09:00:00Z',
          recordedBy: BEN,
        },
      });
  });

  it('opens the decision 5 clear days after publication, recorded as such; 4 is too few', () => {
    spec
      .given(key(), exception('2026-04-25T09:00:00Z'))
      .when(open)
      .then(opened({ termsVersion: 1, keyDecision: 'general-exception' }));
    spec
      .given(key(), exception('2026-04-26T09:00:00Z'))
      .when(open)
      .thenRejects('key-decision-not-on-forward-plan', 'rule-violated');
  });

  it('without its notice to the scrutiny chair, or with one after now, it is refused', () => {
    const { scrutinyChairNotifiedAt: _, ...withoutNotice } = record;
    spec.given(key()).when(withoutNotice).thenRejects('notice-to-scrutiny-chair-required', 'rule-violated');
    spec
      .given(key())
      .when({ ...record, scrutinyChairNotifiedAt: '2026-04-26T09:00:00Z' })
      .thenRejects('notice-to-scrutiny-chair-required', 'rule-violated');
  });

  it('only for a key decision, under terms naming a scrutiny chair, once, with a reason', () => {
    spec.given(drafted()).when(record).thenRejects('not-a-key-decision', 'rule-violated');
    specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(
      decisionAggregate,
      contextFor(withKeyRules({ thresholdPence: 50_000_000 })),
    )
      .given(key())
      .when(record)
      .thenRejects('scrutiny-chair-not-named', 'rule-violated');
    spec
      .given(key(), exception('2026-04-20T09:00:00Z'))
      .when(record)
      .thenRejects('general-exception-already-recorded', 'rule-violated');
    spec
      .given(key())
      .when({ ...record, reason: '' })
      .thenRejects('reason-required', 'rule-violated');
  });
});

describe('key decisions: special urgency (reg 11, the scrutiny chair agrees)', () => {
  const agree = {
    type: 'AgreeSpecialUrgency',
    ...d,
    actor: actor(CAL),
    now: '2026-04-30T12:00:00Z',
    reason: 'Flood repairs cannot wait',
  } as const;

  it('the scrutiny chair agrees; the decision then opens at once, recorded as such', () => {
    spec
      .given(key())
      .when(agree)
      .then({
        type: 'SpecialUrgencyAgreed',
        data: { ...ref, reason: 'Flood repairs cannot wait', agreedAt: '2026-04-30T12:00:00Z', agreedBy: CAL },
      });
    spec
      .given(key(), {
        type: 'SpecialUrgencyAgreed',
        data: { ...ref, reason: 'Flood repairs cannot wait', agreedAt: '2026-04-30T12:00:00Z', agreedBy: CAL },
      })
      .when(open)
      .then(opened({ termsVersion: 1, keyDecision: 'special-urgency' }));
  });

  it('nobody else may agree it, not even a board member', () => {
    spec
      .given(key())
      .when({ ...agree, actor: actor(ADA) })
      .thenRejects('not-scrutiny-chair', 'forbidden');
  });

  it('a forward-plan entry that has run its 28 days is the basis recorded, not an exception', () => {
    spec
      .given(key(), onPlan('2026-03-01T09:00:00Z'), exception('2026-04-20T09:00:00Z'))
      .when(open)
      .then(opened({ termsVersion: 1, keyDecision: 'forward-plan' }));
  });
});

describe('key decisions: the forward plan and its exceptions recorded after the fact', () => {
  const DECEMBER = '2026-12-07T09:12:00Z';
  const DRAFTED = '2026-03-20T09:00:00Z';
  /** The draft as read from the log: it says when it was drafted. */
  const keyDrafted = (): StoredEvent<DecisionEvent> => ({ ...key(), occurredAt: DRAFTED });
  const inDecember = (over: Partial<DecisionCommand> & Pick<DecisionCommand, 'type'>, occurredAt: string) =>
    ({ ...d, actor: actor(BEN), now: DECEMBER, occurredAt, ...over }) as DecisionCommand;
  const planEntry = {
    type: 'PublishForwardPlanEntry',
    decisionMaker: 'Partnership board',
    expectedDate: '2026-05-01',
  } as const;

  it('dates a forward plan entry when it was published, its expected date judged then, so a past key decision opens on it', () => {
    const [entry] = spec.given(keyDrafted()).when(inDecember(planEntry, '2026-04-01T09:00:00Z')).events();
    expect(entry.data).toMatchObject({ publishedAt: '2026-04-01T09:00:00Z', expectedDate: '2026-05-01' });
    spec
      .given(keyDrafted(), entry)
      .when(inDecember({ type: 'OpenDecision', closesAt: T.closesAt }, T.now))
      .then(opened({ termsVersion: 1, keyDecision: 'forward-plan' }));
    spec
      .given(keyDrafted())
      .when(inDecember(planEntry, '2026-05-02T09:00:00Z'))
      .thenRejects('forward-plan-date-past', 'rule-violated');
  });

  it('refuses a forward plan entry, an exception or urgency dated before the draft', () => {
    const early = '2026-03-19T09:00:00Z';
    for (const command of [
      inDecember(planEntry, early),
      inDecember({ type: 'RecordGeneralException', reason: 'r', scrutinyChairNotifiedAt: early }, early),
      inDecember({ type: 'AgreeSpecialUrgency', reason: 'r', actor: actor(CAL) }, early),
    ])
      spec.given(keyDrafted()).when(command).thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('dates a general exception and special urgency when they happened; the chair’s notice comes first', () => {
    const april = '2026-04-20T09:00:00Z';
    spec
      .given(keyDrafted())
      .when(
        inDecember(
          { type: 'RecordGeneralException', reason: 'Grant offer expires', scrutinyChairNotifiedAt: april },
          april,
        ),
      )
      .then(exception(april));
    spec
      .given(keyDrafted())
      .when(
        inDecember(
          { type: 'RecordGeneralException', reason: 'r', scrutinyChairNotifiedAt: '2026-04-21T09:00:00Z' },
          april,
        ),
      )
      .thenRejects('notice-to-scrutiny-chair-required', 'rule-violated');
    spec
      .given(keyDrafted())
      .when(inDecember({ type: 'AgreeSpecialUrgency', reason: 'The grant lapses on Friday', actor: actor(CAL) }, april))
      .then({
        type: 'SpecialUrgencyAgreed',
        data: { ...ref, reason: 'The grant lapses on Friday', agreedAt: april, agreedBy: CAL },
      });
  });
});
