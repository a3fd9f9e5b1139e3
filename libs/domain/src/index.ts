/**
 * @accord/domain: pure decide/evolve aggregates for Accord (DESIGN §1). No Nest, no I/O, no clock.
 * See libs/domain/README.md for the rules table (command → who may → checks → error code).
 */

import { DECISION_EVENT_TYPES } from './decision/decision.events';
import { ORGANISATION_EVENT_TYPES } from './organisation/organisation.events';
import { MEETING_EVENT_TYPES } from './meeting/meeting.events';
import { PARTNERSHIP_EVENT_TYPES } from './partnership/partnership.events';

// shared vocabulary and plumbing
export {
  type Actor,
  GRANTABLE_ROLES,
  type GrantableRole,
  type PersonRef,
  type Role,
  ROLES,
  hasRole,
  personRef,
} from './shared/actor';
export type { CommandBase } from './shared/command';
export { type DomainEvent, type StoredEvent, fold } from './shared/event';
export { ErrorCode } from './shared/errors';
export {
  type StreamKind,
  STREAM_KINDS,
  organisationStreamId,
  partnershipStreamId,
  decisionStreamId,
  meetingStreamId,
  parseStreamId,
  streamIdOf,
  streamIdPrefix,
  streamKindOf,
} from './shared/stream-ids';
export { isInstant, isCalendarDate } from './shared/time';
export {
  EXEMPT_DATA,
  EXEMPT_PARTS,
  type ExemptPart,
  SCHEDULE_12A_PARAGRAPHS,
  type Schedule12AParagraph,
} from './shared/exempt';
export {
  ERASURE_GROUNDS,
  type ErasureGround,
  ERASURE_REASONS,
  type ErasureReason,
  PERSONAL_DATA,
  type PersonalDataFields,
  personalDataSubject,
  RETENTION_RULE_ACTOR,
} from './shared/personal-data';
export {
  APPROVAL_RULES,
  type ApprovalRule,
  DECISION_CATEGORIES,
  type DecisionCategory,
  DEFAULT_APPROVAL_RULE,
  ORGANISATION_KINDS,
  type OrganisationKind,
  RAG_STATUSES,
  type RagStatus,
  RISK_SCORE_MAX,
  RISK_SCORE_MIN,
  VOTE_STANCES,
  type VoteStance,
} from './shared/vocabulary';

// organisation
export * from './organisation/organisation.events';
export * from './organisation/organisation.commands';
export {
  type AuthorityRecord,
  type MemberRecord,
  type OrganisationState,
  type WitnessRecord,
  evolveOrganisation,
  holdsRole,
  initialOrganisationState,
  isMember,
  wasRemoved,
} from './organisation/organisation.state';
export { decideOrganisation } from './organisation/decide-organisation';
export { isWitnessVkeyShaped } from './organisation/witness-registration';
export { type AuthorityLookup, authorityValidAt, findAuthority } from './organisation/delegated-authority';
export { canAdministerOrganisation } from './organisation/organisation-rules';
export { organisationAggregate } from './organisation/organisation.aggregate';
export { requireWebhookUrl } from './organisation/decide-webhook-endpoint';
export {
  evolveWebhookEndpoints,
  type WebhookEndpointRecord,
  type WebhookKey,
} from './organisation/webhook-endpoint.state';
export * from './organisation/webhook-vocabulary';

// partnership
export * from './partnership/partnership.events';
export * from './partnership/partnership.commands';
export {
  type BoardSeat,
  type MitigationRecord,
  type ObjectiveRecord,
  type PartnershipState,
  type PartnershipStatus,
  type RiskRecord,
  type TermsOfReference,
  evolvePartnership,
  initialPartnershipState,
} from './partnership/partnership.state';
export {
  type AuthorisingDecision,
  type PartnershipContext,
  partnershipContextNeeds,
} from './partnership/partnership.context';
export { decidePartnership } from './partnership/decide-partnership';
export * from './partnership/interests-retention';
export { partnershipAggregate } from './partnership/partnership.aggregate';

// decision
export * from './decision/decision.events';
export * from './decision/decision.commands';
export {
  type CorrectionRecord,
  type DecisionResolution,
  type DecisionState,
  type DecisionStatus,
  type ExemptItemRecord,
  type InterestRecord,
  type RecordedEventInfo,
  type SignOffRecord,
  type VoteRecord,
  evolveDecision,
  initialDecisionState,
} from './decision/decision.state';
export { type DecisionContext, decisionContextNeeds } from './decision/decision.context';
export { decideDecision } from './decision/decide-decision';
export {
  boardMajorityResult,
  countedVotes,
  eligibleVoters,
  hasUndispensedInterest,
  type SignOffAuthority,
  signOffAuthority,
  tallyVotes,
} from './decision/decision-rules';
export {
  callInPeriodDueAt,
  callInPeriodEndsAt,
  closingTimeDueAt,
  decisionClosesAt,
  isDecisionDue,
  isSchedulerActor,
  resolveAtClosingTime,
  RETROSPECTIVE_RECORDING_WINDOW_MS,
  SCHEDULER_ACTOR,
} from './decision/decision-schedule';
export { CORRECTABLE_EVENTS, type CorrectionPolicy } from './decision/decision-corrections';
export { decisionAggregate } from './decision/decision.aggregate';

// meeting
export * from './meeting/meeting.events';
export * from './meeting/meeting.commands';
export {
  type AttendanceRecord,
  type MeetingRecordInfo,
  type MeetingState,
  type MeetingStatus,
  evolveMeeting,
  initialMeetingState,
} from './meeting/meeting.state';
export { type AgendaDecision, type MeetingContext, meetingContextNeeds } from './meeting/meeting.context';
export { decideMeeting, DEFAULT_NOTICE_CLEAR_WORKING_DAYS } from './meeting/decide-meeting';
export { meetingAggregate } from './meeting/meeting.aggregate';
export {
  bankHolidays,
  clearDaysBetween,
  clearWorkingDaysBetween,
  firstDateAfterClearDays,
  isWorkingDay,
  latestNoticeDate,
  londonDate,
} from './shared/working-days';

// every event type the domain records
// (RecordCorrected is both a decision's and a meeting's: one type, listed once.)
export const ALL_EVENT_TYPES: readonly string[] = [
  ...new Set<string>([
    ...ORGANISATION_EVENT_TYPES,
    ...PARTNERSHIP_EVENT_TYPES,
    ...DECISION_EVENT_TYPES,
    ...MEETING_EVENT_TYPES,
  ]),
];
