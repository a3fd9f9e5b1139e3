import { actor } from '../shared/fixtures';
import { PERSONAL_DATA } from '../shared/personal-data';
import type { AttendanceEntry, RecordVotes } from './meeting.commands';
import {
  ADA,
  attended,
  BEN,
  clerk,
  closed,
  COL,
  contextFor,
  DAN,
  EVE,
  M,
  MEETING,
  noticed,
  PARTNERSHIP,
  quorateMeeting,
  quorum,
  scheduled,
  spec,
  voted,
} from './meeting.test-fixtures';

const ref = { meetingId: MEETING, partnershipId: PARTNERSHIP };

const recordAttendance = (
  attendance: AttendanceEntry[],
  occurredAt: string = M.startsAt,
  now: string = M.recordedNextDay,
) => ({ type: 'RecordAttendance', actor: clerk, now, occurredAt, meetingId: MEETING, attendance }) as const;

const recordVotes = (votes: RecordVotes['votes'], extra: Partial<RecordVotes> = {}): RecordVotes => ({
  type: 'RecordVotes',
  actor: clerk,
  now: M.recordedNextDay,
  occurredAt: M.vote,
  meetingId: MEETING,
  itemId: 'item-1',
  method: 'show-of-hands',
  votes,
  ...extra,
});

describe('RecordAttendance', () => {
  it('records each board member, the next day, dated at the meeting; the quorum follows', () => {
    spec()
      .given(scheduled(), noticed())
      .when(
        recordAttendance([
          { personId: 'ada', presence: 'present' },
          { personId: 'col', presence: 'apologies' },
          { personId: 'dan', presence: 'present' },
        ]),
      )
      .then(attended(ADA), attended(COL, 'apologies'), attended(DAN), quorum(true, ['ada', 'dan']));
  });

  it('determines an inquorate meeting, and again when a late arrival makes it quorate', () => {
    const state = spec()
      .given(scheduled(), noticed())
      .when(recordAttendance([{ personId: 'ada', presence: 'present' }]))
      .then(attended(ADA), quorum(false, ['ada']));
    expect(state.quorate).toBe(false);
    spec()
      .given(scheduled(), noticed(), attended(ADA), quorum(false, ['ada']))
      .when(recordAttendance([{ personId: 'dan', presence: 'present' }], M.vote))
      .then(attended(DAN, 'present', MEETING, M.vote), quorum(true, ['ada', 'dan'], MEETING, M.vote));
  });

  it('takes a named substitute where the terms allow, sitting for the member who sent apologies', () => {
    spec(contextFor({ substitutesAllowed: true }))
      .given(scheduled(), noticed())
      .when(
        recordAttendance([
          { personId: 'ada', presence: 'present' },
          { personId: 'dan', presence: 'apologies' },
          { personId: 'eve', presence: 'present', substituteFor: 'dan' },
        ]),
      )
      .then(
        attended(ADA),
        attended(DAN, 'apologies'),
        {
          type: 'AttendanceRecorded',
          data: {
            ...ref,
            personId: EVE.personId,
            party: EVE.orgId,
            presence: 'present',
            substituteFor: 'dan',
            recordedBy: BEN,
            occurredAt: M.startsAt,
          },
        },
        quorum(true, ['ada', 'eve']),
      );
  });

  it('refuses substitutes the terms do not allow, or who are not of the member’s party, or for a member present', () => {
    const sub = { personId: 'eve', presence: 'present', substituteFor: 'dan' } as const;
    spec()
      .given(scheduled(), noticed())
      .when(recordAttendance([sub]))
      .thenRejects('substitutes-not-allowed');
    spec(contextFor({ substitutesAllowed: true }))
      .given(scheduled(), noticed())
      .when(recordAttendance([{ ...sub, personId: 'ben' }]))
      .thenRejects('substitute-invalid');
    spec(contextFor({ substitutesAllowed: true }))
      .given(scheduled(), noticed(), attended(DAN))
      .when(recordAttendance([sub]))
      .thenRejects('substitute-invalid');
  });

  it('refuses someone not on the board, before the notice, in the future, before the meeting, after it closed', () => {
    spec()
      .given(scheduled(), noticed())
      .when(recordAttendance([{ personId: 'eve', presence: 'present' }]))
      .thenRejects('attendee-not-on-board');
    spec()
      .given(scheduled())
      .when(recordAttendance([{ personId: 'ada', presence: 'present' }]))
      .thenRejects('notice-not-published');
    spec()
      .given(scheduled(), noticed())
      .when(recordAttendance([{ personId: 'ada', presence: 'present' }], '2026-01-16T10:00:00Z'))
      .thenRejects('occurred-at-in-future');
    spec()
      .given(scheduled(), noticed())
      .when(recordAttendance([{ personId: 'ada', presence: 'present' }], '2026-01-15T17:59:00Z'))
      .thenRejects('occurred-at-outside-meeting');
    spec()
      .given(...quorateMeeting, closed())
      .when(recordAttendance([{ personId: 'col', presence: 'present' }]))
      .thenRejects('meeting-closed', 'rule-violated');
    spec()
      .given(scheduled(), noticed())
      .when({ ...recordAttendance([{ personId: 'ada', presence: 'present' }]), occurredAt: '15/01/2026' })
      .thenRejects('invalid-field', 'bad-input');
  });
});

describe('RecordVotes (the clerk records the members’ votes)', () => {
  it('records each present member as the voter and the clerk as the recorder, dated at the meeting', () => {
    spec()
      .given(...quorateMeeting)
      .when(
        recordVotes([
          { personId: 'ada', stance: 'agree' },
          { personId: 'dan', stance: 'disagree' },
        ]),
      )
      .then(voted(ADA, 'agree'), voted(DAN, 'disagree'));
  });

  it('refuses a vote for a member not present, a second vote, an unknown item: all or nothing', () => {
    spec()
      .given(...quorateMeeting)
      .when(
        recordVotes([
          { personId: 'ada', stance: 'agree' },
          { personId: 'col', stance: 'agree' },
        ]),
      )
      .thenRejects('voter-not-present');
    spec()
      .given(...quorateMeeting, voted(ADA, 'agree'))
      .when(recordVotes([{ personId: 'ada', stance: 'disagree' }]))
      .thenRejects('vote-already-recorded');
    spec()
      .given(...quorateMeeting)
      .when(
        recordVotes([
          { personId: 'ada', stance: 'agree' },
          { personId: 'ada', stance: 'agree' },
        ]),
      )
      .thenRejects('vote-already-recorded');
    spec()
      .given(...quorateMeeting)
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }], { itemId: 'item-9' }))
      .thenRejects('agenda-item-not-found', 'not-found');
  });

  it('refuses votes at an inquorate meeting, or before the quorum is known', () => {
    spec()
      .given(scheduled(), noticed(), attended(ADA), quorum(false, ['ada']))
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }]))
      .thenRejects('meeting-inquorate');
    spec()
      .given(scheduled(), noticed())
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }]))
      .thenRejects('quorum-not-determined');
  });

  it('refuses an occurredAt in the future or outside the meeting', () => {
    spec()
      .given(...quorateMeeting)
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }], { occurredAt: '2026-01-16T09:13:00Z' }))
      .thenRejects('occurred-at-in-future');
    spec()
      .given(...quorateMeeting)
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }], { occurredAt: '2026-01-14T18:40:00Z' }))
      .thenRejects('occurred-at-outside-meeting');
  });

  it('is the clerk’s to record: a board member cannot record votes', () => {
    spec()
      .given(...quorateMeeting)
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }], { actor: actor(ADA) }))
      .thenRejects('not-a-clerk', 'forbidden');
  });

  it('refuses votes on a decision that was not open when they were taken: they would count in its tally', () => {
    const decision = { decisionId: 'd-1', partnershipId: PARTNERSHIP };
    const withDecision = (d: Record<string, string>) => contextFor({}, { decisions: { 'd-1': { ...decision, ...d } } });
    const votes = recordVotes([{ personId: 'ada', stance: 'agree' }]);
    spec(withDecision({ status: 'draft' }))
      .given(...quorateMeeting)
      .when(votes)
      .thenRejects('decision-not-open', 'rule-violated');
    spec(withDecision({ status: 'open', openedAt: '2026-01-15T19:00:00Z', closesAt: '2026-01-31T17:00:00Z' }))
      .given(...quorateMeeting)
      .when(votes)
      .thenRejects('occurred-at-too-early', 'rule-violated');
    spec(withDecision({ status: 'open', openedAt: '2026-01-05T09:00:00Z', closesAt: '2026-01-15T18:30:00Z' }))
      .given(...quorateMeeting)
      .when(votes)
      .thenRejects('closing-time-passed', 'rule-violated');
    spec()
      .given(...quorateMeeting)
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }], { itemId: 'item-2' }))
      .then({
        type: 'VoteRecorded',
        data: {
          ...ref,
          itemId: 'item-2',
          personId: 'ada',
          stance: 'agree',
          method: 'show-of-hands',
          recordedBy: BEN,
          occurredAt: M.vote,
        },
      });
  });

  it('records an interest declared at the meeting as the member’s personal data, and refuses their vote on the item', () => {
    const interest = spec()
      .given(...quorateMeeting)
      .when({
        type: 'RecordMeetingInterest',
        actor: clerk,
        now: M.recordedNextDay,
        occurredAt: M.startsAt,
        meetingId: MEETING,
        itemId: 'item-1',
        personId: 'dan',
        nature: 'Director of the bidder',
      })
      .events();
    expect(interest).toEqual([
      {
        type: 'InterestRecorded',
        data: {
          ...ref,
          itemId: 'item-1',
          personId: 'dan',
          nature: 'Director of the bidder',
          recordedBy: BEN,
          occurredAt: M.startsAt,
        },
      },
    ]);
    // Sealed under Dan's key and erased with it, exactly as an interest declared on the decision.
    expect(PERSONAL_DATA[interest[0]!.type]).toEqual(PERSONAL_DATA.InterestDeclared);
    spec()
      .given(...quorateMeeting, ...interest)
      .when(recordVotes([{ personId: 'dan', stance: 'agree' }]))
      .thenRejects('interest-not-dispensed');
  });
});

describe('RecordCastingVote', () => {
  const casting = {
    type: 'RecordCastingVote',
    actor: clerk,
    now: M.recordedNextDay,
    occurredAt: M.vote,
    meetingId: MEETING,
    itemId: 'item-1',
    stance: 'agree',
  } as const;

  it('the chair breaks a tie where the terms give a casting vote', () => {
    spec(contextFor({ chairCastingVote: true }))
      .given(...quorateMeeting, voted(ADA, 'agree'), voted(DAN, 'disagree'))
      .when(casting)
      .then({
        ...voted(ADA, 'agree'),
        data: { ...voted(ADA, 'agree').data, method: 'recorded-vote', casting: true },
      } as never);
  });

  it('is refused without the terms, without a tie, or twice', () => {
    spec()
      .given(...quorateMeeting, voted(ADA, 'agree'), voted(DAN, 'disagree'))
      .when(casting)
      .thenRejects('casting-vote-not-available');
    spec(contextFor({ chairCastingVote: true }))
      .given(...quorateMeeting, voted(ADA, 'agree'))
      .when(casting)
      .thenRejects('casting-vote-not-available');
  });
});

describe('CloseMeeting and AdjournMeeting', () => {
  const close = (occurredAt: string) =>
    ({ type: 'CloseMeeting', actor: clerk, now: M.recordedNextDay, occurredAt, meetingId: MEETING }) as const;

  it('closes the record of a quorate meeting at the time it ended', () => {
    spec()
      .given(...quorateMeeting, voted(ADA, 'agree'))
      .when(close(M.endedAt))
      .then(closed());
  });

  it('does not end before what was recorded as happening at it', () => {
    spec()
      .given(...quorateMeeting, voted(ADA, 'agree'))
      .when(close('2026-01-15T18:30:00Z'))
      .thenRejects('occurred-at-outside-meeting');
  });

  it('an inquorate meeting is adjourned, not closed', () => {
    const inquorate = [scheduled(), noticed(), attended(ADA), quorum(false, ['ada'])];
    spec()
      .given(...inquorate)
      .when(close(M.endedAt))
      .thenRejects('meeting-inquorate');
    spec()
      .given(...inquorate)
      .when({
        type: 'AdjournMeeting',
        actor: clerk,
        now: M.recordedNextDay,
        occurredAt: '2026-01-15T18:15:00Z',
        meetingId: MEETING,
        reason: 'Inquorate',
      })
      .then({
        type: 'MeetingAdjourned',
        data: { ...ref, endedAt: '2026-01-15T18:15:00Z', reason: 'Inquorate', adjournedBy: BEN },
      });
  });

  it('nothing more is recorded at a meeting once closed', () => {
    spec()
      .given(...quorateMeeting, closed())
      .when(recordVotes([{ personId: 'ada', stance: 'agree' }]))
      .thenRejects('meeting-closed');
  });
});
