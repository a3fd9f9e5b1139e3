import type { PersonRef } from '../shared/actor';
import type { StoredEvent } from '../shared/event';
import type { ExemptPart, Schedule12AParagraph } from '../shared/exempt';
import type { AuthorityRef } from '../partnership/partnership.events';
import { type GrowingIndex, withIndexed } from '../shared/growing-index';
import { type IdRecord, own, withEntry, withoutEntry } from '../shared/records';
import { type ApprovalRule, type DecisionCategory, DEFAULT_APPROVAL_RULE, type VoteStance } from '../shared/vocabulary';
import type {
  CastingVote,
  DecisionEvent,
  DecisionEventType,
  KeyDecisionBasis,
  ScrutinyOutcome,
} from './decision.events';

/**
 * draft → open → approved | rejected | lapsed; draft/open → withdrawn; open → superseded;
 * approved → rescinded | superseded.
 */
export type DecisionStatus =
  'none' | 'draft' | 'open' | 'approved' | 'rejected' | 'lapsed' | 'withdrawn' | 'rescinded' | 'superseded';
export type DecisionResolution = 'approved' | 'rejected' | 'lapsed' | 'withdrawn';

export interface InterestRecord {
  readonly personId: string;
  readonly orgId: string;
  readonly nature: string;
  readonly dispensedBy?: PersonRef;
  readonly dispensationReason?: string;
}

export interface VoteRecord {
  readonly personId: string;
  readonly orgId: string;
  readonly stance: VoteStance;
  readonly reason: string;
  /** The meeting at which the clerk recorded it, if it was not cast in person. */
  readonly meetingId?: string;
}

export interface SignOffRecord {
  readonly party: string;
  readonly personId: string;
  readonly authority: AuthorityRef;
  readonly signedAt: string;
}

/** What the aggregate remembers of each stored event, so corrections can point at it. */
export interface RecordedEventInfo {
  readonly type: DecisionEventType;
  /** The person whose act the event records, where there is one. */
  readonly authorPersonId?: string;
}

export interface CorrectionRecord {
  readonly correctsEventId: string;
  readonly corrections: Readonly<Record<string, string | readonly string[]>>;
}

export interface DecisionState {
  readonly status: DecisionStatus;
  readonly decisionId: string;
  readonly partnershipId: string;
  readonly title: string;
  readonly motion: string;
  readonly category?: DecisionCategory;
  readonly valuePence?: number;
  readonly approvalRule: ApprovalRule;
  readonly draftedBy?: PersonRef;
  /** When it was drafted (its event's occurredAt, when read from the log): what the forward plan may not precede. */
  readonly draftedAt?: string;
  readonly openedAt?: string;
  readonly closesAt?: string;
  readonly parties: readonly string[];
  readonly quorum?: number;
  readonly termsVersion?: number;
  /** Declared interests by personId. */
  readonly interests: IdRecord<InterestRecord>;
  /** The current vote of each member, by personId (earlier votes stay in history). */
  readonly votes: IdRecord<VoteRecord>;
  /** The chair's casting vote counted from a meeting, which decides a tie of the counted votes. */
  readonly castingVote?: CastingVote & { readonly meetingId: string };
  /** The current sign-off of each party, by party (organisation id). */
  readonly signOffs: IdRecord<SignOffRecord>;
  /** How it ended, kept after a later rescission or supersession. */
  readonly resolution?: DecisionResolution;
  readonly resolvedAt?: string;
  readonly outcome?: {
    readonly statement: string;
    readonly reasons: readonly string[];
    readonly alternativesRejected: readonly string[];
  };
  readonly supersededBy?: string;
  readonly rescindedByDecisionId?: string;
  /** Stored events by eventId (filled when evolve is given stored events). */
  readonly recorded: GrowingIndex<RecordedEventInfo>;
  readonly corrections: readonly CorrectionRecord[];
  /** Council procedure: when the decision was put on the forward plan, and any exception to it. */
  readonly forwardPlanPublishedAt?: string;
  readonly generalExceptionPublishedAt?: string;
  readonly specialUrgencyAgreedAt?: string;
  readonly specialUrgencyReason?: string;
  readonly keyDecision?: KeyDecisionBasis;
  readonly noticePublishedAt?: string;
  /** Call-in: the period's last London date (from the notice), who asked, and what scrutiny decided. */
  readonly callInUntil?: string;
  readonly callInRequests: IdRecord<{ readonly personId: string; readonly orgId: string; readonly reason: string }>;
  readonly calledInAt?: string;
  /** When the call-in period ran out with no call-in (CallInPeriodEnded). */
  readonly callInEndedAt?: string;
  readonly scrutinyOutcome?: ScrutinyOutcome;
  /** When scrutiny decided (its event's occurredAt; older events: when it was recorded). */
  readonly scrutinyOutcomeAt?: string;
  readonly implementedAt?: string;
  readonly reconsideredAt?: string;
  /** Parts withheld under Schedule 12A, by item id; `value` and `salt` stay sealed until declassified. */
  readonly exemptItems: IdRecord<ExemptItemRecord>;
}

export interface ExemptItemRecord {
  readonly itemId: string;
  readonly part: ExemptPart;
  readonly paragraph: Schedule12AParagraph;
  readonly publicInterestReason: string;
  readonly commitment: string;
  readonly value: string;
  readonly salt: string;
  readonly declassifiedAt?: string;
  readonly declassificationReason?: string;
}

export const initialDecisionState: DecisionState = {
  status: 'none',
  decisionId: '',
  partnershipId: '',
  title: '',
  motion: '',
  approvalRule: DEFAULT_APPROVAL_RULE,
  parties: [],
  interests: {},
  votes: {},
  signOffs: {},
  recorded: {},
  corrections: [],
  callInRequests: {},
  exemptItems: {},
};

function authorOf(event: DecisionEvent): string | undefined {
  switch (event.type) {
    case 'DecisionDrafted':
      return event.data.draftedBy.personId;
    case 'DecisionAmended':
      return event.data.amendedBy.personId;
    case 'DecisionOpened':
      return event.data.openedBy.personId;
    case 'InterestDeclared':
    case 'VoteCast':
    case 'VoteChanged':
    case 'SignOffRecorded':
      return event.data.personId;
    case 'DispensationGranted':
      return event.data.grantedBy.personId;
    case 'SignOffWithdrawn':
    case 'DecisionWithdrawn':
      return event.data.withdrawnBy.personId;
    case 'OutcomeRecorded':
    case 'DecisionSuperseded':
      return event.data.recordedBy.personId;
    case 'DecisionRescinded':
      return event.data.rescindedBy.personId;
    case 'RecordCorrected':
      return event.data.correctedBy.personId;
    case 'ForwardPlanEntryPublished':
      return event.data.publishedBy.personId;
    case 'GeneralExceptionRecorded':
      return event.data.recordedBy.personId;
    case 'SpecialUrgencyAgreed':
      return event.data.agreedBy.personId;
    case 'DecisionNoticePublished':
      return event.data.publishedBy.personId;
    case 'MeetingVotesCounted':
      return event.data.countedBy.personId;
    case 'CallInRequested':
      return event.data.personId;
    case 'ScrutinyOutcomeRecorded':
    case 'DecisionImplemented':
      return event.data.recordedBy.personId;
    case 'DecisionReconsidered':
      return event.data.reconsideredBy.personId;
    case 'ExemptItemRecorded':
      return event.data.recordedBy.personId;
    case 'ExemptItemDeclassified':
      return event.data.declassifiedBy.personId;
    default:
      return undefined;
  }
}

/** Pure and total: unknown event types are ignored so old code can read newer streams. */
export function evolveDecision(previous: DecisionState, event: StoredEvent<DecisionEvent>): DecisionState {
  const state = remember(previous, event);
  switch (event.type) {
    case 'DecisionDrafted': {
      const d = event.data;
      return {
        ...state,
        status: 'draft',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        title: d.title,
        motion: d.motion,
        category: d.category,
        ...(d.valuePence === undefined ? {} : { valuePence: d.valuePence }),
        approvalRule: d.approvalRule,
        draftedBy: d.draftedBy,
        ...(event.occurredAt === undefined ? {} : { draftedAt: event.occurredAt }),
      };
    }
    case 'DecisionAmended': {
      const d = event.data;
      const next: DecisionState = {
        ...state,
        ...(d.title === undefined ? {} : { title: d.title }),
        ...(d.motion === undefined ? {} : { motion: d.motion }),
        ...(d.category === undefined ? {} : { category: d.category }),
        ...(typeof d.valuePence === 'number' ? { valuePence: d.valuePence } : {}),
      };
      if (d.valuePence === null) {
        const { valuePence: _cleared, ...rest } = next;
        return rest;
      }
      return next;
    }
    case 'DecisionOpened': {
      const d = event.data;
      return {
        ...state,
        status: 'open',
        openedAt: d.openedAt,
        closesAt: d.closesAt,
        approvalRule: d.approvalRule,
        parties: [...d.parties],
        ...(d.quorum === undefined ? {} : { quorum: d.quorum }),
        ...(d.termsVersion === undefined ? {} : { termsVersion: d.termsVersion }),
        ...(d.keyDecision === undefined ? {} : { keyDecision: d.keyDecision }),
      };
    }
    case 'ForwardPlanEntryPublished':
      return { ...state, forwardPlanPublishedAt: event.data.publishedAt };
    case 'GeneralExceptionRecorded':
      return { ...state, generalExceptionPublishedAt: event.data.publishedAt };
    case 'SpecialUrgencyAgreed':
      return { ...state, specialUrgencyAgreedAt: event.data.agreedAt, specialUrgencyReason: event.data.reason };
    case 'DecisionNoticePublished':
      return {
        ...state,
        noticePublishedAt: event.data.publishedAt,
        ...(event.data.callInUntil === undefined ? {} : { callInUntil: event.data.callInUntil }),
      };
    case 'CallInRequested': {
      const { personId, orgId, reason } = event.data;
      return { ...state, callInRequests: withEntry(state.callInRequests, personId, { personId, orgId, reason }) };
    }
    case 'DecisionCalledIn':
      return { ...state, calledInAt: event.data.calledInAt };
    case 'CallInPeriodEnded':
      return { ...state, callInEndedAt: event.data.endedAt };
    case 'ScrutinyOutcomeRecorded':
      return {
        ...state,
        scrutinyOutcome: event.data.outcome,
        scrutinyOutcomeAt: event.occurredAt ?? event.data.recordedAt,
      };
    case 'DecisionImplemented':
      return { ...state, implementedAt: event.data.implementedAt };
    case 'DecisionReconsidered':
      return { ...state, reconsideredAt: event.data.reconsideredAt };
    case 'ExemptItemRecorded': {
      const { itemId, part, paragraph, publicInterestReason, commitment, value, salt } = event.data;
      return {
        ...state,
        exemptItems: withEntry(state.exemptItems, itemId, {
          itemId,
          part,
          paragraph,
          publicInterestReason,
          commitment,
          value,
          salt,
        }),
      };
    }
    case 'ExemptItemDeclassified': {
      const item = own(state.exemptItems, event.data.itemId);
      if (!item) return state;
      return {
        ...state,
        exemptItems: withEntry(state.exemptItems, item.itemId, {
          ...item,
          value: event.data.value,
          salt: event.data.salt,
          declassifiedAt: event.data.declassifiedAt,
          declassificationReason: event.data.reason,
        }),
      };
    }
    case 'InterestDeclared': {
      const d = event.data;
      return {
        ...state,
        interests: withEntry(state.interests, d.personId, { personId: d.personId, orgId: d.orgId, nature: d.nature }),
      };
    }
    case 'DispensationGranted': {
      const existing = own(state.interests, event.data.personId);
      if (!existing) return state;
      return {
        ...state,
        interests: withEntry(state.interests, existing.personId, {
          ...existing,
          dispensedBy: event.data.grantedBy,
          dispensationReason: event.data.reason,
        }),
      };
    }
    case 'VoteCast':
    case 'VoteChanged': {
      const d = event.data;
      return {
        ...state,
        votes: withEntry(state.votes, d.personId, {
          personId: d.personId,
          orgId: d.orgId,
          stance: d.stance,
          reason: d.reason,
        }),
      };
    }
    case 'MeetingVotesCounted': {
      const d = event.data;
      const votes = d.votes.reduce(
        (all, v) =>
          withEntry(all, v.personId, {
            personId: v.personId,
            orgId: v.orgId,
            stance: v.stance,
            reason: '',
            meetingId: d.meetingId,
          }),
        state.votes,
      );
      return d.castingVote === undefined
        ? { ...state, votes }
        : { ...state, votes, castingVote: { ...d.castingVote, meetingId: d.meetingId } };
    }
    case 'SignOffRecorded': {
      const d = event.data;
      return {
        ...state,
        signOffs: withEntry(state.signOffs, d.party, {
          party: d.party,
          personId: d.personId,
          authority: d.authority,
          signedAt: d.signedAt,
        }),
      };
    }
    case 'SignOffWithdrawn':
      return { ...state, signOffs: withoutEntry(state.signOffs, event.data.party) };
    case 'DecisionApproved':
      return { ...state, status: 'approved', resolution: 'approved', resolvedAt: event.data.approvedAt };
    case 'DecisionRejected':
      return { ...state, status: 'rejected', resolution: 'rejected', resolvedAt: event.data.rejectedAt };
    case 'DecisionLapsed':
      return { ...state, status: 'lapsed', resolution: 'lapsed', resolvedAt: event.data.lapsedAt };
    case 'DecisionWithdrawn':
      return { ...state, status: 'withdrawn', resolution: 'withdrawn' };
    case 'OutcomeRecorded': {
      const d = event.data;
      return {
        ...state,
        outcome: { statement: d.statement, reasons: [...d.reasons], alternativesRejected: [...d.alternativesRejected] },
      };
    }
    case 'DecisionRescinded':
      return { ...state, status: 'rescinded', rescindedByDecisionId: event.data.authorisedByDecisionId };
    case 'DecisionSuperseded':
      return { ...state, status: 'superseded', supersededBy: event.data.by };
    case 'RecordCorrected':
      return {
        ...state,
        corrections: [
          ...state.corrections,
          { correctsEventId: event.data.correctsEventId, corrections: event.data.corrections },
        ],
      };
    default:
      return state;
  }
}

function remember(state: DecisionState, event: StoredEvent<DecisionEvent>): DecisionState {
  if (typeof event.eventId !== 'string' || event.eventId.length === 0) return state;
  return { ...state, recorded: withIndexed(state.recorded, event.eventId, recordedInfo(event.type, authorOf(event))) };
}

/**
 * One shared, frozen info per event type and author. A decision's index keeps an entry for each
 * of its events, and the same few pairs recur (a board member changing their vote): sharing them
 * halves what each event keeps in memory.
 */
const RECORDED_INFOS = new Map<string, RecordedEventInfo>();

function recordedInfo(type: DecisionEventType, author: string | undefined): RecordedEventInfo {
  const key = author === undefined ? type : `${type} ${author}`;
  let info = RECORDED_INFOS.get(key);
  if (info === undefined) {
    info = Object.freeze(author === undefined ? { type } : { type, authorPersonId: author });
    RECORDED_INFOS.set(key, info);
  }
  return info;
}
