import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';

export interface ForwardPlanEntry {
  decisionId: string;
  item: string;
  decisionMaker: string;
  /** London date the decision is expected. */
  expectedDate: string;
  documents: string[];
  key: boolean;
  publishedAt: string;
  publishedBy: string;
  /** planned until opened; then open, approved, rejected, lapsed or withdrawn. */
  status: string;
  /** For a key decision once opened: the notice it was opened on. */
  keyDecision?: string;
}

interface Row {
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

/** A partnership's forward plan as the viewer may see it, by expected date. */
export async function readForwardPlan(db: Pool, viewer: Viewer, partnershipId: string): Promise<ForwardPlanEntry[]> {
  const { rows } = await db.query<Row>(
    `SELECT decision_id, item, decision_maker, to_char(expected_date, 'YYYY-MM-DD') AS expected_date, documents, key,
            published_at, published_by, status, key_decision
     FROM rm_forward_plan
     WHERE partnership_id = $1
       AND ${visibleSql('$2', (org) => `partnership_id IN ${partnershipsOfPartySql(org)}`)}
     ORDER BY expected_date, position`,
    [partnershipId, viewerScope(viewer)],
  );
  return rows.map((r) => ({
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
  }));
}
