import { checkDecisionPage, checkDecisionPageDrawnAt, ShownDecision } from './page-check';
import type { ProvenEvent } from './verify-on-screen';

const event = (revision: number, type: string, data: Record<string, unknown>): ProvenEvent => ({
  position: 10 + revision,
  eventId: `e${revision}`,
  type,
  streamId: 'decision-d1',
  revision,
  data,
});
const outcome = { statement: 'Sold to the trust', reasons: ['best value'], alternativesRejected: ['auction'] };
const log = [
  event(1, 'DecisionDrafted', { title: 'Sale at full market value' }),
  event(2, 'DecisionOpened', {}),
  event(3, 'InterestDeclared', { personId: 'j.patel', nature: 'pd1:ai5wYXRlbA:AAAA' }),
  event(4, 'VoteCast', { stance: 'agree' }),
  event(5, 'SignOffRecorded', { party: 'camden', personId: 'j.patel' }),
  event(6, 'DecisionApproved', {}),
  event(7, 'OutcomeRecorded', outcome),
];
const honest: ShownDecision = {
  decisionId: 'd1',
  title: 'Sale at full market value',
  status: 'approved',
  parties: [
    { organisationId: 'camden', signedOff: true },
    { organisationId: 'peabody', signedOff: false },
  ],
  acts: [
    { eventId: 'e3', kind: 'interest', personId: 'j.patel', nature: 'Lives on the street' },
    { eventId: 'e4', kind: 'vote', stance: 'agree' },
  ],
  outcome,
};

describe('the decision page re-derived from the proven events', () => {
  it('agrees with a page drawn from an honest read model', () => {
    expect(checkDecisionPage(honest, log)).toBeUndefined();
  });

  it('names the title when the read model’s title differs from the log’s', () => {
    expect(checkDecisionPage({ ...honest, title: 'Sale at a discount' }, log)).toMatchObject({
      field: 'title',
      position: 11,
    });
  });

  it('names a vote whose stance on screen is not the one recorded', () => {
    const acts = [honest.acts[0]!, { eventId: 'e4', kind: 'vote', stance: 'disagree' }];
    expect(checkDecisionPage({ ...honest, acts }, log)).toMatchObject({ field: 'stance', position: 14 });
  });

  it('names the revision missing from the audit lines', () => {
    expect(checkDecisionPage(honest, [log[0], log[2]] as ProvenEvent[])).toMatchObject({
      field: 'audit lines',
      position: 13,
    });
  });

  it('takes the title of the latest amendment', () => {
    const amended = [...log, event(8, 'DecisionAmended', { title: 'Sale at best consideration' })];
    expect(checkDecisionPage({ ...honest, title: 'Sale at best consideration' }, amended)).toBeUndefined();
  });

  it('names the status the log does not give, at the event that set it', () => {
    expect(checkDecisionPage({ ...honest, status: 'rejected' }, log)).toMatchObject({
      field: 'status',
      position: 16,
      reason: expect.stringContaining('the log says approved (DecisionApproved)'),
    });
  });

  it('names a party whose sign-off on screen the log does not hold, and one withdrawn since', () => {
    const parties = [honest.parties[0]!, { organisationId: 'peabody', signedOff: true }];
    expect(checkDecisionPage({ ...honest, parties }, log)).toMatchObject({ field: 'sign-offs' });
    const withdrawn = [...log, event(8, 'SignOffWithdrawn', { party: 'camden', personId: 'j.patel' })];
    expect(checkDecisionPage(honest, withdrawn)).toMatchObject({ field: 'sign-offs', position: 18 });
  });

  it('names an interest hidden from the page, or shown as another member’s', () => {
    expect(checkDecisionPage({ ...honest, acts: [honest.acts[1]!] }, log)).toMatchObject({
      field: 'interests',
      position: 13,
    });
    const acts = [{ ...honest.acts[0]!, personId: 's.reid' }, honest.acts[1]!];
    expect(checkDecisionPage({ ...honest, acts }, log)).toMatchObject({ field: 'interests', position: 13 });
  });

  it('compares an interest’s nature only where the log holds it in the clear', () => {
    const plain = log.map((e) => (e.eventId === 'e3' ? { ...e, data: { ...e.data, nature: 'Owns a shop' } } : e));
    expect(checkDecisionPage(honest, plain)).toMatchObject({ field: 'interests', position: 13 });
  });

  it('names an outcome that differs from the recorded one, and one the log does not have', () => {
    expect(checkDecisionPage({ ...honest, outcome: { ...outcome, statement: 'Kept' } }, log)).toMatchObject({
      field: 'outcome',
      position: 17,
    });
    expect(checkDecisionPage(honest, log.slice(0, 6))).toMatchObject({ field: 'outcome', position: undefined });
    const reasons = { ...outcome, reasons: ['best value', 'homes'] };
    expect(checkDecisionPage({ ...honest, outcome: reasons }, log)).toMatchObject({ field: 'outcome' });
  });

  it('reads an outcome whatever order its read model keeps the fields in (jsonb sorts keys)', () => {
    const { alternativesRejected, reasons, statement } = outcome;
    expect(
      checkDecisionPage({ ...honest, outcome: { reasons, statement, alternativesRejected } }, log),
    ).toBeUndefined();
  });

  it('leaves the state after the last event alone while newer events are not sealed yet', () => {
    expect(checkDecisionPage({ ...honest, status: 'open', outcome: null }, log.slice(0, 5), false)).toBeUndefined();
  });

  describe('drawn from read models a moment behind the audit lines', () => {
    const signedByBoth = [...log, event(8, 'SignOffRecorded', { party: 'peabody', personId: 'r.reid' })];

    it('agrees with the page as the stream stood at its position, though a sign-off came after', () => {
      expect(checkDecisionPage(honest, signedByBoth)).toMatchObject({ field: 'sign-offs' });
      expect(checkDecisionPageDrawnAt(honest, signedByBoth, true, 17)).toBeUndefined();
    });

    it('agrees with a page whose rows are newer than the position it names', () => {
      const parties = honest.parties.map((p) => ({ ...p, signedOff: true }));
      expect(checkDecisionPageDrawnAt({ ...honest, parties }, signedByBoth, true, 16)).toBeUndefined();
    });

    it('still names what no state of the stream since that position shows', () => {
      expect(checkDecisionPageDrawnAt({ ...honest, status: 'rejected' }, signedByBoth, true, 16)).toMatchObject({
        field: 'status',
      });
      const older = { ...honest, status: 'open', outcome: null };
      expect(checkDecisionPageDrawnAt(older, signedByBoth, true, 17)).toMatchObject({ field: 'status' });
    });
  });
});
