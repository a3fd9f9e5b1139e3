import { ADA, ASSOC, COL, COUNCIL, DAN, T } from '../shared/fixtures';
import { fold } from '../shared/event';
import type { DecisionEvent } from './decision.events';
import {
  callInPeriodDueAt,
  closingTimeDueAt,
  decisionClosesAt,
  isDecisionDue,
  resolveAtClosingTime,
  RETROSPECTIVE_RECORDING_WINDOW_MS,
} from './decision-schedule';
import { evolveDecision, initialDecisionState } from './decision.state';
import {
  approvedBySignOff,
  drafted,
  interestDeclared,
  openBoardDecision,
  openDecision,
  ref,
  signedOff,
  voted,
} from './decision.test-fixtures';

const state = (...events: DecisionEvent[]) => fold(evolveDecision, initialDecisionState, events);
const tally = (agree: number, disagree: number, abstain: number) => ({ agree, disagree, abstain, quorum: 2 });

describe('scheduler: when a decision closes', () => {
  it('tells the closing time of an open decision', () => {
    expect(decisionClosesAt(state(...openDecision()))).toBe(T.closesAt);
  });

  it('has nothing to schedule for a draft or a resolved decision', () => {
    expect(decisionClosesAt(state(drafted()))).toBeUndefined();
    expect(
      decisionClosesAt(state(...openDecision(), signedOff(ADA), signedOff(DAN), approvedBySignOff())),
    ).toBeUndefined();
  });

  it('is due from the closing time itself', () => {
    const s = state(...openDecision());
    expect(isDecisionDue(s, '2026-05-15T16:59:59Z')).toBe(false);
    expect(isDecisionDue(s, T.closesAt)).toBe(true);
  });
});

describe('scheduler: resolving at the closing time', () => {
  it('does nothing before the closing time', () => {
    expect(resolveAtClosingTime(state(...openDecision()), '2026-05-15T16:59:59Z')).toEqual([]);
  });

  it('all-parties-sign-off without every sign-off lapses, naming who had signed', () => {
    expect(resolveAtClosingTime(state(...openDecision(), signedOff(ADA)), T.afterClose)).toEqual([
      {
        type: 'DecisionLapsed',
        data: {
          ...ref,
          rule: 'all-parties-sign-off',
          closesAt: T.closesAt,
          lapsedAt: T.closesAt,
          reason: 'sign-offs-incomplete',
          signedOffParties: [COUNCIL],
        },
      },
    ]);
  });

  it('board-majority with quorum met at close is approved by majority, dated at the closing time', () => {
    expect(
      resolveAtClosingTime(state(...openBoardDecision(), voted(ADA, 'agree'), voted(DAN, 'abstain')), T.afterClose),
    ).toEqual([
      {
        type: 'DecisionApproved',
        data: { ...ref, rule: 'board-majority', approvedAt: T.closesAt, tally: tally(1, 0, 1) },
      },
    ]);
  });

  it('board-majority with quorum met and no majority for is rejected', () => {
    expect(
      resolveAtClosingTime(state(...openBoardDecision(), voted(ADA, 'agree'), voted(DAN, 'disagree')), T.afterClose),
    ).toEqual([
      {
        type: 'DecisionRejected',
        data: { ...ref, rule: 'board-majority', rejectedAt: T.closesAt, tally: tally(1, 1, 0) },
      },
    ]);
  });

  it('board-majority without quorum lapses', () => {
    expect(resolveAtClosingTime(state(...openBoardDecision(), voted(ADA, 'agree')), T.afterClose)).toEqual([
      {
        type: 'DecisionLapsed',
        data: {
          ...ref,
          rule: 'board-majority',
          closesAt: T.closesAt,
          lapsedAt: T.closesAt,
          reason: 'quorum-not-met',
          tally: tally(1, 0, 0),
        },
      },
    ]);
  });

  it('votes of members with an undispensed interest do not count towards the quorum', () => {
    const events = resolveAtClosingTime(
      state(...openBoardDecision(), voted(ADA, 'agree'), voted(COL, 'agree'), interestDeclared(COL)),
      T.afterClose,
    );
    expect(events).toEqual([
      {
        type: 'DecisionLapsed',
        data: {
          ...ref,
          rule: 'board-majority',
          closesAt: T.closesAt,
          lapsedAt: T.closesAt,
          reason: 'quorum-not-met',
          tally: tally(1, 0, 0),
        },
      },
    ]);
  });

  it('is idempotent: a resolved decision gives nothing more', () => {
    const lapsed = state(...openDecision());
    const first = resolveAtClosingTime(lapsed, T.afterClose);
    const after = first.reduce(evolveDecision, lapsed);
    expect(after.status).toBe('lapsed');
    expect(resolveAtClosingTime(after, '2026-06-01T00:00:00Z')).toEqual([]);
  });

  it('the same inputs give the same event, however late the scheduler runs', () => {
    const s = state(...openDecision());
    expect(resolveAtClosingTime(s, T.afterClose)).toEqual(resolveAtClosingTime(s, '2027-01-01T00:00:00Z'));
  });

  it('a draft never lapses', () => {
    expect(resolveAtClosingTime(state(drafted()), T.afterClose)).toEqual([]);
  });

  it('refuses a malformed now', () => {
    expect(() => resolveAtClosingTime(state(...openDecision()), 'tomorrow')).toThrow(
      expect.objectContaining({ code: 'invalid-field' }),
    );
  });

  it('all parties signed at close (e.g. the last sign-off arrived as it closed) approves', () => {
    const s = state(
      drafted(),
      {
        type: 'DecisionOpened',
        data: {
          ...ref,
          openedAt: T.now,
          closesAt: T.closesAt,
          approvalRule: 'all-parties-sign-off',
          parties: [COUNCIL, ASSOC],
          openedBy: ADA,
        },
      },
      signedOff(ADA),
      signedOff(DAN),
    );
    expect(resolveAtClosingTime(s, T.afterClose)).toEqual([
      { ...approvedBySignOff(), data: { ...approvedBySignOff().data, approvedAt: T.closesAt } },
    ]);
  });
});

describe('scheduler: a decision entered after its closing time', () => {
  const closesAt = '2026-03-13T17:00:00Z';

  it('acts on a decision opened live at its closing time', () => {
    expect(closingTimeDueAt(closesAt, '2026-03-02T10:00:00.120Z')).toBe(Date.parse(closesAt));
  });

  it('leaves one whose opening was recorded after its closing time open for the recording window', () => {
    const recordedInDecember = '2026-12-07T09:12:00Z';
    expect(closingTimeDueAt(closesAt, recordedInDecember)).toBe(
      Date.parse(recordedInDecember) + RETROSPECTIVE_RECORDING_WINDOW_MS,
    );
    expect(closingTimeDueAt(closesAt, closesAt, 1000)).toBe(Date.parse(closesAt) + 1000);
  });
});

describe('scheduler: a call-in period whose notice was entered late', () => {
  /** Five clear working days after a notice of Wednesday 20 May 2026: London midnight after Thursday 28 May (BST). */
  const callInUntil = '2026-05-28';
  const ends = Date.parse('2026-05-28T23:00:00Z');

  it('ends a period noticed live at its end', () => {
    expect(callInPeriodDueAt(callInUntil, '2026-05-20T12:00:00.120Z')).toBe(ends);
  });

  it('leaves one whose notice was recorded after its end open for the recording window', () => {
    const recordedInDecember = '2026-12-07T09:12:00Z';
    expect(callInPeriodDueAt(callInUntil, recordedInDecember)).toBe(
      Date.parse(recordedInDecember) + RETROSPECTIVE_RECORDING_WINDOW_MS,
    );
    expect(callInPeriodDueAt(callInUntil, '2026-05-28T23:00:00Z', 1000)).toBe(ends + 1000);
  });
});
