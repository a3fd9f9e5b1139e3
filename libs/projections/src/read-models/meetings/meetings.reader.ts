import { Pool } from 'pg';
import { Viewer, viewerScope, visibleSql } from '@accord/access';
import { readErasuresOf } from '../erasures/erasures.reader';
import { partnershipsOfPartySql } from '../partnerships/partnerships.reader';
import { type MeetingRecord, type MeetingView, meetingView } from './meeting-view';

/**
 * The two axes of a query (DESIGN §5): `at`, what had happened by then (occurredAt), as known
 * now; `asOf`, what the ledger said then (recordedAt). Either, both or neither.
 */
export interface BitemporalPoint {
  at?: Date;
  asOf?: Date;
}

interface Row {
  position: string;
  event_id: string;
  meeting_id: string;
  type: string;
  occurred_at: Date;
  recorded_at: Date;
  actor_person_id: string;
  data: Record<string, unknown>;
}

async function readRecords(
  db: Pool,
  viewer: Viewer,
  subject: { meetingId: string } | { partnershipId: string },
  point: BitemporalPoint,
): Promise<Map<string, MeetingRecord[]>> {
  const [column, id] =
    'meetingId' in subject ? ['meeting_id', subject.meetingId] : ['partnership_id', subject.partnershipId];
  const { rows } = await db.query<Row>(
    `SELECT position, event_id, meeting_id, type, occurred_at, recorded_at, actor_person_id, data
     FROM rm_meeting_events
     WHERE ${column} = $1
       AND ${visibleSql('$2', (org) => `partnership_id IN ${partnershipsOfPartySql(org)}`)}
       AND ($3::timestamptz IS NULL OR occurred_at <= $3)
       AND ($4::timestamptz IS NULL OR recorded_at <= $4)
     ORDER BY position`,
    [id, viewerScope(viewer), point.at ?? null, point.asOf ?? null],
  );
  const records = rows.map((r) => ({
    position: Number(r.position),
    eventId: r.event_id,
    type: r.type,
    occurredAt: r.occurred_at.toISOString(),
    recordedAt: r.recorded_at.toISOString(),
    recordedBy: r.actor_person_id,
    data: r.data,
  }));
  const erasures = await readErasuresOf(db, records);
  const byMeeting = new Map<string, MeetingRecord[]>();
  rows.forEach((r, i) => {
    const list = byMeeting.get(r.meeting_id) ?? [];
    list.push({ ...records[i], ...erasures.fieldOf(records[i]) });
    byMeeting.set(r.meeting_id, list);
  });
  return byMeeting;
}

/** A meeting the viewer may see, as at / as of the point; undefined when not (yet) there or not theirs. */
export async function readMeeting(
  db: Pool,
  viewer: Viewer,
  meetingId: string,
  point: BitemporalPoint = {},
): Promise<MeetingView | undefined> {
  const records = (await readRecords(db, viewer, { meetingId }, point)).get(meetingId);
  return records && meetingView(records);
}

/** A partnership's meetings the viewer may see, by start, as at / as of the point. */
export async function readMeetingsOf(
  db: Pool,
  viewer: Viewer,
  partnershipId: string,
  point: BitemporalPoint = {},
): Promise<MeetingView[]> {
  const byMeeting = await readRecords(db, viewer, { partnershipId }, point);
  return [...byMeeting.values()]
    .flatMap((records) => meetingView(records) ?? [])
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.meetingId.localeCompare(b.meetingId));
}
