import { SHA } from '../shared/fixtures';
import type { ApproveMinutes } from './meeting.commands';
import {
  BEN,
  clerk,
  closed,
  contextFor,
  M,
  MEETING,
  minutesDrafted,
  NEXT_MEETING,
  nextMeetingState,
  PARTNERSHIP,
  quorateMeeting,
  spec,
} from './meeting.test-fixtures';
import { initialMeetingState } from './meeting.state';

const ref = { meetingId: MEETING, partnershipId: PARTNERSHIP };
const draft = {
  type: 'DraftMinutes',
  actor: clerk,
  now: M.recordedNextDay,
  meetingId: MEETING,
  textSha256: SHA,
} as const;
const approve = (extra: Partial<ApproveMinutes> = {}): ApproveMinutes => ({
  type: 'ApproveMinutes',
  actor: clerk,
  now: M.nextRecorded,
  occurredAt: '2026-02-12T18:10:00Z',
  meetingId: MEETING,
  atMeetingId: NEXT_MEETING,
  ...extra,
});
const withNext = contextFor({}, { meetings: { [NEXT_MEETING]: nextMeetingState() } });

describe('DraftMinutes', () => {
  it('the clerk drafts the minutes of a closed meeting, and may redraft them', () => {
    spec()
      .given(...quorateMeeting, closed())
      .when(draft)
      .then(minutesDrafted(1));
    spec()
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(draft)
      .then(minutesDrafted(2));
  });

  it('dated when the clerk wrote them up: after the meeting ended, never in the future', () => {
    spec()
      .given(...quorateMeeting, closed())
      .when({ ...draft, occurredAt: M.recordedNextDay })
      .then(minutesDrafted(1));
    spec()
      .given(...quorateMeeting, closed())
      .when({ ...draft, occurredAt: '2026-01-15T19:30:00Z' })
      .thenRejects('occurred-at-too-early');
    spec()
      .given(...quorateMeeting, closed())
      .when({ ...draft, now: M.recordedNextDay, occurredAt: '2026-01-17T09:00:00Z' })
      .thenRejects('occurred-at-in-future');
  });

  it('not before the meeting is closed', () => {
    spec()
      .given(...quorateMeeting)
      .when(draft)
      .thenRejects('meeting-not-closed');
  });
});

describe('ApproveMinutes', () => {
  it('by resolution of the next quorate meeting, dated at that meeting', () => {
    spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(approve())
      .then({
        type: 'MinutesApproved',
        data: {
          ...ref,
          version: 1,
          textSha256: SHA,
          atMeetingId: NEXT_MEETING,
          recordedBy: BEN,
          occurredAt: '2026-02-12T18:10:00Z',
        },
      });
  });

  it('then they are frozen: neither redrafted nor approved again', () => {
    const approved = spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(approve())
      .events();
    spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1), ...approved)
      .when(draft)
      .thenRejects('minutes-already-approved');
    spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1), ...approved)
      .when(approve())
      .thenRejects('minutes-already-approved');
  });

  it('never at the meeting they record', () => {
    spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(approve({ atMeetingId: MEETING }))
      .thenRejects('minutes-approved-at-own-meeting');
  });

  it('only at a later, held meeting of the partnership, inside it, once drafted', () => {
    spec(withNext)
      .given(...quorateMeeting, closed())
      .when(approve())
      .thenRejects('minutes-not-drafted');
    spec(contextFor({}, { meetings: { [NEXT_MEETING]: initialMeetingState } }))
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(approve())
      .thenRejects('approving-meeting-invalid');
    spec(withNext)
      .given(...quorateMeeting, closed(), minutesDrafted(1))
      .when(approve({ occurredAt: M.vote }))
      .thenRejects('occurred-at-outside-meeting');
  });
});
