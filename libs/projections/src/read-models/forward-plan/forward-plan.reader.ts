import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import type { ForwardPlanEntry } from '@accord/contracts';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';

export type { ForwardPlanEntry };

export interface ForwardPlanRow {
  position: string;
  decision_id: string;
  item: string;
  decision_maker: string;
  expected_date: string;
  documents: string[];
  key: boolean;
  published_at: Date;
  published_by: string;
  status: string;
  key_decision: string | null;
}

/** The columns of rm_forward_plan (aliased `f`) that {@link forwardPlanEntry} reads. */
export const FORWARD_PLAN_COLUMNS = `f.position, f.decision_id, f.item, f.decision_maker,
  to_char(f.expected_date, 'YYYY-MM-DD') AS expected_date, f.documents, f.key, f.published_at, f.published_by,
  f.status, f.key_decision`;

export function forwardPlanEntry(r: ForwardPlanRow): ForwardPlanEntry {
  return {
    decisionId: r.decision_id,
    item: r.item,
    decisionMaker: r.decision_maker,
    expectedDate: r.expected_date,
    documents: r.documents,
    key: r.key,
    publishedAt: r.published_at.toISOString(),
    publishedBy: r.published_by,
    status: r.status,
    ...(r.key_decision === null ? {} : { keyDecision: r.key_decision }),
  };
}

/** A partnership's forward plan as the viewer may see it, by expected date. */
export async function readForwardPlan(db: Pool, viewer: Viewer, partnershipId: string): Promise<ForwardPlanEntry[]> {
  const { rows } = await db.query<ForwardPlanRow>(
    `SELECT ${FORWARD_PLAN_COLUMNS}
     FROM rm_forward_plan f
     WHERE f.partnership_id = $1
       AND ${visibleSql('$2', (org) => `f.partnership_id IN ${partnershipsOfPartySql(org)}`)}
     ORDER BY f.expected_date, f.position`,
    [partnershipId, viewerScope(viewer)],
  );
  return rows.map(forwardPlanEntry);
}
