/**
 * Shapes of the read answers that clients depend on: the API builds them, the web console
 * (apps/console) reads them. Types only, with no runtime code and no server imports, so the
 * browser build can share them without pulling in the server.
 */

/** A person as answers show them: id, organisation and job title. */
export interface PersonView {
  personId: string;
  orgId: string;
  /** The name the member was added with, when one was given. */
  displayName?: string;
  organisationName?: string;
  jobTitle?: string;
}

/**
 * When and why a person's personal data was erased, given beside a value of theirs that reads
 * "[erased]" (docs/personal-data.md).
 */
export interface ErasureView {
  /** When the erasure was recorded. */
  at: string;
  /** PersonalDataErased.reason: person-request, retention-rule or organisation-decision. */
  reason: string;
  /** The reason as a clause: "at the person's request". */
  because: string;
}

export interface PartnershipListItem {
  partnershipId: string;
  title: string;
  status: string;
  parties: { organisationId: string; name?: string }[];
  updatedAt: string;
}

/** One audit-trail line: the readable sentence and what an auditor checks it against. */
export interface TrailLine {
  position: number;
  eventId: string;
  leafHash: string;
  /** When the ledger took it. */
  recordedAt: string;
  /** When it happened, per the record (DESIGN §5 "Two clocks"); recordedAt for what was recorded live. */
  occurredAt: string;
  type: string;
  streamId: string;
  line: string;
  /** Where the line quotes personal data that has since been erased (it reads "[erased]"). */
  erased?: ErasureView;
}

export interface TimelineDecision {
  decisionId: string;
  title: string;
  status: string;
  category?: string;
  valuePence?: number;
  approvalRule: string;
  /** When it was drafted (its occurredAt: a decision entered later is dated when it happened). */
  draftedAt: string;
  openedAt?: string;
  closesAt?: string;
  resolvedAt?: string;
  outcome?: string;
  /** One entry per party of the partnership: its sign-off (if any) and its board members' current votes. */
  parties: {
    organisationId: string;
    signOff: { by: PersonView; at: string; authority: { authorityId: string; instrument: string } } | null;
    votes: { by: PersonView; stance: string }[];
    /** Board members of this party who have not voted. */
    notVoted: PersonView[];
  }[];
  interests: number;
}

/** A change to an objective or a risk, as recorded; `at` is when it happened (its occurredAt). */
export interface TimelineChange {
  position: number;
  at: string;
  type: string;
  subject: { kind: 'objective' | 'risk'; id: string; title?: string };
  summary: string;
}

export interface PartnershipTimeline {
  partnershipId: string;
  title: string;
  status: string;
  parties: { organisationId: string; name?: string }[];
  decisions: TimelineDecision[];
  changes: TimelineChange[];
  /** The last log position replayed. */
  position: number;
  asOf: string;
  /**
   * On the current timeline (no asOf, no at): what it was built from. Pass it back as `since` to be
   * answered with only what changed since (a TimelineDelta).
   */
  version?: string;
}

/**
 * GET /v1/partnerships/{id}/timeline?since=<version>: the current timeline's decisions and changes
 * that are new or differ from those of the timeline at `since`, with the partnership's own fields
 * whole. The timeline at `since`, its entries replaced or added by these (keyed by decisionId and
 * position), is the current timeline. The API answers the whole timeline instead when it cannot
 * say exactly what changed.
 */
export interface TimelineDelta extends Omit<PartnershipTimeline, 'version'> {
  since: string;
  version: string;
}

export interface InclusionAnswer {
  position: number;
  leafIndex: number;
  eventId: string;
  leafHash: string;
  /** The leaf's pre-image, base64: the event's canonical bytes exactly as hashed, so a client can recompute leafHash. */
  leafData: string;
  treeSize: number;
  root: string;
  proof: string[];
  /** The signed checkpoint at treeSize, when one was signed at exactly that size. */
  checkpoint: string | null;
}

/**
 * Someone acting in office as the public register names them: their name and role, and the
 * organisation they act for; never an id or anything else about them.
 */
export interface PublicPerson {
  name?: string;
  role?: string;
  organisation?: string;
}

export interface PublicPartnership {
  partnershipId: string;
  title: string;
  status: string;
  parties: { name?: string }[];
}

/** GET /v1/public/partnerships: the partnerships that keep a public register, by title. */
export interface PublicPartnershipList {
  items: PublicPartnership[];
}

/** A published decision: what the public may know of it, and where it stands in call-in. */
export interface PublicDecision {
  decisionId: string;
  title: string;
  status: string;
  category: string | null;
  valuePence: number | null;
  openedAt: string | null;
  closesAt: string | null;
  resolvedAt: string | null;
  /** A key decision's basis: forward-plan, general-exception or special-urgency. */
  keyDecision: string | null;
  outcome: { statement: string; reasons: string[]; alternativesRejected: string[] } | null;
  noticePublishedAt: string | null;
  callIn: {
    until: string | null;
    calledInAt: string | null;
    /** When the period ran out with no call-in (CallInPeriodEnded, appended by Accord's scheduler). */
    endedAt: string | null;
    scrutinyOutcome: string | null;
    reconsideredAt: string | null;
  };
  implementedAt: string | null;
  supersededBy: string | null;
}

export interface PublicNotice {
  decisionId: string;
  title: string;
  decision: string;
  decidedAt: string;
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
  /** Interests declared: who, and whether and by whom a dispensation was granted. */
  interests: { member: PublicPerson; dispensationGrantedBy: PublicPerson | null }[];
  keyDecision: string | null;
  callInUntil: string | null;
  callInExemptReason: string | null;
  publishedAt: string;
  publishedBy: PublicPerson;
}

/** An entry on a partnership's forward plan (reg 9). */
export interface ForwardPlanEntry {
  decisionId: string;
  item: string;
  decisionMaker: string;
  /** London date the decision is expected. */
  expectedDate: string;
  documents: string[];
  key: boolean;
  publishedAt: string;
  publishedBy: string;
  /** planned until opened; then open, approved, rejected, lapsed or withdrawn. */
  status: string;
  /** For a key decision once opened: the notice it was opened on. */
  keyDecision?: string;
}

/** The public does not learn who entered an item on the plan. */
export type PublicForwardPlanEntry = Omit<ForwardPlanEntry, 'publishedBy'>;

export interface PublicPage<T> {
  partnership: PublicPartnership;
  items: T[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  nextCursor: string | null;
}

/** An item of a meeting's agenda: the decision it is about, if any, and its papers' SHA-256. */
export interface MeetingAgendaItem {
  itemId: string;
  title: string;
  decisionId?: string;
  papers: { title: string; sha256: string }[];
}

/** One record of a meeting, with both clocks (DESIGN §5). */
export interface MeetingRecord {
  position: number;
  eventId: string;
  type: string;
  /** When it happened, per the record. */
  occurredAt: string;
  /** When the ledger took it. */
  recordedAt: string;
  /** Who recorded it (the clerk), as the log's actor. */
  recordedBy: string;
  data: Record<string, unknown>;
  /** When and why, beside a record whose personal data (an interest's nature, a dispute's reason) reads "[erased]". */
  erased?: ErasureView;
}

export interface MeetingVoteView {
  eventId: string;
  personId: string;
  /** As corrected, if it was; `recordedStance` is what the clerk first recorded. */
  stance: string;
  recordedStance: string;
  disputed: boolean;
  method: string;
  casting: boolean;
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
}

export interface MeetingView {
  meetingId: string;
  partnershipId: string;
  /** scheduled, noticed, closed, adjourned or cancelled. */
  status: string;
  startsAt: string;
  endedAt: string | null;
  place: string | null;
  link: string | null;
  agenda: readonly MeetingAgendaItem[];
  attendance: { personId: string; party: string; presence: string; substituteFor: string | null }[];
  quorate: boolean | null;
  votes: { itemId: string; votes: MeetingVoteView[] }[];
  minutes: { version: number; textSha256: string; approvedAtMeetingId: string | null } | null;
  records: MeetingRecord[];
}

/**
 * A decision notice (2012 Regulations, regs 12 and 13) as the partnership's parties read it
 * (`GET /v1/partnerships/{id}/decision-notices`): people by id, interests in full.
 */
export interface DecisionNoticeView {
  decisionId: string;
  partnershipId: string;
  decision: 'approved' | 'rejected';
  decidedAt: string;
  title: string;
  statement: string;
  reasons: string[];
  alternativesRejected: string[];
  interests: {
    personId: string;
    orgId: string;
    nature: string;
    dispensation?: { grantedBy: { personId: string; orgId: string }; reason: string };
  }[];
  /** For a key decision, the procedure it was opened under. */
  keyDecision?: 'forward-plan' | 'general-exception' | 'special-urgency';
  /** The last London date of an approved decision's call-in period. */
  callInUntil?: string;
  /** Why it is exempt from call-in instead (special urgency: the scrutiny chair's reason). */
  callInExemptReason?: string;
  publishedAt: string;
  publishedBy: { personId: string; orgId: string };
}
