import { Pool } from 'pg';
import type { DecisionNoticePublishedData } from '@accord/domain';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';

/** A partnership's decision notices as the viewer may see them, newest first. */
export async function readDecisionNotices(
  db: Pool,
  viewer: Viewer,
  partnershipId: string,
): Promise<DecisionNoticePublishedData[]> {
  const { rows } = await db.query<{ notice: DecisionNoticePublishedData }>(
    `SELECT notice FROM rm_decision_notices
     WHERE partnership_id = $1
       AND ${visibleSql('$2', (org) => `partnership_id IN ${partnershipsOfPartySql(org)}`)}
     ORDER BY published_at DESC, position DESC`,
    [partnershipId, viewerScope(viewer)],
  );
  return rows.map((r) => r.notice);
}
