import type { PersonRef } from '../shared/actor';
import type { StoredEvent } from '../shared/event';
import { type IdRecord, own, withEntry, withoutEntry } from '../shared/records';
import type { ApprovalRule, RagStatus } from '../shared/vocabulary';
import type { KeyDecisionRules, PartnershipEvent } from './partnership.events';

export type PartnershipStatus = 'none' | 'proposed' | 'active' | 'suspended' | 'dissolved';

export interface TermsOfReference {
  readonly version: number;
  readonly approvalRule: ApprovalRule;
  readonly quorum: number;
  readonly textSha256: string;
  /** How meetings are called and held (DESIGN §1 Meetings); absent means the defaults. */
  readonly noticeClearWorkingDays?: number;
  readonly substitutesAllowed?: boolean;
  readonly chairCastingVote?: boolean;
  /** Council procedure (DESIGN §1): what is a key decision, and who chairs scrutiny. */
  readonly keyDecisions?: KeyDecisionRules;
  /** Retention (docs/personal-data.md): days after leaving the board until the member's data is erased. */
  readonly interestsRetentionDays?: number;
}

export interface BoardSeat {
  readonly personId: string;
  readonly party: string;
  readonly boardRole?: string;
}

export interface ObjectiveRecord {
  readonly objectiveId: string;
  readonly title: string;
  readonly description: string;
  readonly targetDate?: string;
  /** When it was set (its event's occurredAt, when read from the log): what its revisions and progress may not precede. */
  readonly setAt?: string;
  readonly latestProgress?: { readonly percentComplete: number; readonly rag: RagStatus; readonly summary: string };
}

export interface MitigationRecord {
  readonly party: string;
  readonly action: string;
  readonly dueDate?: string;
}

export interface RiskRecord {
  readonly riskId: string;
  readonly title: string;
  readonly ownerParty: string;
  readonly likelihood: number;
  readonly impact: number;
  readonly mitigations: readonly MitigationRecord[];
  readonly closed: boolean;
  /** When it was raised (its event's occurredAt, when read from the log): what its mitigations and closing may not precede. */
  readonly raisedAt?: string;
}

export interface PartnershipState {
  readonly status: PartnershipStatus;
  readonly partnershipId: string;
  readonly title: string;
  readonly purpose: string;
  readonly parties: readonly string[];
  readonly joined: readonly string[];
  readonly proposedBy?: PersonRef;
  /** When it was proposed, as recorded: its founding acts are not dated before. */
  readonly proposedAt?: string;
  /** The party whose authorised member suspended it (only that party may resume). */
  readonly suspendedByParty?: string;
  readonly terms?: TermsOfReference;
  /** Current board, by personId. */
  readonly board: IdRecord<BoardSeat>;
  readonly objectives: IdRecord<ObjectiveRecord>;
  readonly risks: IdRecord<RiskRecord>;
}

export const initialPartnershipState: PartnershipState = {
  status: 'none',
  partnershipId: '',
  title: '',
  purpose: '',
  parties: [],
  joined: [],
  board: {},
  objectives: {},
  risks: {},
};

/** Pure and total: unknown event types are ignored so old code can read newer streams. */
export function evolvePartnership(state: PartnershipState, event: StoredEvent<PartnershipEvent>): PartnershipState {
  switch (event.type) {
    case 'PartnershipProposed': {
      const d = event.data;
      return {
        ...state,
        status: 'proposed',
        partnershipId: d.partnershipId,
        title: d.title,
        purpose: d.purpose,
        parties: [...d.parties],
        proposedBy: d.proposedBy,
        ...(event.occurredAt === undefined ? {} : { proposedAt: event.occurredAt }),
      };
    }
    case 'PartyJoined':
      return state.joined.includes(event.data.party)
        ? state
        : { ...state, joined: [...state.joined, event.data.party] };
    case 'PartnershipActivated':
      return { ...state, status: 'active' };
    case 'TermsOfReferenceAgreed': {
      const {
        version,
        approvalRule,
        quorum,
        textSha256,
        noticeClearWorkingDays,
        substitutesAllowed,
        chairCastingVote,
        keyDecisions,
        interestsRetentionDays,
      } = event.data;
      const terms: TermsOfReference = {
        version,
        approvalRule,
        quorum,
        textSha256,
        ...(noticeClearWorkingDays === undefined ? {} : { noticeClearWorkingDays }),
        ...(substitutesAllowed === undefined ? {} : { substitutesAllowed }),
        ...(chairCastingVote === undefined ? {} : { chairCastingVote }),
        ...(keyDecisions === undefined ? {} : { keyDecisions }),
        ...(interestsRetentionDays === undefined ? {} : { interestsRetentionDays }),
      };
      return { ...state, terms };
    }
    case 'BoardMemberAppointed': {
      const d = event.data;
      const seat: BoardSeat = {
        personId: d.personId,
        party: d.party,
        ...(d.boardRole === undefined ? {} : { boardRole: d.boardRole }),
      };
      return { ...state, board: withEntry(state.board, d.personId, seat) };
    }
    case 'BoardMemberStoodDown':
      return { ...state, board: withoutEntry(state.board, event.data.personId) };
    case 'ObjectiveSet': {
      const d = event.data;
      const objective: ObjectiveRecord = {
        objectiveId: d.objectiveId,
        title: d.title,
        description: d.description,
        ...(d.targetDate === undefined ? {} : { targetDate: d.targetDate }),
        ...(event.occurredAt === undefined ? {} : { setAt: event.occurredAt }),
      };
      return { ...state, objectives: withEntry(state.objectives, d.objectiveId, objective) };
    }
    case 'ObjectiveRevised': {
      const d = event.data;
      const existing = own(state.objectives, d.objectiveId);
      if (!existing) return state;
      const revised: ObjectiveRecord = {
        ...existing,
        ...(d.title === undefined ? {} : { title: d.title }),
        ...(d.description === undefined ? {} : { description: d.description }),
        ...(d.targetDate === undefined ? {} : { targetDate: d.targetDate }),
      };
      return { ...state, objectives: withEntry(state.objectives, d.objectiveId, revised) };
    }
    case 'ProgressReported': {
      const d = event.data;
      const existing = own(state.objectives, d.objectiveId);
      if (!existing) return state;
      const latestProgress = { percentComplete: d.percentComplete, rag: d.rag, summary: d.summary };
      return { ...state, objectives: withEntry(state.objectives, d.objectiveId, { ...existing, latestProgress }) };
    }
    case 'RiskRaised': {
      const d = event.data;
      const risk: RiskRecord = {
        riskId: d.riskId,
        title: d.title,
        ownerParty: d.ownerParty,
        likelihood: d.likelihood,
        impact: d.impact,
        mitigations: [],
        closed: false,
        ...(event.occurredAt === undefined ? {} : { raisedAt: event.occurredAt }),
      };
      return { ...state, risks: withEntry(state.risks, d.riskId, risk) };
    }
    case 'MitigationAssigned': {
      const d = event.data;
      const existing = own(state.risks, d.riskId);
      if (!existing) return state;
      const mitigation: MitigationRecord = {
        party: d.party,
        action: d.action,
        ...(d.dueDate === undefined ? {} : { dueDate: d.dueDate }),
      };
      return {
        ...state,
        risks: withEntry(state.risks, d.riskId, { ...existing, mitigations: [...existing.mitigations, mitigation] }),
      };
    }
    case 'RiskClosed': {
      const existing = own(state.risks, event.data.riskId);
      if (!existing) return state;
      return { ...state, risks: withEntry(state.risks, existing.riskId, { ...existing, closed: true }) };
    }
    case 'PartnershipSuspended':
      return { ...state, status: 'suspended', suspendedByParty: event.data.suspendedBy.orgId };
    case 'PartnershipResumed': {
      const { suspendedByParty: _dropped, ...rest } = state;
      return { ...rest, status: 'active' };
    }
    case 'PartnershipDissolved':
      return { ...state, status: 'dissolved' };
    default:
      return state;
  }
}
