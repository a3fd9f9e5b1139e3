import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { PARTNERSHIP_PARTIES_SQL, partnershipsOfPartySql } from '../partnerships/partnerships.reader';
import { DecisionRecord } from './decisions.projection';

export interface RegisterQuery {
  partnershipId?: string;
  status?: string;
  category?: string;
  /** Decisions of partnerships this organisation is party to. */
  party?: string;
  /** Period: decisions resolved (or, if unresolved, drafted) at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  /** Decisions drafted before this position (the register's paging point). */
  draftedBefore?: number;
  limit: number;
}

export interface RegisterRow {
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
  call_in_ended_at: string | null;
}

/**
 * The register: decisions of partnerships the viewer may see, newest draft first. The drafting
 * position is unique and never changes, so pages by it neither repeat nor skip a decision.
 */
export async function readRegister(db: Pool, viewer: Viewer, query: RegisterQuery): Promise<RegisterRow[]> {
  const params: unknown[] = [viewerScope(viewer)];
  const where = [visibleSql('$1', (org) => `partnership_id IN ${partnershipsOfPartySql(org)}`)];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (query.partnershipId) add((p) => `partnership_id = ${p}`, query.partnershipId);
  if (query.status) add((p) => `status = ${p}`, query.status);
  if (query.category) add((p) => `category = ${p}`, query.category);
  if (query.party) add((p) => `partnership_id IN ${partnershipsOfPartySql(p)}`, query.party);
  if (query.from) add((p) => `coalesce(resolved_at, drafted_at) >= ${p}`, query.from);
  if (query.to) add((p) => `coalesce(resolved_at, drafted_at) < ${p}`, query.to);
  if (query.draftedBefore !== undefined) add((p) => `drafted_position < ${p}`, query.draftedBefore);
  params.push(query.limit);
  const { rows } = await db.query<RegisterRow>(
    `SELECT decision_id, partnership_id, title, status, category, value_pence, approval_rule, signed_parties, drafted_position, drafted_at, closes_at, resolved_at, outcome_recorded,
            state->>'callInEndedAt' AS call_in_ended_at
     FROM rm_decisions WHERE ${where.join(' AND ')} ORDER BY drafted_position DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** A decision's record and its partnership's parties (null when the partnership is not in its read model). */
export async function readDecisionRecord(
  db: Pool,
  decisionId: string,
): Promise<{ state: DecisionRecord; parties: string[] | null } | undefined> {
  const { rows } = await db.query<{ state: DecisionRecord; parties: string[] | null }>(
    `SELECT d.state, p.parties FROM rm_decisions d LEFT JOIN ${PARTNERSHIP_PARTIES_SQL} p USING (partnership_id) WHERE d.decision_id = $1`,
    [decisionId],
  );
  return rows[0];
}

/** The parties of a decision's partnership, when both are in their read models. */
export async function readDecisionParties(db: Pool, decisionId: string): Promise<string[] | undefined> {
  const { rows } = await db.query<{ parties: string[] }>(
    `SELECT p.parties FROM rm_decisions d JOIN ${PARTNERSHIP_PARTIES_SQL} p USING (partnership_id) WHERE d.decision_id = $1`,
    [decisionId],
  );
  return rows[0]?.parties;
}

/** How many of a partnership's decisions are in each status. */
export async function readDecisionCounts(db: Pool, partnershipId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM rm_decisions WHERE partnership_id = $1 GROUP BY status',
    [partnershipId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function readDecisionTitles(db: Pool, decisionIds: string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ decision_id: string; title: string }>(
    'SELECT decision_id, title FROM rm_decisions WHERE decision_id = ANY($1::text[])',
    [decisionIds],
  );
  return new Map(rows.map((r) => [r.decision_id, r.title]));
}

export interface DecisionRow {
  decision_id: string;
  partnership_id: string;
  title: string;
  status: string;
  closes_at: Date | null;
  resolved_at: Date | null;
}

const COLUMNS = 'decision_id, partnership_id, title, status, closes_at, resolved_at';

/** A decision as council procedure tracks it after the fact (DESIGN §1): its notice basis, call-in, implementation. */
export interface CouncilProcedureRow extends DecisionRow {
  key_decision: string | null;
  special_urgency_reason: string | null;
  implemented_at: string | null;
  called_in_at: string | null;
  scrutiny_outcome: string | null;
  reconsidered_at: string | null;
  call_in_ended_at: string | null;
}

/** What an organisation is accountable for (the accountability report's decisions), as of `now`. */
export async function readAccountableDecisions(
  db: Pool,
  organisationId: string,
  now: Date,
): Promise<{
  awaitingSignOff: DecisionRow[];
  pastClosingTime: DecisionRow[];
  approvedWithoutOutcome: DecisionRow[];
  councilProcedure: CouncilProcedureRow[];
}> {
  const ours = `partnership_id IN ${partnershipsOfPartySql('$1')}`;
  const [awaitingSignOff, pastClosingTime, approvedWithoutOutcome, councilProcedure] = await Promise.all([
    db.query<DecisionRow>(
      `SELECT ${COLUMNS} FROM rm_decisions WHERE status = 'open' AND approval_rule = 'all-parties-sign-off' AND parties @> ARRAY[$1]::text[]
       AND NOT signed_parties @> ARRAY[$1]::text[] AND closes_at > $2 ORDER BY closes_at, decision_id`,
      [organisationId, now],
    ),
    db.query<DecisionRow>(
      `SELECT ${COLUMNS} FROM rm_decisions WHERE status = 'open' AND closes_at <= $2 AND ${ours} ORDER BY closes_at, decision_id`,
      [organisationId, now],
    ),
    db.query<DecisionRow>(
      `SELECT ${COLUMNS} FROM rm_decisions WHERE status = 'approved' AND NOT outcome_recorded AND ${ours} ORDER BY resolved_at, decision_id`,
      [organisationId],
    ),
    db.query<CouncilProcedureRow>(
      `SELECT ${COLUMNS}, state->>'keyDecision' AS key_decision, state->>'specialUrgencyReason' AS special_urgency_reason,
              state->>'implementedAt' AS implemented_at, state->>'calledInAt' AS called_in_at,
              state->>'scrutinyOutcome' AS scrutiny_outcome, state->>'reconsideredAt' AS reconsidered_at,
              state->>'callInEndedAt' AS call_in_ended_at
       FROM rm_decisions WHERE ${ours}
         AND (state->>'keyDecision' IN ('general-exception', 'special-urgency') OR state ? 'implementedAt' OR state ? 'calledInAt')
       ORDER BY resolved_at, decision_id`,
      [organisationId],
    ),
  ]);
  return {
    awaitingSignOff: awaitingSignOff.rows,
    pastClosingTime: pastClosingTime.rows,
    approvedWithoutOutcome: approvedWithoutOutcome.rows,
    councilProcedure: councilProcedure.rows,
  };
}
