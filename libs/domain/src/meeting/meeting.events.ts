import type { PersonRef } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import type { VoteStance } from '../shared/vocabulary';

/**
 * A board meeting's stream `meeting-{id}` (DESIGN §1 "Meetings"). When each thing happened in
 * the world is the envelope's `metadata.occurredAt` (DESIGN §5 "Two clocks"), which the command
 * gives and the rules check; the data says what happened and who recorded it.
 */
export const MEETING_EVENT_TYPES = [
  'MeetingScheduled',
  'MeetingNoticePublished',
  'AttendanceRecorded',
  'MeetingQuorumDetermined',
  'InterestRecorded',
  'VoteRecorded',
  'MeetingClosed',
  'MeetingAdjourned',
  'MeetingCancelled',
  'MinutesDrafted',
  'MinutesApproved',
  'RecordDisputed',
  'RecordCorrected',
] as const;
export type MeetingEventType = (typeof MEETING_EVENT_TYPES)[number];

export const PRESENCES = ['present', 'apologies', 'absent'] as const;
export type Presence = (typeof PRESENCES)[number];

export const VOTING_METHODS = ['show-of-hands', 'recorded-vote'] as const;
export type VotingMethod = (typeof VOTING_METHODS)[number];

export interface MeetingPaper {
  title: string;
  /** SHA-256 (hex) of the paper, which lives outside the ledger. */
  sha256: string;
}

export interface AgendaItem {
  itemId: string;
  title: string;
  /** The decision the item is about, if any (a decision of the same partnership). */
  decisionId?: string;
  papers: MeetingPaper[];
}

interface MeetingRef {
  meetingId: string;
  partnershipId: string;
}

/** What happened at the meeting carries when (also the envelope's occurredAt): rules compare them. */
interface AtTheMeeting {
  occurredAt: string;
}

export interface MeetingScheduledData extends MeetingRef {
  /** The partnership's parties when scheduled: whose members may attend. */
  parties: string[];
  startsAt: string;
  /** Where: a place, an online link, or both. */
  place?: string;
  link?: string;
  agenda: AgendaItem[];
  scheduledBy: PersonRef;
  /** When it was scheduled (the event's occurredAt): its notice cannot be earlier. */
  scheduledAt: string;
}

export interface MeetingNoticePublishedData extends MeetingRef {
  publishedBy: PersonRef;
  publishedAt: string;
  /** The clear working days the notice gave, and the terms' minimum. */
  clearWorkingDays: number;
  requiredClearWorkingDays: number;
}

export interface AttendanceRecordedData extends MeetingRef, AtTheMeeting {
  personId: string;
  /** The party the attendee sits for (a substitute's: the substituted member's). */
  party: string;
  presence: Presence;
  /** A named substitute sits, and votes, for this board member (where the terms allow). */
  substituteFor?: string;
  recordedBy: PersonRef;
}

export interface MeetingQuorumDeterminedData extends MeetingRef, AtTheMeeting {
  quorate: boolean;
  /** Present voting members: board members, and substitutes in place of those absent. */
  present: string[];
  required: number;
}

export interface InterestRecordedData extends MeetingRef, AtTheMeeting {
  itemId: string;
  personId: string;
  nature: string;
  recordedBy: PersonRef;
}

export interface VoteRecordedData extends MeetingRef, AtTheMeeting {
  itemId: string;
  decisionId?: string;
  /** The voter: the member, never the clerk who records it. */
  personId: string;
  stance: VoteStance;
  method: VotingMethod;
  recordedBy: PersonRef;
  /** The chair's casting vote on a tie, where the terms give one. */
  casting?: true;
}

export interface MeetingClosedData extends MeetingRef {
  /** When the meeting ended (equals the event's occurredAt). */
  endedAt: string;
  closedBy: PersonRef;
}

export interface MeetingAdjournedData extends MeetingRef {
  endedAt: string;
  reason: string;
  adjournedBy: PersonRef;
}

export interface MeetingCancelledData extends MeetingRef {
  reason: string;
  cancelledBy: PersonRef;
  cancelledAt: string;
}

export interface MinutesDraftedData extends MeetingRef {
  version: number;
  /** SHA-256 (hex) of the minutes' text. */
  textSha256: string;
  draftedBy: PersonRef;
}

export interface MinutesApprovedData extends MeetingRef, AtTheMeeting {
  version: number;
  textSha256: string;
  /** The later meeting whose resolution approved them as a true record. */
  atMeetingId: string;
  recordedBy: PersonRef;
}

/** The member a record names says it is wrong; the record stays as it was until corrected. */
export interface RecordDisputedData extends MeetingRef {
  disputedEventId: string;
  disputedEventType: string;
  personId: string;
  reason: string;
}

/**
 * The clerk corrects what a record says of a member (a vote's stance, an attendance's presence);
 * the original stays in the log and this points at it (DESIGN §1).
 */
export interface MeetingRecordCorrectedData extends MeetingRef {
  correctsEventId: string;
  correctedEventType: 'VoteRecorded' | 'AttendanceRecorded';
  personId: string;
  itemId?: string;
  field: 'stance' | 'presence';
  from: string;
  to: string;
  reason: string;
  correctedBy: PersonRef;
}

export type MeetingScheduled = DomainEvent<'MeetingScheduled', MeetingScheduledData>;
export type MeetingNoticePublished = DomainEvent<'MeetingNoticePublished', MeetingNoticePublishedData>;
export type AttendanceRecorded = DomainEvent<'AttendanceRecorded', AttendanceRecordedData>;
export type MeetingQuorumDetermined = DomainEvent<'MeetingQuorumDetermined', MeetingQuorumDeterminedData>;
export type InterestRecorded = DomainEvent<'InterestRecorded', InterestRecordedData>;
export type VoteRecorded = DomainEvent<'VoteRecorded', VoteRecordedData>;
export type MeetingClosed = DomainEvent<'MeetingClosed', MeetingClosedData>;
export type MeetingAdjourned = DomainEvent<'MeetingAdjourned', MeetingAdjournedData>;
export type MeetingCancelled = DomainEvent<'MeetingCancelled', MeetingCancelledData>;
export type MinutesDrafted = DomainEvent<'MinutesDrafted', MinutesDraftedData>;
export type MinutesApproved = DomainEvent<'MinutesApproved', MinutesApprovedData>;
export type RecordDisputed = DomainEvent<'RecordDisputed', RecordDisputedData>;
export type MeetingRecordCorrected = DomainEvent<'RecordCorrected', MeetingRecordCorrectedData>;

export type MeetingEvent =
  | MeetingScheduled
  | MeetingNoticePublished
  | AttendanceRecorded
  | MeetingQuorumDetermined
  | InterestRecorded
  | VoteRecorded
  | MeetingClosed
  | MeetingAdjourned
  | MeetingCancelled
  | MinutesDrafted
  | MinutesApproved
  | RecordDisputed
  | MeetingRecordCorrected;
