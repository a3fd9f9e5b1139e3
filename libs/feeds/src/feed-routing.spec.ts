import { messageKey, scopeOf } from './feed-routing';

describe('feed routing', () => {
  it('routes partnership, decision and meeting events by their partnership', () => {
    expect(scopeOf({ streamId: 'partnership-p1', data: { partnershipId: 'p1' } })).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
    expect(scopeOf({ streamId: 'decision-d1', data: { decisionId: 'd1', partnershipId: 'p1' } })).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
    expect(messageKey({ streamId: 'decision-d1', data: { decisionId: 'd1', partnershipId: 'p1' } })).toBe('p1');
    expect(scopeOf({ streamId: 'meeting-m1', data: { meetingId: 'm1', partnershipId: 'p1' } })).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
  });

  it('routes organisation events to the organisation, keyed by stream', () => {
    expect(scopeOf({ streamId: 'organisation-camden', data: { organisationId: 'camden' } })).toEqual({
      kind: 'organisation',
      organisationId: 'camden',
    });
    expect(messageKey({ streamId: 'organisation-camden', data: { organisationId: 'camden' } })).toBe(
      'organisation-camden',
    );
  });

  it('gives anything else to nobody (only auditors and admins see it)', () => {
    expect(scopeOf({ streamId: 'bench-1', data: { partnershipId: 'p1' } })).toEqual({ kind: 'none' });
    expect(scopeOf({ streamId: 'decision-d1', data: null })).toEqual({ kind: 'none' });
    expect(scopeOf({ streamId: 'organisation-x', data: { organisationId: 7 } })).toEqual({ kind: 'none' });
  });
});
