import type { PersonRef } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import type { ApprovalRule, DecisionCategory, RagStatus } from '../shared/vocabulary';

export const PARTNERSHIP_EVENT_TYPES = [
  'PartnershipProposed',
  'PartyJoined',
  'PartnershipActivated',
  'TermsOfReferenceAgreed',
  'BoardMemberAppointed',
  'BoardMemberStoodDown',
  'ObjectiveSet',
  'ObjectiveRevised',
  'ProgressReported',
  'RiskRaised',
  'MitigationAssigned',
  'RiskClosed',
  'PartnershipSuspended',
  'PartnershipResumed',
  'PartnershipDissolved',
] as const;
export type PartnershipEventType = (typeof PARTNERSHIP_EVENT_TYPES)[number];

/** The delegated authority an act relied on, as recorded on the event for auditors. */
export interface AuthorityRef {
  authorityId: string;
  instrument: string;
  categories: DecisionCategory[];
  valueLimitPence: number;
  validFrom: string;
  validTo?: string;
}

export interface PartnershipProposedData {
  partnershipId: string;
  title: string;
  purpose: string;
  /** Organisation ids, in the order proposed. */
  parties: string[];
  proposedBy: PersonRef;
}

export interface PartyJoinedData {
  partnershipId: string;
  party: string;
  joinedBy: PersonRef;
  /** The governance authority the member relied on to commit their organisation. */
  authority: AuthorityRef;
  /** The terms of reference version the party accepted by joining, if any were agreed. */
  termsVersion?: number;
  joinedAt: string;
}

export interface PartnershipActivatedData {
  partnershipId: string;
  parties: string[];
  activatedAt: string;
}

/**
 * What makes a decision key (reg 8 of the 2012 Regulations, as the terms put it): its value at or
 * above the threshold, or its category listed. Either may be absent, not both.
 */
export interface KeyDecisionRules {
  thresholdPence?: number;
  categories?: DecisionCategory[];
  /** The scrutiny chair (personId): told of general exceptions, agrees special urgency. */
  scrutinyChairPersonId?: string;
  /** Clear working days after a decision notice during which it may be called in (default 5). */
  callInClearWorkingDays?: number;
  /** How many scrutiny members a call-in needs (default 1). */
  callInMembers?: number;
}

export interface TermsOfReferenceAgreedData {
  partnershipId: string;
  version: number;
  approvalRule: ApprovalRule;
  quorum: number;
  /** SHA-256 (hex) of the terms' text, which lives outside the ledger. */
  textSha256: string;
  agreedBy: PersonRef;
  authority: AuthorityRef;
  /** After activation: the approved governance decision that adopted this version. */
  authorisedByDecisionId?: string;
  /** Clear working days' notice a meeting needs (default 5). */
  noticeClearWorkingDays?: number;
  /** Whether a party may send a named substitute for a board member who sent apologies (default no). */
  substitutesAllowed?: boolean;
  /** Whether the chair has a casting vote on a tie at a meeting (default no). */
  chairCastingVote?: boolean;
  /** Present when a council's statutory procedure applies to the partnership's decisions. */
  keyDecisions?: KeyDecisionRules;
  /** Days after a member leaves the board until their personal data is erased (docs/personal-data.md). */
  interestsRetentionDays?: number;
}

export interface BoardMemberAppointedData {
  partnershipId: string;
  personId: string;
  party: string;
  boardRole?: string;
  appointedBy: PersonRef;
}

export interface BoardMemberStoodDownData {
  partnershipId: string;
  personId: string;
  party: string;
  reason?: string;
  stoodDownBy: PersonRef;
}

export interface ObjectiveSetData {
  partnershipId: string;
  objectiveId: string;
  title: string;
  description: string;
  /** ISO date (YYYY-MM-DD). */
  targetDate?: string;
  setBy: PersonRef;
}

export interface ObjectiveRevisedData {
  partnershipId: string;
  objectiveId: string;
  title?: string;
  description?: string;
  targetDate?: string;
  reason: string;
  revisedBy: PersonRef;
}

export interface ProgressReportedData {
  partnershipId: string;
  objectiveId: string;
  percentComplete: number;
  rag: RagStatus;
  summary: string;
  reportedBy: PersonRef;
}

export interface RiskRaisedData {
  partnershipId: string;
  riskId: string;
  title: string;
  description: string;
  ownerParty: string;
  /** 1 (rare) to 5 (almost certain). */
  likelihood: number;
  /** 1 (minimal) to 5 (severe). */
  impact: number;
  raisedBy: PersonRef;
}

export interface MitigationAssignedData {
  partnershipId: string;
  riskId: string;
  party: string;
  action: string;
  /** ISO date (YYYY-MM-DD). */
  dueDate?: string;
  assignedBy: PersonRef;
}

export interface RiskClosedData {
  partnershipId: string;
  riskId: string;
  reason: string;
  closedBy: PersonRef;
}

export interface PartnershipSuspendedData {
  partnershipId: string;
  reason: string;
  suspendedBy: PersonRef;
  authority: AuthorityRef;
}

export interface PartnershipResumedData {
  partnershipId: string;
  reason?: string;
  resumedBy: PersonRef;
  authority: AuthorityRef;
}

export interface PartnershipDissolvedData {
  partnershipId: string;
  reason: string;
  dissolvedBy: PersonRef;
  authority: AuthorityRef;
}

export type PartnershipProposed = DomainEvent<'PartnershipProposed', PartnershipProposedData>;
export type PartyJoined = DomainEvent<'PartyJoined', PartyJoinedData>;
export type PartnershipActivated = DomainEvent<'PartnershipActivated', PartnershipActivatedData>;
export type TermsOfReferenceAgreed = DomainEvent<'TermsOfReferenceAgreed', TermsOfReferenceAgreedData>;
export type BoardMemberAppointed = DomainEvent<'BoardMemberAppointed', BoardMemberAppointedData>;
export type BoardMemberStoodDown = DomainEvent<'BoardMemberStoodDown', BoardMemberStoodDownData>;
export type ObjectiveSet = DomainEvent<'ObjectiveSet', ObjectiveSetData>;
export type ObjectiveRevised = DomainEvent<'ObjectiveRevised', ObjectiveRevisedData>;
export type ProgressReported = DomainEvent<'ProgressReported', ProgressReportedData>;
export type RiskRaised = DomainEvent<'RiskRaised', RiskRaisedData>;
export type MitigationAssigned = DomainEvent<'MitigationAssigned', MitigationAssignedData>;
export type RiskClosed = DomainEvent<'RiskClosed', RiskClosedData>;
export type PartnershipSuspended = DomainEvent<'PartnershipSuspended', PartnershipSuspendedData>;
export type PartnershipResumed = DomainEvent<'PartnershipResumed', PartnershipResumedData>;
export type PartnershipDissolved = DomainEvent<'PartnershipDissolved', PartnershipDissolvedData>;

export type PartnershipEvent =
  | PartnershipProposed
  | PartyJoined
  | PartnershipActivated
  | TermsOfReferenceAgreed
  | BoardMemberAppointed
  | BoardMemberStoodDown
  | ObjectiveSet
  | ObjectiveRevised
  | ProgressReported
  | RiskRaised
  | MitigationAssigned
  | RiskClosed
  | PartnershipSuspended
  | PartnershipResumed
  | PartnershipDissolved;
