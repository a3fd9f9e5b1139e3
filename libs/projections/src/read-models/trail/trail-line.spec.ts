import { ALL_EVENT_TYPES } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import { formatWhen, renderTrailLine, TrailDirectory } from './trail-line';

const names: TrailDirectory = {
  organisationName: (id) => ({ 'camden-council': 'Camden Council', peabody: 'Peabody' })[id],
  jobTitle: (org, person) => (org === 'camden-council' && person === 'j.patel' ? 'Director of Housing' : undefined),
  displayName: (org, person) => (org === 'peabody' && person === 'k.lee' ? 'Kim Lee' : undefined),
  partnershipTitle: (id) => (id === 'camden-homes' ? 'Camden Homes Partnership' : undefined),
  decisionTitle: (id) => (id === 'station-road' ? 'Station Road disposal' : undefined),
};

function event(
  type: string,
  data: object,
  actor = { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] },
  recordedAt = '2026-03-14T10:02:31.000Z',
): StoredEvent {
  return {
    position: 7,
    streamId: 'decision-station-road',
    revision: 3,
    eventId: 'e',
    type,
    schemaVersion: 1,
    data,
    metadata: { actor, commandId: null, correlationId: null, causationId: null, occurredAt: recordedAt },
    recordedAt,
    leafHash: 'h',
    prevStreamLeafHash: null,
  };
}

const authority = {
  authorityId: 'a1',
  instrument: 'Scheme of delegation §4.2',
  categories: ['land-disposal'],
  valueLimitPence: 1,
  validFrom: '2026-01-01T00:00:00Z',
};

describe('renderTrailLine', () => {
  it('shows a meeting recorded the next day on both clocks: the member votes, the clerk records', () => {
    const vote: StoredEvent = {
      ...event(
        'VoteRecorded',
        {
          meetingId: 'board-2026-01-15',
          partnershipId: 'camden-homes',
          itemId: 'item-1',
          decisionId: 'station-road',
          personId: 'a.mensah',
          stance: 'agree',
          method: 'show-of-hands',
          recordedBy: { personId: 'k.lee', orgId: 'peabody' },
          occurredAt: '2026-01-15T18:40:00.000Z',
        },
        { personId: 'k.lee', orgId: 'peabody', roles: ['member', 'clerk'] },
        '2026-01-16T09:12:00.000Z',
      ),
      streamId: 'meeting-board-2026-01-15',
    };
    vote.metadata = { ...vote.metadata, occurredAt: '2026-01-15T18:40:00.000Z' };
    expect(renderTrailLine(vote, names)).toBe(
      '15 Jan 2026 18:40 — a.mensah voted agree on “Station Road disposal” at the board meeting of 15 Jan 2026 (recorded by Kim Lee (k.lee, Peabody) on 16 Jan 2026 09:12)',
    );
    const closed = {
      ...vote,
      type: 'MeetingClosed',
      data: { meetingId: 'board-2026-01-15', endedAt: '2026-01-15T20:00:00Z' },
    };
    closed.metadata = { ...vote.metadata, occurredAt: '2026-01-15T20:00:00.000Z' };
    expect(renderTrailLine(closed, names)).toBe(
      '15 Jan 2026 20:00 — Kim Lee (k.lee, Peabody) closed the record of meeting board-2026-01-15, which ended at 15 Jan 2026 20:00 (recorded on 16 Jan 2026 09:12)',
    );
  });

  it('words a decision’s act entered months later happened first, recorded second; one recorded as it happened on one clock', () => {
    const notice = event(
      'DecisionNoticePublished',
      { decisionId: 'station-road', partnershipId: 'camden-homes', decision: 'approved', callInUntil: '2026-05-28' },
      { personId: 'j.patel', orgId: 'camden-council', roles: ['member'] },
      '2026-12-03T09:12:00.000Z',
    );
    notice.metadata = { ...notice.metadata, occurredAt: '2026-05-14T11:30:00.000Z' };
    expect(renderTrailLine(notice, names)).toBe(
      '14 May 2026 12:30 — j.patel (Camden Council, Director of Housing) published the decision notice of “Station Road disposal” (approved), open to call-in until 2026-05-28 (recorded on 3 Dec 2026 09:12)',
    );
    // Within a minute of the act, the two clocks tell one story.
    notice.metadata = { ...notice.metadata, occurredAt: '2026-12-03T09:11:30.000Z' };
    expect(renderTrailLine(notice, names)).toBe(
      '3 Dec 2026 09:12 — j.patel (Camden Council, Director of Housing) published the decision notice of “Station Road disposal” (approved), open to call-in until 2026-05-28',
    );
  });

  it('names who, for which organisation, in which capacity and under which instrument', () => {
    expect(
      renderTrailLine(
        event('SignOffRecorded', {
          decisionId: 'station-road',
          partnershipId: 'camden-homes',
          party: 'camden-council',
          personId: 'j.patel',
          authority,
          signedAt: '2026-03-14T10:02:31Z',
        }),
        names,
      ),
    ).toBe(
      '14 Mar 2026 10:02 — j.patel (Camden Council, Director of Housing, under Scheme of delegation §4.2) signed off “Station Road disposal” for Camden Council',
    );
  });

  it('puts the name a member was added with before their id', () => {
    const vote = event(
      'VoteCast',
      {
        decisionId: 'station-road',
        partnershipId: 'camden-homes',
        personId: 'k.lee',
        orgId: 'peabody',
        stance: 'abstain',
        reason: 'Conflicted',
      },
      { personId: 'k.lee', orgId: 'peabody', roles: [] },
    );
    expect(renderTrailLine(vote, names)).toBe(
      '14 Mar 2026 10:02 — Kim Lee (k.lee, Peabody) voted abstain on “Station Road disposal”: Conflicted',
    );
    const added = event('MemberAdded', {
      organisationId: 'peabody',
      personId: 'k.lee',
      displayName: 'Kim Lee',
      jobTitle: 'Housing Officer',
    });
    expect(renderTrailLine(added, names)).toContain('added Kim Lee (k.lee) to Peabody as Housing Officer');
  });

  it('shows UK wall-clock time (BST in summer)', () => {
    expect(formatWhen('2026-07-01T09:05:00Z')).toBe('1 Jul 2026 10:05');
    expect(formatWhen('2026-01-01T09:05:00Z')).toBe('1 Jan 2026 09:05');
  });

  it('falls back to ids where names are unknown, and says what the scheduler did', () => {
    const lapsed = event(
      'DecisionLapsed',
      { decisionId: 'elsewhere', partnershipId: 'p', reason: 'sign-offs-incomplete' },
      { personId: 'accord:scheduler', orgId: 'accord', roles: [] },
    );
    expect(renderTrailLine(lapsed, names)).toBe(
      '14 Mar 2026 10:02 — Accord (at the closing time) recorded that “elsewhere” lapsed at its closing time (sign-offs-incomplete)',
    );
    const vote = event(
      'VoteCast',
      {
        decisionId: 'station-road',
        partnershipId: 'camden-homes',
        personId: 's.reid',
        orgId: 'peabody',
        stance: 'agree',
        reason: 'Good value',
      },
      { personId: 's.reid', orgId: 'peabody', roles: [] },
    );
    expect(renderTrailLine(vote, names)).toBe(
      '14 Mar 2026 10:02 — s.reid (Peabody) voted agree on “Station Road disposal”: Good value',
    );
  });

  it('quotes what a scrutiny referral recommends', () => {
    const referred = event(
      'ScrutinyOutcomeRecorded',
      {
        decisionId: 'station-road',
        partnershipId: 'camden-homes',
        outcome: 'referred-back',
        recommendations: 'Set out the whole-life costs',
      },
      { personId: 'r.okafor', orgId: 'camden-council', roles: [] },
    );
    expect(renderTrailLine(referred, names)).toBe(
      '14 Mar 2026 10:02 — r.okafor (Camden Council) recorded the scrutiny outcome on “Station Road disposal”: referred-back, recommending: Set out the whole-life costs',
    );
  });

  it('has a line for every event type of the domain, and a plain one for types it does not know', () => {
    expect(
      renderTrailLine(
        event('PartnershipProposed', { partnershipId: 'camden-homes', parties: ['camden-council', 'peabody'] }),
        names,
      ),
    ).toContain('proposed the partnership “Camden Homes Partnership” between Camden Council and Peabody');
    expect(
      renderTrailLine(
        event('DecisionDrafted', {
          decisionId: 'x',
          partnershipId: 'camden-homes',
          title: 'Loan',
          category: 'funding',
          valuePence: 120_000_050,
        }),
        names,
      ),
    ).toContain('drafted the decision “Loan” (funding, £1,200,000.5) in “Camden Homes Partnership”');
    for (const type of ALL_EVENT_TYPES)
      expect(
        renderTrailLine(event(type, { partnershipId: 'camden-homes', decisionId: 'station-road' }), names),
      ).not.toMatch(/recorded [A-Z]/);
    expect(renderTrailLine(event('SomethingNew', {}), names)).toMatch(/recorded SomethingNew$/);
  });
});
