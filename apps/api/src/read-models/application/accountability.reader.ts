import { Injectable } from '@nestjs/common';
import { hasRole, Principal } from '@accord/access';
import { ErrorCode, PartnershipState } from '@accord/domain';
import { DecisionAct } from '@accord/projections';
import { ForbiddenError, NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { Names } from './names';
import { ReadPositions } from './read-positions';
import { seesAll } from './scope';

interface DecisionRow {
  decision_id: string;
  partnership_id: string;
  title: string;
  status: string;
  closes_at: Date | null;
  resolved_at: Date | null;
}

/**
 * The accountability report of one organisation (DESIGN §1, §7): what waits on it, what is
 * overdue, which sign-offs it gave under which authority, which interests its people declared
 * and how they were dispensed, and approved decisions with no recorded outcome. A governance
 * reader gets only their own organisation's; auditors and platform admins any organisation's.
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
    if (!seesAll(caller) && !(hasRole(caller, 'governance') && caller.orgId === org))
      throw new ForbiddenError(
        'not-own-organisation',
        'A governance reader sees only their own organisation’s report',
        { organisationId: org },
      );
    const position = await this.positions.await(
      ['decisions', 'decision-acts', 'partnerships', 'directory'],
      minPosition,
    );
    const pool = this.storage.pool;
    const known = await pool.query('SELECT 1 FROM rm_organisations WHERE organisation_id = $1', [org]);
    if (known.rowCount === 0) throw new NotFoundError(ErrorCode.OrganisationNotFound, `Organisation ${org} not found`);

    const mine = `partnership_id IN (SELECT partnership_id FROM rm_partnerships WHERE parties @> ARRAY[$1]::text[])`;
    const columns = 'decision_id, partnership_id, title, status, closes_at, resolved_at';
    const [awaiting, pastClosing, withoutOutcome, acts, partnerships] = await Promise.all([
      pool.query<DecisionRow>(
        `SELECT ${columns} FROM rm_decisions WHERE status = 'open' AND approval_rule = 'all-parties-sign-off' AND parties @> ARRAY[$1]::text[]
         AND NOT signed_parties @> ARRAY[$1]::text[] AND closes_at > $2 ORDER BY closes_at, decision_id`,
        [org, now],
      ),
      pool.query<DecisionRow>(
        `SELECT ${columns} FROM rm_decisions WHERE status = 'open' AND closes_at <= $2 AND ${mine} ORDER BY closes_at, decision_id`,
        [org, now],
      ),
      pool.query<DecisionRow>(
        `SELECT ${columns} FROM rm_decisions WHERE status = 'approved' AND NOT outcome_recorded AND ${mine} ORDER BY resolved_at, decision_id`,
        [org],
      ),
      pool.query<{ detail: DecisionAct }>(
        `SELECT detail FROM rm_decision_acts WHERE org_id = $1 AND kind IN ('sign-off', 'sign-off-withdrawn', 'sign-off-refused', 'interest', 'dispensation') ORDER BY position`,
        [org],
      ),
      pool.query<{ partnership_id: string; state: PartnershipState }>(
        `SELECT partnership_id, state FROM rm_partnerships WHERE parties @> ARRAY[$1]::text[] AND status <> 'dissolved'`,
        [org],
      ),
    ]);
    const details = acts.rows.map((r) => r.detail);
    const names = await Names.load(pool, {
      orgIds: [org, ...details.map((a) => a.grantedBy?.orgId ?? org)],
      personIds: details.flatMap((a) => [a.personId, a.grantedBy?.personId ?? a.personId]),
      partnershipIds: [...awaiting.rows, ...pastClosing.rows, ...withoutOutcome.rows]
        .map((r) => r.partnership_id)
        .concat(partnerships.rows.map((r) => r.partnership_id)),
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
      awaitingSignOff: awaiting.rows.map(decision),
      pastClosingTime: pastClosing.rows.map(decision),
      overdueMitigations: partnerships.rows.flatMap((p) =>
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
            dispensation: dispensation
              ? {
                  grantedBy: names.person(
                    dispensation.grantedBy?.personId ?? dispensation.personId,
                    dispensation.grantedBy?.orgId ?? org,
                  ),
                  grantedAs: dispensation.grantedAs,
                  reason: dispensation.reason,
                  at: dispensation.at,
                  eventId: dispensation.eventId,
                }
              : null,
          };
        }),
      approvedWithoutOutcome: withoutOutcome.rows.map(decision),
      position,
    };
  }
}
