/** Council procedure: after its notice an approved decision may be called in, and waits to be implemented. */
import { roleGranted } from '../meeting/meeting.test-fixtures';
import {
  actor,
  ASSOC,
  assocHistory,
  BEN,
  CAL,
  COL,
  COUNCIL,
  councilHistory,
  DECISION,
  EVE,
  OLI,
  organisations,
  OUTSIDER,
  outsiderHistory,
} from '../shared/fixtures';
import { DECEMBER } from '../shared/past.test-fixtures';
import { specFor } from '../shared/testing';
import { SCHEDULER_ACTOR } from './decision-schedule';
import { decisionAggregate } from './decision.aggregate';
import type { DecisionCommand } from './decision.commands';
import type { DecisionContext } from './decision.context';
import type { DecisionEvent } from './decision.events';
import type { DecisionState } from './decision.state';
import {
  approvedBySignOff,
  contextFor,
  drafted,
  opened,
  ref,
  spec as noProcedure,
  withKeyRules,
} from './decision.test-fixtures';

const rules = { thresholdPence: 50_000_000, scrutinyChairPersonId: CAL.personId };
const specUnder = (keyDecisions: Record<string, unknown>) =>
  specFor<DecisionState, DecisionCommand, DecisionEvent, DecisionContext>(
    decisionAggregate,
    contextFor(withKeyRules(keyDecisions), {
      organisations: organisations({
        [COUNCIL]: [...councilHistory, roleGranted(COL, 'scrutiny')],
        [ASSOC]: [...assocHistory, roleGranted(EVE, 'scrutiny')],
        [OUTSIDER]: [...outsiderHistory, roleGranted(OLI, 'scrutiny')],
      }),
    }),
  );
const spec = specUnder(rules);

const d = { decisionId: DECISION };
/** Wednesday 20 May 2026: five working days run to Thursday 28 May, over the spring bank holiday (25 May). */
const NOTICE_AT = '2026-05-20T12:00:00Z';
const LAST_DAY = '2026-05-28T22:00:00Z';
const AFTER = '2026-05-29T08:00:00Z';
const outcome: DecisionEvent = {
  type: 'OutcomeRecorded',
  data: { ...ref, statement: 'Approved', reasons: ['Value for money'], alternativesRejected: [], recordedBy: BEN },
};
const approved = (over: Parameters<typeof opened>[0] = {}): DecisionEvent[] => [
  drafted(),
  opened(over),
  approvedBySignOff(),
  outcome,
];
/** Approved as a key decision under special urgency, the scrutiny chair's reason recorded. */
const urgentlyApproved = (): DecisionEvent[] => [
  drafted(),
  {
    type: 'SpecialUrgencyAgreed',
    data: { ...ref, reason: 'The grant lapses on Friday', agreedAt: NOTICE_AT, agreedBy: CAL },
  },
  ...approved({ keyDecision: 'special-urgency' }).slice(1),
];
const publish = { type: 'PublishDecisionNotice', ...d, actor: actor(EVE), now: NOTICE_AT } as const;
const noticed = (): DecisionEvent[] => spec.given(approved()).when(publish).events();
/** Approved and its notice published, then `after`. */
const givenNoticed = (...after: DecisionEvent[]) => spec.given(...approved(), ...noticed(), ...after);

/** Approved, noticed and called in by Eve alone (the terms need one member). */
const calledIn = (): DecisionEvent[] => [...approved(), ...noticed(), ...givenNoticed().when(callIn()).events()];
const scrutiny = (person: typeof EVE) => actor(person);
const callIn = (person = EVE, now = NOTICE_AT) =>
  ({
    type: 'CallInDecision',
    ...d,
    actor: scrutiny(person),
    now,
    reason: `${person.personId}: the costs are unclear`,
  }) as const;
/** Eve alone calls it in (the terms need one member), at `at`. */
const calledInByEve = (at: string): DecisionEvent[] => [
  {
    type: 'CallInRequested',
    data: { ...ref, personId: 'eve', orgId: EVE.orgId, reason: 'eve: the costs are unclear', requestedAt: at },
  },
  { type: 'DecisionCalledIn', data: { ...ref, by: [EVE], reasons: ['eve: the costs are unclear'], calledInAt: at } },
];
const implement = (now: string) => ({ type: 'RecordImplementation', ...d, actor: actor(BEN), now }) as const;
const scrutinyOutcome = (outcome: string, recommendations?: string) =>
  ({
    type: 'RecordScrutinyOutcome',
    ...d,
    actor: actor(CAL),
    now: AFTER,
    outcome,
    ...(recommendations === undefined ? {} : { recommendations }),
  }) as DecisionCommand;

describe('call-in: the notice opens the period', () => {
  it('an approved decision’s notice says the last day it may be called in, in clear working days (default 5)', () => {
    expect(noticed()[0].data).toMatchObject({ callInUntil: '2026-05-28' });
    const two = specUnder({ ...rules, callInClearWorkingDays: 2 })
      .given(approved())
      .when(publish)
      .events();
    expect(two[0].data).toMatchObject({ callInUntil: '2026-05-22' });
  });

  it('a special-urgency decision’s notice says it is exempt, and why; outside council procedure there is no period', () => {
    const [exempt] = spec
      .given(...urgentlyApproved())
      .when(publish)
      .events();
    expect(exempt.data).toMatchObject({ callInExemptReason: 'special urgency: The grant lapses on Friday' });
    expect(exempt.data).not.toHaveProperty('callInUntil');
    const [plain] = noProcedure.given(approved()).when(publish).events();
    expect(plain.data).not.toHaveProperty('callInUntil');
    noProcedure
      .given(approved(), plain)
      .when(implement(NOTICE_AT))
      .then({
        type: 'DecisionImplemented',
        data: { ...ref, implementedAt: NOTICE_AT, recordedBy: BEN },
      });
  });
});

describe('call-in: a notice and an implementation recorded after the fact', () => {
  const inDecember = <C extends { now: string }>(command: C, occurredAt: string) => ({
    ...command,
    now: DECEMBER,
    occurredAt,
  });

  it('runs the period from when the notice was published, not when it was recorded', () => {
    const [notice] = spec.given(approved()).when(inDecember(publish, NOTICE_AT)).events();
    expect(notice.data).toMatchObject({ publishedAt: NOTICE_AT, callInUntil: '2026-05-28' });
  });

  it('refuses a notice dated before the decision was resolved', () => {
    spec
      .given(approved())
      .when(inDecember(publish, '2026-04-30T12:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('judges the period on the day the decision was put into effect, not the day that is recorded', () => {
    const noticedInDecember = spec.given(approved()).when(inDecember(publish, NOTICE_AT)).events();
    spec
      .given(...approved(), ...noticedInDecember)
      .when(inDecember(implement(DECEMBER), LAST_DAY))
      .thenRejects('decision-in-call-in-period', 'rule-violated');
    spec
      .given(...approved(), ...noticedInDecember)
      .when(inDecember(implement(DECEMBER), AFTER))
      .then({ type: 'DecisionImplemented', data: { ...ref, implementedAt: AFTER, recordedBy: BEN } });
  });

  it('takes a call-in asked inside the period though recorded after it, and refuses one dated after it or before the notice', () => {
    givenNoticed()
      .when(inDecember(callIn(EVE), LAST_DAY))
      .then(...calledInByEve(LAST_DAY));
    givenNoticed()
      .when(inDecember(callIn(EVE), AFTER))
      .thenRejects('call-in-period-ended', 'rule-violated');
    givenNoticed()
      .when(inDecember(callIn(EVE), '2026-05-19T12:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('refuses a call-in dated inside the period once the scheduler has recorded its end, or once implemented', () => {
    const ended: DecisionEvent = {
      type: 'CallInPeriodEnded',
      data: { ...ref, callInUntil: '2026-05-28', endedAt: '2026-05-28T23:00:00.000Z' },
    };
    spec
      .given(...approved(), ...noticed(), ended)
      .when(inDecember(callIn(EVE), LAST_DAY))
      .thenRejects('call-in-period-ended', 'rule-violated');
    const implemented = spec
      .given(...approved(), ...noticed())
      .when(inDecember(implement(DECEMBER), AFTER))
      .events();
    spec
      .given(...approved(), ...noticed(), ...implemented)
      .when(inDecember(callIn(EVE), LAST_DAY))
      .thenRejects('decision-already-implemented', 'rule-violated');
  });

  it('refuses an implementation dated before the notice', () => {
    givenNoticed()
      .when(inDecember(implement(DECEMBER), '2026-05-19T12:00:00Z'))
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });
});

describe('call-in: scrutiny members, within the period', () => {
  it('one scrutiny member calls it in with reasons when the terms need one', () => {
    givenNoticed()
      .when(callIn(EVE, LAST_DAY))
      .then(...calledInByEve(LAST_DAY));
  });

  it('when the terms need two, the first request waits for a second member; one member twice is refused', () => {
    const two = specUnder({ ...rules, callInMembers: 2 });
    const first = two
      .given(...approved(), ...noticed())
      .when(callIn(EVE))
      .events();
    expect(first.map((e) => e.type)).toEqual(['CallInRequested']);
    two
      .given(...approved(), ...noticed(), ...first)
      .when(callIn(EVE))
      .thenRejects('call-in-already-requested', 'rule-violated');
    const second = two
      .given(...approved(), ...noticed(), ...first)
      .when(callIn(COL))
      .events();
    expect(second[1]).toMatchObject({
      type: 'DecisionCalledIn',
      data: { by: [EVE, COL], reasons: ['eve: the costs are unclear', 'col: the costs are unclear'] },
    });
  });

  it('is refused after the period, before the notice, once called in, and to anyone without the scrutiny role', () => {
    givenNoticed().when(callIn(EVE, AFTER)).thenRejects('call-in-period-ended', 'rule-violated');
    spec
      .given(...approved())
      .when(callIn())
      .thenRejects('not-subject-to-call-in', 'rule-violated');
    const calledIn = givenNoticed().when(callIn()).events();
    givenNoticed(...calledIn)
      .when(callIn(COL))
      .thenRejects('decision-called-in', 'rule-violated');
    givenNoticed()
      .when({ ...callIn(BEN), actor: actor(BEN, 'member', 'scrutiny') })
      .thenRejects('not-scrutiny-member', 'forbidden');
    givenNoticed()
      .when({ ...callIn(), actor: actor(OLI) })
      .thenRejects('not-a-party', 'forbidden');
    givenNoticed()
      .when({ ...callIn(), reason: ' ' })
      .thenRejects('reason-required', 'rule-violated');
  });
});

describe('call-in: implementation waits', () => {
  it('is refused during the period and allowed the day after it ends', () => {
    givenNoticed().when(implement(LAST_DAY)).thenRejects('decision-in-call-in-period', 'rule-violated');
    givenNoticed()
      .when(implement(AFTER))
      .then({ type: 'DecisionImplemented', data: { ...ref, implementedAt: AFTER, recordedBy: BEN } });
    spec
      .given(...approved())
      .when(implement(AFTER))
      .thenRejects('decision-notice-not-published', 'rule-violated');
    const done = givenNoticed().when(implement(AFTER)).events();
    givenNoticed(...done)
      .when(implement(AFTER))
      .thenRejects('decision-already-implemented', 'rule-violated');
    givenNoticed()
      .when({ ...implement(AFTER), actor: actor(EVE) })
      .thenRejects('not-drafter-or-board-member', 'forbidden');
  });

  it('a called-in decision waits for scrutiny: no further action frees it, a referral does not', () => {
    spec
      .given(...calledIn())
      .when(implement(AFTER))
      .thenRejects('decision-called-in', 'rule-violated');
    const nfa = spec
      .given(...calledIn())
      .when(scrutinyOutcome('no-further-action'))
      .events();
    expect(nfa[0].data).toMatchObject({ outcome: 'no-further-action', recordedBy: CAL });
    spec
      .given(...calledIn(), ...nfa)
      .when(implement(AFTER))
      .events();
    const back = spec
      .given(...calledIn())
      .when(scrutinyOutcome('referred-back', 'Obtain a second valuation'))
      .events();
    spec
      .given(...calledIn(), ...back)
      .when(implement(AFTER))
      .thenRejects('decision-called-in', 'rule-violated');
  });
});

describe('call-in: the scrutiny outcome', () => {
  it('only the scrutiny chair records it, once, for a called-in decision; a referral gives recommendations', () => {
    spec
      .given(...calledIn())
      .when({ ...scrutinyOutcome('no-further-action'), actor: scrutiny(EVE) })
      .thenRejects('not-scrutiny-chair', 'forbidden');
    givenNoticed().when(scrutinyOutcome('no-further-action')).thenRejects('decision-not-called-in', 'rule-violated');
    spec
      .given(...calledIn())
      .when(scrutinyOutcome('referred-to-council'))
      .thenRejects('reason-required', 'rule-violated');
    spec
      .given(...calledIn())
      .when(scrutinyOutcome('dismissed'))
      .thenRejects('invalid-field', 'bad-input');
    const nfa = spec
      .given(...calledIn())
      .when(scrutinyOutcome('no-further-action'))
      .events();
    spec
      .given(...calledIn(), ...nfa)
      .when(scrutinyOutcome('referred-back', 'Again'))
      .thenRejects('scrutiny-outcome-already-recorded', 'rule-violated');
  });
  it('is not dated before the call-in', () => {
    spec
      .given(...calledIn())
      .when({ ...scrutinyOutcome('no-further-action'), occurredAt: '2026-05-19T12:00:00Z' } as DecisionCommand)
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });
});

describe('call-in: reconsideration by the board', () => {
  const reconsider = (who = COL, reason = 'The whole-life costs are now set out') =>
    ({ type: 'ReconsiderDecision', ...d, actor: actor(who), now: AFTER, reason }) as const;
  const referredBack = (): DecisionEvent[] => [
    ...calledIn(),
    ...spec
      .given(...calledIn())
      .when(scrutinyOutcome('referred-back', 'Set out the whole-life costs'))
      .events(),
  ];

  it('a board member confirms a referred-back decision with reasons, once; then it may be implemented', () => {
    const confirmed = spec
      .given(...referredBack())
      .when(reconsider())
      .then({
        type: 'DecisionReconsidered',
        data: {
          ...ref,
          outcome: 'confirmed',
          reason: 'The whole-life costs are now set out',
          reconsideredAt: AFTER,
          reconsideredBy: COL,
        },
      });
    expect(confirmed.reconsideredAt).toBe(AFTER);
    const events = spec
      .given(...referredBack())
      .when(reconsider())
      .events();
    spec
      .given(...referredBack(), ...events)
      .when(implement(AFTER))
      .events();
    spec
      .given(...referredBack(), ...events)
      .when(reconsider())
      .thenRejects('decision-already-reconsidered', 'rule-violated');
  });

  it('is not dated before scrutiny referred it back', () => {
    spec
      .given(...referredBack())
      .when({ ...reconsider(), occurredAt: LAST_DAY })
      .thenRejects('occurred-at-too-early', 'rule-violated');
  });

  it('is refused unless referred back, without reasons, and to anyone not on the board', () => {
    spec
      .given(...calledIn())
      .when(reconsider())
      .thenRejects('decision-not-referred-back', 'rule-violated');
    spec
      .given(...referredBack())
      .when(reconsider(COL, ' '))
      .thenRejects('reason-required', 'rule-violated');
    spec
      .given(...referredBack())
      .when(reconsider(EVE))
      .thenRejects('not-a-board-member', 'forbidden');
  });
});

describe('call-in: the scheduler ends the period', () => {
  const close = (now: string, by = SCHEDULER_ACTOR) => ({ type: 'CloseCallInPeriod', ...d, actor: by, now }) as const;
  /** London midnight after Thursday 28 May 2026 (BST): 23:00 UTC. */
  const ENDS = '2026-05-28T23:00:00.000Z';

  it('ends it once the last London date has passed, dated at that midnight however late it runs', () => {
    givenNoticed().when(close('2026-05-28T22:59:59Z')).thenRejects('call-in-period-not-over', 'rule-violated');
    const expected = { type: 'CallInPeriodEnded', data: { ...ref, callInUntil: '2026-05-28', endedAt: ENDS } } as const;
    givenNoticed().when(close(ENDS)).then(expected);
    givenNoticed().when(close('2026-06-30T09:00:00Z')).then(expected);
  });

  it('ends it only once, and never for a called-in, exempt, unnoticed or superseded decision', () => {
    const ended = givenNoticed().when(close(AFTER)).events();
    givenNoticed(...ended)
      .when(close(AFTER))
      .thenRejects('call-in-period-already-ended', 'rule-violated');
    spec
      .given(...calledIn())
      .when(close(AFTER))
      .thenRejects('decision-called-in', 'rule-violated');
    spec
      .given(...approved())
      .when(close(AFTER))
      .thenRejects('not-subject-to-call-in', 'rule-violated');
    const urgentHistory = urgentlyApproved();
    const exempt = spec
      .given(...urgentHistory)
      .when(publish)
      .events();
    spec
      .given(...urgentHistory, ...exempt)
      .when(close(AFTER))
      .thenRejects('not-subject-to-call-in', 'rule-violated');
    const superseded: DecisionEvent = {
      type: 'DecisionSuperseded',
      data: { ...ref, by: 'another', reason: 'Amended', recordedBy: BEN },
    };
    givenNoticed(superseded).when(close(AFTER)).thenRejects('not-subject-to-call-in', 'rule-violated');
  });

  it('is the scheduler’s alone: a person, even a platform admin or one claiming its id with a role, is refused', () => {
    for (const by of [actor(BEN), actor(CAL), { ...SCHEDULER_ACTOR, roles: ['admin'] }])
      givenNoticed().when(close(AFTER, by)).thenRejects('not-scheduler', 'forbidden');
  });

  it('leaves implementation as the London date allows: refused on the last day, allowed after, ended or not', () => {
    const ended = givenNoticed().when(close(AFTER)).events();
    givenNoticed(...ended)
      .when(implement(AFTER))
      .then({ type: 'DecisionImplemented', data: { ...ref, implementedAt: AFTER, recordedBy: BEN } });
    givenNoticed().when(implement(LAST_DAY)).thenRejects('decision-in-call-in-period', 'rule-violated');
  });
});
