import type { PersonRef } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import type { AuthorityRef } from '../partnership/partnership.events';
import type { ExemptPart, Schedule12AParagraph } from '../shared/exempt';
import type { ApprovalRule, DecisionCategory, VoteStance } from '../shared/vocabulary';

export const DECISION_EVENT_TYPES = [
  'DecisionDrafted',
  'DecisionAmended',
  'DecisionOpened',
  'InterestDeclared',
  'DispensationGranted',
  'VoteCast',
  'VoteChanged',
  'SignOffRecorded',
  'SignOffWithdrawn',
  'DecisionApproved',
  'DecisionRejected',
  'DecisionLapsed',
  'DecisionWithdrawn',
  'OutcomeRecorded',
  'DecisionRescinded',
  'DecisionSuperseded',
  'RecordCorrected',
  'ForwardPlanEntryPublished',
  'GeneralExceptionRecorded',
  'SpecialUrgencyAgreed',
  'DecisionNoticePublished',
  'MeetingVotesCounted',
  'CallInRequested',
  'DecisionCalledIn',
  'CallInPeriodEnded',
  'ScrutinyOutcomeRecorded',
  'DecisionImplemented',
  'DecisionReconsidered',
  'ExemptItemRecorded',
  'ExemptItemDeclassified',
] as const;
export type DecisionEventType = (typeof DECISION_EVENT_TYPES)[number];

/**
 * Every decision event carries its decisionId and partnershipId, so the change feeds and the
 * Kafka relay can route it by partnership without loading the stream.
 */
interface DecisionRef {
  decisionId: string;
  partnershipId: string;
}

export interface DecisionDraftedData extends DecisionRef {
  title: string;
  motion: string;
  category: DecisionCategory;
  /** Pence; omitted when the decision commits no money. */
  valuePence?: number;
  /** Taken from the terms of reference in force when drafted (default all-parties-sign-off). */
  approvalRule: ApprovalRule;
  draftedBy: PersonRef;
}

/** Only the fields that changed. `valuePence: null` clears the value. */
export interface DecisionAmendedData extends DecisionRef {
  title?: string;
  motion?: string;
  category?: DecisionCategory;
  valuePence?: number | null;
  amendedBy: PersonRef;
}

export interface DecisionOpenedData extends DecisionRef {
  openedAt: string;
  closesAt: string;
  approvalRule: ApprovalRule;
  /** The parties whose sign-off all-parties-sign-off needs. */
  parties: string[];
  /** Quorum from the terms of reference in force at opening (board-majority only). */
  quorum?: number;
  termsVersion?: number;
  /** A key decision (per the terms): the notice it was opened on. */
  keyDecision?: KeyDecisionBasis;
  openedBy: PersonRef;
}

/** How a key decision came to be opened (2012 Regulations): reg 9, reg 10 or reg 11. */
export type KeyDecisionBasis = 'forward-plan' | 'general-exception' | 'special-urgency';

/** An entry on the forward plan, published (reg 9): what will be decided, by whom and when. */
export interface ForwardPlanEntryPublishedData extends DecisionRef {
  /** The matter to be decided: the decision's title when published. */
  item: string;
  /** Who will take it, e.g. "Partnership board". */
  decisionMaker: string;
  /** London date on which the decision is expected to be taken. */
  expectedDate: string;
  /** Documents to be submitted (names or links). */
  documents: string[];
  /** Whether the decision is key under the terms in force when published. */
  key: boolean;
  publishedAt: string;
  publishedBy: PersonRef;
}

/** General exception (reg 10): the scrutiny chair told, and the notice published, on these dates. */
export interface GeneralExceptionRecordedData extends DecisionRef {
  reason: string;
  scrutinyChairPersonId: string;
  scrutinyChairNotifiedAt: string;
  publishedAt: string;
  recordedBy: PersonRef;
}

/** A declared interest as a decision notice states it, with its dispensation if one was granted. */
export interface NoticeInterest {
  personId: string;
  orgId: string;
  nature: string;
  dispensation?: { grantedBy: PersonRef; reason: string };
}

/** The decision notice (regs 12 and 13): what was decided, when, why, what else was weighed, who was interested. */
export interface DecisionNoticePublishedData extends DecisionRef {
  decision: 'approved' | 'rejected';
  decidedAt: string;
  title: string;
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
  interests: NoticeInterest[];
  /** For a key decision: the notice it was opened on. */
  keyDecision?: KeyDecisionBasis;
  /** Council procedure, an approved decision: the last London date of its call-in period. */
  callInUntil?: string;
  /** Why it is exempt from call-in instead (special urgency: the scrutiny chair's reason). */
  callInExemptReason?: string;
  publishedAt: string;
  publishedBy: PersonRef;
}

/** One scrutiny member asks, within the call-in period, that the decision be called in. */
export interface CallInRequestedData extends DecisionRef {
  personId: string;
  orgId: string;
  reason: string;
  requestedAt: string;
}

/** Enough scrutiny members asked: the decision waits for the scrutiny committee's outcome. */
export interface DecisionCalledInData extends DecisionRef {
  by: PersonRef[];
  reasons: string[];
  calledInAt: string;
}

/**
 * The call-in period ran out with no call-in (appended by the closing-time scheduler): the
 * decision may be implemented. `endedAt` is the first instant after `callInUntil` in London,
 * however late the scheduler runs, so a retry or a second process writes the same event.
 */
export interface CallInPeriodEndedData extends DecisionRef {
  callInUntil: string;
  endedAt: string;
}

export const SCRUTINY_OUTCOMES = ['no-further-action', 'referred-back', 'referred-to-council'] as const;
export type ScrutinyOutcome = (typeof SCRUTINY_OUTCOMES)[number];

export interface ScrutinyOutcomeRecordedData extends DecisionRef {
  outcome: ScrutinyOutcome;
  /** The committee's recommendations to the board or council (required when it refers). */
  recommendations?: string;
  recordedAt: string;
  recordedBy: PersonRef;
}

/**
 * The board, on a referral back, confirms its decision with reasons (an amended decision is a new
 * decision that supersedes this one instead).
 */
export interface DecisionReconsideredData extends DecisionRef {
  outcome: 'confirmed';
  reason: string;
  reconsideredAt: string;
  reconsideredBy: PersonRef;
}

export interface DecisionImplementedData extends DecisionRef {
  implementedAt: string;
  recordedBy: PersonRef;
}

/** Special urgency (reg 11): the scrutiny chair agrees the decision cannot reasonably be deferred. */
export interface SpecialUrgencyAgreedData extends DecisionRef {
  reason: string;
  agreedAt: string;
  agreedBy: PersonRef;
}

export interface InterestDeclaredData extends DecisionRef {
  personId: string;
  orgId: string;
  nature: string;
}

export interface DispensationGrantedData extends DecisionRef {
  /** The member whose interest is dispensed. */
  personId: string;
  orgId: string;
  reason: string;
  grantedBy: PersonRef;
  /** The capacity in which the grantor acted. */
  grantedAs: 'board-member-of-another-party' | 'organisation-admin';
}

export interface VoteCastData extends DecisionRef {
  personId: string;
  orgId: string;
  stance: VoteStance;
  reason: string;
}

export interface VoteChangedData extends DecisionRef {
  personId: string;
  orgId: string;
  previousStance: VoteStance;
  stance: VoteStance;
  reason: string;
}

export interface SignOffRecordedData extends DecisionRef {
  party: string;
  personId: string;
  /** The delegated authority relied on, valid at `signedAt` for the category and value. */
  authority: AuthorityRef;
  signedAt: string;
}

export interface SignOffWithdrawnData extends DecisionRef {
  party: string;
  /** Who had signed off. */
  personId: string;
  reason: string;
  withdrawnBy: PersonRef;
}

export interface VoteTally {
  agree: number;
  disagree: number;
  abstain: number;
  quorum: number;
  /** The chair's casting vote at a meeting, where the terms give one; it decides a tie. */
  casting?: 'agree' | 'disagree';
}

export interface SignOffSummary {
  party: string;
  personId: string;
  authorityId: string;
  instrument: string;
}

export interface RefusalSummary extends SignOffSummary {
  reason: string;
}

export interface DecisionApprovedData extends DecisionRef {
  rule: ApprovalRule;
  approvedAt: string;
  /** all-parties-sign-off: the sign-offs it rests on. */
  signOffs?: SignOffSummary[];
  /** board-majority: the counted votes. */
  tally?: VoteTally;
}

export interface DecisionRejectedData extends DecisionRef {
  rule: ApprovalRule;
  rejectedAt: string;
  /** all-parties-sign-off: the party's authorised member who refused. */
  refusal?: RefusalSummary;
  /** board-majority: the counted votes. */
  tally?: VoteTally;
}

export interface DecisionLapsedData extends DecisionRef {
  rule: ApprovalRule;
  closesAt: string;
  lapsedAt: string;
  reason: 'sign-offs-incomplete' | 'quorum-not-met';
  /** all-parties-sign-off: the parties that had signed off. */
  signedOffParties?: string[];
  tally?: VoteTally;
}

export interface DecisionWithdrawnData extends DecisionRef {
  reason: string;
  withdrawnBy: PersonRef;
}

export interface OutcomeRecordedData extends DecisionRef {
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
  recordedBy: PersonRef;
}

export interface DecisionRescindedData extends DecisionRef {
  reason: string;
  /** The approved decision of the same partnership that rescinds this one. */
  authorisedByDecisionId: string;
  rescindedBy: PersonRef;
}

export interface DecisionSupersededData extends DecisionRef {
  /** The decision that takes this one's place. */
  by: string;
  reason: string;
  recordedBy: PersonRef;
}

export interface RecordCorrectedData extends DecisionRef {
  /** The store's eventId of the event corrected; that event stays as it was. */
  correctsEventId: string;
  correctedEventType: DecisionEventType;
  /** Corrected values of the corrected event's correctable fields. */
  corrections: Record<string, string | string[]>;
  reason: string;
  correctedBy: PersonRef;
}

/** A board member's vote as the clerk recorded it at a meeting (a substitute votes for the seat). */
export interface MeetingVote {
  /** The board member whose vote it counts as. */
  personId: string;
  orgId: string;
  stance: VoteStance;
  /** The substitute who voted in the member's place, if any. */
  votedBy?: string;
}

export interface CastingVote {
  /** The chair who gave it. */
  personId: string;
  orgId: string;
  stance: 'agree' | 'disagree';
}

/**
 * The votes recorded at a meeting on the decision's agenda item, counted as the members' own
 * (DESIGN §1 "Meetings"): the meeting's `VoteRecorded` events stay the record of each vote.
 */
export interface MeetingVotesCountedData extends DecisionRef {
  meetingId: string;
  itemId: string;
  votes: MeetingVote[];
  /** The chair's casting vote on the item, where the terms gave one and the votes tied. */
  castingVote?: CastingVote;
  /** When the votes were taken (also the envelope's occurredAt). */
  occurredAt: string;
  countedBy: PersonRef;
}

export type DecisionDrafted = DomainEvent<'DecisionDrafted', DecisionDraftedData>;
export type DecisionAmended = DomainEvent<'DecisionAmended', DecisionAmendedData>;
export type DecisionOpened = DomainEvent<'DecisionOpened', DecisionOpenedData>;
export type InterestDeclared = DomainEvent<'InterestDeclared', InterestDeclaredData>;
export type DispensationGranted = DomainEvent<'DispensationGranted', DispensationGrantedData>;
export type VoteCast = DomainEvent<'VoteCast', VoteCastData>;
export type VoteChanged = DomainEvent<'VoteChanged', VoteChangedData>;
export type SignOffRecorded = DomainEvent<'SignOffRecorded', SignOffRecordedData>;
export type SignOffWithdrawn = DomainEvent<'SignOffWithdrawn', SignOffWithdrawnData>;
export type DecisionApproved = DomainEvent<'DecisionApproved', DecisionApprovedData>;
export type DecisionRejected = DomainEvent<'DecisionRejected', DecisionRejectedData>;
export type DecisionLapsed = DomainEvent<'DecisionLapsed', DecisionLapsedData>;
export type DecisionWithdrawn = DomainEvent<'DecisionWithdrawn', DecisionWithdrawnData>;
export type OutcomeRecorded = DomainEvent<'OutcomeRecorded', OutcomeRecordedData>;
export type DecisionRescinded = DomainEvent<'DecisionRescinded', DecisionRescindedData>;
export type DecisionSuperseded = DomainEvent<'DecisionSuperseded', DecisionSupersededData>;
export type RecordCorrected = DomainEvent<'RecordCorrected', RecordCorrectedData>;
export type ForwardPlanEntryPublished = DomainEvent<'ForwardPlanEntryPublished', ForwardPlanEntryPublishedData>;
export type GeneralExceptionRecorded = DomainEvent<'GeneralExceptionRecorded', GeneralExceptionRecordedData>;
export type SpecialUrgencyAgreed = DomainEvent<'SpecialUrgencyAgreed', SpecialUrgencyAgreedData>;
export type DecisionNoticePublished = DomainEvent<'DecisionNoticePublished', DecisionNoticePublishedData>;
export type MeetingVotesCounted = DomainEvent<'MeetingVotesCounted', MeetingVotesCountedData>;
export type CallInRequested = DomainEvent<'CallInRequested', CallInRequestedData>;
export type DecisionCalledIn = DomainEvent<'DecisionCalledIn', DecisionCalledInData>;
export type CallInPeriodEnded = DomainEvent<'CallInPeriodEnded', CallInPeriodEndedData>;
export type ScrutinyOutcomeRecorded = DomainEvent<'ScrutinyOutcomeRecorded', ScrutinyOutcomeRecordedData>;
export type DecisionImplemented = DomainEvent<'DecisionImplemented', DecisionImplementedData>;
export type DecisionReconsidered = DomainEvent<'DecisionReconsidered', DecisionReconsideredData>;

/**
 * A part of the decision withheld under Schedule 12A (DESIGN §4). `value` and `salt` are sealed
 * for the partnership's parties before the append; the log hashes them sealed beside the
 * commitment, which anyone can check a revealed salt and value against.
 */
export interface ExemptItemRecordedData extends DecisionRef {
  itemId: string;
  part: ExemptPart;
  paragraph: Schedule12AParagraph;
  /** Why the public interest in withholding it outweighs that in disclosing it (para 10). */
  publicInterestReason: string;
  /** Lowercase hex SHA-256(salt ‖ UTF-8(value)). */
  commitment: string;
  value: string;
  /** base64url, 32 bytes. */
  salt: string;
  recordedBy: PersonRef;
}

/** The exemption ended: the value and salt in the clear, checked against the commitment when decided. */
export interface ExemptItemDeclassifiedData extends DecisionRef {
  itemId: string;
  commitment: string;
  value: string;
  salt: string;
  reason: string;
  declassifiedAt: string;
  declassifiedBy: PersonRef;
}

export type ExemptItemRecorded = DomainEvent<'ExemptItemRecorded', ExemptItemRecordedData>;
export type ExemptItemDeclassified = DomainEvent<'ExemptItemDeclassified', ExemptItemDeclassifiedData>;

export type DecisionResolutionEvent = DecisionApproved | DecisionRejected | DecisionLapsed;

export type DecisionEvent =
  | DecisionDrafted
  | DecisionAmended
  | DecisionOpened
  | InterestDeclared
  | DispensationGranted
  | VoteCast
  | VoteChanged
  | SignOffRecorded
  | SignOffWithdrawn
  | DecisionApproved
  | DecisionRejected
  | DecisionLapsed
  | DecisionWithdrawn
  | OutcomeRecorded
  | DecisionRescinded
  | DecisionSuperseded
  | RecordCorrected
  | ForwardPlanEntryPublished
  | GeneralExceptionRecorded
  | SpecialUrgencyAgreed
  | DecisionNoticePublished
  | MeetingVotesCounted
  | CallInRequested
  | DecisionCalledIn
  | CallInPeriodEnded
  | ScrutinyOutcomeRecorded
  | DecisionImplemented
  | DecisionReconsidered
  | ExemptItemRecorded
  | ExemptItemDeclassified;
