import { type MeetingRecord, meetingView } from './meeting-view';

const ref = { meetingId: 'm1', partnershipId: 'p1' };
const clerk = { personId: 'okafor', orgId: 'camden' };
const record = (
  position: number,
  type: string,
  data: object,
  occurredAt: string,
  recordedAt: string,
): MeetingRecord => ({
  position,
  eventId: `e-${position}`,
  type,
  occurredAt,
  recordedAt,
  recordedBy: 'okafor',
  data: { ...ref, ...data },
});

const records = [
  record(
    1,
    'MeetingScheduled',
    {
      parties: ['camden', 'peabody'],
      startsAt: '2026-01-15T18:00:00.000Z',
      place: 'Town Hall',
      agenda: [{ itemId: 'item-1', title: 'Disposal', papers: [] }],
      scheduledBy: clerk,
      scheduledAt: '2026-01-02T10:00:00.000Z',
    },
    '2026-01-02T10:00:00.000Z',
    '2026-01-02T10:00:01.000Z',
  ),
  record(
    2,
    'AttendanceRecorded',
    {
      personId: 'patel',
      party: 'camden',
      presence: 'present',
      recordedBy: clerk,
      occurredAt: '2026-01-15T18:05:00.000Z',
    },
    '2026-01-15T18:05:00.000Z',
    '2026-01-16T09:12:00.000Z',
  ),
  record(
    3,
    'VoteRecorded',
    {
      itemId: 'item-1',
      personId: 'patel',
      stance: 'agree',
      method: 'show-of-hands',
      recordedBy: clerk,
      occurredAt: '2026-01-15T18:40:00.000Z',
    },
    '2026-01-15T18:40:00.000Z',
    '2026-01-16T09:12:00.000Z',
  ),
];

describe('meeting view', () => {
  it('folds the records with the domain: attendance, each vote with both clocks and its recorder', () => {
    const view = meetingView(records);
    expect(view).toMatchObject({ meetingId: 'm1', status: 'scheduled', place: 'Town Hall', link: null, minutes: null });
    expect(view?.attendance).toEqual([
      { personId: 'patel', party: 'camden', presence: 'present', substituteFor: null },
    ]);
    expect(view?.votes).toEqual([
      {
        itemId: 'item-1',
        votes: [
          {
            eventId: 'e-3',
            personId: 'patel',
            stance: 'agree',
            recordedStance: 'agree',
            disputed: false,
            method: 'show-of-hands',
            casting: false,
            occurredAt: '2026-01-15T18:40:00.000Z',
            recordedAt: '2026-01-16T09:12:00.000Z',
            recordedBy: 'okafor',
          },
        ],
      },
    ]);
  });

  it('shows a disputed, corrected vote as corrected, and what was first recorded', () => {
    const view = meetingView([
      ...records,
      record(
        4,
        'RecordDisputed',
        { disputedEventId: 'e-3', personId: 'patel', reason: 'I voted against' },
        '2026-01-17T09:00:00.000Z',
        '2026-01-17T09:00:00.000Z',
      ),
      record(
        5,
        'RecordCorrected',
        { correctsEventId: 'e-3', personId: 'patel', itemId: 'item-1', field: 'stance', from: 'agree', to: 'disagree' },
        '2026-01-17T10:00:00.000Z',
        '2026-01-17T10:00:00.000Z',
      ),
    ]);
    expect(view?.votes[0].votes[0]).toMatchObject({ stance: 'disagree', recordedStance: 'agree', disputed: true });
  });

  it('is nothing before the meeting was scheduled', () => {
    expect(meetingView([])).toBeUndefined();
    expect(meetingView(records.slice(1))).toBeUndefined();
  });
});
