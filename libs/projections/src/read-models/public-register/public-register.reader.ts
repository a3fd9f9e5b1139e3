import { Pool } from 'pg';
import { publishedSql } from '@accord/access';
import type { DecisionNoticePublishedData } from '@accord/domain';
import type { DecisionRecord } from '../decisions/decisions.projection';
import type { PublicForwardPlanEntry } from '@accord/contracts';
import { FORWARD_PLAN_COLUMNS, forwardPlanEntry, ForwardPlanRow } from '../forward-plan/forward-plan.reader';

// The public register (DESIGN §1 "Council procedure"): what the visibility policy publishes, read
// for a reader who has not signed in. Each list is newest first by the log position at which its
// record was written (unique, never changing), so pages by it neither repeat nor skip a record.

const PUBLIC_PARTNERSHIP = publishedSql(`p.state -> 'terms'`);
const PUBLIC_DECISION = publishedSql(`p.state -> 'terms'`, 'd.state');

export interface PublicPartnershipRow {
  partnership_id: string;
  title: string;
  status: string;
  parties: string[];
}

/** Partnerships that keep a public register, by title. */
export async function readPublicPartnerships(db: Pool, limit: number): Promise<PublicPartnershipRow[]> {
  const { rows } = await db.query<PublicPartnershipRow>(
    `SELECT partnership_id, title, status, parties FROM rm_partnerships p
     WHERE ${PUBLIC_PARTNERSHIP} ORDER BY title, partnership_id LIMIT $1`,
    [limit],
  );
  return rows;
}

export async function readPublicPartnership(
  db: Pool,
  partnershipId: string,
): Promise<PublicPartnershipRow | undefined> {
  const { rows } = await db.query<PublicPartnershipRow>(
    `SELECT partnership_id, title, status, parties FROM rm_partnerships p
     WHERE partnership_id = $1 AND ${PUBLIC_PARTNERSHIP}`,
    [partnershipId],
  );
  return rows[0];
}

export interface Page {
  /** Only records written before this log position. */
  before?: number;
  limit: number;
}

/** The register's filters (DESIGN §1 "Council procedure": the same as the parties' register, within one partnership). */
export interface PublishedDecisionFilter {
  status?: string;
  category?: string;
  /** Period: decisions resolved (or, if unresolved, drafted) at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
}

/** What the public register shows of a decision: these fields of its folded record. */
export type PublishedDecision = Pick<
  DecisionRecord,
  | 'decisionId'
  | 'title'
  | 'status'
  | 'category'
  | 'valuePence'
  | 'openedAt'
  | 'closesAt'
  | 'resolvedAt'
  | 'keyDecision'
  | 'outcome'
  | 'noticePublishedAt'
  | 'callInUntil'
  | 'calledInAt'
  | 'callInEndedAt'
  | 'scrutinyOutcome'
  | 'reconsideredAt'
  | 'implementedAt'
  | 'supersededBy'
>;

// The fields of PublishedDecision taken out of the folded record in the database, in one pass over
// it (jsonb_to_record) and as text where they are text: open data streams every decision, and
// sending and parsing the whole record (sign-offs, exempt items, corrections…) for each was most
// of its cost. A field the record lacks comes back null.
const PUBLISHED_FIELDS = `jsonb_to_record(d.state) AS s("decisionId" text, title text, status text, category text,
  "valuePence" bigint, "openedAt" text, "closesAt" text, "resolvedAt" text, "keyDecision" text, outcome jsonb,
  "noticePublishedAt" text, "callInUntil" text, "calledInAt" text, "callInEndedAt" text, "scrutinyOutcome" text, "reconsideredAt" text,
  "implementedAt" text, "supersededBy" text)`;

/** A partnership's published decisions, newest draft first, each with the position it was drafted at. */
export async function readPublishedDecisions(
  db: Pool,
  partnershipId: string,
  page: Page,
  filter: PublishedDecisionFilter = {},
): Promise<(PublishedDecision & { position: number })[]> {
  const { rows } = await db.query<PublishedDecision & { position: number }>(
    `SELECT d.drafted_position AS position, s.*
     FROM rm_decisions d JOIN rm_partnerships p USING (partnership_id) CROSS JOIN LATERAL ${PUBLISHED_FIELDS}
     WHERE d.partnership_id = $1 AND ${PUBLIC_DECISION} AND ($2::bigint IS NULL OR d.drafted_position < $2)
       AND ($4::text IS NULL OR d.status = $4) AND ($5::text IS NULL OR d.category = $5)
       AND ($6::timestamptz IS NULL OR coalesce(d.resolved_at, d.drafted_at) >= $6)
       AND ($7::timestamptz IS NULL OR coalesce(d.resolved_at, d.drafted_at) < $7)
     ORDER BY d.drafted_position DESC LIMIT $3`,
    [
      partnershipId,
      page.before ?? null,
      page.limit,
      filter.status ?? null,
      filter.category ?? null,
      filter.from ?? null,
      filter.to ?? null,
    ],
  );
  return rows;
}

/** A partnership's decision notices of published decisions, newest first. */
export async function readPublishedNotices(
  db: Pool,
  partnershipId: string,
  page: Page,
): Promise<{ position: number; notice: DecisionNoticePublishedData }[]> {
  const { rows } = await db.query<{ position: string; notice: DecisionNoticePublishedData }>(
    `SELECT n.position, n.notice FROM rm_decision_notices n
       JOIN rm_decisions d USING (decision_id) JOIN rm_partnerships p ON p.partnership_id = n.partnership_id
     WHERE n.partnership_id = $1 AND ${PUBLIC_DECISION} AND ($2::bigint IS NULL OR n.position < $2)
     ORDER BY n.position DESC LIMIT $3`,
    [partnershipId, page.before ?? null, page.limit],
  );
  return rows.map((r) => ({ position: Number(r.position), notice: r.notice }));
}

/** A partnership's forward plan, the newest entry first; who entered it is not published. */
export async function readPublishedForwardPlan(
  db: Pool,
  partnershipId: string,
  page: Page,
): Promise<{ position: number; entry: PublicForwardPlanEntry }[]> {
  const { rows } = await db.query<ForwardPlanRow>(
    `SELECT ${FORWARD_PLAN_COLUMNS}
     FROM rm_forward_plan f JOIN rm_partnerships p USING (partnership_id)
     WHERE f.partnership_id = $1 AND ${PUBLIC_PARTNERSHIP} AND ($2::bigint IS NULL OR f.position < $2)
     ORDER BY f.position DESC LIMIT $3`,
    [partnershipId, page.before ?? null, page.limit],
  );
  return rows.map((r) => {
    const { publishedBy: _notPublished, ...entry } = forwardPlanEntry(r);
    return { position: Number(r.position), entry };
  });
}
