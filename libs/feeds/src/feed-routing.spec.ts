import { messageKey, scopeOf } from './feed-routing';

const event = (streamId: string, data: unknown, type = 'SomethingHappened', position = 7) => ({
  streamId,
  data,
  type,
  position,
});

describe('feed routing', () => {
  it('routes partnership, decision and meeting events by their partnership', () => {
    expect(scopeOf(event('partnership-p1', { partnershipId: 'p1' }))).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
    expect(scopeOf(event('decision-d1', { decisionId: 'd1', partnershipId: 'p1' }))).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
    expect(messageKey(event('decision-d1', { decisionId: 'd1', partnershipId: 'p1' }))).toBe('p1');
    expect(scopeOf(event('meeting-m1', { meetingId: 'm1', partnershipId: 'p1' }))).toEqual({
      kind: 'partnership',
      partnershipId: 'p1',
    });
  });

  it('routes organisation events to the organisation, keyed by stream', () => {
    expect(scopeOf(event('organisation-camden', { organisationId: 'camden' }))).toEqual({
      kind: 'organisation',
      organisationId: 'camden',
    });
    expect(messageKey(event('organisation-camden', { organisationId: 'camden' }))).toBe('organisation-camden');
  });

  it('routes an erasure by the person and its position, so its audience can reach the partnerships before it', () => {
    const erased = event(
      'organisation-camden',
      { organisationId: 'camden', personId: 'j.patel' },
      'PersonalDataErased',
      42,
    );
    expect(scopeOf(erased)).toEqual({ kind: 'erasure', organisationId: 'camden', personId: 'j.patel', before: 42 });
    expect(messageKey(erased)).toBe('organisation-camden');
  });

  it('gives anything else to nobody (only auditors and admins see it)', () => {
    expect(scopeOf(event('bench-1', { partnershipId: 'p1' }))).toEqual({ kind: 'none' });
    expect(scopeOf(event('decision-d1', null))).toEqual({ kind: 'none' });
    expect(scopeOf(event('organisation-x', { organisationId: 7 }))).toEqual({ kind: 'none' });
  });
});
