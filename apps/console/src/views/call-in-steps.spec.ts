import { callInRunning, callInSteps, CouncilOffices, implementationHint, officesOf } from './call-in-steps';

const offices: CouncilOffices = officesOf({
  parties: ['camden-council', 'peabody'],
  board: { 'j.patel': { party: 'camden-council' }, 's.reid': { party: 'peabody' } },
  terms: { keyDecisions: { scrutinyChairPersonId: 'r.okafor' } },
});
const patel = { personId: 'j.patel', orgId: 'camden-council' };
const reid = { personId: 's.reid', orgId: 'peabody' };
const okafor = { personId: 'r.okafor', orgId: 'camden-council' };
const lowe = { personId: 'm.lowe', orgId: 'camden-council' };
const approved = { status: 'approved', draftedBy: { personId: 'm.lowe', orgId: 'camden-council' } };
const none = { scrutinyOutcome: false, reconsider: false, implement: false };

describe('the call-in steps the console offers', () => {
  it('offers the scrutiny chair alone the outcome of a called-in decision, until it is recorded', () => {
    const calledIn = { ...approved, calledInAt: '2026-12-07T10:00:00Z' };
    expect(callInSteps(okafor, offices, calledIn).scrutinyOutcome).toBe(true);
    for (const other of [patel, reid, lowe]) expect(callInSteps(other, offices, calledIn).scrutinyOutcome).toBe(false);
    expect(callInSteps(okafor, offices, { ...calledIn, scrutinyOutcome: 'referred-back' }).scrutinyOutcome).toBe(false);
    expect(callInSteps(okafor, offices, approved).scrutinyOutcome).toBe(false);
    expect(callInSteps(okafor, { parties: ['camden-council'], board: {} }, calledIn).scrutinyOutcome).toBe(false);
  });

  it('offers board members the reconsideration of a decision referred back, once', () => {
    const referred = { ...approved, calledInAt: '2026-12-07T10:00:00Z', scrutinyOutcome: 'referred-back' as const };
    expect(callInSteps(reid, offices, referred)).toEqual({ ...none, reconsider: true, implement: true });
    expect(callInSteps(lowe, offices, referred).reconsider).toBe(false);
    expect(callInSteps(okafor, offices, referred).reconsider).toBe(false);
    expect(callInSteps(reid, offices, { ...referred, scrutinyOutcome: 'no-further-action' }).reconsider).toBe(false);
    expect(callInSteps(reid, offices, { ...referred, reconsideredAt: '2026-12-08T10:00:00Z' }).reconsider).toBe(false);
  });

  it('counts a board seat only for the party it is held for', () => {
    const referred = { ...approved, calledInAt: '2026-12-07T10:00:00Z', scrutinyOutcome: 'referred-back' as const };
    expect(callInSteps({ personId: 's.reid', orgId: 'camden-council' }, offices, referred)).toEqual(none);
  });

  it('offers the drafter and board members implementation of an approved decision, until it is recorded', () => {
    for (const who of [patel, reid, lowe]) expect(callInSteps(who, offices, approved).implement).toBe(true);
    expect(callInSteps(okafor, offices, approved).implement).toBe(false);
    expect(callInSteps(patel, offices, { ...approved, implementedAt: '2026-12-20T10:00:00Z' }).implement).toBe(false);
    expect(callInSteps(patel, offices, { ...approved, status: 'rejected' }).implement).toBe(false);
  });

  it('says before implementation whether the ledger will refuse it yet, and why', () => {
    const period = { callInUntil: '2026-12-14' };
    expect(implementationHint(period, '2026-12-14')).toMatch(
      /until the call-in period has ended \(its last day is 2026-12-14\)/,
    );
    expect(implementationHint(period, '2026-12-15')).toBe('Record that the decision has been put into effect.');
    const calledIn = { ...period, calledInAt: '2026-12-08T10:00:00Z' };
    expect(implementationHint(calledIn, '2026-12-15')).toMatch(/until scrutiny decides/);
    expect(implementationHint({ ...calledIn, scrutinyOutcome: 'referred-to-council' }, '2026-12-09')).toMatch(
      /unless the board confirms/,
    );
    const confirmed = {
      ...calledIn,
      scrutinyOutcome: 'referred-back' as const,
      reconsideredAt: '2026-12-09T10:00:00Z',
    };
    expect(implementationHint(confirmed, '2026-12-09')).toBe('Record that the decision has been put into effect.');
    expect(implementationHint({ ...calledIn, scrutinyOutcome: 'no-further-action' }, '2026-12-09')).toBe(
      'Record that the decision has been put into effect.',
    );
    expect(implementationHint({}, '2026-12-09')).toBe('Record that the decision has been put into effect.');
  });

  it('takes the period as ended once the ledger records its end, and by its last day only until then', () => {
    const period = { callInUntil: '2026-12-14' };
    // The browser's clock behind the ledger's: the recorded end wins.
    const ended = { ...period, callInEndedAt: '2026-12-15T00:00:00.000Z' };
    expect(callInRunning(ended, '2026-12-14')).toBe(false);
    expect(implementationHint(ended, '2026-12-14')).toBe('Record that the decision has been put into effect.');
    // Not yet recorded by the scheduler: the London date decides.
    expect(callInRunning(period, '2026-12-14')).toBe(true);
    expect(callInRunning(period, '2026-12-15')).toBe(false);
    expect(callInRunning({ ...period, calledInAt: '2026-12-08T10:00:00Z' }, '2026-12-09')).toBe(false);
    expect(callInRunning({}, '2026-12-09')).toBe(false);
  });
});
