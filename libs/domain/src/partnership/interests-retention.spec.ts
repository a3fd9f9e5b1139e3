import {
  type RetentionEvent,
  type RetentionState,
  dueRetentionErasures,
  evolveRetention,
  initialRetentionState,
} from './interests-retention';

const DAY = 86_400_000;
const LEFT = '2026-11-01T10:00:00.000Z';
const at = (days: number) => new Date(Date.parse(LEFT) + days * DAY).toISOString();

let n = 0;
const ev = (type: string, data: Record<string, unknown>, recordedAt = LEFT): RetentionEvent => ({
  type,
  data,
  eventId: `e${++n}`,
  recordedAt,
});
const terms = (partnershipId: string, interestsRetentionDays?: number) =>
  ev('TermsOfReferenceAgreed', {
    partnershipId,
    ...(interestsRetentionDays === undefined ? {} : { interestsRetentionDays }),
  });
const appointed = (partnershipId: string, personId = 'ben', recordedAt = at(-100)) =>
  ev('BoardMemberAppointed', { partnershipId, personId, party: 'council' }, recordedAt);
const stoodDown = (partnershipId: string, personId = 'ben', recordedAt = LEFT) =>
  ev('BoardMemberStoodDown', { partnershipId, personId, party: 'council' }, recordedAt);
const erased = (personId = 'ben') => ev('PersonalDataErased', { organisationId: 'council', personId });

const given = (...events: RetentionEvent[]): RetentionState => events.reduce(evolveRetention, initialRetentionState);

describe('retention: a member’s personal data is erased N days after they leave the board', () => {
  it('falls due at the leaving time plus the terms’ days, for the person’s organisation', () => {
    const left = stoodDown('p1');
    const state = given(terms('p1', 30), appointed('p1'), left);
    expect(dueRetentionErasures(state, at(29))).toEqual([]);
    expect(dueRetentionErasures(state, at(30))).toEqual([
      { personId: 'ben', organisationId: 'council', partnershipId: 'p1', dueAt: at(30), leftEventId: left.eventId },
    ]);
  });

  it('0 days: due as soon as they leave', () => {
    expect(dueRetentionErasures(given(terms('p1', 0), appointed('p1'), stoodDown('p1')), LEFT)).toHaveLength(1);
  });

  it('nothing without the rule, or when later terms drop it', () => {
    expect(dueRetentionErasures(given(terms('p1'), appointed('p1'), stoodDown('p1')), at(9999))).toEqual([]);
    expect(
      dueRetentionErasures(given(terms('p1', 1), terms('p1'), appointed('p1'), stoodDown('p1')), at(9999)),
    ).toEqual([]);
  });

  it('not while they still sit on another board: the key erases everything about them', () => {
    const state = given(terms('p1', 1), appointed('p1'), appointed('p2'), stoodDown('p1'));
    expect(dueRetentionErasures(state, at(9999))).toEqual([]);
    const leftBoth = evolveRetention(state, stoodDown('p2', 'ben', at(10)));
    // p2 has no rule: leaving it last starts no period.
    expect(dueRetentionErasures(leftBoth, at(9999))).toEqual([]);
  });

  it('a reappointment before the time cancels it', () => {
    expect(
      dueRetentionErasures(
        given(terms('p1', 1), appointed('p1'), stoodDown('p1'), appointed('p1', 'ben', at(0.5))),
        at(5),
      ),
    ).toEqual([]);
  });

  it('settled by any erasure, the org-admin’s included: never erased twice', () => {
    expect(dueRetentionErasures(given(terms('p1', 1), appointed('p1'), stoodDown('p1'), erased()), at(5))).toEqual([]);
  });
});
