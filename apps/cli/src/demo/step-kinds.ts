/**
 * Per kind of story command: the Idempotency-Key its step is sent with, and how a scene's line
 * counts it. Keys stay the same from run to run, so a second run replays instead of writing again;
 * `numbered` kinds repeat on one target (the nth progress report on an objective) and carry their
 * running number.
 */
import type { StoryCommand } from './scenario/format';

interface StepKind<C> {
  key(command: C, actor: string): string;
  numbered?: true;
  counts: readonly [one: string, many: string];
}

type StepKinds = { [T in StoryCommand['type']]: StepKind<Extract<StoryCommand, { type: T }>> };

export const STEP_KINDS: StepKinds = {
  RegisterOrganisation: {
    key: (c) => `register:${c.organisationId}`,
    counts: ['organisation registered', 'organisations registered'],
  },
  AddMember: { key: (c) => `member:${c.personId}`, counts: ['member added', 'members added'] },
  RemoveMember: { key: (c) => `member-remove:${c.personId}`, counts: ['member removed', 'members removed'] },
  DelegateAuthority: {
    key: (c) => `authority:${c.authorityId}`,
    counts: ['authority delegated', 'authorities delegated'],
  },
  RevokeAuthority: {
    key: (c) => `authority-revoke:${c.authorityId}`,
    counts: ['authority revoked', 'authorities revoked'],
  },
  GrantRole: { key: (c) => `role:${c.personId}:${c.role}`, counts: ['role granted', 'roles granted'] },
  RevokeRole: { key: (c) => `role-revoke:${c.personId}:${c.role}`, counts: ['role revoked', 'roles revoked'] },
  ErasePersonalData: {
    key: (c) => `erase:${c.personId}`,
    counts: ["person's personal data erased", "people's personal data erased"],
  },
  RegisterWebhookEndpoint: {
    key: (c) => `webhook:${c.endpointId}`,
    counts: ['webhook endpoint registered', 'webhook endpoints registered'],
  },
  RotateWebhookKey: {
    key: (c) => `webhook-rotate:${c.endpointId}`,
    numbered: true,
    counts: ['webhook key rotated', 'webhook keys rotated'],
  },
  PauseWebhookEndpoint: {
    key: (c) => `webhook-pause:${c.endpointId}`,
    numbered: true,
    counts: ['webhook endpoint paused', 'webhook endpoints paused'],
  },
  ResumeWebhookEndpoint: {
    key: (c) => `webhook-resume:${c.endpointId}`,
    numbered: true,
    counts: ['webhook endpoint resumed', 'webhook endpoints resumed'],
  },
  DeleteWebhookEndpoint: {
    key: (c) => `webhook-delete:${c.endpointId}`,
    counts: ['webhook endpoint deleted', 'webhook endpoints deleted'],
  },
  RegisterWitness: { key: (c) => `witness:${c.vkey}`, counts: ['witness registered', 'witnesses registered'] },
  RetireWitness: { key: (c) => `witness-retire:${c.organisationId}`, counts: ['witness retired', 'witnesses retired'] },

  ProposePartnership: { key: () => 'partnership:propose', counts: ['partnership proposed', 'partnerships proposed'] },
  JoinPartnership: { key: () => 'partnership:join', counts: ['party joined', 'parties joined'] },
  AgreeTermsOfReference: {
    key: (c) => `partnership:terms-v${c.version}`,
    counts: ['terms of reference agreed', 'terms of reference agreed'],
  },
  AppointBoardMember: {
    key: (c) => `board:${c.personId}`,
    counts: ['board member appointed', 'board members appointed'],
  },
  StandDownBoardMember: {
    key: (c) => `board-stand-down:${c.personId}`,
    counts: ['board member stood down', 'board members stood down'],
  },
  SetObjective: { key: (c) => `objective:${c.objectiveId}`, counts: ['objective set', 'objectives set'] },
  ReviseObjective: {
    key: (c) => `objective-revise:${c.objectiveId}`,
    counts: ['objective revised', 'objectives revised'],
  },
  ReportProgress: {
    key: (c) => `progress:${c.objectiveId}`,
    numbered: true,
    counts: ['progress report', 'progress reports'],
  },
  RaiseRisk: { key: (c) => `risk:${c.riskId}`, counts: ['risk raised', 'risks raised'] },
  AssignMitigation: {
    key: (c) => `mitigation:${c.riskId}`,
    numbered: true,
    counts: ['mitigation assigned', 'mitigations assigned'],
  },
  CloseRisk: { key: (c) => `risk-close:${c.riskId}`, counts: ['risk closed', 'risks closed'] },
  SuspendPartnership: {
    key: () => 'partnership:suspend',
    counts: ['suspension', 'suspensions'],
  },
  ResumePartnership: { key: () => 'partnership:resume', counts: ['resumption', 'resumptions'] },
  DissolvePartnership: { key: () => 'partnership:dissolve', counts: ['dissolution', 'dissolutions'] },

  DraftDecision: { key: (c) => `${c.decisionId}:draft`, counts: ['decision', 'decisions'] },
  AmendDecision: { key: (c) => `${c.decisionId}:amend`, counts: ['amendment', 'amendments'] },
  OpenDecision: { key: (c) => `${c.decisionId}:open`, counts: ['opened', 'opened'] },
  DeclareInterest: {
    key: (c) => `${c.decisionId}:interest`,
    counts: ['interest declared', 'interests declared'],
  },
  GrantDispensation: {
    key: (c) => `${c.decisionId}:dispensation:${c.personId}`,
    counts: ['dispensation', 'dispensations'],
  },
  CastVote: { key: (c, actor) => `${c.decisionId}:vote:${actor}`, counts: ['vote', 'votes'] },
  ChangeVote: {
    key: (c, actor) => `${c.decisionId}:vote-change:${actor}`,
    counts: ['vote changed', 'votes changed'],
  },
  SignOff: { key: (c) => `${c.decisionId}:sign-off`, counts: ['sign-off', 'sign-offs'] },
  WithdrawSignOff: {
    key: (c) => `${c.decisionId}:sign-off-withdraw`,
    counts: ['sign-off withdrawn', 'sign-offs withdrawn'],
  },
  RefuseSignOff: { key: (c) => `${c.decisionId}:refuse`, counts: ['refusal', 'refusals'] },
  WithdrawDecision: { key: (c) => `${c.decisionId}:withdraw`, counts: ['withdrawal', 'withdrawals'] },
  RecordOutcome: { key: (c) => `${c.decisionId}:outcome`, counts: ['outcome recorded', 'outcomes recorded'] },
  RescindDecision: { key: (c) => `${c.decisionId}:rescind`, counts: ['rescission', 'rescissions'] },
  SupersedeDecision: { key: (c) => `${c.decisionId}:supersede`, counts: ['supersession', 'supersessions'] },
  PublishForwardPlanEntry: {
    key: (c) => `${c.decisionId}:forward-plan`,
    counts: ['forward-plan entry', 'forward-plan entries'],
  },
  RecordGeneralException: {
    key: (c) => `${c.decisionId}:general-exception`,
    counts: ['general exception', 'general exceptions'],
  },
  AgreeSpecialUrgency: {
    key: (c) => `${c.decisionId}:special-urgency`,
    counts: ['special urgency agreed', 'special urgencies agreed'],
  },
  PublishDecisionNotice: {
    key: (c) => `${c.decisionId}:notice`,
    counts: ['decision notice', 'decision notices'],
  },
  CallInDecision: { key: (c, actor) => `${c.decisionId}:call-in:${actor}`, counts: ['call-in', 'call-ins'] },
  RecordScrutinyOutcome: {
    key: (c) => `${c.decisionId}:scrutiny-outcome`,
    counts: ['scrutiny outcome', 'scrutiny outcomes'],
  },
  ReconsiderDecision: {
    key: (c) => `${c.decisionId}:reconsidered`,
    counts: ['decision reconsidered', 'decisions reconsidered'],
  },
  RecordExemptItem: {
    key: (c) => `${c.decisionId}:exempt:${c.itemId}`,
    counts: ['item withheld as exempt', 'items withheld as exempt'],
  },
  DeclassifyExemptItem: {
    key: (c) => `${c.decisionId}:declassified:${c.itemId}`,
    counts: ['exempt item declassified', 'exempt items declassified'],
  },
  RecordImplementation: {
    key: (c) => `${c.decisionId}:implemented`,
    counts: ['decision implemented', 'decisions implemented'],
  },
  CorrectVote: { key: (c) => `${c.decisionId}:correction`, counts: ['vote corrected', 'votes corrected'] },

  ScheduleMeeting: { key: (c) => `meeting:${c.meetingId}`, counts: ['meeting scheduled', 'meetings scheduled'] },
  PublishMeetingNotice: {
    key: (c) => `meeting:${c.meetingId}:notice`,
    counts: ['notice published', 'notices published'],
  },
  RecordAttendance: {
    key: (c) => `meeting:${c.meetingId}:attendance`,
    counts: ['attendance recorded', 'attendances recorded'],
  },
  RecordMeetingInterest: {
    key: (c) => `meeting:${c.meetingId}:interest:${c.itemId}:${c.personId}`,
    counts: ['interest minuted', 'interests minuted'],
  },
  RecordVotes: {
    key: (c) => `meeting:${c.meetingId}:votes:${c.itemId}`,
    counts: ['item voted at the meeting', 'items voted at the meeting'],
  },
  RecordCastingVote: {
    key: (c) => `meeting:${c.meetingId}:casting-vote:${c.itemId}`,
    counts: ['casting vote', 'casting votes'],
  },
  CloseMeeting: { key: (c) => `meeting:${c.meetingId}:close`, counts: ['meeting closed', 'meetings closed'] },
  AdjournMeeting: { key: (c) => `meeting:${c.meetingId}:adjourn`, counts: ['meeting adjourned', 'meetings adjourned'] },
  CancelMeeting: { key: (c) => `meeting:${c.meetingId}:cancel`, counts: ['meeting cancelled', 'meetings cancelled'] },
  DraftMinutes: {
    key: (c) => `meeting:${c.meetingId}:minutes`,
    counts: ['minutes drafted', 'minutes drafted'],
  },
  ApproveMinutes: {
    key: (c) => `meeting:${c.meetingId}:minutes-approved`,
    counts: ['minutes approved', 'minutes approved'],
  },
  DisputeMeetingRecord: {
    key: (c) => `meeting:${c.meetingId}:dispute:${c.disputedEventId}`,
    counts: ['record disputed', 'records disputed'],
  },
  CorrectMeetingRecord: {
    key: (c) => `meeting:${c.meetingId}:correct:${c.correctsEventId}`,
    counts: ['record corrected', 'records corrected'],
  },
};
