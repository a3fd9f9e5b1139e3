/** Meeting test fixtures (test-only; not exported from index.ts). */
import type { RoleGranted } from '../organisation/organisation.events';
import type { PartnershipEvent } from '../partnership/partnership.events';
import type { PersonRef } from '../shared/actor';
import {
  activated,
  ADA,
  appointed,
  assocHistory,
  COL,
  councilHistory,
  DAN,
  EVE,
  joined,
  organisations,
  outsiderHistory,
  OLI,
  PARTNERSHIP,
  partnershipState,
  proposed,
  SHA,
  BEN,
  CAL,
} from '../shared/fixtures';
import { specFor } from '../shared/testing';
import type { VoteStance } from '../shared/vocabulary';
import type { MeetingCommand } from './meeting.commands';
import type { MeetingContext } from './meeting.context';
import type { MeetingEvent, Presence } from './meeting.events';
import { meetingAggregate } from './meeting.aggregate';
import { evolveMeeting, initialMeetingState, type MeetingState } from './meeting.state';

export const MEETING = 'board-2026-01-15';
export const NEXT_MEETING = 'board-2026-02-12';
export const DECISION_ON_AGENDA = 'd-1';

/** Board 15 Jan 2026 18:00 (a Thursday), recorded by the clerk the next morning. */
export const M = {
  scheduledAt: '2026-01-02T10:00:00Z',
  lastNoticeDay: '2026-01-07T16:00:00Z',
  tooLate: '2026-01-08T09:00:00Z',
  startsAt: '2026-01-15T18:00:00Z',
  vote: '2026-01-15T18:40:00Z',
  endedAt: '2026-01-15T20:00:00Z',
  recordedNextDay: '2026-01-16T09:12:00Z',
  nextStartsAt: '2026-02-12T18:00:00Z',
  nextRecorded: '2026-02-13T09:00:00Z',
} as const;

export const PAPER = { title: 'Land disposal report', sha256: SHA };

export const roleGranted = (person: PersonRef, role: RoleGranted['data']['role'] = 'clerk'): RoleGranted => ({
  type: 'RoleGranted',
  data: { organisationId: person.orgId, personId: person.personId, role, grantedBy: CAL },
});

/** Ben (a council officer) is the partnership's clerk; Eve (association) may substitute for Dan. */
export const contextFor = (
  terms: {
    quorum?: number;
    substitutesAllowed?: boolean;
    chairCastingVote?: boolean;
    noticeClearWorkingDays?: number;
  } = {},
  extra: Partial<MeetingContext> = {},
): MeetingContext => {
  const termsEvent: PartnershipEvent = {
    type: 'TermsOfReferenceAgreed',
    data: {
      partnershipId: PARTNERSHIP,
      version: 1,
      approvalRule: 'board-majority',
      quorum: terms.quorum ?? 2,
      textSha256: SHA,
      agreedBy: ADA,
      authority: {
        authorityId: 'ada-1',
        instrument: 'Scheme of delegation 2026 §ada-1',
        categories: ['governance'],
        valueLimitPence: 0,
        validFrom: '2025-04-01T00:00:00Z',
      },
      ...(terms.substitutesAllowed === undefined ? {} : { substitutesAllowed: terms.substitutesAllowed }),
      ...(terms.chairCastingVote === undefined ? {} : { chairCastingVote: terms.chairCastingVote }),
      ...(terms.noticeClearWorkingDays === undefined ? {} : { noticeClearWorkingDays: terms.noticeClearWorkingDays }),
    },
  };
  const chair: PartnershipEvent = {
    ...appointed(ADA),
    data: { ...appointed(ADA).data, boardRole: 'Chair' },
  } as PartnershipEvent;
  return {
    partnership: partnershipState([
      proposed(),
      termsEvent,
      joined(ADA, 'ada-1', 1),
      joined(DAN, 'dan-1', 1),
      activated(),
      chair,
      appointed(COL),
      appointed(DAN),
    ]),
    organisations: organisations({
      [BEN.orgId]: [...councilHistory, roleGranted(BEN)],
      [DAN.orgId]: assocHistory,
      [OLI.orgId]: [...outsiderHistory, roleGranted(OLI)],
    }),
    decisions: {
      [DECISION_ON_AGENDA]: {
        decisionId: DECISION_ON_AGENDA,
        partnershipId: PARTNERSHIP,
        status: 'open',
        openedAt: '2026-01-05T09:00:00Z',
        closesAt: '2026-01-31T17:00:00Z',
      },
    },
    ...extra,
  };
};

export const clerk = { personId: BEN.personId, orgId: BEN.orgId, roles: ['member', 'clerk'] };

export const spec = (context: MeetingContext = contextFor()) =>
  specFor<MeetingState, MeetingCommand, MeetingEvent, MeetingContext>(meetingAggregate, context);

const ref = (meetingId = MEETING) => ({ meetingId, partnershipId: PARTNERSHIP });

export const scheduled = (meetingId = MEETING, startsAt: string = M.startsAt): MeetingEvent => ({
  type: 'MeetingScheduled',
  data: {
    ...ref(meetingId),
    parties: ['northborough-council', 'riverside-homes'],
    startsAt,
    place: 'Civic Centre, Committee Room 2',
    agenda: [
      { itemId: 'item-1', title: 'Disposal of the depot site', decisionId: DECISION_ON_AGENDA, papers: [PAPER] },
      { itemId: 'item-2', title: 'Any other business', papers: [] },
    ],
    scheduledBy: BEN,
    scheduledAt: M.scheduledAt,
  },
});

export const noticed = (meetingId = MEETING, publishedAt: string = M.lastNoticeDay): MeetingEvent => ({
  type: 'MeetingNoticePublished',
  data: { ...ref(meetingId), publishedBy: BEN, publishedAt, clearWorkingDays: 5, requiredClearWorkingDays: 5 },
});

export const attended = (
  person: PersonRef,
  presence: Presence = 'present',
  meetingId = MEETING,
  at: string = M.startsAt,
): MeetingEvent => ({
  type: 'AttendanceRecorded',
  data: {
    ...ref(meetingId),
    personId: person.personId,
    party: person.orgId,
    presence,
    recordedBy: BEN,
    occurredAt: at,
  },
});

export const quorum = (
  quorate: boolean,
  present: string[],
  meetingId = MEETING,
  at: string = M.startsAt,
): MeetingEvent => ({
  type: 'MeetingQuorumDetermined',
  data: { ...ref(meetingId), quorate, present, required: 2, occurredAt: at },
});

export const voted = (person: PersonRef, stance: VoteStance, itemId = 'item-1'): MeetingEvent => ({
  type: 'VoteRecorded',
  data: {
    ...ref(),
    itemId,
    ...(itemId === 'item-1' ? { decisionId: DECISION_ON_AGENDA } : {}),
    personId: person.personId,
    stance,
    method: 'show-of-hands',
    recordedBy: BEN,
    occurredAt: M.vote,
  },
});

export const closed = (meetingId = MEETING, endedAt: string = M.endedAt): MeetingEvent => ({
  type: 'MeetingClosed',
  data: { ...ref(meetingId), endedAt, closedBy: BEN },
});

export const minutesDrafted = (version = 1): MeetingEvent => ({
  type: 'MinutesDrafted',
  data: { ...ref(), version, textSha256: SHA, draftedBy: BEN },
});

/** A quorate meeting (Ada and Dan present, Col sent apologies), before its votes. */
export const quorateMeeting: MeetingEvent[] = [
  scheduled(),
  noticed(),
  attended(ADA),
  attended(COL, 'apologies'),
  attended(DAN),
  quorum(true, ['ada', 'dan']),
];

/** The next board, held and quorate, with no record yet of its business. */
export const nextMeetingState = (): MeetingState =>
  [
    scheduled(NEXT_MEETING, M.nextStartsAt),
    noticed(NEXT_MEETING),
    attended(ADA, 'present', NEXT_MEETING, M.nextStartsAt),
    attended(DAN, 'present', NEXT_MEETING, M.nextStartsAt),
    quorum(true, ['ada', 'dan'], NEXT_MEETING, M.nextStartsAt),
  ].reduce(evolveMeeting, initialMeetingState);

export { ADA, BEN, COL, DAN, EVE, OLI, PARTNERSHIP, initialMeetingState };
