import type { StoredEvent } from '../shared/event';
import { type GrowingIndex, indexed, withIndexed } from '../shared/growing-index';
import { isBefore } from '../shared/time';
import { type IdRecord, own, withEntry } from '../shared/records';
import type { VoteStance } from '../shared/vocabulary';
import type { AgendaItem, MeetingEvent, Presence } from './meeting.events';

/**
 * scheduled → noticed → closed | adjourned; scheduled or noticed → cancelled. What happened at
 * the meeting is recorded while it is noticed (the clerk often records it the next day); closing
 * it says the record of the proceedings is complete.
 */
export type MeetingStatus = 'none' | 'scheduled' | 'noticed' | 'closed' | 'adjourned' | 'cancelled';

export interface AttendanceRecord {
  readonly personId: string;
  readonly party: string;
  readonly presence: Presence;
  readonly substituteFor?: string;
}

/** What a record of the meeting said of a member, by its event id: what a dispute or correction points at. */
export interface MeetingRecordInfo {
  readonly type: 'VoteRecorded' | 'AttendanceRecorded' | 'InterestRecorded';
  readonly personId: string;
  readonly itemId?: string;
  /** The stance or presence it records, as corrected so far. */
  readonly value?: string;
}

export interface MeetingState {
  readonly status: MeetingStatus;
  readonly meetingId: string;
  readonly partnershipId: string;
  readonly parties: readonly string[];
  readonly startsAt: string;
  readonly scheduledAt: string;
  readonly endedAt?: string;
  /** The latest occurredAt of what was recorded as happening at the meeting. */
  readonly lastOccurredAt?: string;
  readonly agenda: readonly AgendaItem[];
  /** Latest attendance per person. */
  readonly attendance: IdRecord<AttendanceRecord>;
  /** The latest quorum determination, if any. */
  readonly quorate?: boolean;
  /** Interests declared at the meeting, by item then person. */
  readonly interests: IdRecord<readonly string[]>;
  /** Votes by item: stance per voter; the casting vote apart. */
  readonly votes: IdRecord<IdRecord<VoteStance>>;
  readonly castingVotes: IdRecord<{ readonly personId: string; readonly stance: VoteStance }>;
  readonly minutes?: { readonly version: number; readonly textSha256: string; readonly approvedAtMeetingId?: string };
  readonly records: GrowingIndex<MeetingRecordInfo>;
}

export const initialMeetingState: MeetingState = {
  status: 'none',
  meetingId: '',
  partnershipId: '',
  parties: [],
  startsAt: '',
  scheduledAt: '',
  agenda: [],
  attendance: {},
  interests: {},
  votes: {},
  castingVotes: {},
  records: {},
};

/** Pure and total: unknown event types are ignored so old code can read newer streams. */
export function evolveMeeting(state: MeetingState, event: StoredEvent<MeetingEvent>): MeetingState {
  const next = remember(evolveRecord(state, event), event);
  const at = 'occurredAt' in event.data ? event.data.occurredAt : undefined;
  return at === undefined || (next.lastOccurredAt !== undefined && !isBefore(next.lastOccurredAt, at))
    ? next
    : { ...next, lastOccurredAt: at };
}

/** Records about a member, by event id, for disputes and corrections (stored events carry their id). */
function remember(state: MeetingState, event: StoredEvent<MeetingEvent>): MeetingState {
  if (event.eventId === undefined) return state;
  switch (event.type) {
    case 'VoteRecorded':
    case 'AttendanceRecorded':
    case 'InterestRecorded': {
      const d = event.data;
      const info: MeetingRecordInfo = {
        type: event.type,
        personId: d.personId,
        ...('itemId' in d ? { itemId: d.itemId } : {}),
        ...('stance' in d ? { value: d.stance } : 'presence' in d ? { value: d.presence } : {}),
      };
      return { ...state, records: withIndexed(state.records, event.eventId, info) };
    }
    case 'RecordCorrected': {
      const info = indexed(state.records, event.data.correctsEventId);
      return info
        ? {
            ...state,
            records: withIndexed(state.records, event.data.correctsEventId, { ...info, value: event.data.to }),
          }
        : state;
    }
    default:
      return state;
  }
}

function evolveRecord(state: MeetingState, event: StoredEvent<MeetingEvent>): MeetingState {
  switch (event.type) {
    case 'MeetingScheduled': {
      const d = event.data;
      return {
        ...initialMeetingState,
        status: 'scheduled',
        meetingId: d.meetingId,
        partnershipId: d.partnershipId,
        parties: d.parties,
        startsAt: d.startsAt,
        scheduledAt: d.scheduledAt,
        agenda: d.agenda,
      };
    }
    case 'MeetingNoticePublished':
      return { ...state, status: 'noticed' };
    case 'AttendanceRecorded': {
      const d = event.data;
      const record: AttendanceRecord = {
        personId: d.personId,
        party: d.party,
        presence: d.presence,
        ...(d.substituteFor === undefined ? {} : { substituteFor: d.substituteFor }),
      };
      return { ...state, attendance: withEntry(state.attendance, d.personId, record) };
    }
    case 'MeetingQuorumDetermined':
      return { ...state, quorate: event.data.quorate };
    case 'InterestRecorded': {
      const { itemId, personId } = event.data;
      const declared = own(state.interests, itemId) ?? [];
      return { ...state, interests: withEntry(state.interests, itemId, [...declared, personId]) };
    }
    case 'VoteRecorded': {
      const { itemId, personId, stance, casting } = event.data;
      if (casting) return { ...state, castingVotes: withEntry(state.castingVotes, itemId, { personId, stance }) };
      const item = own(state.votes, itemId) ?? {};
      return { ...state, votes: withEntry(state.votes, itemId, withEntry(item, personId, stance)) };
    }
    case 'MeetingClosed':
      return { ...state, status: 'closed', endedAt: event.data.endedAt };
    case 'MeetingAdjourned':
      return { ...state, status: 'adjourned', endedAt: event.data.endedAt };
    case 'MeetingCancelled':
      return { ...state, status: 'cancelled' };
    case 'MinutesDrafted':
      return { ...state, minutes: { version: event.data.version, textSha256: event.data.textSha256 } };
    case 'RecordCorrected': {
      const d = event.data;
      if (d.field === 'stance' && d.itemId !== undefined) {
        const item = own(state.votes, d.itemId) ?? {};
        return { ...state, votes: withEntry(state.votes, d.itemId, withEntry(item, d.personId, d.to as VoteStance)) };
      }
      const attendance = own(state.attendance, d.personId);
      return attendance && d.field === 'presence'
        ? {
            ...state,
            attendance: withEntry(state.attendance, d.personId, { ...attendance, presence: d.to as Presence }),
          }
        : state;
    }
    case 'MinutesApproved':
      return state.minutes
        ? { ...state, minutes: { ...state.minutes, approvedAtMeetingId: event.data.atMeetingId } }
        : state;
    default:
      return state;
  }
}
