import type { PersonView } from '@accord/contracts';
import { DecisionAct, Names, RegisterRow } from '@accord/projections';

/** A decision as the register lists it (GET /v1/decisions), and as the parties' download writes it. */
export interface RegisterEntry {
  decisionId: string;
  partnershipId: string;
  partnershipTitle?: string;
  title: string;
  status: string;
  category: string | null;
  valuePence: number | null;
  approvalRule: string;
  draftedAt: string;
  closesAt: string | null;
  resolvedAt: string | null;
  signedOffBy: string[];
  outcomeRecorded: boolean;
  /** When the ledger recorded its call-in period's end without a call-in; null until then, or where call-in does not apply. */
  callInEndedAt: string | null;
}

export function registerEntry(r: RegisterRow, partnershipTitle: string | undefined): RegisterEntry {
  return {
    decisionId: r.decision_id,
    partnershipId: r.partnership_id,
    partnershipTitle,
    title: r.title,
    status: r.status,
    category: r.category,
    valuePence: r.value_pence === null ? null : Number(r.value_pence),
    approvalRule: r.approval_rule,
    draftedAt: r.drafted_at.toISOString(),
    closesAt: r.closes_at?.toISOString() ?? null,
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    signedOffBy: r.signed_parties,
    outcomeRecorded: r.outcome_recorded,
    callInEndedAt: r.call_in_ended_at,
  };
}

/** An act on a decision as answers show it: the act, with the people in it and the organisation named. */
export type ActView = DecisionAct & {
  person: PersonView;
  organisationName: string | undefined;
  subject?: PersonView;
  withdrawnBy?: PersonView;
};

/** The ids `actView` names, for `Names.load`. */
export function idsInActs(acts: readonly DecisionAct[]): { orgIds: string[]; personIds: string[] } {
  return {
    orgIds: acts.flatMap((a) => [a.orgId, a.withdrawnBy?.orgId ?? a.orgId, a.grantedBy?.orgId ?? a.orgId]),
    personIds: acts.flatMap((a) => [
      a.personId,
      a.subject?.personId ?? a.personId,
      a.withdrawnBy?.personId ?? a.personId,
    ]),
  };
}

export function actView(a: DecisionAct, names: Names): ActView {
  return {
    ...a,
    // The person who acted, for the organisation they acted for (a dispensation's grantor may be of another party).
    person: a.grantedBy ? names.person(a.grantedBy.personId, a.grantedBy.orgId) : names.person(a.personId, a.orgId),
    organisationName: names.organisationName(a.orgId),
    ...(a.subject ? { subject: names.person(a.subject.personId, a.subject.orgId) } : {}),
    ...(a.withdrawnBy ? { withdrawnBy: names.person(a.withdrawnBy.personId, a.withdrawnBy.orgId) } : {}),
  };
}
