/** Shapes of the /v1 answers the console reads (see docs/api.md); those the server shares are in libs/contracts. */

import type { ErasureView, PartnershipListItem, PersonView, TrailLine } from '@accord/contracts';

export type {
  ErasureView,
  InclusionAnswer,
  MeetingRecord,
  MeetingView,
  MeetingVoteView,
  PartnershipListItem,
  PartnershipTimeline,
  PersonView,
  TimelineChange,
  TimelineDecision,
  TimelineDelta,
  TrailLine,
} from '@accord/contracts';

export interface PartnershipList {
  items: PartnershipListItem[];
  position: number;
}

/** "David Hargreaves (d.hargreaves)" when the member was added with a name, else the id. */
export function personName(p: { personId: string; displayName?: string | null }): string {
  return p.displayName ? `${p.displayName} (${p.personId})` : p.personId;
}

export interface Trail {
  lines: TrailLine[];
  nextAfter: number | null;
  position: number;
}

export interface DecisionAct {
  at: string;
  /** When it happened, and when the ledger recorded it (DESIGN §5 "Two clocks"). */
  occurredAt: string;
  recordedAt: string;
  kind: string;
  position: number;
  eventId: string;
  person?: PersonView;
  subject?: PersonView;
  stance?: string;
  reason?: string;
  nature?: string;
  authority?: { authorityId: string; instrument: string; valueLimitPence?: number };
  /** When the act's personal data (an interest's nature, a dispensation's reason) was erased. */
  erased?: ErasureView;
}

export interface DecisionRecord {
  decisionId: string;
  partnership: { partnershipId: string; title: string };
  title: string;
  motion: string;
  status: string;
  category?: string;
  valuePence?: number | null;
  approvalRule: string;
  draftedBy?: { orgId: string; personId: string };
  openedAt?: string | null;
  closesAt?: string | null;
  resolvedAt?: string | null;
  parties: { organisationId: string; name?: string; signedOff: boolean }[];
  outcome?: { statement: string; reasons: string[]; alternativesRejected: string[] } | null;
  supersededBy?: string | null;
  rescindedByDecisionId?: string | null;
  corrections: { reason?: string; correctsEventId?: string }[];
  acts: DecisionAct[];
  position: number;
}

/** An exempt part of a decision (Schedule 12A), as `GET /v1/decisions/{id}` shows it to the caller. */
export interface ExemptItemView {
  itemId: string;
  part: string;
  paragraph: number;
  publicInterestReason: string;
  commitment: string;
  /** "[withheld]" for a caller without need to know, until declassified. */
  value: string;
  declassifiedAt?: string;
}

/** Where a decision stands under council procedure, as `GET /v1/decisions/{id}` gives it. */
export interface DecisionCallIn {
  decisionId: string;
  partnershipId: string;
  status: string;
  category?: string;
  valuePence?: number;
  draftedBy?: { personId: string; orgId: string };
  /** How it ended (approved, rejected, lapsed, withdrawn), kept after a later rescission or supersession. */
  resolution?: string;
  outcome?: { statement: string };
  /** The forward plan (reg 9) and its exceptions (regs 10, 11): when each was published or agreed. */
  forwardPlanPublishedAt?: string;
  generalExceptionPublishedAt?: string;
  specialUrgencyAgreedAt?: string;
  /** The notice it was opened on, when key. */
  keyDecision?: string;
  specialUrgencyReason?: string;
  noticePublishedAt?: string;
  callInUntil?: string;
  /** When the ledger recorded the period's end without a call-in (the closing-time scheduler, after its last London date). */
  callInEndedAt?: string;
  /** Each scrutiny member who asked, by person id. */
  callInRequests: Record<string, { personId: string; orgId: string; reason: string }>;
  calledInAt?: string;
  scrutinyOutcome?: 'no-further-action' | 'referred-back' | 'referred-to-council';
  reconsideredAt?: string;
  implementedAt?: string;
}

export interface AccountabilityDecision {
  decisionId: string;
  title: string;
  partnership: { partnershipId: string; title?: string };
  status: string;
  closesAt: string | null;
  resolvedAt: string | null;
}

export interface Accountability {
  organisation: { organisationId: string; name?: string };
  generatedAt: string;
  awaitingSignOff: AccountabilityDecision[];
  pastClosingTime: AccountabilityDecision[];
  overdueMitigations: {
    partnership: { partnershipId: string; title?: string };
    riskId: string;
    riskTitle: string;
    action: string;
    dueDate: string;
  }[];
  signOffs: {
    decisionId: string;
    decisionTitle?: string;
    at: string;
    kind: string;
    by: PersonView;
    authority?: { instrument: string } | null;
  }[];
  interests: {
    decisionId: string;
    decisionTitle?: string;
    at: string;
    member: PersonView;
    nature: string;
    erased?: ErasureView;
    dispensation: { grantedBy: PersonView; reason: string; erased?: ErasureView } | null;
  }[];
  approvedWithoutOutcome: AccountabilityDecision[];
  /** Under council procedure: key decisions taken on a general exception or special urgency. */
  keyDecisionsWithoutDueNotice: (AccountabilityDecision & {
    basis: 'general-exception' | 'special-urgency';
    specialUrgencyReason: string | null;
  })[];
  implemented: (AccountabilityDecision & { implementedAt: string; callInEndedAt: string | null })[];
  calledIn: (AccountabilityDecision & {
    calledInAt: string;
    scrutinyOutcome: NonNullable<DecisionCallIn['scrutinyOutcome']> | null;
    reconsideredAt: string | null;
  })[];
  position: number;
}

/** One event of the SSE feed: the stored envelope. */
export interface FeedEvent {
  position: number;
  eventId: string;
  type: string;
  streamId: string;
  recordedAt: string;
  leafHash: string;
  data: Record<string, unknown> & { partnershipId?: string; decisionId?: string };
}

/** An organisation's webhook endpoint, as `GET /v1/organisations/{id}/webhooks` lists it to its org-admins. */
export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  status: 'active' | 'paused' | 'disabled';
  /** Why Accord stopped delivering, while `disabled`. */
  disabled?: { reason: string; detail: string };
  delivery: { position: number; failures: number; nextAttemptAt: string | null } | null;
}

/** One delivery attempt of an endpoint's log, newest first. */
export interface WebhookAttempt {
  position: number;
  eventId: string;
  attempt: number;
  status: number | null;
  error: string | null;
  attemptedAt: string;
}
