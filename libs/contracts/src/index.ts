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
}

export interface TimelineDecision {
  decisionId: string;
  title: string;
  status: string;
  category?: string;
  valuePence?: number;
  approvalRule: string;
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

/** A change to an objective or a risk, as recorded. */
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
