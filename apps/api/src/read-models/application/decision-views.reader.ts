import { Injectable } from '@nestjs/common';
import { Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import { DecisionAct, DecisionRecord } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { Names } from './names';
import { ReadPositions } from './read-positions';
import { decodeCursor, encodeCursor } from './register-cursor';
import { scopeParam, seesAll, visiblePartnershipsSql } from './scope';

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

interface RegisterRow {
  decision_id: string;
  partnership_id: string;
  title: string;
  status: string;
  category: string | null;
  value_pence: string | null;
  approval_rule: string;
  signed_parties: string[];
  drafted_position: string;
  drafted_at: Date;
  closes_at: Date | null;
  resolved_at: Date | null;
  outcome_recorded: boolean;
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
    const params: unknown[] = [scopeParam(caller)];
    const where = [visiblePartnershipsSql('$1')];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.partnershipId) add((p) => `partnership_id = ${p}`, filter.partnershipId);
    if (filter.status) add((p) => `status = ${p}`, filter.status);
    if (filter.category) add((p) => `category = ${p}`, filter.category);
    if (filter.party)
      add(
        (p) => `partnership_id IN (SELECT partnership_id FROM rm_partnerships WHERE parties @> ARRAY[${p}]::text[])`,
        filter.party,
      );
    if (filter.from) add((p) => `coalesce(resolved_at, drafted_at) >= ${p}`, filter.from);
    if (filter.to) add((p) => `coalesce(resolved_at, drafted_at) < ${p}`, filter.to);
    if (filter.cursor) add((p) => `drafted_position < ${p}`, decodeCursor(filter.cursor));
    params.push(filter.limit + 1);
    const { rows } = await this.storage.pool.query<RegisterRow>(
      `SELECT decision_id, partnership_id, title, status, category, value_pence, approval_rule, signed_parties, drafted_position, drafted_at, closes_at, resolved_at, outcome_recorded
       FROM rm_decisions WHERE ${where.join(' AND ')} ORDER BY drafted_position DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, filter.limit);
    const names = await Names.load(this.storage.pool, { partnershipIds: page.map((r) => r.partnership_id) });
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
    const { rows } = await this.storage.pool.query<{ state: DecisionRecord; parties: string[] | null }>(
      'SELECT d.state, p.parties FROM rm_decisions d LEFT JOIN rm_partnerships p USING (partnership_id) WHERE d.decision_id = $1',
      [decisionId],
    );
    if (rows.length === 0 || !(seesAll(caller) || (rows[0].parties ?? []).includes(caller.orgId)))
      throw notFound(decisionId);
    const acts = await this.storage.pool.query<{ detail: DecisionAct }>(
      'SELECT detail FROM rm_decision_acts WHERE decision_id = $1 ORDER BY position',
      [decisionId],
    );
    const details = acts.rows.map((r) => r.detail);
    const state = rows[0].state;
    const names = await Names.load(this.storage.pool, {
      orgIds: [
        ...(rows[0].parties ?? []),
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
