import {
  type AuthorityRef,
  type DecisionRejectedData,
  type DispensationGrantedData,
  type InterestDeclaredData,
  personalDataSubject,
  type SignOffRecordedData,
  type SignOffWithdrawnData,
  type VoteCastData,
  type VoteChangedData,
} from '@accord/domain';
import { StoredEvent } from '@accord/event-store';

export type DecisionActKind =
  'interest' | 'dispensation' | 'vote' | 'vote-changed' | 'sign-off' | 'sign-off-withdrawn' | 'sign-off-refused';

/**
 * One act of a person on a decision, as a governance officer reads it: who, for which
 * organisation, under which authority instrument, when, with what reason. Every act stays, also
 * when a later one supersedes it (a changed vote, a withdrawn sign-off).
 */
export interface DecisionAct {
  kind: DecisionActKind;
  /** The type of the event that records it. */
  type: string;
  decisionId: string;
  partnershipId: string;
  /** The person who acted. */
  personId: string;
  /** The organisation the act concerns: the actor's own, or for a dispensation the interested member's. */
  orgId: string;
  /** A sign-off or refusal: when it was given; any other act: when the ledger recorded it. */
  at: string;
  /** When it happened (DESIGN §5 "Two clocks"; events written before them: when recorded). */
  occurredAt: string;
  /** When the ledger recorded it. */
  recordedAt: string;
  position: number;
  eventId: string;
  authority?: Pick<AuthorityRef, 'authorityId' | 'instrument'> & Partial<AuthorityRef>;
  reason?: string;
  stance?: string;
  previousStance?: string;
  nature?: string;
  /** Dispensation: whose interest, and in which capacity it was granted. */
  subject?: { personId: string; orgId: string };
  grantedAs?: string;
  /** Dispensation: the grantor and their organisation. */
  grantedBy?: { personId: string; orgId: string };
  /** Sign-off withdrawn: who withdrew it (may differ from the signer). */
  withdrawnBy?: { personId: string; orgId: string };
  /**
   * Whose personal data the act holds (an interest's nature, a dispensation's reason): the
   * domain's PERSONAL_DATA rule for its event, read once where the event's data is at hand.
   */
  dataSubject?: string;
}

/** The act an event records, if it is one of those the decision detail lists. */
export function decisionActOf(event: StoredEvent): DecisionAct | undefined {
  const dataSubject = personalDataSubject(event.type, event.data);
  const base = {
    type: event.type,
    position: event.position,
    eventId: event.eventId,
    at: event.recordedAt,
    occurredAt: event.metadata.occurredAt ?? event.recordedAt,
    recordedAt: event.recordedAt,
    ...(dataSubject === undefined ? {} : { dataSubject }),
  };
  switch (event.type) {
    case 'InterestDeclared': {
      const d = event.data as InterestDeclaredData;
      return {
        ...base,
        kind: 'interest',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        orgId: d.orgId,
        nature: d.nature,
      };
    }
    case 'DispensationGranted': {
      const d = event.data as DispensationGrantedData;
      return {
        ...base,
        kind: 'dispensation',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.grantedBy.personId,
        orgId: d.orgId,
        subject: { personId: d.personId, orgId: d.orgId },
        grantedAs: d.grantedAs,
        grantedBy: { personId: d.grantedBy.personId, orgId: d.grantedBy.orgId },
        reason: d.reason,
      };
    }
    case 'VoteCast': {
      const d = event.data as VoteCastData;
      return {
        ...base,
        kind: 'vote',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        orgId: d.orgId,
        stance: d.stance,
        reason: d.reason,
      };
    }
    case 'VoteChanged': {
      const d = event.data as VoteChangedData;
      return {
        ...base,
        kind: 'vote-changed',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        orgId: d.orgId,
        stance: d.stance,
        previousStance: d.previousStance,
        reason: d.reason,
      };
    }
    case 'SignOffRecorded': {
      const d = event.data as SignOffRecordedData;
      return {
        ...base,
        at: d.signedAt ?? base.at,
        kind: 'sign-off',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        orgId: d.party,
        authority: d.authority,
      };
    }
    case 'SignOffWithdrawn': {
      const d = event.data as SignOffWithdrawnData;
      return {
        ...base,
        kind: 'sign-off-withdrawn',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: d.personId,
        orgId: d.party,
        withdrawnBy: d.withdrawnBy,
        reason: d.reason,
      };
    }
    case 'DecisionRejected': {
      const d = event.data as DecisionRejectedData;
      if (!d.refusal) return undefined;
      const r = d.refusal;
      return {
        ...base,
        at: d.rejectedAt ?? base.at,
        kind: 'sign-off-refused',
        decisionId: d.decisionId,
        partnershipId: d.partnershipId,
        personId: r.personId,
        orgId: r.party,
        authority: { authorityId: r.authorityId, instrument: r.instrument },
        reason: r.reason,
      };
    }
    default:
      return undefined;
  }
}
