import { actor } from '../shared/fixtures';
import type { Actor } from '../shared/actor';
import type { ScheduleMeeting } from './meeting.commands';
import {
  ADA,
  BEN,
  clerk,
  contextFor,
  DAN,
  M,
  MEETING,
  noticed,
  OLI,
  PAPER,
  PARTNERSHIP,
  scheduled,
  spec,
} from './meeting.test-fixtures';

const schedule = (extra: Partial<ScheduleMeeting> = {}): ScheduleMeeting => ({
  type: 'ScheduleMeeting',
  actor: clerk,
  now: M.scheduledAt,
  meetingId: MEETING,
  partnershipId: PARTNERSHIP,
  startsAt: M.startsAt,
  place: 'Civic Centre, Committee Room 2',
  agenda: [
    { itemId: 'item-1', title: 'Disposal of the depot site', decisionId: 'd-1', papers: [PAPER] },
    { itemId: 'item-2', title: 'Any other business', papers: [] },
  ],
  ...extra,
});

describe('ScheduleMeeting', () => {
  it('the clerk schedules a board with its place, agenda and papers', () => {
    spec().given().when(schedule()).then(scheduled());
  });

  it('needs the clerk role granted in the ledger, not a token role', () => {
    spec()
      .given()
      .when(schedule({ actor: actor(ADA, 'member', 'clerk') }))
      .thenRejects('not-a-clerk', 'forbidden');
  });

  it('refuses a clerk of an organisation that is not a party', () => {
    spec()
      .given()
      .when(schedule({ actor: actor(OLI, 'member', 'clerk') }))
      .thenRejects('not-a-party', 'forbidden');
  });

  it('refuses a meeting in the past, an agenda pointing at another partnership, no place', () => {
    spec()
      .given()
      .when(schedule({ now: '2026-01-16T09:00:00Z' }))
      .thenRejects('meeting-not-in-future', 'rule-violated');
    spec(contextFor({}, { decisions: { 'd-1': { decisionId: 'd-1', partnershipId: 'elsewhere' } } }))
      .given()
      .when(schedule())
      .thenRejects('agenda-invalid', 'rule-violated');
    spec()
      .given()
      .when(schedule({ place: undefined }))
      .thenRejects('field-required', 'bad-input');
    spec()
      .given()
      .when(schedule({ agenda: [{ itemId: 'i', title: 't', papers: [{ title: 'p', sha256: 'x' }] }] }))
      .thenRejects('invalid-field', 'bad-input');
  });

  it('records a meeting scheduled in the past, as a clerk keeping a past year does', () => {
    spec()
      .given()
      .when(schedule({ now: '2026-12-06T10:00:00Z', occurredAt: M.scheduledAt }))
      .then(scheduled());
    spec()
      .given()
      .when(schedule({ now: '2026-12-06T10:00:00Z', occurredAt: '2026-01-15T18:00:00Z' }))
      .thenRejects('meeting-not-in-future');
    spec()
      .given()
      .when(schedule({ occurredAt: '2026-01-02T10:00:01Z' }))
      .thenRejects('occurred-at-in-future');
  });

  it('is refused twice', () => {
    spec().given(scheduled()).when(schedule()).thenRejects('meeting-already-exists', 'rule-violated');
  });
});

describe('PublishMeetingNotice', () => {
  const publish = (now: string, who: Actor = clerk) =>
    ({ type: 'PublishMeetingNotice', actor: who, now, meetingId: MEETING }) as const;

  it('goes out with five clear working days to spare', () => {
    spec().given(scheduled()).when(publish(M.lastNoticeDay)).then(noticed());
  });

  it('is refused later than the notice period, naming the last day', () => {
    const error = spec()
      .given(scheduled())
      .when(publish(M.tooLate))
      .thenRejects('notice-period-too-short', 'rule-violated');
    expect(error.details).toEqual({ required: 5, given: 4, latestNoticeDate: '2026-01-07' });
  });

  it('counts bank holidays out: a board on Thursday 9 April 2026 needs notice by 30 March', () => {
    const april = scheduled(MEETING, '2026-04-09T17:00:00Z');
    spec().given(april).when(publish('2026-03-31T09:00:00Z')).thenRejects('notice-period-too-short');
    spec().given(april).when(publish('2026-03-30T09:00:00Z')).events();
  });

  it('is checked at when it was published, never before the meeting was scheduled', () => {
    const later = '2026-06-01T09:00:00Z';
    spec()
      .given(scheduled())
      .when({ ...publish(later), occurredAt: M.lastNoticeDay })
      .then(noticed());
    spec()
      .given(scheduled())
      .when({ ...publish(later), occurredAt: M.tooLate })
      .thenRejects('notice-period-too-short');
    spec()
      .given(scheduled())
      .when({ ...publish(later), occurredAt: '2026-01-01T09:00:00Z' })
      .thenRejects('occurred-at-too-early');
  });

  it('follows the terms of reference when they set another period', () => {
    spec(contextFor({ noticeClearWorkingDays: 3 }))
      .given(scheduled())
      .when(publish(M.tooLate))
      .then({
        ...noticed(MEETING, M.tooLate),
        data: { ...noticed(MEETING, M.tooLate).data, clearWorkingDays: 4, requiredClearWorkingDays: 3 },
      } as never);
  });

  it('is published once, by the clerk, for a meeting that exists', () => {
    spec().given(scheduled(), noticed()).when(publish(M.lastNoticeDay)).thenRejects('notice-already-published');
    spec()
      .given(scheduled())
      .when(publish(M.lastNoticeDay, actor(DAN)))
      .thenRejects('not-a-clerk', 'forbidden');
    spec().given().when(publish(M.lastNoticeDay)).thenRejects('meeting-not-found', 'not-found');
  });
});

describe('CancelMeeting', () => {
  const cancel = (now: string) =>
    ({ type: 'CancelMeeting', actor: clerk, now, meetingId: MEETING, reason: 'Chair unavailable' }) as const;

  it('before the meeting starts', () => {
    spec()
      .given(scheduled(), noticed())
      .when(cancel(M.tooLate))
      .then({
        type: 'MeetingCancelled',
        data: {
          meetingId: MEETING,
          partnershipId: PARTNERSHIP,
          reason: 'Chair unavailable',
          cancelledBy: BEN,
          cancelledAt: M.tooLate,
        },
      });
  });

  it('not once it has started (adjourn it instead)', () => {
    spec().given(scheduled(), noticed()).when(cancel(M.vote)).thenRejects('meeting-already-started');
  });
});
