import { Pool, PoolClient } from 'pg';
import { emptyFold, foldEvent, occurredAtOf, PartnershipFold } from './partnership-fold';
import { PositionRange, readPartnershipEvents } from './partnership-events';

/** A snapshot is taken every this many trail entries of a partnership, or more for a big state (see spacing). */
export const SNAPSHOT_EVERY = 1000;

/**
 * Entries between two snapshots: at least `every`, and at least the partnership's number of
 * decisions, so the snapshots of a partnership with many decisions (each one a state that size)
 * take room in proportion to its log, and a replay never reads more events than the state it loads.
 */
const spacing = (fold: PartnershipFold, every: number) => Math.max(every, Object.keys(fold.decisions).length);

const isoMin = (a: string | null, b: string) => (a === null || Date.parse(b) < Date.parse(a) ? b : a);
const isoMax = (a: string | null, b: string) => (a === null || Date.parse(b) > Date.parse(a) ? b : a);

/**
 * Called by the trail projection after it indexed positions `from`..`to`, in the same
 * transaction: every partnership those touched that now has `spacing` entries past its last
 * snapshot gets the next one(s). A snapshot is the fold of every event of the partnership up to
 * its position, with the latest recordedAt and occurredAt among them (it may stand for a replay
 * only when both are within the query's bounds) and the earliest of its own stretch (a stretch
 * with none within them holds nothing the replay would fold). Being written in the batch's
 * transaction, a snapshot is there entirely, with its checkpoint, or not at all.
 */
export async function takeSnapshots(client: PoolClient, from: number, to: number, every: number): Promise<void> {
  const { rows } = await client.query<{ partnership_id: string; since: string | null; pending: number }>(
    `SELECT t.partnership_id, s.position AS since,
       (SELECT count(*)::int FROM rm_trail x
        WHERE x.partnership_id = t.partnership_id AND x.position > coalesce(s.position, 0)) AS pending
     FROM (SELECT DISTINCT partnership_id FROM rm_trail
           WHERE position BETWEEN $1 AND $2 AND partnership_id IS NOT NULL) t
     LEFT JOIN LATERAL (SELECT position FROM rm_partnership_snapshots
                        WHERE partnership_id = t.partnership_id ORDER BY position DESC LIMIT 1) s ON true
     ORDER BY t.partnership_id`,
    [from, to],
  );
  for (const row of rows) if (row.pending >= every) await snapshotPartnership(client, row.partnership_id, every);
}

async function snapshotPartnership(client: PoolClient, partnershipId: string, every: number): Promise<void> {
  const last = (
    await client.query<{
      position: string;
      recorded_max: Date | null;
      occurred_max: Date | null;
      state: PartnershipFold;
    }>(
      `SELECT position, recorded_max, occurred_max, state FROM rm_partnership_snapshots
       WHERE partnership_id = $1 ORDER BY position DESC LIMIT 1`,
      [partnershipId],
    )
  ).rows[0];
  const fold = last?.state ?? emptyFold();
  let after = Number(last?.position ?? 0);
  let recordedMax = last?.recorded_max?.toISOString() ?? null;
  let occurredMax = last?.occurred_max?.toISOString() ?? null;
  const positions = (
    await client.query<{ position: string }>(
      'SELECT position FROM rm_trail WHERE partnership_id = $1 AND position > $2 ORDER BY position',
      [partnershipId, after],
    )
  ).rows.map((r) => Number(r.position));
  if (positions.length < spacing(fold, every)) return;
  const events = await readPartnershipEvents(client, partnershipId, [{ after, upTo: positions[positions.length - 1] }]);
  let next = 0;
  for (let taken = 0; ;) {
    const size = spacing(fold, every);
    if (positions.length - taken < size) break;
    const upTo = positions[taken + size - 1];
    let recordedMin: string | null = null;
    let occurredMin: string | null = null;
    for (; next < events.length && events[next].position <= upTo; next++) {
      const event = events[next];
      if (!foldEvent(fold, partnershipId, event)) continue;
      recordedMin = isoMin(recordedMin, event.recordedAt);
      occurredMin = isoMin(occurredMin, occurredAtOf(event));
      recordedMax = isoMax(recordedMax, event.recordedAt);
      occurredMax = isoMax(occurredMax, occurredAtOf(event));
    }
    await client.query(
      `INSERT INTO rm_partnership_snapshots
         (partnership_id, position, after_position, recorded_max, occurred_max, stretch_recorded_min, stretch_occurred_min, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [partnershipId, upTo, after, recordedMax, occurredMax, recordedMin, occurredMin, JSON.stringify(fold)],
    );
    taken += size;
    after = upTo;
  }
}

/** Where a replay to (`asOf`, `at`) starts, and which stretches of the trail index it must read. */
export interface ReplayPlan {
  start: PartnershipFold;
  ranges: PositionRange[];
}

/**
 * The latest snapshot whose every event is within both bounds (recorded by `asOf`, happened by
 * `at`) and no later than the index's checkpoint `indexed`; then, after it, each stretch between
 * snapshots that holds an event within them, and whatever the index holds past the last snapshot.
 */
export async function planReplay(
  pool: Pool,
  partnershipId: string,
  asOf: Date,
  at: Date | undefined,
  indexed: number,
): Promise<ReplayPlan> {
  const base = (
    await pool.query<{ position: string; state: PartnershipFold }>(
      `SELECT position, state FROM rm_partnership_snapshots
       WHERE partnership_id = $1 AND position <= $2
         AND (recorded_max IS NULL OR recorded_max <= $3)
         AND ($4::timestamptz IS NULL OR occurred_max IS NULL OR occurred_max <= $4)
       ORDER BY position DESC LIMIT 1`,
      [partnershipId, indexed, asOf, at ?? null],
    )
  ).rows[0];
  const from = Number(base?.position ?? 0);
  const { rows } = await pool.query<{ after_position: string; position: string; holds: boolean }>(
    `SELECT after_position, position,
       stretch_recorded_min <= $4 AND ($5::timestamptz IS NULL OR stretch_occurred_min <= $5) AS holds
     FROM rm_partnership_snapshots
     WHERE partnership_id = $1 AND position > $2 AND position <= $3
     ORDER BY position`,
    [partnershipId, from, indexed, asOf, at ?? null],
  );
  const ranges = rows
    .filter((r) => r.holds)
    .map((r) => ({ after: Number(r.after_position), upTo: Number(r.position) }));
  const lastSnapshot = rows.length > 0 ? Number(rows[rows.length - 1].position) : from;
  if (lastSnapshot < indexed) ranges.push({ after: lastSnapshot, upTo: indexed });
  return { start: base?.state ?? emptyFold(), ranges };
}
