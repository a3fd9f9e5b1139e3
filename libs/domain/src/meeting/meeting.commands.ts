import type { CommandBase } from '../shared/command';
import type { RecordsThePast } from '../shared/occurred-at';
import type { VoteStance } from '../shared/vocabulary';
import type { AgendaItem, Presence, VotingMethod } from './meeting.events';

interface MeetingCommandBase<T extends string> extends CommandBase<T> {
  readonly meetingId: string;
}

export interface ScheduleMeeting extends MeetingCommandBase<'ScheduleMeeting'>, RecordsThePast {
  readonly partnershipId: string;
  readonly startsAt: string;
  readonly place?: string;
  readonly link?: string;
  readonly agenda: readonly AgendaItem[];
}

export type PublishMeetingNotice = MeetingCommandBase<'PublishMeetingNotice'> & RecordsThePast;

export interface AttendanceEntry {
  readonly personId: string;
  readonly presence: Presence;
  readonly substituteFor?: string;
}

/** One or more attendees at once; the quorum follows from the attendance as recorded. */
export interface RecordAttendance extends MeetingCommandBase<'RecordAttendance'>, RecordsThePast {
  readonly attendance: readonly AttendanceEntry[];
}

export interface RecordMeetingInterest extends MeetingCommandBase<'RecordMeetingInterest'>, RecordsThePast {
  readonly itemId: string;
  readonly personId: string;
  readonly nature: string;
}

/** The votes on one item, all at once (atomic: one refused vote refuses them all). */
export interface RecordVotes extends MeetingCommandBase<'RecordVotes'>, RecordsThePast {
  readonly itemId: string;
  readonly method: VotingMethod;
  readonly votes: readonly { readonly personId: string; readonly stance: VoteStance }[];
}

export interface RecordCastingVote extends MeetingCommandBase<'RecordCastingVote'>, RecordsThePast {
  readonly itemId: string;
  readonly stance: 'agree' | 'disagree';
}

export type CloseMeeting = MeetingCommandBase<'CloseMeeting'> & RecordsThePast;

export interface AdjournMeeting extends MeetingCommandBase<'AdjournMeeting'>, RecordsThePast {
  readonly reason: string;
}

export interface CancelMeeting extends MeetingCommandBase<'CancelMeeting'>, RecordsThePast {
  readonly reason: string;
}

/** Drafted when the clerk wrote them up (`occurredAt`), never before the meeting ended. */
export interface DraftMinutes extends MeetingCommandBase<'DraftMinutes'>, RecordsThePast {
  readonly textSha256: string;
}

/** Approves this meeting's minutes by a resolution at the later meeting `atMeetingId`. */
export interface ApproveMinutes extends MeetingCommandBase<'ApproveMinutes'>, RecordsThePast {
  readonly atMeetingId: string;
}

/** The member a record names disputes it (their vote, attendance or interest as recorded). */
export interface DisputeMeetingRecord extends MeetingCommandBase<'DisputeMeetingRecord'> {
  readonly disputedEventId: string;
  readonly reason: string;
}

/** The clerk corrects a vote's stance or an attendance's presence; both stay in the log. */
export interface CorrectMeetingRecord extends MeetingCommandBase<'CorrectMeetingRecord'> {
  readonly correctsEventId: string;
  readonly to: string;
  readonly reason: string;
}

export type MeetingCommand =
  | ScheduleMeeting
  | PublishMeetingNotice
  | RecordAttendance
  | RecordMeetingInterest
  | RecordVotes
  | RecordCastingVote
  | CloseMeeting
  | AdjournMeeting
  | CancelMeeting
  | DraftMinutes
  | ApproveMinutes
  | DisputeMeetingRecord
  | CorrectMeetingRecord;
