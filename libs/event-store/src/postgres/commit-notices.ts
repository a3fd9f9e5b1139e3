import { createHmac, KeyObject, timingSafeEqual } from 'node:crypto';
import { EventRow } from './batch-plan';

/** A committed event as its writer wrote it: enough to parse the stored event without reading it. */
export type CommittedEvent = Pick<EventRow, 'position' | 'canonical' | 'leafHashHex'>;

/**
 * A commit's events, for followers in other processes that would otherwise read back at once what
 * the commit's NOTIFY announced (the SSE hub). Any role that may connect can NOTIFY on any
 * channel, so each notice carries an HMAC-SHA256 keyed by a secret the deployment's processes
 * share and PostgreSQL never holds, over the sending connection's backend process id, the first
 * position and the events. The process id is the one PostgreSQL reports for the notification,
 * so a notice seen elsewhere (the statement of a commit that failed, shown in pg_stat_activity or
 * the server log) is refused when another connection sends it, and once anything commits at its
 * positions the watcher refuses it anyway (it announces no news). A connection that got the
 * writer's pid after its backend exited could send it, were it not also refused after FRESH_MS.
 * Behind a pooler that hands the writer other backends than the one it
 * started with (PgBouncer), no MAC holds and followers read.
 *
 * Payload: the MAC (64 hex), then a line each: the time it was made (ms since 1970), the first
 * position, then per event its leaf hash (64 hex) and canonical text (canonical JSON escapes every control character: no raw newline).
 */
export const NOTICES_CHANNEL = 'accord_events_committed';

/** PostgreSQL refuses a payload of 8,000 bytes or more; the literal's quoting stays outside it. */
const MAX_NOTICE_BYTES = 7_900;
/**
 * A larger commit is read back rather than notified: every notice is copied through PostgreSQL's
 * notification queue to every listening connection. Commits of 100–470 events (64–300 KiB) come
 * from a writer that stalled, and reading them back made the SSE tail (feeds bench): 256 KiB
 * carries all but the largest.
 */
const MAX_NOTIFIED_BYTES = 256 * 1024;
const MAC_HEX = 64;
const HASH_HEX = 64;
/** The MAC, the time sent and the first position, with their line ends. */
const HEADER_BYTES = MAC_HEX + 40;
/**
 * A notice older than this is refused: the writer's connection outlives its last commit by the
 * pool's idle timeout (30 s), so its pid cannot have passed to another connection meanwhile.
 * Clocks of the deployment's hosts further apart than this only cost reads.
 */
const FRESH_MS = 10_000;

/** The notices of a commit sent on the connection of backend `pid`; none when it is too large. */
export function commitNotices(events: readonly EventRow[], key: KeyObject, pid: number, now = Date.now()): string[] {
  const notices: string[] = [];
  let total = 0;
  for (let i = 0; i < events.length;) {
    const first = events[i].position;
    const lines: string[] = [];
    let bytes = HEADER_BYTES;
    for (; i < events.length; i++) {
      const e = events[i];
      const size = 1 + HASH_HEX + Buffer.byteLength(e.canonical, 'utf8');
      if (size + HEADER_BYTES > MAX_NOTICE_BYTES) return [];
      if (bytes + size > MAX_NOTICE_BYTES) break;
      bytes += size;
      lines.push(e.leafHashHex + e.canonical);
    }
    total += bytes;
    if (total > MAX_NOTIFIED_BYTES) return [];
    const body = `${now}\n${first}\n${lines.join('\n')}`;
    notices.push(`${mac(key, pid, body)}\n${body}`);
  }
  return notices;
}

/**
 * The events of a notice sent by backend `pid`, or undefined unless its MAC proves they are the
 * writer's and it was made in the last FRESH_MS.
 */
export function verifiedNotice(
  payload: string,
  key: KeyObject,
  pid: number,
  now = Date.now(),
): CommittedEvent[] | undefined {
  if (payload.length < MAC_HEX + 1 || payload[MAC_HEX] !== '\n') return undefined;
  const body = payload.slice(MAC_HEX + 1);
  const given = Buffer.from(payload.slice(0, MAC_HEX), 'hex');
  const expected = Buffer.from(mac(key, pid, body), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const lines = body.split('\n');
  if (!(Math.abs(now - Number(lines[0])) <= FRESH_MS)) return undefined;
  const first = Number(lines[1]);
  return lines.slice(2).map((line, i) => ({
    position: first + i,
    leafHashHex: line.slice(0, HASH_HEX),
    canonical: line.slice(HASH_HEX),
  }));
}

function mac(key: KeyObject, pid: number, body: string): string {
  return createHmac('sha256', key).update(`${pid}\n`).update(body).digest('hex');
}
