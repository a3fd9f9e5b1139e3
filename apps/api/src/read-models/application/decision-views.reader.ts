import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import { DecisionAct, Names, readActsOfDecision, readDecisionRecord, readRegister } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';
import { decodeCursor, encodeCursor } from './register-cursor';

export interface RegisterFilter {
  partnershipId?: string;
  status?: string;
  category?: string;
  party?: string;
  /** Period: decisions resolved (or, if unresolved, drafted) at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
  minPosition?: number;
}

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
}

const notFound = (id: string) => new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${id} not found`);

/** The decision register (filters, cursor paging) and the full record of one decision. */
@Injectable()
export class DecisionViews {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async register(
    caller: Principal,
    filter: RegisterFilter,
  ): Promise<{ items: RegisterEntry[]; nextCursor: string | null; position: number }> {
    const position = await this.positions.await(['decisions', 'partnerships'], filter.minPosition);
    const rows = await readRegister(this.storage.readPool, caller, {
      partnershipId: filter.partnershipId,
      status: filter.status,
      category: filter.category,
      party: filter.party,
      from: filter.from,
      to: filter.to,
      draftedBefore: filter.cursor ? decodeCursor(filter.cursor) : undefined,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const names = await Names.load(this.storage.readPool, { partnershipIds: page.map((r) => r.partnership_id) });
    return {
      items: page.map((r) => ({
        decisionId: r.decision_id,
        partnershipId: r.partnership_id,
        partnershipTitle: names.partnershipTitle(r.partnership_id),
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
      })),
      nextCursor: rows.length > filter.limit ? encodeCursor(Number(page[page.length - 1].drafted_position)) : null,
      position,
    };
  }

  /** Every vote, sign-off, interest and dispensation: who, for which organisation, under which authority, when, why. */
  async record(caller: Principal, decisionId: string, minPosition?: number) {
    const position = await this.positions.await(
      ['decisions', 'decision-acts', 'partnerships', 'directory'],
      minPosition,
    );
    const found = await readDecisionRecord(this.storage.readPool, decisionId);
    if (found === undefined || !maySee(caller, found.parties ?? [])) throw notFound(decisionId);
    const details = await readActsOfDecision(this.storage.readPool, decisionId);
    const state = found.state;
    const names = await Names.load(this.storage.readPool, {
      orgIds: [
        ...(found.parties ?? []),
        ...details.flatMap((a) => [a.orgId, a.withdrawnBy?.orgId ?? a.orgId, a.grantedBy?.orgId ?? a.orgId]),
      ],
      personIds: details.flatMap((a) => [
        a.personId,
        a.subject?.personId ?? a.personId,
        a.withdrawnBy?.personId ?? a.personId,
      ]),
      partnershipIds: [state.partnershipId],
    });
    // The person who acted, for the organisation they acted for (a dispensation's grantor may be of another party).
    const actor = (a: DecisionAct) =>
      a.grantedBy ? names.person(a.grantedBy.personId, a.grantedBy.orgId) : names.person(a.personId, a.orgId);
    return {
      decisionId: state.decisionId,
      partnership: { partnershipId: state.partnershipId, title: names.partnershipTitle(state.partnershipId) },
      title: state.title,
      motion: state.motion,
      status: state.status,
      category: state.category ?? null,
      valuePence: state.valuePence ?? null,
      approvalRule: state.approvalRule,
      draftedBy: state.draftedBy ?? null,
      openedAt: state.openedAt ?? null,
      closesAt: state.closesAt ?? null,
      resolvedAt: state.resolvedAt ?? null,
      parties: state.parties.map((organisationId) => ({
        organisationId,
        name: names.organisationName(organisationId),
        signedOff: organisationId in state.signOffs,
      })),
      outcome: state.outcome ?? null,
      supersededBy: state.supersededBy ?? null,
      rescindedByDecisionId: state.rescindedByDecisionId ?? null,
      corrections: state.corrections,
      acts: details.map((a) => ({
        ...a,
        person: actor(a),
        organisationName: names.organisationName(a.orgId),
        ...(a.subject ? { subject: names.person(a.subject.personId, a.subject.orgId) } : {}),
        ...(a.withdrawnBy ? { withdrawnBy: names.person(a.withdrawnBy.personId, a.withdrawnBy.orgId) } : {}),
      })),
      position,
    };
  }
}
