import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import type { RegisterQuery } from '../decisions/decisions.reader';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';
import { DecisionAct, DecisionActKind } from './decision-acts';

/** Every act on a decision, in log order; with `asOf` only those recorded by then, with `at` only those that had happened by then. */
export async function readActsOfDecision(
  db: Pool,
  decisionId: string,
  clocks: { asOf?: Date; at?: Date } = {},
): Promise<DecisionAct[]> {
  const { rows } = await db.query<{ detail: DecisionAct }>(
    `SELECT detail FROM rm_decision_acts WHERE decision_id = $1
        AND ($2::timestamptz IS NULL OR (detail->>'recordedAt')::timestamptz <= $2) AND ($3::timestamptz IS NULL OR (detail->>'occurredAt')::timestamptz <= $3)
      ORDER BY position`,
    [decisionId, clocks.asOf ?? null, clocks.at ?? null],
  );
  return rows.map((r) => r.detail);
}

/** The acts of these kinds done for an organisation, in log order. */
export async function readActsOfOrganisation(
  db: Pool,
  organisationId: string,
  kinds: readonly DecisionActKind[],
): Promise<DecisionAct[]> {
  const { rows } = await db.query<{ detail: DecisionAct }>(
    'SELECT detail FROM rm_decision_acts WHERE org_id = $1 AND kind = ANY($2::text[]) ORDER BY position',
    [organisationId, kinds],
  );
  return rows.map((r) => r.detail);
}

/**
 * A partnership's acts of these kinds, in log order after position `after`, on the decisions the
 * register's filters keep, if the viewer may see the partnership (visibleSql: the one rule).
 */
export async function readActsOfPartnership(
  db: Pool,
  viewer: Viewer,
  partnershipId: string,
  kinds: readonly DecisionActKind[],
  filter: Pick<RegisterQuery, 'status' | 'category' | 'from' | 'to'>,
  page: { after: number; limit: number },
): Promise<DecisionAct[]> {
  const { rows } = await db.query<{ detail: DecisionAct }>(
    `SELECT a.detail FROM rm_decision_acts a JOIN rm_decisions d USING (decision_id)
     WHERE a.partnership_id = $2 AND a.kind = ANY($3::text[]) AND a.position > $4
       AND ${visibleSql('$1', (org) => `a.partnership_id IN ${partnershipsOfPartySql(org)}`)}
       AND ($5::text IS NULL OR d.status = $5) AND ($6::text IS NULL OR d.category = $6)
       AND ($7::timestamptz IS NULL OR coalesce(d.resolved_at, d.drafted_at) >= $7)
       AND ($8::timestamptz IS NULL OR coalesce(d.resolved_at, d.drafted_at) < $8)
     ORDER BY a.position LIMIT $9`,
    [
      viewerScope(viewer),
      partnershipId,
      kinds,
      page.after,
      filter.status ?? null,
      filter.category ?? null,
      filter.from ?? null,
      filter.to ?? null,
      page.limit,
    ],
  );
  return rows.map((r) => r.detail);
}
