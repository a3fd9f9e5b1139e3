import { PartnershipTimeline, TimelineChange, TimelineDecision } from '@accord/contracts';
import { entriesOf, timelineDelta } from './timeline-delta';

const decision = (decisionId: string, status = 'open', title = `Item ${decisionId}`): TimelineDecision => ({
  decisionId,
  title,
  status,
  approvalRule: 'all-parties',
  draftedAt: '2026-01-01T00:00:00.000Z',
  parties: [],
  interests: 0,
});
const change = (position: number, summary = 'Progress 50% (GREEN): on track'): TimelineChange => ({
  position,
  at: '2026-01-02T00:00:00.000Z',
  type: 'ProgressReported',
  subject: { kind: 'objective', id: 'o-1', title: 'Homes' },
  summary,
});
const timeline = (decisions: TimelineDecision[], changes: TimelineChange[], position: number) => ({
  partnershipId: 'p-1',
  title: 'Coastal Partnership',
  status: 'active',
  parties: [],
  decisions,
  changes,
  position,
  asOf: '2026-01-03T00:00:00.000Z',
  version: `${position}.1`,
});
const delta = (base: PartnershipTimeline, current: ReturnType<typeof timeline>) =>
  timelineDelta('base', entriesOf(base), current, entriesOf(current, entriesOf(base)));

describe('timelineDelta', () => {
  it('holds the decisions and changes that are new or differ, and the partnership whole', () => {
    const base = timeline([decision('a'), decision('b')], [change(3)], 5);
    const current = timeline(
      [decision('a'), decision('b', 'approved'), decision('c')],
      [change(3), change(6, 'Progress 60% (GREEN): on track')],
      7,
    );
    expect(delta(base, current)).toEqual({
      ...current,
      since: 'base',
      decisions: [decision('b', 'approved'), decision('c')],
      changes: [change(6, 'Progress 60% (GREEN): on track')],
    });
  });

  it('resends an older change whose subject was renamed since', () => {
    const base = timeline([], [change(3)], 5);
    const renamed = { ...change(3), subject: { kind: 'objective' as const, id: 'o-1', title: 'Affordable homes' } };
    expect(delta(base, timeline([], [renamed], 6))?.changes).toEqual([renamed]);
  });

  it('is no delta when an entry of the base is gone', () => {
    const base = timeline([decision('a'), decision('b')], [change(3)], 5);
    expect(delta(base, timeline([decision('a')], [change(3)], 6))).toBeUndefined();
    expect(delta(base, timeline([decision('a'), decision('b')], [], 6))).toBeUndefined();
  });

  it('is no delta from a base holding a sealed value: an erasure changes no sealed byte, only what it opens to', () => {
    const sealed = decision('a', 'open', 'pd1:ai5wYXRlbA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const base = timeline([sealed], [], 5);
    expect(entriesOf(base).sealed).toBe(true);
    expect(delta(base, timeline([sealed, decision('b')], [], 6))).toBeUndefined();
    expect(delta(timeline([decision('a')], [], 5), timeline([decision('a')], [], 5))?.decisions).toEqual([]);
  });
});
