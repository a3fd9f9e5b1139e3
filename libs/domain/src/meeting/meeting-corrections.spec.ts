import type { Actor } from '../shared/actor';
import { actor } from '../shared/fixtures';
import { PERSONAL_DATA } from '../shared/personal-data';
import {
  ADA,
  attended,
  BEN,
  clerk,
  closed,
  COL,
  DAN,
  M,
  MEETING,
  PARTNERSHIP,
  quorateMeeting,
  spec,
  voted,
} from './meeting.test-fixtures';

const ref = { meetingId: MEETING, partnershipId: PARTNERSHIP };
const adasVote = { ...voted(ADA, 'agree'), eventId: 'e-ada-vote' };
const held = [...quorateMeeting, adasVote, voted(DAN, 'disagree'), closed()];

describe('DisputeMeetingRecord', () => {
  const dispute = (who = actor(ADA), disputedEventId = 'e-ada-vote') =>
    ({
      type: 'DisputeMeetingRecord',
      actor: who,
      now: M.recordedNextDay,
      meetingId: MEETING,
      disputedEventId,
      reason: 'I voted against',
    }) as const;

  it('the member a record names disputes it; the record stands until corrected', () => {
    const state = spec()
      .given(...held)
      .when(dispute())
      .then({
        type: 'RecordDisputed',
        data: {
          ...ref,
          disputedEventId: 'e-ada-vote',
          disputedEventType: 'VoteRecorded',
          personId: 'ada',
          reason: 'I voted against',
        },
      });
    expect(state.votes['item-1']).toEqual({ ada: 'agree', dan: 'disagree' });
  });

  it('holds the member’s reason as their personal data: sealed under their key, erased with it', () => {
    const [disputed] = spec()
      .given(...held)
      .when(dispute())
      .events();
    const rule = PERSONAL_DATA[disputed!.type];
    const data = disputed!.data as unknown as Record<string, unknown>;
    expect(rule && [data[rule.subject], rule.fields.map((f) => data[f])]).toEqual(['ada', ['I voted against']]);
  });

  it('nobody else may dispute it, and only a record of this meeting', () => {
    spec()
      .given(...held)
      .when(dispute(actor(DAN)))
      .thenRejects('not-permitted-to-correct', 'forbidden');
    spec()
      .given(...held)
      .when(dispute(actor(ADA), 'e-unknown'))
      .thenRejects('corrected-event-not-found');
  });
});

describe('CorrectMeetingRecord', () => {
  const correct = (to: string, who: Actor = clerk, correctsEventId = 'e-ada-vote') =>
    ({
      type: 'CorrectMeetingRecord',
      actor: who,
      now: M.recordedNextDay,
      meetingId: MEETING,
      correctsEventId,
      to,
      reason: 'Cllr Ada voted against: the clerk misread the show of hands',
    }) as const;

  it('the clerk corrects a vote: the original stays, the correction points at it and counts', () => {
    const state = spec()
      .given(...held)
      .when(correct('disagree'))
      .then({
        type: 'RecordCorrected',
        data: {
          ...ref,
          correctsEventId: 'e-ada-vote',
          correctedEventType: 'VoteRecorded',
          personId: 'ada',
          itemId: 'item-1',
          field: 'stance',
          from: 'agree',
          to: 'disagree',
          reason: 'Cllr Ada voted against: the clerk misread the show of hands',
          correctedBy: BEN,
        },
      });
    expect(state.votes['item-1']).toEqual({ ada: 'disagree', dan: 'disagree' });
  });

  it('corrects an attendance once the meeting is closed', () => {
    const cols = { ...attended(COL, 'apologies'), eventId: 'e-col' };
    const state = spec()
      .given(...quorateMeeting.slice(0, 3), cols, ...quorateMeeting.slice(4), closed())
      .when(correct('absent', clerk, 'e-col'))
      .events();
    expect(state[0].data).toMatchObject({ field: 'presence', from: 'apologies', to: 'absent' });
  });

  it('is the clerk’s; a correction must change something the record says', () => {
    spec()
      .given(...held)
      .when(correct('disagree', actor(ADA)))
      .thenRejects('not-a-clerk', 'forbidden');
    spec()
      .given(...held)
      .when(correct('agree'))
      .thenRejects('correction-invalid');
    spec()
      .given(...held)
      .when(correct('present'))
      .thenRejects('invalid-field', 'bad-input');
  });
});
