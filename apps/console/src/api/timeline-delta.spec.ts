import type { PartnershipTimeline, TimelineChange, TimelineDecision, TimelineDelta } from '@accord/contracts';
import { mergeTimeline } from './timeline-delta';

const decision = (decisionId: string, draftedAt: string, status = 'open'): TimelineDecision => ({
  decisionId,
  title: `Item ${decisionId}`,
  status,
  approvalRule: 'all-parties',
  draftedAt,
  parties: [],
  interests: 0,
});
const change = (position: number, summary: string): TimelineChange => ({
  position,
  at: '2026-02-01T00:00:00.000Z',
  type: 'ProgressReported',
  subject: { kind: 'objective', id: 'o-1', title: 'Homes' },
  summary,
});
const held: PartnershipTimeline = {
  partnershipId: 'p-1',
  title: 'Coastal Partnership',
  status: 'active',
  parties: [{ organisationId: 'camden', name: 'Camden' }],
  decisions: [decision('b', '2026-01-02T00:00:00.000Z'), decision('a', '2026-01-01T00:00:00.000Z')],
  changes: [change(3, 'Progress 10%'), change(5, 'Progress 20%')],
  position: 5,
  asOf: '2026-02-01T00:00:00.000Z',
  version: '5.2',
};
const delta = (over: Partial<TimelineDelta>): TimelineDelta => ({
  ...held,
  decisions: [],
  changes: [],
  position: 9,
  asOf: '2026-02-02T00:00:00.000Z',
  version: '9.2',
  since: '5.2',
  ...over,
});

describe('mergeTimeline', () => {
  it('replaces the changed decisions and adds the new ones where the whole timeline has them', () => {
    const merged = mergeTimeline(
      held,
      delta({
        decisions: [decision('c', '2026-01-03T00:00:00.000Z'), decision('a', '2026-01-01T00:00:00.000Z', 'approved')],
      }),
    );
    expect(merged.decisions.map((d) => [d.decisionId, d.status])).toEqual([
      ['c', 'open'],
      ['b', 'open'],
      ['a', 'approved'],
    ]);
    expect(merged).toMatchObject({ position: 9, version: '9.2', asOf: '2026-02-02T00:00:00.000Z' });
    expect(merged).not.toHaveProperty('since');
  });

  it('keeps changes in log order, a resent one replaced', () => {
    const merged = mergeTimeline(
      held,
      delta({ changes: [change(7, 'Progress 30%'), change(3, 'Progress 10% (renamed)')] }),
    );
    expect(merged.changes.map((c) => [c.position, c.summary])).toEqual([
      [3, 'Progress 10% (renamed)'],
      [5, 'Progress 20%'],
      [7, 'Progress 30%'],
    ]);
  });

  it('takes the partnership’s own fields from the delta', () => {
    const merged = mergeTimeline(held, delta({ title: 'Coastal Partnership (renamed)', status: 'dissolved' }));
    expect(merged).toMatchObject({ title: 'Coastal Partnership (renamed)', status: 'dissolved' });
    expect(merged.decisions).toEqual(held.decisions);
  });

  it('shows a whole timeline as it is, whatever was held', () => {
    const whole = { ...held, decisions: [decision('z', '2026-01-05T00:00:00.000Z')], version: '12.3' };
    expect(mergeTimeline(held, whole)).toBe(whole);
    expect(mergeTimeline(undefined, whole)).toBe(whole);
  });

  it('refuses a delta from another version than the one held rather than show a timeline that never was', () => {
    expect(() => mergeTimeline(held, delta({ since: '4.2' }))).toThrow(/since 4.2 does not apply to version 5.2/);
    expect(() => mergeTimeline(undefined, delta({}))).toThrow(/version none/);
  });
});
