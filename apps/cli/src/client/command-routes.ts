/**
 * Where each domain command is sent over HTTP: `POST` to its route, the fields named in the route
 * in the path, the rest as the JSON body. The actor comes from the bearer token and the instant
 * from the server, so a command here carries neither.
 */
import type {
  CommandBase,
  DecisionCommand,
  MeetingCommand,
  OrganisationCommand,
  PartnershipCommand,
} from '@accord/domain';

/**
 * A domain command as a client sends it: without the actor (the token's), `now` (the server's) and
 * what the server draws itself.
 * CountMeetingVotes and CloseCallInPeriod have no route: the ledger sends the first after a
 * meeting's RecordVotes, the closing-time scheduler the second.
 */
export type ApiCommand = WithoutActor<
  | OrganisationCommand
  | PartnershipCommand
  | Exclude<DecisionCommand, { type: 'CountMeetingVotes' | 'CloseCallInPeriod' }>
  | MeetingCommand
>;
type WithoutActor<C> = C extends CommandBase<string> ? Omit<C, 'actor' | 'now' | ServerDrawn<C>> : never;
/** Fields the API fills in itself: an exempt item's salt, and what a declassification publishes from the sealed record. */
type ServerDrawn<C> = C extends { type: 'RecordExemptItem' }
  ? 'salt'
  : C extends { type: 'DeclassifyExemptItem' }
    ? 'value' | 'salt'
    : never;

const ROUTES: Record<ApiCommand['type'], string> = {
  RegisterOrganisation: '/v1/organisations',
  AddMember: '/v1/organisations/:organisationId/members',
  RemoveMember: '/v1/organisations/:organisationId/members/:personId/remove',
  DelegateAuthority: '/v1/organisations/:organisationId/authorities',
  RevokeAuthority: '/v1/organisations/:organisationId/authorities/:authorityId/revoke',
  GrantRole: '/v1/organisations/:organisationId/roles',
  RevokeRole: '/v1/organisations/:organisationId/roles/revoke',
  ErasePersonalData: '/v1/organisations/:organisationId/members/:personId/erase-personal-data',
  RegisterWebhookEndpoint: '/v1/organisations/:organisationId/webhooks',
  RotateWebhookKey: '/v1/organisations/:organisationId/webhooks/:endpointId/rotate',
  PauseWebhookEndpoint: '/v1/organisations/:organisationId/webhooks/:endpointId/pause',
  ResumeWebhookEndpoint: '/v1/organisations/:organisationId/webhooks/:endpointId/resume',
  DeleteWebhookEndpoint: '/v1/organisations/:organisationId/webhooks/:endpointId/delete',
  RegisterWitness: '/v1/organisations/:organisationId/witness',
  RetireWitness: '/v1/organisations/:organisationId/witness/retire',

  ProposePartnership: '/v1/partnerships',
  JoinPartnership: '/v1/partnerships/:partnershipId/join',
  AgreeTermsOfReference: '/v1/partnerships/:partnershipId/terms',
  AppointBoardMember: '/v1/partnerships/:partnershipId/board',
  StandDownBoardMember: '/v1/partnerships/:partnershipId/board/:personId/stand-down',
  SetObjective: '/v1/partnerships/:partnershipId/objectives',
  ReviseObjective: '/v1/partnerships/:partnershipId/objectives/:objectiveId/revise',
  ReportProgress: '/v1/partnerships/:partnershipId/objectives/:objectiveId/progress',
  RaiseRisk: '/v1/partnerships/:partnershipId/risks',
  AssignMitigation: '/v1/partnerships/:partnershipId/risks/:riskId/mitigations',
  CloseRisk: '/v1/partnerships/:partnershipId/risks/:riskId/close',
  SuspendPartnership: '/v1/partnerships/:partnershipId/suspend',
  ResumePartnership: '/v1/partnerships/:partnershipId/resume',
  DissolvePartnership: '/v1/partnerships/:partnershipId/dissolve',

  DraftDecision: '/v1/partnerships/:partnershipId/decisions',
  AmendDecision: '/v1/decisions/:decisionId/amend',
  OpenDecision: '/v1/decisions/:decisionId/open',
  DeclareInterest: '/v1/decisions/:decisionId/interests',
  GrantDispensation: '/v1/decisions/:decisionId/dispensations',
  CastVote: '/v1/decisions/:decisionId/votes',
  ChangeVote: '/v1/decisions/:decisionId/votes/change',
  SignOff: '/v1/decisions/:decisionId/sign-offs',
  WithdrawSignOff: '/v1/decisions/:decisionId/sign-offs/withdraw',
  RefuseSignOff: '/v1/decisions/:decisionId/sign-offs/refuse',
  WithdrawDecision: '/v1/decisions/:decisionId/withdraw',
  RecordOutcome: '/v1/decisions/:decisionId/outcome',
  RescindDecision: '/v1/decisions/:decisionId/rescind',
  SupersedeDecision: '/v1/decisions/:decisionId/supersede',
  CorrectRecord: '/v1/decisions/:decisionId/corrections',
  PublishForwardPlanEntry: '/v1/decisions/:decisionId/forward-plan',
  RecordGeneralException: '/v1/decisions/:decisionId/general-exception',
  AgreeSpecialUrgency: '/v1/decisions/:decisionId/special-urgency',
  PublishDecisionNotice: '/v1/decisions/:decisionId/notice',
  CallInDecision: '/v1/decisions/:decisionId/call-in',
  RecordScrutinyOutcome: '/v1/decisions/:decisionId/scrutiny-outcome',
  RecordImplementation: '/v1/decisions/:decisionId/implemented',
  ReconsiderDecision: '/v1/decisions/:decisionId/reconsideration',
  RecordExemptItem: '/v1/decisions/:decisionId/exempt-items',
  DeclassifyExemptItem: '/v1/decisions/:decisionId/exempt-items/:itemId/declassify',

  ScheduleMeeting: '/v1/partnerships/:partnershipId/meetings',
  PublishMeetingNotice: '/v1/meetings/:meetingId/notice',
  RecordAttendance: '/v1/meetings/:meetingId/attendance',
  RecordMeetingInterest: '/v1/meetings/:meetingId/interests',
  RecordVotes: '/v1/meetings/:meetingId/items/:itemId/votes',
  RecordCastingVote: '/v1/meetings/:meetingId/items/:itemId/casting-vote',
  CloseMeeting: '/v1/meetings/:meetingId/close',
  AdjournMeeting: '/v1/meetings/:meetingId/adjourn',
  CancelMeeting: '/v1/meetings/:meetingId/cancel',
  DraftMinutes: '/v1/meetings/:meetingId/minutes',
  ApproveMinutes: '/v1/meetings/:meetingId/minutes/approve',
  DisputeMeetingRecord: '/v1/meetings/:meetingId/records/:disputedEventId/dispute',
  CorrectMeetingRecord: '/v1/meetings/:meetingId/records/:correctsEventId/correct',
};

/** The path and body that carry `command` (POST). */
export function commandRequest(command: ApiCommand): { path: string; body: Record<string, unknown> } {
  const { type, ...fields } = command as ApiCommand & Record<string, unknown>;
  const body: Record<string, unknown> = { ...fields };
  const path = ROUTES[type].replace(/:(\w+)/g, (_, name: string) => {
    const value = fields[name];
    if (typeof value !== 'string') throw new TypeError(`${type} needs ${name} for its route`);
    delete body[name];
    return encodeURIComponent(value);
  });
  return { path, body };
}
