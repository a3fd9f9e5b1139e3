import { BadInputError, ForbiddenError, NotFoundError, RuleViolationError } from '@accord/platform';

/**
 * Every code the domain throws, in one place, so the API and its clients can rely on them.
 * The error class decides the HTTP status at the edge: BadInputError 400, ForbiddenError 403,
 * NotFoundError 404, RuleViolationError 422. See libs/domain/README.md for the rules table.
 */
export const ErrorCode = {
  // 400: malformed input the HTTP layer should normally have caught already
  FieldRequired: 'field-required',
  InvalidField: 'invalid-field',

  // 403: the actor may not act
  NotOrganisationAdmin: 'not-organisation-admin',
  NotPlatformAdmin: 'not-platform-admin',
  NotWitnessOrgAdmin: 'not-witness-org-admin',
  SelfDelegationForbidden: 'self-delegation-forbidden',
  NotAParty: 'not-a-party',
  NotAMember: 'not-a-member',
  GovernanceAuthorityRequired: 'governance-authority-required',
  NotABoardMember: 'not-a-board-member',
  NotOwnOrganisation: 'not-own-organisation',
  NotDrafterOrBoardMember: 'not-drafter-or-board-member',
  NotRiskOwnerOrBoardMember: 'not-risk-owner-or-board-member',
  ResumeBySuspendingPartyOnly: 'resume-by-suspending-party-only',
  SelfDispensationForbidden: 'self-dispensation-forbidden',
  NotPermittedToGrantDispensation: 'not-permitted-to-grant-dispensation',
  NotPermittedToWithdrawSignOff: 'not-permitted-to-withdraw-sign-off',
  NotPermittedToCorrect: 'not-permitted-to-correct',
  SelfGrantForbidden: 'self-grant-forbidden',
  NotAClerk: 'not-a-clerk',
  NotScrutinyChair: 'not-scrutiny-chair',
  NotScrutinyMember: 'not-scrutiny-member',
  NotScheduler: 'not-scheduler',

  // 404: an aggregate (or an entity addressed inside one) does not exist
  OrganisationNotFound: 'organisation-not-found',
  MemberNotFound: 'member-not-found',
  AuthorityNotFound: 'authority-not-found',
  PartnershipNotFound: 'partnership-not-found',
  BoardMemberNotFound: 'board-member-not-found',
  ObjectiveNotFound: 'objective-not-found',
  RiskNotFound: 'risk-not-found',
  DecisionNotFound: 'decision-not-found',
  WebhookEndpointNotFound: 'webhook-endpoint-not-found',
  MeetingNotFound: 'meeting-not-found',
  AgendaItemNotFound: 'agenda-item-not-found',
  ExemptItemNotFound: 'exempt-item-not-found',

  // 422: organisation rules
  OrganisationAlreadyRegistered: 'organisation-already-registered',
  MemberAlreadyAdded: 'member-already-added',
  AuthorityAlreadyExists: 'authority-already-exists',
  AuthorityAlreadyRevoked: 'authority-already-revoked',
  AuthorityHolderNotAMember: 'authority-holder-not-a-member',
  AuthorityValidityInvalid: 'authority-validity-invalid',
  RoleAlreadyGranted: 'role-already-granted',
  RoleNotGranted: 'role-not-granted',
  RoleHolderNotAMember: 'role-holder-not-a-member',
  ErasureSubjectNotAMember: 'erasure-subject-not-a-member',
  WebhookEndpointAlreadyExists: 'webhook-endpoint-already-exists',
  WebhookEndpointLimitReached: 'webhook-endpoint-limit-reached',
  WebhookEndpointNotActive: 'webhook-endpoint-not-active',
  WebhookEndpointNotStopped: 'webhook-endpoint-not-stopped',
  WebhookEndpointDeleted: 'webhook-endpoint-deleted',
  WebhookKeyVersionMoved: 'webhook-key-version-moved',
  WitnessAlreadyRegistered: 'witness-already-registered',
  WitnessNotRegistered: 'witness-not-registered',

  // 422: partnership rules
  PartnershipAlreadyExists: 'partnership-already-exists',
  PartnershipNeedsTwoParties: 'partnership-needs-two-parties',
  DuplicateParty: 'duplicate-party',
  PartyNotRegistered: 'party-not-registered',
  PartnershipNotProposed: 'partnership-not-proposed',
  PartyAlreadyJoined: 'party-already-joined',
  PartnershipNotActive: 'partnership-not-active',
  PartnershipNotSuspended: 'partnership-not-suspended',
  PartnershipDissolved: 'partnership-dissolved',
  TermsVersionNotNewer: 'terms-version-not-newer',
  TermsAlreadyAcceptedByAParty: 'terms-already-accepted-by-a-party',
  AuthorisingDecisionRequired: 'authorising-decision-required',
  AuthorisingDecisionInvalid: 'authorising-decision-invalid',
  BoardMemberAlreadyAppointed: 'board-member-already-appointed',
  AppointeeNotAMember: 'appointee-not-a-member',
  ObjectiveAlreadyExists: 'objective-already-exists',
  RevisionEmpty: 'revision-empty',
  RiskAlreadyExists: 'risk-already-exists',
  RiskClosed: 'risk-closed',
  PartyNotInPartnership: 'party-not-in-partnership',

  // 422: decision rules
  DecisionAlreadyExists: 'decision-already-exists',
  DecisionNotDraft: 'decision-not-draft',
  DecisionNotOpen: 'decision-not-open',
  AmendmentEmpty: 'amendment-empty',
  ClosingTimeNotInFuture: 'closing-time-not-in-future',
  ClosingTimePassed: 'closing-time-passed',
  QuorumUnreachable: 'quorum-unreachable',
  InterestAlreadyDeclared: 'interest-already-declared',
  InterestNotDeclared: 'interest-not-declared',
  DispensationAlreadyGranted: 'dispensation-already-granted',
  InterestNotDispensed: 'interest-not-dispensed',
  ReasonRequired: 'reason-required',
  VoteAlreadyCast: 'vote-already-cast',
  NoVoteToChange: 'no-vote-to-change',
  NoVoteToCount: 'no-vote-to-count',
  VoteUnchanged: 'vote-unchanged',
  SignOffNotApplicable: 'sign-off-not-applicable',
  PartyAlreadySignedOff: 'party-already-signed-off',
  NoSignOffToWithdraw: 'no-sign-off-to-withdraw',
  NoValidAuthority: 'no-valid-authority',
  AuthorityCategoryNotCovered: 'authority-category-not-covered',
  AuthorityValueExceeded: 'authority-value-exceeded',
  DecisionNotResolved: 'decision-not-resolved',
  OutcomeAlreadyRecorded: 'outcome-already-recorded',
  OutcomeIncomplete: 'outcome-incomplete',
  DecisionNotApproved: 'decision-not-approved',
  DecisionCannotBeSuperseded: 'decision-cannot-be-superseded',
  SupersedingDecisionInvalid: 'superseding-decision-invalid',
  CorrectedEventNotFound: 'corrected-event-not-found',
  EventNotCorrectable: 'event-not-correctable',
  CorrectionInvalid: 'correction-invalid',

  // 422: meeting rules
  MeetingAlreadyExists: 'meeting-already-exists',
  MeetingNotInFuture: 'meeting-not-in-future',
  AgendaInvalid: 'agenda-invalid',
  NoticeAlreadyPublished: 'notice-already-published',
  NoticePeriodTooShort: 'notice-period-too-short',
  NoticeNotPublished: 'notice-not-published',
  MeetingNotStarted: 'meeting-not-started',
  MeetingAlreadyStarted: 'meeting-already-started',
  MeetingClosed: 'meeting-closed',
  MeetingNotClosed: 'meeting-not-closed',
  OccurredAtInFuture: 'occurred-at-in-future',
  OccurredAtOutsideMeeting: 'occurred-at-outside-meeting',
  OccurredAtTooEarly: 'occurred-at-too-early',
  AttendeeNotOnBoard: 'attendee-not-on-board',
  SubstitutesNotAllowed: 'substitutes-not-allowed',
  SubstituteInvalid: 'substitute-invalid',
  QuorumNotDetermined: 'quorum-not-determined',
  MeetingInquorate: 'meeting-inquorate',
  VoterNotPresent: 'voter-not-present',
  VoteAlreadyRecorded: 'vote-already-recorded',
  CastingVoteNotAvailable: 'casting-vote-not-available',
  MinutesNotDrafted: 'minutes-not-drafted',
  MinutesAlreadyApproved: 'minutes-already-approved',
  MinutesApprovedAtOwnMeeting: 'minutes-approved-at-own-meeting',
  ApprovingMeetingInvalid: 'approving-meeting-invalid',

  // 422: council procedure (key decisions, the forward plan)
  KeyDecisionNotOnForwardPlan: 'key-decision-not-on-forward-plan',
  ForwardPlanEntryAlreadyPublished: 'forward-plan-entry-already-published',
  ForwardPlanDatePast: 'forward-plan-date-past',
  NotAKeyDecision: 'not-a-key-decision',
  GeneralExceptionAlreadyRecorded: 'general-exception-already-recorded',
  NoticeToScrutinyChairRequired: 'notice-to-scrutiny-chair-required',
  SpecialUrgencyAlreadyAgreed: 'special-urgency-already-agreed',
  ScrutinyChairNotNamed: 'scrutiny-chair-not-named',
  NoticeNeedsApprovedOrRejected: 'notice-needs-approved-or-rejected',
  NoticeNeedsOutcome: 'notice-needs-outcome',
  DecisionNoticeAlreadyPublished: 'decision-notice-already-published',

  // 422: council procedure (call-in, implementation)
  NotSubjectToCallIn: 'not-subject-to-call-in',
  CallInPeriodEnded: 'call-in-period-ended',
  CallInAlreadyRequested: 'call-in-already-requested',
  DecisionNotCalledIn: 'decision-not-called-in',
  ScrutinyOutcomeAlreadyRecorded: 'scrutiny-outcome-already-recorded',
  DecisionNoticeNotPublished: 'decision-notice-not-published',
  DecisionInCallInPeriod: 'decision-in-call-in-period',
  DecisionCalledInPending: 'decision-called-in',
  DecisionAlreadyImplemented: 'decision-already-implemented',
  DecisionNotReferredBack: 'decision-not-referred-back',
  DecisionAlreadyReconsidered: 'decision-already-reconsidered',
  CallInPeriodNotOver: 'call-in-period-not-over',
  CallInPeriodAlreadyEnded: 'call-in-period-already-ended',

  // 422: exempt information (Schedule 12A)
  ExemptItemAlreadyExists: 'exempt-item-already-exists',
  ExemptItemDeclassified: 'exempt-item-already-declassified',
  ExemptValueMismatch: 'exempt-value-mismatch',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

type Details = Record<string, unknown>;

export const rule = (code: ErrorCode, message: string, details?: Details) =>
  new RuleViolationError(code, message, details);
export const forbidden = (code: ErrorCode, message: string, details?: Details) =>
  new ForbiddenError(code, message, details);
export const notFound = (code: ErrorCode, message: string, details?: Details) =>
  new NotFoundError(code, message, details);
export const badInput = (code: ErrorCode, message: string, details?: Details) =>
  new BadInputError(code, message, details);
