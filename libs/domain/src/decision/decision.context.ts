import type { OrganisationState } from '../organisation/organisation.state';
import type { MeetingState } from '../meeting/meeting.state';
import type { PartnershipState } from '../partnership/partnership.state';
import type { IdRecord } from '../shared/records';
import type { DecisionCommand } from './decision.commands';
import type { DecisionState } from './decision.state';

/** Other aggregates' state that decision commands consult; the application layer loads it. */
export interface DecisionContext {
  /** The decision's partnership (for DraftDecision, the command's partnershipId); undefined if none exists. */
  readonly partnership?: PartnershipState;
  /** Organisation states by id; every command needs the actor's organisation. */
  readonly organisations: IdRecord<OrganisationState>;
  /** Decisions a command points at: SupersedeDecision.by, RescindDecision.authorisedByDecisionId. */
  readonly decisions?: IdRecord<DecisionState>;
  /** CountMeetingVotes: the meeting whose recorded votes it counts. */
  readonly meetings?: IdRecord<MeetingState>;
}

/** Which other aggregates to load before calling decideDecision. */
export function decisionContextNeeds(
  command: DecisionCommand,
  state: DecisionState,
): { partnershipId?: string; organisationIds: string[]; decisionIds: string[]; meetingIds: string[] } {
  const partnershipId =
    command.type === 'DraftDecision'
      ? command.partnershipId
      : state.status === 'none'
        ? undefined
        : state.partnershipId;
  const decisionIds =
    command.type === 'SupersedeDecision'
      ? [command.by]
      : command.type === 'RescindDecision'
        ? [command.authorisedByDecisionId]
        : [];
  return {
    ...(partnershipId === undefined ? {} : { partnershipId }),
    organisationIds: [command.actor.orgId],
    decisionIds,
    meetingIds: command.type === 'CountMeetingVotes' ? [command.meetingId] : [],
  };
}
