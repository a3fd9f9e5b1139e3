import { checkDecisionPage, ShownDecision } from './page-check';
import type { ProvenEvent } from './verify-on-screen';

const event = (revision: number, type: string, data: Record<string, unknown>): ProvenEvent => ({
  position: 10 + revision,
  eventId: `e${revision}`,
  type,
  streamId: 'decision-d1',
  revision,
  data,
});
const log = [
  event(1, 'DecisionDrafted', { title: 'Sale at full market value' }),
  event(2, 'DecisionOpened', {}),
  event(3, 'VoteCast', { stance: 'agree' }),
];
const honest: ShownDecision = {
  decisionId: 'd1',
  title: 'Sale at full market value',
  acts: [{ eventId: 'e3', stance: 'agree' }],
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
    expect(checkDecisionPage({ ...honest, acts: [{ eventId: 'e3', stance: 'disagree' }] }, log)).toMatchObject({
      field: 'stance',
      position: 13,
    });
  });

  it('names the revision missing from the audit lines', () => {
    expect(checkDecisionPage(honest, [log[0], log[2]] as ProvenEvent[])).toMatchObject({
      field: 'audit lines',
      position: 13,
    });
  });

  it('takes the title of the latest amendment', () => {
    const amended = [...log, event(4, 'DecisionAmended', { title: 'Sale at best consideration' })];
    expect(checkDecisionPage({ ...honest, title: 'Sale at best consideration' }, amended)).toBeUndefined();
  });
});
