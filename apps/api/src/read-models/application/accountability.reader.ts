import { Injectable } from '@nestjs/common';
import { maySeeReportsOf, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import {
  DecisionAct,
  DecisionRow,
  Names,
  organisationIsKnown,
  readAccountableDecisions,
  readActsOfOrganisation,
  readErasures,
  readLivePartnershipsOf,
} from '@accord/projections';
import { ForbiddenError, NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';

/**
 * The accountability report of one organisation (DESIGN §1, §7): what waits on it, what is
 * overdue, which sign-offs it gave under which authority, which interests its people declared
 * and how they were dispensed, approved decisions with no recorded outcome, and under council
 * procedure the key decisions taken without due notice (general exception, special urgency), the
 * decisions implemented, and those called in with scrutiny's outcome and any reconsideration. A
 * governance reader gets only their own organisation's; auditors and platform admins any
 * organisation's.
 */
@Injectable()
export class AccountabilityReader {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async report(
    caller: Principal,
    organisationId: string | undefined,
    minPosition: number | undefined,
    now = new Date(),
  ) {
    const org = organisationId ?? caller.orgId;
    if (!maySeeReportsOf(caller, org))
      throw new ForbiddenError(
        'not-own-organisation',
        'A governance reader sees only their own organisation’s report',
        { organisationId: org },
      );
    const position = await this.positions.await(
      ['decisions', 'decision-acts', 'partnerships', 'directory', 'erasures'],
      minPosition,
    );
    const pool = this.storage.readPool;
    if (!(await organisationIsKnown(pool, org)))
      throw new NotFoundError(ErrorCode.OrganisationNotFound, `Organisation ${org} not found`);

    const [decisions, details, partnerships] = await Promise.all([
      readAccountableDecisions(pool, org, now),
      readActsOfOrganisation(pool, org, [
        'sign-off',
        'sign-off-withdrawn',
        'sign-off-refused',
        'interest',
        'dispensation',
      ]),
      readLivePartnershipsOf(pool, org),
    ]);
    const erasures = await readErasures(
      pool,
      details.map((a) => a.dataSubject),
    );
    const names = await Names.load(pool, {
      orgIds: [org, ...details.map((a) => a.grantedBy?.orgId ?? org)],
      personIds: details.flatMap((a) => [a.personId, a.grantedBy?.personId ?? a.personId]),
      partnershipIds: [
        ...decisions.awaitingSignOff,
        ...decisions.pastClosingTime,
        ...decisions.approvedWithoutOutcome,
        ...decisions.councilProcedure,
      ]
        .map((r) => r.partnership_id)
        .concat(partnerships.map((r) => r.partnership_id)),
      decisionIds: details.map((a) => a.decisionId),
    });
    const decision = (r: DecisionRow) => ({
      decisionId: r.decision_id,
      title: r.title,
      partnership: { partnershipId: r.partnership_id, title: names.partnershipTitle(r.partnership_id) },
      status: r.status,
      closesAt: r.closes_at?.toISOString() ?? null,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
    });
    const about = (a: DecisionAct) => ({
      decisionId: a.decisionId,
      decisionTitle: names.decisionTitle(a.decisionId),
      position: a.position,
      eventId: a.eventId,
      at: a.at,
    });
    const dispensations = new Map(
      details.filter((a) => a.kind === 'dispensation').map((a) => [`${a.decisionId}\u0000${a.subject?.personId}`, a]),
    );
    const today = now.toISOString().slice(0, 10);
    return {
      organisation: { organisationId: org, name: names.organisationName(org) },
      generatedAt: now.toISOString(),
      awaitingSignOff: decisions.awaitingSignOff.map(decision),
      pastClosingTime: decisions.pastClosingTime.map(decision),
      overdueMitigations: partnerships.flatMap((p) =>
        Object.values(p.state.risks)
          .filter((risk) => !risk.closed)
          .flatMap((risk) =>
            risk.mitigations
              .filter((m) => m.party === org && m.dueDate !== undefined && m.dueDate < today)
              .map((m) => ({
                partnership: { partnershipId: p.partnership_id, title: names.partnershipTitle(p.partnership_id) },
                riskId: risk.riskId,
                riskTitle: risk.title,
                action: m.action,
                dueDate: m.dueDate,
              })),
          ),
      ),
      signOffs: details
        .filter((a) => a.kind.startsWith('sign-off'))
        .map((a) => ({
          ...about(a),
          kind: a.kind,
          by: names.person(a.personId, org),
          authority: a.authority ?? null,
          reason: a.reason ?? null,
        })),
      interests: details
        .filter((a) => a.kind === 'interest')
        .map((a) => {
          const dispensation = dispensations.get(`${a.decisionId}\u0000${a.personId}`);
          return {
            ...about(a),
            member: names.person(a.personId, org),
            nature: a.nature,
            ...erasures.field(a.dataSubject, a.position),
            dispensation: dispensation
              ? {
                  grantedBy: names.person(
                    dispensation.grantedBy?.personId ?? dispensation.personId,
                    dispensation.grantedBy?.orgId ?? org,
                  ),
                  grantedAs: dispensation.grantedAs,
                  reason: dispensation.reason,
                  ...erasures.field(dispensation.dataSubject, dispensation.position),
                  at: dispensation.at,
                  eventId: dispensation.eventId,
                }
              : null,
          };
        }),
      approvedWithoutOutcome: decisions.approvedWithoutOutcome.map(decision),
      // Council procedure (DESIGN §1): key decisions taken without 28 days on the forward plan, what
      // was implemented, and what scrutiny called in and decided.
      keyDecisionsWithoutDueNotice: decisions.councilProcedure
        .filter((r) => r.key_decision === 'general-exception' || r.key_decision === 'special-urgency')
        .map((r) => ({
          ...decision(r),
          basis: r.key_decision,
          specialUrgencyReason: r.special_urgency_reason,
        })),
      implemented: decisions.councilProcedure
        .filter((r) => r.implemented_at !== null)
        .map((r) => ({ ...decision(r), implementedAt: r.implemented_at, callInEndedAt: r.call_in_ended_at })),
      calledIn: decisions.councilProcedure
        .filter((r) => r.called_in_at !== null)
        .map((r) => ({
          ...decision(r),
          calledInAt: r.called_in_at,
          scrutinyOutcome: r.scrutiny_outcome,
          reconsideredAt: r.reconsidered_at,
        })),
      position,
    };
  }
}
