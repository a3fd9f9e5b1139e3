import { BatchPlan } from './batch-plan';
import { NOTICES_CHANNEL } from './commit-notices';
import * as sql from './sql-literals';

export const NOTIFY_CHANNEL = 'accord_events';
/**
 * Every write of a batch: events, command records, the head, and a NOTIFY that is delivered at
 * commit, so listeners never hear of an uncommitted position (nor of uncommitted events: the
 * commit's notices, see commit-notices.ts). A stream's tip is its last event,
 * found through the (stream_id, revision) index: keeping a separate tips table cost a quarter
 * of the throughput for nothing the index does not already give.
 */
export function writeStatements(plan: BatchPlan, notices: readonly string[] = []): string {
  let statements = plan.events.length > 0 ? insertEvents(plan) : '';
  if (plan.commands.length > 0) {
    const commands = plan.commands.map(
      (c) =>
        `(${sql.text(c.commandId)},${sql.nullableText(c.commandHash)},${sql.text(JSON.stringify(c.result))}::jsonb)`,
    );
    statements += `INSERT INTO commands (command_id, command_hash, result) VALUES ${commands.join(',')};\n`;
  }
  // Before the head's NOTIFY (a transaction's notifications arrive in the order sent): a follower
  // told of a head has by then been told of the events up to it.
  for (const notice of notices) statements += `NOTIFY ${NOTICES_CHANNEL}, ${sql.text(notice)};\n`;
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
