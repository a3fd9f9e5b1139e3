import type { OrganisationState } from '../organisation/organisation.state';
import type { PartnershipState } from '../partnership/partnership.state';
import type { IdRecord } from '../shared/records';
import type { MeetingCommand } from './meeting.commands';
import type { MeetingState } from './meeting.state';

/**
 * What an agenda needs to know of a decision: that it belongs to the same partnership; and, to
 * vote on it, whether it was open when the votes were taken.
 */
export interface AgendaDecision {
  readonly decisionId: string;
  readonly partnershipId: string;
  readonly status?: string;
  readonly openedAt?: string;
  readonly closesAt?: string;
}

/** Other aggregates' state that meeting commands consult; the application layer loads it. */
export interface MeetingContext {
  readonly partnership?: PartnershipState;
  /** The actor's organisation, and for attendance every attendee's party. */
  readonly organisations: IdRecord<OrganisationState>;
  /** ScheduleMeeting: the decisions its agenda points at; RecordVotes: the item's decision. */
  readonly decisions?: IdRecord<AgendaDecision>;
  /** ApproveMinutes: the later meeting at which they were approved. */
  readonly meetings?: IdRecord<MeetingState>;
}

/** Which other aggregates to load before calling decideMeeting. */
export function meetingContextNeeds(
  command: MeetingCommand,
  state: MeetingState,
): { partnershipId?: string; organisationIds: string[]; decisionIds: string[]; meetingIds: string[] } {
  const partnershipId = command.type === 'ScheduleMeeting' ? command.partnershipId : state.partnershipId || undefined;
  const decisionIds =
    command.type === 'ScheduleMeeting' && Array.isArray(command.agenda)
      ? command.agenda.flatMap((item) => (typeof item?.decisionId === 'string' ? [item.decisionId] : []))
      : command.type === 'RecordVotes'
        ? state.agenda.flatMap((item) =>
            item.itemId === command.itemId && item.decisionId !== undefined ? [item.decisionId] : [],
          )
        : [];
  return {
    ...(partnershipId === undefined ? {} : { partnershipId }),
    // Attendance: a substitute must be a member of the party they sit for.
    organisationIds:
      command.type === 'RecordAttendance'
        ? [...new Set([command.actor.orgId, ...state.parties])]
        : [command.actor.orgId],
    decisionIds: [...new Set(decisionIds)],
    meetingIds: command.type === 'ApproveMinutes' ? [command.atMeetingId] : [],
  };
}
