import { Pool } from 'pg';
import { ApiHarness, Caller } from './api-harness';
import { asCaller } from './small-ledger';

/**
 * What the suites about the two clocks (DESIGN §5) share: instants counted back from the real
 * clock (the API decides at its own `now`, so a test's past is relative to it), a decision's log as
 * a stream's hashed bytes say, and the past decision several of them enter today.
 */
export const DAY = 86_400_000;
export const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

/** One event of the log, read from its canonical bytes: what was hashed, not a column beside it. */
export interface LoggedEvent {
  eventId: string;
  position: number;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor: { personId: string }; occurredAt: string };
  recordedAt: string;
}

/** The stream's events in order, each as its hashed bytes say (both clocks of every event). */
export async function streamLog(pool: Pool, streamId: string): Promise<LoggedEvent[]> {
  const { rows } = await pool.query<{ e: LoggedEvent }>(
    `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = $1 ORDER BY revision`,
    [streamId],
  );
  return rows.map((r) => r.e);
}

/**
 * A decision of two months ago entered today: drafted 62 days ago by the first signatory, opened 60
 * (closing 50 days ago), signed off by the first 57 and the second 55 days ago.
 */
export async function enterPastApproval(
  api: ApiHarness,
  partnershipId: string,
  [first, second]: readonly [Caller, Caller],
  decision: { decisionId: string; title: string; motion: string },
): Promise<void> {
  await asCaller(api, first, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
    ...decision,
    category: 'land-disposal',
    occurredAt: ago(62 * DAY),
  });
  const path = `/v1/decisions/${decision.decisionId}`;
  await asCaller(api, first, 'POST', `${path}/open`, { closesAt: ago(50 * DAY), occurredAt: ago(60 * DAY) });
  await asCaller(api, first, 'POST', `${path}/sign-offs`, { occurredAt: ago(57 * DAY) });
  await asCaller(api, second, 'POST', `${path}/sign-offs`, { occurredAt: ago(55 * DAY) });
}
