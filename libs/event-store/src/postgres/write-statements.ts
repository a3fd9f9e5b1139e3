import { BatchPlan, EventRow } from './batch-plan';
import * as sql from './sql-literals';

/** A committed event as its writer wrote it: enough to parse the stored event without reading it. */
export type CommittedEvent = Pick<EventRow, 'position' | 'canonical' | 'leafHashHex'>;

export const NOTIFY_CHANNEL = 'accord_events';
/**
 * The same commits with their events, for followers that would otherwise read them back at once
 * (the SSE hub): `<first position>` then, a line each, the leaf hash (64 hex) and canonical text.
 * Sent in notifications of under 8,000 bytes each, for commits of up to 16 KiB of events: larger
 * ones come from writers under load, whose followers are behind and read pages anyway, and would
 * only slow the commit. A follower missing any event reads it.
 */
export const EVENTS_CHANNEL = 'accord_events_committed';
/** PostgreSQL refuses a payload of 8,000 bytes or more; the literal's quoting stays outside it. */
const MAX_EVENTS_PAYLOAD_BYTES = 7_900;
const MAX_EVENTS_NOTIFIED_BYTES = 16 * 1024;

/**
 * Every write of a batch: events, command records, the head, and a NOTIFY that is delivered at
 * commit, so listeners never hear of an uncommitted position. A stream's tip is its last event,
 * found through the (stream_id, revision) index: keeping a separate tips table cost a quarter
 * of the throughput for nothing the index does not already give.
 */
export function writeStatements(plan: BatchPlan): string {
  let statements = plan.events.length > 0 ? insertEvents(plan) : '';
  if (plan.commands.length > 0) {
    const commands = plan.commands.map(
      (c) =>
        `(${sql.text(c.commandId)},${sql.nullableText(c.commandHash)},${sql.text(JSON.stringify(c.result))}::jsonb)`,
    );
    statements += `INSERT INTO commands (command_id, command_hash, result) VALUES ${commands.join(',')};\n`;
  }
  // Before the head's NOTIFY (notifications arrive in the order sent): a follower that hears of a
  // head has by then heard the events up to it.
  for (const payload of eventsPayloads(plan.events)) statements += `NOTIFY ${EVENTS_CHANNEL}, ${sql.text(payload)};\n`;
  return (
    statements +
    `UPDATE log_head SET last_position = ${sql.int(plan.lastPosition)};\nNOTIFY ${NOTIFY_CHANNEL}, '${sql.int(plan.lastPosition)}';\n`
  );
}

/**
 * The batch's events as ten values for accord_insert_events (migration 4): all canonical envelopes
 * in one bytea (each row takes its slice), all leaf hashes in another, the short columns as array
 * literals. Its INSERT is planned once per connection. A VALUES list of 8 literals per row made
 * PostgreSQL parse, coerce and plan hundreds of expressions per batch, and an inline INSERT … FROM
 * unnest(…) made the planner copy its big constants. Positions are dense from the head, so row i
 * (from 1) is at head + i.
 */
function insertEvents(plan: BatchPlan): string {
  const events = plan.events;
  const offsets: number[] = [];
  const lengths: number[] = [];
  let offset = 1;
  for (const e of events) {
    const length = Buffer.byteLength(e.canonical, 'utf8');
    offsets.push(offset);
    lengths.push(length);
    offset += length;
  }
  return (
    `SELECT accord_insert_events(${sql.int(events[0].position - 1)}, ${sql.textArrayLiteral(events.map((e) => e.streamId))}, ` +
    `${sql.intArrayLiteral(events.map((e) => e.revision))}, ${sql.textArrayLiteral(events.map((e) => e.eventId))}, ` +
    `${sql.textArrayLiteral(events.map((e) => e.type))}, ${sql.text(plan.recordedAt)}, ` +
    `${sql.utf8Bytea(events.map((e) => e.canonical).join(''))}, ${sql.intArrayLiteral(offsets)}, ${sql.intArrayLiteral(lengths)}, ` +
    `${sql.hexBytea(events.map((e) => e.leafHashHex).join(''))});\n`
  );
}

/**
 * What EVENTS_CHANNEL carries for these events: notifications of consecutive events, each under
 * PostgreSQL's limit, or none when one event alone is too large or all of them would pass
 * MAX_EVENTS_NOTIFIED_BYTES (a large commit is cheaper to read back than to notify).
 */
export function eventsPayloads(events: readonly EventRow[]): string[] {
  const payloads: string[] = [];
  let total = 0;
  for (let i = 0; i < events.length;) {
    const lines: string[] = [];
    let bytes = 0;
    for (; i < events.length; i++) {
      const e = events[i];
      const size = 66 + Buffer.byteLength(e.canonical, 'utf8');
      if (size > MAX_EVENTS_PAYLOAD_BYTES) return [];
      if (bytes + size > MAX_EVENTS_PAYLOAD_BYTES) break;
      bytes += size;
      // Canonical JSON escapes every control character, so no envelope holds a raw newline.
      lines.push(e.leafHashHex + e.canonical);
    }
    total += bytes;
    if (total > MAX_EVENTS_NOTIFIED_BYTES) return [];
    payloads.push(`${events[i - lines.length].position}\n${lines.join('\n')}`);
  }
  return payloads;
}

/** The events of an EVENTS_CHANNEL payload. */
export function parseEventsPayload(payload: string): CommittedEvent[] {
  const lines = payload.split('\n');
  const first = Number(lines[0]);
  return lines.slice(1).map((line, i) => ({
    position: first + i,
    leafHashHex: line.slice(0, 64),
    canonical: line.slice(64),
  }));
}
