import type { MeetingRecord, MeetingView } from '@accord/contracts';
import { evolveMeeting, initialMeetingState, type MeetingEvent } from '@accord/domain';

export type { MeetingRecord, MeetingView, MeetingVoteView } from '@accord/contracts';

/**
 * A meeting as its records up to some instant make it: folded with the domain's own evolve (so
 * the view cannot disagree with the command side), in log order. Undefined when the records do
 * not include its scheduling (it did not exist then).
 */
export function meetingView(records: readonly MeetingRecord[]): MeetingView | undefined {
  const state = records.reduce(
    (s, r) => evolveMeeting(s, { type: r.type, data: r.data, eventId: r.eventId } as unknown as MeetingEvent),
    initialMeetingState,
  );
  if (state.status === 'none') return undefined;
  const scheduled = records.find((r) => r.type === 'MeetingScheduled')?.data as
    { place?: string; link?: string } | undefined;
  const votes = state.agenda.map((item) => ({
    itemId: item.itemId,
    votes: records
      .filter((r) => r.type === 'VoteRecorded' && r.data.itemId === item.itemId)
      .map((r) => ({
        eventId: r.eventId,
        personId: String(r.data.personId),
        stance: String(
          r.data.casting === true
            ? r.data.stance
            : (state.votes[item.itemId]?.[String(r.data.personId)] ?? r.data.stance),
        ),
        recordedStance: String(r.data.stance),
        disputed: records.some((d) => d.type === 'RecordDisputed' && d.data.disputedEventId === r.eventId),
        method: String(r.data.method),
        casting: r.data.casting === true,
        occurredAt: r.occurredAt,
        recordedAt: r.recordedAt,
        recordedBy: r.recordedBy,
      })),
  }));
  return {
    meetingId: state.meetingId,
    partnershipId: state.partnershipId,
    status: state.status,
    startsAt: state.startsAt,
    endedAt: state.endedAt ?? null,
    place: scheduled?.place ?? null,
    link: scheduled?.link ?? null,
    agenda: state.agenda,
    attendance: Object.values(state.attendance).map((a) => ({
      personId: a.personId,
      party: a.party,
      presence: a.presence,
      substituteFor: a.substituteFor ?? null,
    })),
    quorate: state.quorate ?? null,
    votes,
    minutes: state.minutes
      ? {
          version: state.minutes.version,
          textSha256: state.minutes.textSha256,
          approvedAtMeetingId: state.minutes.approvedAtMeetingId ?? null,
        }
      : null,
    records: [...records],
  };
}
