import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { streamIdOf } from '@accord/domain';
import { logSelect, parseStoredEvent, StoredEvent } from '@accord/event-store';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';

export type TrailSubject =
  { kind: 'partnership'; id: string } | { kind: 'decision'; id: string } | { kind: 'person'; id: string };

const LOG = logSelect(['position', 'stream_id', 'canonical_text', 'leaf_hash_hex']);

/**
 * The events that concern a partnership, a decision or a person, oldest first, after position
 * `after`, as stored (with their leaf hashes); `more` when there are others after the page. The
 * index only says which positions concern whom: the events come from the log itself. A person's
 * acts span partnerships, so they are narrowed to what the viewer may see (a partnership's or
 * a decision's visibility is the caller's to check first). On the two clocks (DESIGN §5): with
 * `asOf` only what the log held then (recordedAt), with `at` only what had happened by then
 * (occurredAt, which events written before it existed carry as their recordedAt); both read from
 * the hashed envelope, so the lines shown are those an auditor's proof covers.
 */
export async function readTrail(
  db: Pool,
  viewer: Viewer,
  subject: TrailSubject,
  page: { after: number; limit: number; asOf?: Date; at?: Date },
): Promise<{ events: StoredEvent[]; more: boolean }> {
  const params: unknown[] = [subject.id, page.after, page.limit + 1];
  const clocks: string[] = [];
  if (page.asOf !== undefined) {
    params.push(page.asOf);
    clocks.push(`(e.canonical_text::jsonb->>'recordedAt')::timestamptz <= $${params.length}`);
  }
  if (page.at !== undefined) {
    params.push(page.at);
    clocks.push(
      `COALESCE(e.canonical_text::jsonb#>>'{metadata,occurredAt}', e.canonical_text::jsonb->>'recordedAt')::timestamptz <= $${params.length}`,
    );
  }
  let where: string;
  if (subject.kind === 'partnership') where = 't.partnership_id = $1';
  else if (subject.kind === 'decision') where = 't.decision_id = $1';
  else {
    // An organisation's own events are indexed without a partnership.
    params.push(viewerScope(viewer), streamIdOf('organisation', viewer.orgId));
    const [scope, ownStream] = [`$${params.length - 1}`, `$${params.length}`];
    where = `t.person_ids @> ARRAY[$1]::text[] AND ${visibleSql(
      scope,
      (org) =>
        `(t.partnership_id IS NULL AND e.stream_id = ${ownStream}) OR t.partnership_id IN ${partnershipsOfPartySql(org)}`,
    )}`;
  }
  const { rows } = await db.query<{ canonical_text: string; leaf_hash_hex: string }>(
    `SELECT e.canonical_text, e.leaf_hash_hex FROM rm_trail t JOIN ${LOG} e ON e.position = t.position
     WHERE ${[where, 't.position > $2', ...clocks].join(' AND ')} ORDER BY t.position LIMIT $3`,
    params,
  );
  return {
    events: rows.slice(0, page.limit).map((r) => parseStoredEvent(r.canonical_text, r.leaf_hash_hex)),
    more: rows.length > page.limit,
  };
}
